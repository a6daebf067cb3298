import { expect, test } from '@playwright/test';
import type { KialiGraphJson } from '@/lib/graph/types';
import { promVector } from '../pages/prometheus';
import { E2E_PER_CLUSTER_PORTS, E2E_PORTS } from '../stack';
import {
  EAST,
  edgeNames,
  expectClusterGraph,
  expectWorkloadsByCluster,
  GRAPH_QUERY,
  waitForWholeGraph,
  WEST,
} from './two-clusters';

/**
 * The two-cluster demo with one Prometheus per cluster (the demo's `--prometheus per-cluster`, issue 18): each
 * Prometheus scrapes only its own cluster's proxies, and the Meshscope server of this project
 * (playwright.config.ts `per-cluster-prometheus`, e2e/multicluster/per-cluster-stack.ts) has each cluster's
 * `prometheusUrl`, so its graph and lists exist only when it merges what every Prometheus holds.
 */
const OWN_PROMETHEUS = {
  [EAST]: `http://127.0.0.1:${E2E_PER_CLUSTER_PORTS.prometheus}`,
  [WEST]: `http://127.0.0.1:${E2E_PER_CLUSTER_PORTS.prometheus + 1}`,
};
/** The main server of the run: the same mesh read through the one shared Prometheus. */
const SHARED_SERVER = `http://127.0.0.1:${E2E_PORTS.meshscope}`;
const CROSSING = `istio_requests_total{source_workload="productpage-v1",destination_workload="reviews-v3"}`;

test.describe('two clusters, each with its own Prometheus: the server merges their answers', () => {
  test.beforeAll(async ({ request }) => {
    test.setTimeout(120_000);
    await waitForWholeGraph(request);
  });

  test('each Prometheus holds only its cluster’s report of productpage (east) → reviews-v3 (west)', async () => {
    const reporters = async (cluster: string) =>
      (await promVector(`count by (reporter, cluster) (${CROSSING})`, undefined, OWN_PROMETHEUS[cluster])).map(
        (r) => `${r.metric.reporter}@${r.metric.cluster}`,
      );
    expect(await reporters(EAST)).toEqual([`source@${EAST}`]);
    expect(await reporters(WEST)).toEqual([`destination@${WEST}`]);
  });

  test('the graph boxes both clusters and draws productpage (east) → reviews-v3 (west) at the rate west’s own Prometheus holds', async ({
    page,
  }) => {
    await expectClusterGraph(page, OWN_PROMETHEUS[WEST]!);
  });

  test('the graph has every edge, within and across clusters, that the shared-Prometheus server draws', async ({
    request,
  }) => {
    // Both read the same mesh a moment apart: an edge at the edge of the minute may differ once, so compare again.
    await expect(async () => {
      const [own, shared] = await Promise.all([
        request.get(`/api/namespaces/graph?${GRAPH_QUERY}`),
        request.get(`${SHARED_SERVER}/api/namespaces/graph?${GRAPH_QUERY}`),
      ]);
      const edges = [
        edgeNames((await own.json()) as KialiGraphJson),
        edgeNames((await shared.json()) as KialiGraphJson),
      ];
      expect(edges[0]).toContain(`reviews-v2@${EAST} → ratings-v1@${WEST}`);
      expect(edges[0]).toEqual(edges[1]);
    }).toPass({ timeout: 30_000, intervals: [2_000] });
  });

  test('workloads list both clusters in a Cluster column; the Cluster filter keeps one', async ({ page }) => {
    await expectWorkloadsByCluster(page);
  });
});
