import { expect, test, type APIRequestContext } from '@playwright/test';
import { sel } from '@/components/test-ids';
import { GraphPage } from './pages/graph-page';
import { putObject } from './pages/istio-config-page';
import { IstioWizardPage } from './pages/istio-wizard-page';
import { MeshDetailPage } from './pages/mesh-pages';
import { serviceRoute } from './pages/objects';

const NS = 'bookinfo-gateway-api';

/** The seeded route (Istio's route-reviews-90-10.yaml): put back after the test for the specs that follow. */
const SEEDED = serviceRoute(NS, 'reviews', 'reviews', [
  {
    backendRefs: [
      { name: 'reviews-v1', port: 9080, weight: 90 },
      { name: 'reviews-v2', port: 9080, weight: 10 },
    ],
  },
]);

interface GraphNode {
  data: { id: string; nodeType: string; workload?: string; service?: string; hasK8sRoutes?: { name: string }[] };
}
interface GraphJson {
  elements: {
    nodes: GraphNode[];
    edges: { data: { source: string; target: string; traffic?: { rates?: Record<string, string> } } }[];
  };
}

async function graph(request: APIRequestContext, baseURL: string, query: string): Promise<GraphJson> {
  const res = await request.get(`${baseURL}/api/namespaces/graph?namespaces=${NS}&${query}`);
  expect(res.ok()).toBe(true);
  return (await res.json()) as GraphJson;
}

/** The reviews workloads productpage-v1 sent HTTP requests to in the last `seconds`. */
async function reviewsReached(request: APIRequestContext, baseURL: string, seconds: number): Promise<string[]> {
  const g = await graph(request, baseURL, `graphType=workload&injectServiceNodes=false&duration=${seconds}s`);
  const name = new Map(g.elements.nodes.map((n) => [n.data.id, n.data.workload ?? n.data.id]));
  return g.elements.edges
    .filter((e) => name.get(e.data.source) === 'productpage-v1' && Number(e.data.traffic?.rates?.http ?? 0) > 0)
    .map((e) => name.get(e.data.target) ?? '')
    .filter((w) => w.startsWith('reviews-'))
    .sort();
}

test.describe('service wizards over the Gateway API', () => {
  let baseURL = '';
  test.beforeAll(({}, info) => {
    baseURL = String(info.project.use.baseURL);
  });
  test.afterAll(async ({ request }) => {
    await putObject(request, baseURL, 'k8shttproutes', SEEDED);
  });

  test('the service and workload detail pages list the routes that govern them, with their conditions', async ({
    page,
  }) => {
    const d = new MeshDetailPage(page);
    await d.open('services', NS, 'reviews');
    const asParent = page.getByTestId(sel.mesh.detailRoute('HTTPRoute', NS, 'reviews'));
    await expect(asParent).toContainText('routes requests to reviews');
    // the demo controller reports the route as istiod would: Accepted and ResolvedRefs on its Service parent
    await expect(asParent).toHaveAttribute('data-health', 'ok');
    await expect(asParent).toContainText('ResolvedRefs=True');
    await d.open('workloads', NS, 'reviews-v2');
    await expect(page.getByTestId(sel.mesh.detailRoute('HTTPRoute', NS, 'reviews'))).toContainText(
      'sends traffic to reviews-v2',
    );
  });

  test('Traffic Shifting (Gateway API) sets 50/50 v1/v3 on the reviews HTTPRoute: preview, save, the graph shows it', async ({
    page,
    request,
  }) => {
    test.setTimeout(150_000);
    const wizard = new IstioWizardPage(page);
    await wizard.open(NS, 'reviews', 'traffic-shifting', null);
    // The cluster serves the Gateway API and an HTTPRoute routes reviews: the wizard opens on the Gateway API.
    await expect(page.getByTestId(sel.istio.wizardApi('gateway-api'))).toBeChecked();
    // The seeded 90/10 route is read back as weights per version Service.
    await expect(wizard.weight('reviews-v1')).toHaveValue('90');
    await expect(wizard.weight('reviews-v2')).toHaveValue('10');
    await wizard.setWeights({ 'reviews-v1': 50, 'reviews-v2': 0, 'reviews-v3': 50 });
    await expect(wizard.preview).toContainText('HTTPRoute');
    await expect(wizard.preview).toContainText('name: reviews-v3');
    // The impact preview reads the HTTPRoute's weights: v2 loses its share, v3 (no traffic yet) gains half.
    await expect(wizard.impactRow(`${NS}/productpage-v1`, `${NS}/reviews-v3`)).toContainText('gains', {
      timeout: 60_000,
    });
    await expect(wizard.impactRow(`${NS}/productpage-v1`, `${NS}/reviews-v2`)).toContainText('loses');
    await expect(wizard.impactRow(`${NS}/productpage-v1`, `${NS}/reviews-v1`)).toContainText('loses');

    await page.getByTestId(sel.istio.wizardSave).click();
    const dialog = page.getByTestId(sel.istio.saveDialog);
    await expect(dialog).toBeVisible();
    await expect(page.getByTestId(sel.istio.diff)).toContainText('reviews-v3');
    await expect(dialog.getByTestId(sel.istio.impactEdge(`${NS}/productpage-v1`, `${NS}/reviews-v3`))).toBeVisible();
    await page.getByTestId(sel.istio.confirmSave).click();
    await expect(page.getByTestId(sel.istio.saved)).toContainText('HTTPRoute reviews');

    const saved = await request.get(`${baseURL}/api/namespaces/${NS}/istio/k8shttproutes/reviews?validate=false`);
    expect(saved.ok()).toBe(true);
    const route = (await saved.json()) as {
      object: { spec: { parentRefs: unknown[]; rules: { backendRefs: { name: string; weight?: number }[] }[] } };
    };
    expect(route.object.spec.parentRefs).toEqual([{ group: '', kind: 'Service', name: 'reviews', port: 9080 }]);
    expect(route.object.spec.rules.map((r) => r.backendRefs.map((b) => [b.name, b.weight]))).toEqual([
      [
        ['reviews-v1', 50],
        ['reviews-v3', 50],
      ],
    ]);

    // The demo mesh honours it: within a short window productpage reaches reviews-v1 and reviews-v3 only.
    await expect
      .poll(() => reviewsReached(request, baseURL, 10), { timeout: 90_000, intervals: [3_000] })
      .toEqual(['reviews-v1', 'reviews-v3']);
    // The graph badges the reviews-v3 service node with the route and traffic shifting.
    const g = await graph(request, baseURL, 'graphType=workload&injectServiceNodes=true&duration=60s');
    const v3 = g.elements.nodes.find((n) => n.data.nodeType === 'service' && n.data.service === 'reviews-v3');
    expect(v3?.data).toMatchObject({ hasK8sRoutes: [{ name: 'reviews' }], hasTrafficShifting: true });

    // On the graph page: the node's panel lists the route, and the find language knows route flags.
    const graphPage = new GraphPage(page);
    await graphPage.goto(`namespaces=${NS}&graphType=workload&duration=60s`);
    await expect(graphPage.canvas).toBeVisible();
    await graphPage.select(graphPage.node('service', 'reviews-v3'));
    await expect(page.getByTestId(sel.graph.panelRoutes)).toContainText(`HTTPRoute ${NS}/reviews`);
    await graphPage.find('httproute and trafficshifting');
    await expect(graphPage.findError).toHaveCount(0);
  });
});
