/**
 * The overview's sparklines over several clusters (issue 18): requests and errors per second into each namespace's
 * services, per cluster of those services (`destination_cluster`), from every distinct Prometheus of the clusters
 * (lib/server/clusters/graph.ts `prometheusGroups`). With a Prometheus per cluster, a cross-cluster call is reported
 * by the caller's proxy into the caller's cluster's Prometheus, so the series of one namespace and cluster from two
 * servers are parts of one rate and are added, step by step.
 */
import 'server-only';
import type { OverviewMetrics } from '@/lib/contracts/mesh';
import type { PromSeries } from '@/lib/prometheus/client';
import type { Cluster } from '@/lib/server/clusters';
import { prometheusGroups } from '@/lib/server/clusters/graph';
import { clusterInventory } from '@/lib/server/clusters';
import { namespacesToRead } from '@/lib/k8s/model';
import { overviewMetricsQueries } from './overview';

type Series = OverviewMetrics['namespaces'][string];

/**
 * Adds range series that share `destination_service_namespace` and `destination_cluster` (from several Prometheus
 * servers), value by value at equal times; non-finite values are dropped. `clusters` keeps only those clusters.
 * Pure. Answers cluster → namespace → `[unixSec, value]` sorted by time.
 */
export function sumByNamespaceAndCluster(
  series: readonly PromSeries[],
  clusters: ReadonlySet<string>,
): Map<string, Map<string, [number, number][]>> {
  const acc = new Map<string, Map<string, Map<number, number>>>();
  for (const s of series) {
    const ns = s.metric.destination_service_namespace;
    const cluster = s.metric.destination_cluster;
    if (!ns || !cluster || !clusters.has(cluster)) continue;
    let byNs = acc.get(cluster);
    if (!byNs) acc.set(cluster, (byNs = new Map()));
    let points = byNs.get(ns);
    if (!points) byNs.set(ns, (points = new Map()));
    for (const v of s.values)
      if (Number.isFinite(v.value)) points.set(v.timeSec, (points.get(v.timeSec) ?? 0) + v.value);
  }
  return new Map(
    [...acc].map(([c, byNs]) => [c, new Map([...byNs].map(([ns, pts]) => [ns, [...pts].sort((a, b) => a[0] - b[0])]))]),
  );
}

/**
 * The sparklines of `selected` clusters' namespaces (each cluster's own that exist, or all when none is asked):
 * `namespaces` sums every cluster's series per namespace, `clusters` keeps them per cluster. A Prometheus that fails
 * leaves its series out; when all fail the first error is thrown. A cluster whose API fails gets no card entries.
 * @throws MeshscopeError from Prometheus (every server failing)
 */
export async function clusterOverviewMetrics(
  selected: readonly Cluster[],
  requested: readonly string[],
  rateIntervalSeconds: number,
  range: { start: number; end: number; stepSeconds: number },
): Promise<OverviewMetrics> {
  const inventories = await Promise.allSettled(selected.map((c) => clusterInventory(c)));
  const empty = (): Series => ({ requestsPerSecond: [], errorsPerSecond: [] });
  const body: OverviewMetrics = { stepSeconds: range.stepSeconds, namespaces: {}, clusters: {} };
  const all = new Set<string>();
  inventories.forEach((r, i) => {
    if (r.status !== 'fulfilled') return;
    const nss = namespacesToRead(r.value, requested);
    body.clusters![selected[i]!.name] = Object.fromEntries(nss.map((n) => [n, empty()]));
    for (const n of nss) all.add(n);
  });
  for (const n of all) body.namespaces[n] = empty();
  if (all.size === 0) return body;
  const q = overviewMetricsQueries([...all], rateIntervalSeconds, true);
  const groups = prometheusGroups(selected);
  const read = (promql: string) =>
    Promise.allSettled(groups.map((g) => g.client.rangeQuery(promql, range.start, range.end, range.stepSeconds)));
  const [requests, errors] = await Promise.all([read(q.requests), read(q.errors)]);
  const ok = (settled: PromiseSettledResult<PromSeries[]>[]) => {
    if (settled.every((r) => r.status === 'rejected')) throw (settled[0] as PromiseRejectedResult).reason;
    return settled.flatMap((r) => (r.status === 'fulfilled' ? r.value : []));
  };
  const names = new Set(selected.map((c) => c.name));
  const fill = (series: PromSeries[], key: keyof Series) => {
    for (const [cluster, byNs] of sumByNamespaceAndCluster(series, names)) {
      for (const [ns, points] of byNs) {
        const target = body.clusters![cluster]?.[ns];
        if (target) target[key] = points;
        const total = body.namespaces[ns];
        if (total) total[key] = mergePoints(total[key], points);
      }
    }
  };
  fill(ok(requests), 'requestsPerSecond');
  fill(ok(errors), 'errorsPerSecond');
  return body;
}

function mergePoints(a: [number, number][], b: [number, number][]): [number, number][] {
  const m = new Map(a);
  for (const [t, v] of b) m.set(t, (m.get(t) ?? 0) + v);
  return [...m].sort((x, y) => x[0] - y[0]);
}
