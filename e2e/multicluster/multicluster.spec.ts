import { expect, test, type APIRequestContext } from '@playwright/test';
import { sel } from '@/components/test-ids';
import { GraphPage } from '../pages/graph-page';
import { writeHeaders } from '../pages/istio-config-page';
import { IstioWizardPage } from '../pages/istio-wizard-page';
import { PROM } from '../pages/prometheus';
import { expectNoTraffic, expectTraffic } from '../pages/tasks';
import { stackControl } from '../stack';
import {
  EAST,
  expectClusterGraph,
  expectWorkloadsByCluster,
  GRAPH_PAGE,
  inCluster,
  waitForWholeGraph,
  WEST,
} from './two-clusters';

/**
 * One Meshscope over the two-cluster demo (issue 18), run with `E2E_CLUSTERS=east,west` (playwright.config.ts runs
 * these specs only then, as the `shared-prometheus` project): one Prometheus scraping both clusters. The demo and the
 * checks shared with per-cluster.spec.ts are in ./two-clusters.ts.
 */
const VS_PATH = '/apis/networking.istio.io/v1/namespaces/bookinfo/virtualservices/reviews';
/** What productpage sent to each reviews workload in the last 10 s (its own sidecar's report). */
const sentTo = (workloads: string, cluster: string) =>
  `sum(increase(istio_requests_total{reporter="source",source_workload="productpage-v1",destination_workload=~"${workloads}",destination_cluster="${cluster}"}[10s]))`;

/** Deletes `reviews`' VirtualService in a cluster through Meshscope's API (`?cluster=`; 404 is fine). */
async function deleteReviewsVs(request: APIRequestContext, baseURL: string, cluster: string): Promise<void> {
  const res = await request.delete(`/api/namespaces/bookinfo/istio/virtualservices/reviews?cluster=${cluster}`, {
    headers: writeHeaders(baseURL),
  });
  expect([200, 404]).toContain(res.status());
}

test.describe('two clusters: graph, lists and a save', () => {
  let baseURL = '';
  test.beforeAll(async ({ request }, info) => {
    test.setTimeout(120_000);
    baseURL = String(info.project.use.baseURL);
    await waitForWholeGraph(request);
  });

  test('the graph boxes both clusters and shows productpage (east) → reviews-v3 (west) at the rate Prometheus holds', async ({
    page,
  }) => {
    await expectClusterGraph(page, PROM);
  });

  test('workloads list both clusters in a Cluster column; the Cluster filter keeps one, and a row links to its cluster', async ({
    page,
  }) => {
    await expectWorkloadsByCluster(page);
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

  test('the traffic-shifting wizard on east writes reviews’ VirtualService to east only; productpage’s calls move to reviews-v3 in west, in Prometheus and then in the graph', async ({
    page,
    request,
  }) => {
    test.setTimeout(180_000);
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
      // ...and the graph shows it once its minute holds no call to v1 or v2: productpage's one reviews edge goes to
      // reviews-v3 (west). The edge to v3 is looked for first: it is drawn once the graph is.
      const graph = new GraphPage(page);
      await expect(async () => {
        await graph.goto(GRAPH_PAGE);
        await expect(graph.edge('productpage-v1', 'reviews-v3')).toHaveCount(1, { timeout: 10_000 });
        await expect(graph.edge('productpage-v1', 'reviews-v1')).toHaveCount(0, { timeout: 1_000 });
        await expect(graph.edge('productpage-v1', 'reviews-v2')).toHaveCount(0, { timeout: 1_000 });
      }).toPass({ timeout: 90_000, intervals: [5_000] });
    } finally {
      await deleteReviewsVs(request, baseURL, EAST);
    }
    expect(await inCluster(EAST, VS_PATH)).toBe(false);
  });
});
