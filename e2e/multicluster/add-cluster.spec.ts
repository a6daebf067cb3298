import { copyFileSync, rmSync } from 'node:fs';
import { expect, test } from '@playwright/test';
import { sel } from '@/components/test-ids';
import { clusterKubeconfigPath } from '@/lib/demo/multicluster/topology';
import { startTestMultiCluster, type TestMultiCluster } from '@/lib/demo/multicluster/test-clusters';
import { GraphPage } from '../pages/graph-page';
import { MeshListPage } from '../pages/mesh-pages';
import { clusterColumn, EAST, GRAPH_PAGE, RUN_DIR, WEST } from './two-clusters';

/**
 * A cluster added and removed while Meshscope runs (issue 18; README "Several clusters"): a third cluster's kubeconfig
 * written into the server's CLUSTERS_DIR (`<run dir>/clusters/<name>.kubeconfig`, the file name being its Istio name)
 * shows it in the lists and the graph within a minute (the directory is watched, and read again every
 * CLUSTERS_POLL_INTERVAL_MS, 15 s by default, which the e2e stack keeps), and removing the file removes it: no restart.
 * The third cluster is the multi-cluster demo's Kubernetes API of a third primary (reviews-v3 and ratings, network3)
 * served by this test; it has no traffic, so the graph shows its workloads as idle nodes.
 */
const THIRD = 'north';
const FILE = clusterKubeconfigPath(RUN_DIR, THIRD);
/** The graph page with idle nodes and cluster boxes only. */
const BOXED_GRAPH = `${GRAPH_PAGE}&idleNodes=true&boxNamespace=false&boxCluster=true`;

test.describe('a third cluster added while the server runs', () => {
  let north: TestMultiCluster | undefined;
  test.afterAll(async () => {
    rmSync(FILE, { force: true });
    await north?.stop();
  });

  test('its kubeconfig in CLUSTERS_DIR adds north to the workloads list and the graph within a minute; removed, north goes', async ({
    page,
  }) => {
    test.setTimeout(180_000);
    north = await startTestMultiCluster([THIRD], 2);
    const list = new MeshListPage(page, 'workloads');
    const filter = page.getByTestId(sel.mesh.listClusterFilter);
    const graph = new GraphPage(page);
    await list.open('namespaces=bookinfo');
    await expect(filter.locator('option')).toHaveText(['Any', ...[EAST, WEST].sort()]);
    await expect(list.rows).toHaveCount(6);

    copyFileSync(north.clusters[0]!.kubeconfig, FILE);
    await expect(async () => {
      await page.reload();
      await expect(filter.locator('option')).toHaveText(['Any', ...[EAST, WEST, THIRD].sort()], { timeout: 2_000 });
    }).toPass({ timeout: 60_000, intervals: [2_000] });
    await expect(list.rows).toHaveCount(8);
    await filter.selectOption(THIRD);
    await expect(page.getByTestId(sel.mesh.listCount)).toHaveText('2 of 8 workloads');
    const column = await clusterColumn(list);
    for (const w of ['ratings-v1', 'reviews-v3'])
      await expect(list.row('bookinfo', w).locator('td').nth(column)).toHaveText(THIRD);

    // The graph: north's box with its two workloads, idle (no traffic reaches them); east's and west's as before.
    await graph.goto(BOXED_GRAPH);
    await expect(graph.node('workload', 'productpage-v1')).toHaveCount(1);
    const boxes = await graph.boxes('cluster');
    expect(Object.keys(boxes).sort()).toEqual([EAST, THIRD, WEST].sort());
    expect(boxes[THIRD]).toEqual(['ratings-v1', 'reviews-v3']);

    rmSync(FILE);
    await expect(async () => {
      await list.open('namespaces=bookinfo');
      await expect(filter.locator('option')).toHaveText(['Any', ...[EAST, WEST].sort()], { timeout: 2_000 });
      await expect(list.rows).toHaveCount(6, { timeout: 2_000 });
    }).toPass({ timeout: 60_000, intervals: [2_000] });
    await graph.goto(BOXED_GRAPH);
    await expect(graph.node('workload', 'productpage-v1')).toHaveCount(1);
    expect(Object.keys(await graph.boxes('cluster')).sort()).toEqual([EAST, WEST].sort());
  });
});
