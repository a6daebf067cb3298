import { expect, type APIRequestContext, type Page } from '@playwright/test';
import { sel } from '@/components/test-ids';
import { putObject } from './istio-config-page';
import { promSum } from './prometheus';

/**
 * Helpers of the specs that do Istio's tasks in the UI and check them in the traffic Prometheus scrapes from the demo
 * (istio-tasks, gateway-api-expose): reading and restoring sample objects, polling PromQL, saving a form.
 */

export type Obj = { apiVersion: string; kind: string; metadata: Record<string, unknown>; spec: unknown };

export async function getObject(request: APIRequestContext, baseURL: string, ns: string, plural: string, name: string) {
  const res = await request.get(`${baseURL}/api/namespaces/${ns}/istio/${plural}/${name}?validate=false`);
  return res.ok() ? ((await res.json()) as { object: Obj }).object : null;
}

/** The object as it can be written again (no server fields). */
export const clean = (o: Obj): Obj & { metadata: { name: string; namespace: string } } => {
  const { name, namespace, labels, annotations } = o.metadata as Record<string, unknown>;
  return {
    apiVersion: o.apiVersion,
    kind: o.kind,
    metadata: { name, namespace, ...(labels ? { labels } : {}), ...(annotations ? { annotations } : {}) } as {
      name: string;
      namespace: string;
    },
    spec: o.spec,
  };
};

/** The sample object as it is now (it must exist) and how to put it back when the test is done with it. */
export async function keepSample(
  request: APIRequestContext,
  baseURL: string,
  ns: string,
  plural: string,
  name: string,
) {
  const sample = await getObject(request, baseURL, ns, plural, name);
  expect(sample).not.toBeNull();
  return async () => {
    if (sample) await putObject(request, baseURL, plural, clean(sample));
  };
}

/** Polls a PromQL sum until `ok` holds (Prometheus lags the change by a scrape or two). */
export async function expectProm(query: string, ok: (v: number) => boolean, message: string, timeout = 60_000) {
  await expect.poll(async () => ok(await promSum(query)), { timeout, intervals: [3_000], message }).toBe(true);
}
/** Polls until the PromQL sum shows traffic (> 0); `message` says what is missing. */
export const expectTraffic = (query: string, message: string, timeout?: number) =>
  expectProm(query, (v) => v > 0, message, timeout);
/** Polls until the PromQL sum shows no traffic (0); `message` says what still flows. */
export const expectNoTraffic = (query: string, message: string, timeout?: number) =>
  expectProm(query, (v) => v === 0, message, timeout);

export async function saveForm(page: Page) {
  await expect(page.getByTestId(sel.istio.formSave)).toBeEnabled();
  await page.getByTestId(sel.istio.formSave).click();
  await expect(page.getByTestId(sel.istio.saveDialog)).toBeVisible();
  await page.getByTestId(sel.istio.confirmSave).click();
}
