/**
 * What the multi-cluster specs share (issue 18): the two-cluster demo's names and files, the graph and list checks
 * both Prometheus modes must pass (multicluster.spec.ts against the shared Prometheus, per-cluster.spec.ts against one
 * Prometheus per cluster), and reads of a cluster's own Kubernetes API.
 *
 * The demo (lib/demo/multicluster/topology.ts): Istio multi-primary on two networks, bookinfo's productpage, details,
 * reviews v1 and v2 in the first cluster, reviews-v3 and ratings in the second. The cross-cluster call the specs
 * follow is productpage (east) → reviews-v3 (west).
 */
import path from 'node:path';
import { KubeConfig } from '@kubernetes/client-node';
import { expect, type APIRequestContext, type Page, type Response } from '@playwright/test';
import { sel } from '@/components/test-ids';
import type { KialiGraphJson } from '@/lib/graph/types';
import { clusterKubeconfigPath } from '@/lib/demo/multicluster/topology';
import { GraphPage, pollGraph } from '../pages/graph-page';
import { MeshDetailPage, MeshListPage } from '../pages/mesh-pages';
import { promSum } from '../pages/prometheus';

export const [EAST, WEST] = (process.env.E2E_CLUSTERS ?? 'east,west').split(',') as [string, string];
/** The e2e run directory (e2e/global-setup.ts): `clusters/<name>.kubeconfig` per cluster, the main server's CLUSTERS_DIR. */
export const RUN_DIR = path.resolve(__dirname, '..', '..', '.demo', 'e2e');
export const GRAPH_QUERY = 'namespaces=bookinfo&graphType=workload&injectServiceNodes=false&duration=60s';
/** The graph page: workload graph, no service nodes (the edge goes straight from productpage to reviews-v3). */
export const GRAPH_PAGE = 'namespaces=bookinfo&graphType=workload&injectServiceNodes=false&duration=60&refresh=0';
/** Bookinfo's workloads (and the ingress gateway) per cluster, as the graph boxes them when all have traffic. */
export const WORKLOADS_BY_CLUSTER: Record<string, string[]> = {
  [EAST]: ['details-v1', 'istio-ingressgateway', 'productpage-v1', 'reviews-v1', 'reviews-v2'],
  [WEST]: ['ratings-v1', 'reviews-v3'],
};

/** The graph's workload node `workload` of `cluster`: its id, or undefined. */
export function nodeIdOf(g: KialiGraphJson, workload: string, cluster: string): string | undefined {
  return g.elements.nodes.find((n) => n.data.workload === workload && n.data.cluster === cluster)?.data.id;
}

/** The graph's edge productpage-v1 (east) → reviews-v3 (west) and its HTTP rate (rps), or null. */
export function crossEdge(g: KialiGraphJson): { rate: number } | null {
  const [from, to] = [nodeIdOf(g, 'productpage-v1', EAST), nodeIdOf(g, 'reviews-v3', WEST)];
  const edge = g.elements.edges.find((e) => e.data.source === from && e.data.target === to);
  return edge ? { rate: Number(edge.data.traffic.rates?.http ?? 0) } : null;
}

/** The graph's edges as `workload@cluster → workload@cluster`, sorted (node ids differ between servers' graphs). */
export function edgeNames(g: KialiGraphJson): string[] {
  const names = new Map(g.elements.nodes.map((n) => [n.data.id, `${n.data.workload}@${n.data.cluster}`]));
  return g.elements.edges.map((e) => `${names.get(e.data.source)} → ${names.get(e.data.target)}`).sort();
}

/** Whether every bookinfo workload of WORKLOADS_BY_CLUSTER has a node in the graph, in its cluster. */
function hasEveryWorkload(g: KialiGraphJson): boolean {
  return Object.entries(WORKLOADS_BY_CLUSTER).every(([cluster, list]) =>
    list.every((w) => nodeIdOf(g, w, cluster) !== undefined),
  );
}

/**
 * Waits (up to 110 s: a fresh stack needs a few scrapes; a spec before may have moved traffic away from reviews v1
 * and v2 for a minute) until the graph of the server behind `request` has every bookinfo workload and a rate on the
 * cross-cluster edge.
 */
export async function waitForWholeGraph(request: APIRequestContext): Promise<void> {
  await pollGraph(
    request,
    GRAPH_QUERY,
    (g) => (crossEdge(g)?.rate ?? 0) > 0 && hasEveryWorkload(g),
    false,
    110_000,
  ).toBe(true);
}

/**
 * The graph page boxes both clusters and draws productpage (east) → reviews-v3 (west) at the rate `westPrometheus`
 * holds for it at the graph's own time: reported by the server's proxy (reviews-v3's, in west: Kiali's incoming query
 * comes first, lib/graph/queries.ts), over the graph's duration cut to the namespace's lifetime (Kiali's rule,
 * lib/graph/build.ts safeDuration; the stack's namespaces are younger than a minute when the suite starts).
 */
export async function expectClusterGraph(page: Page, westPrometheus: string): Promise<void> {
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
  expect(await graph.boxes('cluster')).toEqual(WORKLOADS_BY_CLUSTER);

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
    westPrometheus,
  );
  expect(Math.abs(edge!.rate - held)).toBeLessThanOrEqual(0.006); // the graph's rates have two decimals
}

/** The workloads list's Cluster column: the cell of a row in it. */
export async function clusterColumn(list: MeshListPage): Promise<number> {
  const headers = (await list.table.locator('thead th').allInnerTexts()).map((h) => h.trim());
  const column = headers.findIndex((h) => h.startsWith('Cluster'));
  expect(column).toBeGreaterThan(-1);
  return column;
}

/**
 * The workloads list shows both clusters' workloads with their cluster in a Cluster column; the Cluster filter keeps
 * west's (in the URL, kept on reload), and a row links to its workload's page in its cluster.
 */
export async function expectWorkloadsByCluster(page: Page): Promise<void> {
  const list = new MeshListPage(page, 'workloads');
  await list.open('namespaces=bookinfo');
  await expect(list.rows).toHaveCount(6);
  const column = await clusterColumn(list);
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
}

/** GET `apiPath` from a cluster's own Kubernetes API (with its kubeconfig): the object, or null for a 404. */
export async function fromCluster(
  cluster: string,
  apiPath: string,
): Promise<{ metadata: Record<string, string> } | null> {
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
export const inCluster = async (cluster: string, apiPath: string) => (await fromCluster(cluster, apiPath)) !== null;
