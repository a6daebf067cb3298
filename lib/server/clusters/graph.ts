/**
 * What the graph needs from several clusters (issue 18): each cluster's inventory as the user may see it, and one
 * Prometheus query function over every distinct Prometheus of the clusters (one shared Prometheus is queried once).
 * A cluster whose API fails or refuses the user, or whose Prometheus fails, gives a partial graph with a warning
 * naming it (the graph's namespace warnings, extended with `cluster`); only when every Prometheus fails does a query
 * fail.
 */
import 'server-only';
import { processGlobal } from '@/lib/config/process-global';
import { MeshscopeError } from '@/lib/errors';
import { mergeSampleVectors, withWarnings } from '@/lib/graph/multi-cluster';
import { createQueryCache, type QueryCache } from '@/lib/graph/query-cache';
import type { GraphInventory, GraphWarning, InstantQuery, PromSample } from '@/lib/graph/types';
import type { Inventory } from '@/lib/k8s/inventory';
import type { PrometheusClient } from '@/lib/prometheus/client';
import { getPrometheusClient, sharedQueryCache } from '@/lib/prometheus/server';
import { clusterInventory, type Cluster } from './index';

export interface ClusterGraphInputs {
  /** Every cluster's inventory in registry order (home first); a failed cluster's is empty. */
  inventories: GraphInventory[];
  /** Clusters whose API refused the user (401/403): their nodes are `isInaccessible`. */
  refused: Set<string>;
  /** One warning per cluster whose inventory is missing. */
  warnings: GraphWarning[];
}

function isRefusal(err: unknown): boolean {
  return err instanceof MeshscopeError && (err.type === 'forbidden' || err.type === 'unauthorized');
}

/**
 * Reads every cluster's inventory in parallel (each through its own cache, as the current identity) and maps it with
 * `toGraph`. Never rejects for a cluster's failure: that cluster gets an empty inventory and a warning.
 */
export async function clusterGraphInputs(
  clusters: readonly Cluster[],
  toGraph: (inv: Inventory, cluster: string) => GraphInventory,
  istioNamespace: string,
): Promise<ClusterGraphInputs> {
  const settled = await Promise.allSettled(clusters.map((c) => clusterInventory(c)));
  const out: ClusterGraphInputs = { inventories: [], refused: new Set(), warnings: [] };
  settled.forEach((r, i) => {
    const c = clusters[i]!;
    if (r.status === 'fulfilled') {
      out.inventories.push(toGraph(r.value, c.name));
      return;
    }
    const why = r.reason instanceof Error ? r.reason.message : String(r.reason);
    if (isRefusal(r.reason)) out.refused.add(c.name);
    out.warnings.push({
      namespace: '',
      cluster: c.name,
      message: isRefusal(r.reason)
        ? `Cluster [${c.name}] refused your credentials; its nodes are shown as inaccessible: ${why}`
        : `Cluster [${c.name}] is unreachable; its workloads, services and Istio config are missing: ${why}`,
    });
    out.inventories.push({
      cluster: c.name,
      istioNamespace,
      namespaces: [],
      workloads: [],
      services: [],
      istioConfig: [],
    });
  });
  return out;
}

/** The distinct Prometheus servers of `clusters` and the clusters each serves, in cluster order. */
export function prometheusGroups(clusters: readonly Cluster[]): { client: PrometheusClient; clusters: string[] }[] {
  const groups = new Map<string, { client: PrometheusClient; clusters: string[] }>();
  for (const c of clusters) {
    const client = c.runtime().prometheus();
    const g = groups.get(client.url);
    if (g) g.clusters.push(c.name);
    else groups.set(client.url, { client, clusters: [c.name] });
  }
  return [...groups.values()];
}

/** A query cache per set of Prometheus servers (results of different sets must not mix), process-wide. */
function cacheFor(key: string): QueryCache {
  const caches = processGlobal('meshscope.clusters.graphCaches', () => new Map<string, QueryCache>());
  let hit = caches.get(key);
  if (!hit) {
    if (caches.size > 64) caches.clear();
    caches.set(key, (hit = createQueryCache({ ttlMs: 5_000 })));
  }
  return hit;
}

/**
 * One instant query over every group (`fanOutQuery`): each server's answer, merged (`mergeSampleVectors`). A
 * server that fails leaves its clusters' series out, and the merged answer carries a store warning naming them
 * (shown as the graph's partial-graph warning, lib/graph/build.ts `storeWarnings`).
 * @throws the first server's error when every server failed
 */
export function fanOutQuery(groups: readonly { client: PrometheusClient; clusters: string[] }[]): InstantQuery {
  return async (q, t, signal) => {
    const settled = await Promise.allSettled(groups.map((g) => g.client.instantQuery(q, t, { signal })));
    const vectors: PromSample[][] = [];
    const failures: string[] = [];
    settled.forEach((r, i) => {
      const g = groups[i]!;
      if (r.status === 'fulfilled') vectors.push(r.value);
      else {
        const why = r.reason instanceof Error ? r.reason.message : String(r.reason);
        failures.push(`Prometheus of cluster [${g.clusters.join(', ')}] at ${g.client.url} failed: ${why}`);
      }
    });
    if (vectors.length === 0) throw (settled[0] as PromiseRejectedResult).reason;
    const merged = mergeSampleVectors(vectors);
    if (failures.length === 0) return merged;
    const earlier = (merged as { warnings?: readonly string[] }).warnings ?? [];
    return withWarnings([...merged], [...earlier, ...failures]);
  };
}

/**
 * The graph's query function and cache for `clusters`: the shared client and cache as with one cluster when every
 * cluster uses the shared Prometheus; else the fan-out over the distinct servers with a cache of its own.
 * `admit()` asks each server whether it takes more work (429 otherwise).
 */
export function clusterQuery(clusters: readonly Cluster[]): {
  query: InstantQuery;
  cache: QueryCache;
  admit: () => void;
} {
  const groups = prometheusGroups(clusters);
  const shared = getPrometheusClient();
  if (groups.length === 1 && groups[0]!.client === shared) {
    return {
      query: (q, t, s) => shared.instantQuery(q, t, { signal: s }),
      cache: sharedQueryCache(),
      admit: () => shared.admit(),
    };
  }
  return {
    query: fanOutQuery(groups),
    cache: cacheFor(groups.map((g) => g.client.url).join(' ')),
    admit: () => groups.forEach((g) => g.client.admit()),
  };
}
