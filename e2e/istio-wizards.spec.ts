import { expect, test, type APIRequestContext } from '@playwright/test';
import { sel } from '@/components/test-ids';
import { deleteObject } from './pages/istio-config-page';
import { IstioWizardPage } from './pages/istio-wizard-page';

interface GraphJson {
  elements: {
    nodes: { data: { id: string; workload?: string } }[];
    edges: { data: { source: string; target: string; traffic?: { rates?: Record<string, string> } } }[];
  };
}

/** HTTP rates of the workload edges of bookinfo over the last `seconds`, as `source->target: rates`. */
async function edgeRates(
  request: APIRequestContext,
  baseURL: string,
  seconds: number,
): Promise<Map<string, Record<string, string>>> {
  const res = await request.get(
    `${baseURL}/api/namespaces/graph?namespaces=bookinfo&graphType=workload&injectServiceNodes=false&duration=${seconds}s`,
  );
  expect(res.ok()).toBe(true);
  const graph = (await res.json()) as GraphJson;
  const name = new Map(graph.elements.nodes.map((n) => [n.data.id, n.data.workload ?? n.data.id]));
  return new Map(
    graph.elements.edges.map((e) => [
      `${name.get(e.data.source)}->${name.get(e.data.target)}`,
      e.data.traffic?.rates ?? {},
    ]),
  );
}

test.describe('service wizards and authorization forms', () => {
  let baseURL = '';
  test.beforeAll(({}, info) => {
    baseURL = String(info.project.use.baseURL);
  });
  test.afterAll(async ({ request }) => {
    await deleteObject(request, baseURL, 'bookinfo', 'virtualservices', 'reviews');
    await deleteObject(request, baseURL, 'bookinfo', 'authorizationpolicies', 'deny-reviews');
  });

  test('Traffic Shifting 100% to v3: the preview shows v1 and v2 losing their traffic, and the save routes everything to v3', async ({
    page,
    request,
  }) => {
    test.setTimeout(120_000);
    const wizard = new IstioWizardPage(page);
    await wizard.open('bookinfo', 'reviews');
    await wizard.setWeights({ v1: 0, v2: 0, v3: 100 });
    await expect(wizard.preview).toContainText('subset: v3');
    // the preview needs traffic in the graph window: give a freshly started demo its first scrapes
    await expect(wizard.impactRow('bookinfo/productpage-v1', 'bookinfo/reviews-v1')).toContainText('loses', {
      timeout: 60_000,
    });
    await expect(wizard.impactRow('bookinfo/productpage-v1', 'bookinfo/reviews-v2')).toContainText('loses');
    await expect(wizard.impactRow('bookinfo/productpage-v1', 'bookinfo/reviews-v3')).toContainText('gains');
    await wizard.save();

    const saved = await request.get(`${baseURL}/api/namespaces/bookinfo/istio/virtualservices/reviews?validate=false`);
    expect(saved.ok()).toBe(true);
    const vs = (await saved.json()) as {
      object: { spec: { http: { route: { destination: { subset: string } }[] }[] } };
    };
    expect(vs.object.spec.http).toEqual([{ route: [{ destination: { host: 'reviews', subset: 'v3' } }] }]);

    // the demo mesh honours it: within a short window only reviews-v3 receives traffic
    await expect
      .poll(
        async () => {
          const rates = await edgeRates(request, baseURL, 10);
          return ['reviews-v1', 'reviews-v2', 'reviews-v3'].filter(
            (w) => Number(rates.get(`productpage-v1->${w}`)?.http ?? 0) > 0,
          );
        },
        { timeout: 60_000, intervals: [2_000] },
      )
      .toEqual(['reviews-v3']);
  });

  test('a DENY policy for ratings from reviews: the preview lists the reviews → ratings edges, and after saving they get 403s', async ({
    page,
    request,
  }) => {
    test.setTimeout(120_000);
    await page.goto('/istio/new/authorizationpolicies?namespace=bookinfo&namespaces=bookinfo');
    await page.getByTestId(sel.istio.formField('name')).fill('deny-reviews');
    await page.getByTestId(sel.istio.formField('action')).selectOption('DENY');
    await page.getByTestId(sel.istio.formField('selector')).fill('app=ratings');
    await page
      .getByTestId(sel.istio.formField('rule0-from0-principals'))
      .fill('cluster.local/ns/bookinfo/sa/bookinfo-reviews');
    const impact = page.getByTestId(sel.istio.impact).first();
    const row = impact.locator('tr[data-effect=deny]', { hasText: 'bookinfo/ratings-v1' });
    await expect(row.first()).toContainText('bookinfo/reviews-v', { timeout: 60_000 });
    await expect(impact.locator('tr[data-effect]').filter({ hasNotText: 'ratings-v1' })).toHaveCount(0);

    await expect(page.getByTestId(sel.istio.formSave)).toBeEnabled();
    await page.getByTestId(sel.istio.formSave).click();
    await expect(page.getByTestId(sel.istio.saveDialog)).toBeVisible();
    await page.getByTestId(sel.istio.confirmSave).click();
    await expect(page).toHaveURL(/\/istio\/bookinfo\/authorizationpolicies\/deny-reviews/);

    await expect
      .poll(
        async () => {
          const rates = await edgeRates(request, baseURL, 10);
          return Number(rates.get('reviews-v3->ratings-v1')?.http4xx ?? 0) > 0;
        },
        { timeout: 60_000, intervals: [2_000] },
      )
      .toBe(true);
  });
});
