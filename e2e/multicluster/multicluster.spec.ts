import path from 'node:path';
import { KubeConfig } from '@kubernetes/client-node';
import { expect, test, type APIRequestContext, type Response } from '@playwright/test';
import { sel } from '@/components/test-ids';
import type { KialiGraphJson } from '@/lib/graph/types';
import { clusterKubeconfigPath } from '@/lib/demo/multicluster/topology';
import { GraphPage, pollGraph } from '../pages/graph-page';
import { writeHeaders } from '../pages/istio-config-page';
import { IstioWizardPage } from '../pages/istio-wizard-page';
import { MeshDetailPage, MeshListPage } from '../pages/mesh-pages';
import { promSum } from '../pages/prometheus';
import { expectNoTraffic, expectTraffic } from '../pages/tasks';
import { stackControl } from '../stack';

/**
 * One Meshscope over the two-cluster demo (issue 18), run with `E2E_CLUSTERS=east,west` (playwright.config.ts runs
 * these specs only then): Istio multi-primary on two networks, bookinfo's productpage, details, reviews v1 and v2 in
 * the first cluster, reviews-v3 and ratings in the second (lib/demo/multicluster/topology.ts), one Prometheus scraping
 * both. The cross-cluster call this spec follows is productpage (east) → reviews-v3 (west).
 */
const [EAST, WEST] = (process.env.E2E_CLUSTERS ?? 'east,west').split(',') as [string, string];
/** The e2e run directory (e2e/global-setup.ts): `clusters/<name>.kubeconfig` per cluster. */
const RUN_DIR = path.resolve(__dirname, '..', '..', '.demo', 'e2e');
const GRAPH_QUERY = 'namespaces=bookinfo&graphType=workload&injectServiceNodes=false&duration=60s';
/** The graph page: workload graph, no service nodes (the edge goes straight from productpage to reviews-v3). */
const GRAPH_PAGE = 'namespaces=bookinfo&graphType=workload&injectServiceNodes=false&duration=60&refresh=0';
const VS_PATH = '/apis/networking.istio.io/v1/namespaces/bookinfo/virtualservices/reviews';
/** What productpage sent to each reviews workload in the last 10 s (its own sidecar's report). */
const sentTo = (workloads: string, cluster: string) =>
  `sum(increase(istio_requests_total{reporter="source",source_workload="productpage-v1",destination_workload=~"${workloads}",destination_cluster="${cluster}"}[10s]))`;

/** The graph's edge productpage-v1 (east) → reviews-v3 (west) and its HTTP rate (rps), or null. */
function crossEdge(g: KialiGraphJson): { rate: number } | null {
  const id = (workload: string, cluster: string) =>
    g.elements.nodes.find((n) => n.data.workload === workload && n.data.cluster === cluster)?.data.id;
  const [from, to] = [id('productpage-v1', EAST), id('reviews-v3', WEST)];
  const edge = g.elements.edges.find((e) => e.data.source === from && e.data.target === to);
  return edge ? { rate: Number(edge.data.traffic.rates?.http ?? 0) } : null;
}

/** GET `apiPath` from a cluster's own Kubernetes API (with its kubeconfig): the object, or null for a 404. */
async function fromCluster(cluster: string, apiPath: string): Promise<{ metadata: Record<string, string> } | null> {
  const kc = new KubeConfig();
  kc.loadFromFile(clusterKubeconfigPath(RUN_DIR, cluster));
  const res = await fetch(`${kc.getCurrentCluster()!.server}${apiPath}`, {
    headers: { authorization: `Bearer ${kc.getCurrentUser()!.token}` },
  });
  if (res.status === 404) return null;
  if (res.status !== 200) throw new Error(`${cluster} ${apiPath}: ${res.status}`);
  return (await res.json()) as { metadata: Record<string, string> };
}

/** Whether the object at `apiPath` exists in a cluster's own Kubernetes API. */
const inCluster = async (cluster: string, apiPath: string) => (await fromCluster(cluster, apiPath)) !== null;

/** Deletes `reviews`' VirtualService in a cluster through Meshscope's API (`?cluster=`; 404 is fine). */
async function deleteReviewsVs(request: APIRequestContext, baseURL: string, cluster: string): Promise<void> {
  const res = await request.delete(`/api/namespaces/bookinfo/istio/virtualservices/reviews?cluster=${cluster}`, {
    headers: writeHeaders(baseURL),
  });
  expect([200, 404]).toContain(res.status());
}

test.describe('two clusters: graph, lists and a save', () => {
  let baseURL = '';
  // A fresh stack needs a few scrapes before the cross-cluster edge has a rate: wait for it once.
  test.beforeAll(async ({ request }, info) => {
    test.setTimeout(120_000);
    baseURL = String(info.project.use.baseURL);
    await pollGraph(request, GRAPH_QUERY, (g) => crossEdge(g)?.rate ?? 0, 0, 110_000).toBeGreaterThan(0);
  });

  test('the graph boxes both clusters and shows productpage (east) → reviews-v3 (west) at the rate Prometheus holds', async ({
    page,
  }) => {
    const graph = new GraphPage(page);
    await graph.goto(GRAPH_PAGE);
    await expect(graph.node('workload', 'productpage-v1')).toHaveCount(1);
    // Cluster boxes on, namespace boxes off (one namespace per cluster: Kiali boxes only groups of two or more)
    const isGraph = (r: Response) => new URL(r.url()).pathname === '/api/namespaces/graph';
    const boxed = page.waitForResponse((r) => isGraph(r) && new URL(r.url()).searchParams.get('boxBy') === 'cluster');
    await graph.toggle('boxByNamespace');
    await graph.toggle('boxByCluster');
    await expect(page).toHaveURL(/boxCluster=true/);
    const json = (await (await boxed).json()) as KialiGraphJson;
    expect(await graph.boxes('cluster')).toEqual({
      [EAST]: ['details-v1', 'istio-ingressgateway', 'productpage-v1', 'reviews-v1', 'reviews-v2'],
      [WEST]: ['ratings-v1', 'reviews-v3'],
    });

    // The edge as the page drew it, and Prometheus as the graph reads it, at the graph's own time: reported by the
    // server's proxy (reviews-v3's, in west: Kiali's incoming query comes first, lib/graph/queries.ts), over the
    // graph's duration cut to the namespace's lifetime (Kiali's rule, lib/graph/build.ts safeDuration; the stack's
    // namespaces are younger than a minute when the suite starts).
    const edge = crossEdge(json);
    expect(edge?.rate).toBeGreaterThan(0);
    await graph.select(graph.edge('productpage-v1', 'reviews-v3'));
    await expect(graph.panelTitle).toHaveText('productpage-v1 → reviews-v3');
    await expect(graph.edgeRate).toHaveText(`${edge!.rate} rps`); // "0.9 rps": trailing zeros dropped
    const ns = await fromCluster(EAST, '/api/v1/namespaces/bookinfo');
    const window = Math.min(60, json.timestamp - Math.floor(Date.parse(ns!.metadata.creationTimestamp!) / 1000));
    const held = await promSum(
      `sum(rate(istio_requests_total{reporter="destination",source_cluster="${EAST}",source_workload="productpage-v1",destination_cluster="${WEST}",destination_workload="reviews-v3"}[${window}s]))`,
      json.timestamp,
    );
    expect(Math.abs(edge!.rate - held)).toBeLessThanOrEqual(0.006); // the graph's rates have two decimals
  });

  test('workloads list both clusters in a Cluster column; the Cluster filter keeps one, and a row links to its cluster', async ({
    page,
  }) => {
    const list = new MeshListPage(page, 'workloads');
    await list.open('namespaces=bookinfo');
    await expect(list.rows).toHaveCount(6);
    const headers = (await list.table.locator('thead th').allInnerTexts()).map((h) => h.trim());
    const column = headers.findIndex((h) => h.startsWith('Cluster'));
    expect(column).toBeGreaterThan(-1);
    const clusterOf = (name: string) => list.row('bookinfo', name).locator('td').nth(column);
    for (const w of ['details-v1', 'productpage-v1', 'reviews-v1', 'reviews-v2'])
      await expect(clusterOf(w)).toHaveText(EAST);
    for (const w of ['ratings-v1', 'reviews-v3']) await expect(clusterOf(w)).toHaveText(WEST);

    await page.getByTestId(sel.mesh.listClusterFilter).selectOption(WEST);
    await expect(page).toHaveURL(new RegExp(`cluster=${WEST}`));
    await expect(list.rows).toHaveCount(2);
    await expect(page.getByTestId(sel.mesh.listCount)).toHaveText('2 of 6 workloads');
    await page.reload();
    await expect(list.rows).toHaveCount(2);
    await expect(list.row('bookinfo', 'productpage-v1')).toHaveCount(0);
    await list.row('bookinfo', 'reviews-v3').getByRole('link', { name: 'reviews-v3', exact: true }).click();
    await expect(page).toHaveURL(new RegExp(`/namespaces/bookinfo/workloads/reviews-v3\\?.*cluster=${WEST}`));
    await expect(new MeshDetailPage(page).title).toContainText('reviews-v3');
  });

  test('with west’s Kubernetes API stopped the graph is partial with a banner naming west; started again, it is whole', async ({
    page,
  }) => {
    const graph = new GraphPage(page);
    const banner = page.getByTestId(sel.graph.warnings);
    await stackControl('stop', `kube:${WEST}`);
    try {
      await graph.goto(GRAPH_PAGE);
      await expect(banner).toContainText(`Partial graph: data is missing for cluster ${WEST}`);
      await expect(banner).toContainText(`Cluster [${WEST}] is unreachable`);
      await expect(banner).not.toContainText(`cluster ${EAST}`);
      // east's inventory still decorates its nodes; the traffic (Prometheus) still has west's
      await expect(graph.node('workload', 'productpage-v1')).toHaveCount(1);
      await expect(graph.edge('productpage-v1', 'reviews-v3')).toHaveCount(1);
    } finally {
      await stackControl('start', `kube:${WEST}`);
    }
    await expect(async () => {
      await graph.goto(GRAPH_PAGE);
      await expect(graph.node('workload', 'reviews-v3')).toHaveCount(1, { timeout: 5_000 });
      await expect(banner).toHaveCount(0, { timeout: 1_000 });
    }).toPass({ timeout: 60_000 });
  });

  test('the traffic-shifting wizard on east writes reviews’ VirtualService to east only, and productpage’s calls move to reviews-v3 in west', async ({
    page,
    request,
  }) => {
    test.setTimeout(150_000);
    expect(await inCluster(EAST, VS_PATH)).toBe(false);
    try {
      const wizard = new IstioWizardPage(page);
      await wizard.open('bookinfo', 'reviews', 'traffic-shifting', 'istio', EAST);
      await wizard.setWeights({ v1: 0, v2: 0, v3: 100 });
      await wizard.save();
      expect(await inCluster(EAST, VS_PATH)).toBe(true);
      expect(await inCluster(WEST, VS_PATH)).toBe(false);
      const read = async (cluster: string) =>
        (await request.get(`/api/namespaces/bookinfo/istio/virtualservices/reviews?cluster=${cluster}`)).status();
      expect([await read(EAST), await read(WEST)]).toEqual([200, 404]);

      // productpage (east) routes by east's config: every reviews call crosses to reviews-v3 in west
      await expectNoTraffic(sentTo('reviews-v1|reviews-v2', EAST), 'productpage still calls reviews v1/v2', 60_000);
      await expectTraffic(sentTo('reviews-v3', WEST), 'productpage does not call reviews-v3 in west');
    } finally {
      await deleteReviewsVs(request, baseURL, EAST);
    }
    expect(await inCluster(EAST, VS_PATH)).toBe(false);
  });
});
