/**
 * The multi-cluster parts of the graph (issue 18), as Kiali draws a multi-primary mesh (kiali.md §1.12): node ids
 * carry the cluster (`wl_<cluster>_<ns>_<workload>`, already so in ./traffic-map.ts), `cluster` on every node is the
 * node's own (from `source_cluster`/`destination_cluster`), `boxBy=cluster` boxes them (./to-json.ts) and cross-cluster
 * edges join them. What this module adds:
 *
 * - `mergeSampleVectors`: one query's answers from several Prometheus servers (clusters with their own Prometheus)
 *   as one vector. Servers scrape disjoint proxies, so two samples with the same labels are traffic of different
 *   proxies and add. Requests reported by both ends (the client's proxy in one cluster, the server's in the other)
 *   stay counted once: they come from different queries (source- vs destination-reported) and the traffic map keeps
 *   the first series of an edge (./telemetry.ts `addEdgeTraffic`), as with one Prometheus.
 * - `samplesOfCluster`: the rows a cluster's map is built from (a row touching the cluster at either end), so each
 *   cluster's appenders (dead nodes, idle nodes, Istio config, health) decorate its own nodes from its own inventory.
 * - `keepCluster` (the `clusterName` filter of a namespace graph) and `markInaccessibleClusters`.
 * Isomorphic: no server imports.
 */
import type { GraphInventory, PromSample } from './types';
import { UNKNOWN, type TrafficMap } from './traffic-map';

/**
 * `samples` with the store `warnings` attached when there are any, as lib/prometheus/client.ts attaches them (not
 * enumerable: the array stays an array for callers that ignore them).
 */
export function withWarnings(samples: PromSample[], warnings: readonly string[]): PromSample[] {
  if (warnings.length > 0) Object.defineProperty(samples, 'warnings', { value: warnings, enumerable: false });
  return samples;
}

/** A stable key of a sample's label set (names sorted). */
function labelKey(metric: Record<string, string>): string {
  return Object.keys(metric)
    .sort()
    .map((k) => `${k}\u0001${metric[k]}`)
    .join('\u0000');
}

/**
 * One query's vectors from several Prometheus servers as one: samples with the same label set add (NaN stays NaN,
 * as Prometheus' own `sum` would give), the others are kept, in first-seen order. The store `warnings` of every
 * vector (lib/prometheus/client.ts `Warned`) are kept on the result.
 */
export function mergeSampleVectors(vectors: readonly (readonly PromSample[])[]): PromSample[] {
  if (vectors.length === 1) return vectors[0] as PromSample[];
  const byKey = new Map<string, PromSample>();
  const warnings = new Set<string>();
  for (const v of vectors) {
    for (const w of (v as { warnings?: readonly string[] }).warnings ?? []) warnings.add(w);
    for (const s of v) {
      const key = labelKey(s.metric);
      const hit = byKey.get(key);
      if (hit) hit.value += s.value;
      else byKey.set(key, { metric: s.metric, value: s.value });
    }
  }
  return withWarnings([...byKey.values()], [...warnings]);
}

/**
 * The rows of `samples` that belong to `cluster`'s map: those whose source or destination cluster is `cluster`. Rows
 * naming no known cluster at either end (cluster labels absent or `unknown`, or clusters not in `known`) belong to
 * the home cluster's map, so no row is lost. A row between two clusters is in both maps; the merge keeps one edge.
 */
export function samplesOfCluster(
  samples: readonly PromSample[],
  cluster: string,
  known: ReadonlySet<string>,
  home: string,
): PromSample[] {
  const out = samples.filter((s) => {
    const src = s.metric.source_cluster;
    const dst = s.metric.destination_cluster;
    if (src === cluster || dst === cluster) return true;
    const anyKnown = (src !== undefined && known.has(src)) || (dst !== undefined && known.has(dst));
    return !anyKnown && cluster === home;
  });
  return withWarnings(out, (samples as { warnings?: readonly string[] }).warnings ?? []);
}

/**
 * The `clusterName` filter of a namespace graph: the nodes of `cluster`, the nodes they send to or receive from
 * (so cross-cluster edges stay visible, their far ends drawn in their own cluster), and only the edges touching
 * `cluster`. Kiali's graph applies `clusterName` to node graphs; this extends it to namespace graphs.
 */
export function keepCluster(tm: TrafficMap, cluster: string): TrafficMap {
  const keep = new Set<string>();
  for (const n of tm.values()) {
    if (n.cluster === cluster) keep.add(n.id);
    for (const e of n.edges) {
      if (n.cluster === cluster || e.dest.cluster === cluster) {
        keep.add(n.id);
        keep.add(e.dest.id);
      }
    }
  }
  const out: TrafficMap = new Map();
  for (const [id, n] of tm) {
    if (!keep.has(id)) continue;
    n.edges = n.edges.filter((e) => n.cluster === cluster || e.dest.cluster === cluster);
    out.set(id, n);
  }
  return out;
}

/**
 * Flags the nodes of clusters that refused the user (`isInaccessible`, as Kiali flags nodes of namespaces the user
 * may not see): their traffic stays, their details are not shown.
 */
export function markInaccessibleClusters(tm: TrafficMap, refused: ReadonlySet<string>): void {
  if (refused.size === 0) return;
  for (const n of tm.values()) if (n.cluster !== UNKNOWN && refused.has(n.cluster)) n.meta.isInaccessible = true;
}

/**
 * The clusters' inventories as one (the whole graph's view: the namespaces of every cluster, a namespace present in
 * several once, with the first cluster's labels; every object of every cluster), named after the first (home) cluster.
 */
export function unionInventory(inventories: readonly GraphInventory[]): GraphInventory {
  const first = inventories[0];
  const seen = new Set<string>();
  const namespaces: GraphInventory['namespaces'] = [];
  for (const inv of inventories)
    for (const n of inv.namespaces) {
      if (seen.has(n.name)) continue;
      seen.add(n.name);
      namespaces.push(n);
    }
  return {
    cluster: first?.cluster,
    istioNamespace: first?.istioNamespace,
    namespaces,
    workloads: inventories.flatMap((i) => i.workloads),
    services: inventories.flatMap((i) => i.services),
    istioConfig: inventories.flatMap((i) => i.istioConfig),
    gatewayApi: inventories.flatMap((i) => i.gatewayApi ?? []),
    pods: inventories.flatMap((i) => i.pods ?? []),
  };
}
