import { expect, test, type Browser } from '@playwright/test';
import { sel } from '@/components/test-ids';
import { deleteObject, IstioObjectPage, putObject } from './pages/istio-config-page';

/** A VirtualService that routes `details` exactly as the default would: editing it does not disturb other tests. */
const FIXTURE = {
  apiVersion: 'networking.istio.io/v1',
  kind: 'VirtualService',
  metadata: { name: 'e2e-details', namespace: 'bookinfo' },
  spec: { hosts: ['details'], http: [{ route: [{ destination: { host: 'details', subset: 'v1' } }] }] },
};

test.describe('Istio config editor', () => {
  let baseURL = '';
  test.beforeAll(async ({ request }, info) => {
    baseURL = String(info.project.use.baseURL);
    await putObject(request, baseURL, 'virtualservices', FIXTURE);
  });
  test.afterAll(async ({ request }) => {
    await deleteObject(request, baseURL, 'bookinfo', 'virtualservices', 'e2e-details');
  });

  test('the list shows the object with its validation status and filters by kind in the URL', async ({ page }) => {
    await page.goto('/istio?namespaces=bookinfo');
    await expect(page.getByTestId(sel.istio.row('bookinfo', 'virtualservices', 'e2e-details'))).toBeVisible();
    await expect(page.getByTestId(sel.istio.rowStatus('bookinfo', 'destinationrules', 'reviews'))).toHaveAttribute(
      'data-status',
      /valid|warning|error/,
    );
    // Istio's Gateway, not the Gateway API's: the kind filter's values are URL keys (gateways vs k8sgateways).
    await page.getByTestId(sel.istio.filterKind).selectOption('gateways');
    await expect(page).toHaveURL(/kind=gateways/);
    await expect(page.getByTestId(sel.istio.row('bookinfo', 'virtualservices', 'e2e-details'))).toHaveCount(0);
    await expect(page.getByTestId(sel.istio.row('bookinfo', 'gateways', 'bookinfo-gateway'))).toBeVisible();
  });

  test('a route to a subset no DestinationRule defines gets a marker on its line before saving', async ({ page }) => {
    const editor = new IstioObjectPage(page);
    await editor.open('bookinfo', 'virtualservices', 'e2e-details');
    const text = await editor.replace('subset: v1', 'subset: v9');
    const line = text.split('\n').findIndex((l) => l.includes('subset: v9')) + 1;
    const marker = editor.markers.locator('li', { hasText: 'v9' });
    await expect(marker).toBeVisible();
    await expect(marker).toHaveAttribute('data-testid', new RegExp(`^istio-marker-(IST0101|KIA1107)-${line}$`));
    // and inline, in the editor itself
    await expect(
      page
        .getByTestId(sel.istio.editor)
        .locator('.cm-lintRange-error, .cm-lintRange-warning')
        .filter({ hasText: 'v9' }),
    ).toBeVisible();
    await expect(page.getByTestId(sel.istio.saved)).toHaveCount(0);
  });

  test('two sessions edit one VirtualService: the second save gets the conflict view and keeps its text', async ({
    browser,
  }) => {
    const open = async (b: Browser) => {
      const context = await b.newContext();
      const page = await context.newPage();
      const editor = new IstioObjectPage(page);
      await editor.open('bookinfo', 'virtualservices', 'e2e-details');
      return { context, page, editor };
    };
    const a = await open(browser);
    const b = await open(browser);

    await a.editor.replace(/http:/, 'gateways:\n    - mesh\n  http:');
    await a.editor.save();
    await expect(a.page.getByTestId(sel.istio.saved)).toBeVisible();

    const mine = await b.editor.replace(/host: details\n(\s+)subset: v1/, 'host: details\n$1subset: v2');
    await b.page.getByTestId(sel.istio.save).click();
    const conflict = b.page.getByTestId(sel.istio.conflict);
    await expect(conflict).toBeVisible();
    await expect(conflict).toContainText('Someone else changed this object');
    // nothing lost: the editor still holds the second user's text
    const trim = (t: string) => t.replace(/\s+$/, '');
    expect(trim(await b.editor.text())).toBe(trim(mine));
    // the merge combines both changes (theirs: gateways; mine: subset v2)
    await expect(b.page.getByTestId(sel.istio.conflictMerged)).toContainText('do not overlap');
    await b.page.getByTestId(sel.istio.conflictApplyMerged).click();
    const merged = await b.editor.text();
    expect(merged).toContain('subset: v2');
    expect(merged).toContain('- mesh');
    await b.editor.save();
    await expect(b.page.getByTestId(sel.istio.saved)).toBeVisible();

    await a.context.close();
    await b.context.close();
  });

  test('delete asks for confirmation', async ({ page, request }) => {
    await putObject(request, baseURL, 'virtualservices', {
      ...FIXTURE,
      metadata: { ...FIXTURE.metadata, name: 'e2e-delete-me' },
    });
    const editor = new IstioObjectPage(page);
    await editor.open('bookinfo', 'virtualservices', 'e2e-delete-me');
    await page.getByTestId(sel.istio.delete).click();
    await expect(page.getByTestId(sel.istio.deleteDialog)).toBeVisible();
    await page.getByTestId(sel.istio.confirmDelete).click();
    await expect(page).toHaveURL(/\/istio\?/);
    expect((await request.get(`${baseURL}/api/namespaces/bookinfo/istio/virtualservices/e2e-delete-me`)).status()).toBe(
      404,
    );
  });
});
