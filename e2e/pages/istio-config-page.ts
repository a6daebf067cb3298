import { expect, type APIRequestContext, type Locator, type Page } from '@playwright/test';
import { sel } from '@/components/test-ids';

/** Headers every write to the Meshscope API needs (lib/server/http/mutation-guard.ts). */
export function writeHeaders(baseURL: string): Record<string, string> {
  return { 'Content-Type': 'application/json', 'X-Meshscope-Request': '1', Origin: baseURL };
}

/** Creates (or replaces) an Istio object through Meshscope's API, for test fixtures. */
export async function putObject(
  request: APIRequestContext,
  baseURL: string,
  plural: string,
  object: { metadata: { name: string; namespace: string } },
): Promise<void> {
  const { namespace, name } = object.metadata;
  const url = `${baseURL}/api/namespaces/${namespace}/istio/${plural}`;
  const existing = await request.get(`${url}/${name}?validate=false`);
  if (existing.ok()) {
    const live = (await existing.json()) as { object: { metadata: { resourceVersion: string } } };
    const body = {
      object: { ...object, metadata: { ...object.metadata, resourceVersion: live.object.metadata.resourceVersion } },
    };
    expect((await request.put(`${url}/${name}`, { headers: writeHeaders(baseURL), data: body })).ok()).toBe(true);
  } else {
    expect((await request.post(url, { headers: writeHeaders(baseURL), data: { object } })).status()).toBe(201);
  }
}

/** Deletes an Istio object through Meshscope's API (ignores 404). */
export async function deleteObject(
  request: APIRequestContext,
  baseURL: string,
  namespace: string,
  plural: string,
  name: string,
): Promise<void> {
  const res = await request.delete(`${baseURL}/api/namespaces/${namespace}/istio/${plural}/${name}`, {
    headers: { 'X-Meshscope-Request': '1', Origin: baseURL },
  });
  expect([200, 404]).toContain(res.status());
}

/** Page object for `/istio/{ns}/{kind}/{name}`: the YAML editor, its markers, save, conflict and delete. */
export class IstioObjectPage {
  constructor(readonly page: Page) {}

  async open(namespace: string, plural: string, name: string): Promise<void> {
    await this.page.goto(`/istio/${namespace}/${plural}/${name}?namespaces=${namespace}`);
    await expect(this.editorContent).toBeVisible();
    await expect(this.editorContent).toHaveAttribute('contenteditable', 'true');
  }

  get editorContent(): Locator {
    return this.page.getByTestId(sel.istio.editor).locator('.cm-content');
  }

  get markers(): Locator {
    return this.page.getByTestId(sel.istio.markers);
  }

  /**
   * The editor's whole text, read from CodeMirror's state: the DOM holds only the lines in view, and objects with a
   * status written by the demo's controllers are longer than the viewport.
   */
  async text(): Promise<string> {
    return this.editorContent.evaluate((el) => {
      // what EditorView.findFromDOM reads: the content element's tile (CodeMirror >= 6.39) or view (older)
      type Doc = { state: { doc: { toString(): string } } };
      const dom = el as unknown as { cmTile?: { root?: { view?: Doc } }; cmView?: { view?: Doc } };
      const view = dom.cmTile?.root?.view ?? dom.cmView?.view;
      return view ? view.state.doc.toString() : (el as HTMLElement).innerText;
    });
  }

  /** Replaces the whole text, as a user pasting would. */
  async setText(text: string): Promise<void> {
    await this.editorContent.click();
    await this.page.keyboard.press('ControlOrMeta+a');
    await this.page.keyboard.press('Delete');
    await this.editorContent.fill(text);
  }

  async replace(from: string | RegExp, to: string): Promise<string> {
    const next = (await this.text()).replace(from, to);
    await this.setText(next);
    return next;
  }

  /** Save → dry run → review dialog → confirm. */
  async save(): Promise<void> {
    await this.page.getByTestId(sel.istio.save).click();
    await expect(this.page.getByTestId(sel.istio.saveDialog)).toBeVisible();
    await this.page.getByTestId(sel.istio.confirmSave).click();
  }
}
