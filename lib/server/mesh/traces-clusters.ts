/**
 * Traces over several clusters (issue 18), each of which may name its own Jaeger (CLUSTERS_DIR `<name>.json`
 * `jaegerUrl`, else the shared JAEGER_URL). An object's traces are searched in its cluster's Jaeger for that cluster's
 * spans (`istio.cluster_id`, the tag Istio's proxies set and Kiali filters by); one trace is read from every distinct
 * Jaeger and its parts merged, since a cross-cluster call's spans are reported to each side's own Jaeger. A Jaeger
 * that fails while another answers gives a partial trace with `errors.jaeger` naming its clusters, as a failing
 * cluster gives a partial graph.
 */
import 'server-only';
import { MeshscopeError } from '@/lib/errors';
import { mergeTraceParts, type Trace } from '@/lib/jaeger';
import type { JaegerTarget } from '@/lib/jaeger/server';
import { runOnCluster, type Cluster } from '@/lib/server/clusters';
import type { MeshKind } from '@/lib/contracts/mesh';
import type { TraceResponse, TracesResponse } from '@/lib/contracts/traces';
import { namingCluster, searchTraces, spanNamespaceFilter, visibleTraces, type TraceSearch } from './traces';

/** One distinct Jaeger and the clusters whose spans it holds. */
export interface JaegerGroup {
  jaeger: JaegerTarget;
  clusters: string[];
}

/**
 * The distinct Jaegers of `clusters` (by URL), in cluster order. A cluster with no Jaeger at all (none of its own
 * and JAEGER_URL unset) is left out: that is configuration, not an outage.
 * @throws MeshscopeError unavailable:jaeger when no cluster has a Jaeger
 */
export function jaegerGroups(clusters: readonly Cluster[]): JaegerGroup[] {
  const groups = new Map<string, JaegerGroup>();
  let unconfigured: unknown = null;
  for (const c of clusters) {
    let jaeger: JaegerTarget;
    try {
      jaeger = c.runtime().jaeger();
    } catch (err) {
      unconfigured ??= err;
      continue;
    }
    const g = groups.get(jaeger.client.url);
    if (g) g.clusters.push(c.name);
    else groups.set(jaeger.client.url, { jaeger, clusters: [c.name] });
  }
  if (groups.size === 0) throw unconfigured;
  return [...groups.values()];
}

/**
 * The object's traces in `cluster` (see the module comment), read as the current user on that cluster.
 * @throws MeshscopeError as `searchTraces`, Jaeger errors naming the cluster
 */
export function searchClusterTraces(
  cluster: Cluster,
  kind: MeshKind,
  namespace: string,
  name: string,
  search: TraceSearch,
): Promise<TracesResponse> {
  return runOnCluster(cluster, () =>
    searchTraces(kind, namespace, name, search, { jaeger: cluster.runtime().jaeger(), cluster: cluster.name }),
  );
}

/**
 * One trace from every group's Jaeger, merged (`mergeTraceParts`); spans of namespaces the signed-in user may not
 * get are withheld. A single group answers as with one Jaeger; with several, a failing one is named in
 * `errors.jaeger` while the others' parts are returned.
 * @throws MeshscopeError not_found:jaeger when no Jaeger holds the trace; the first Jaeger's error when all failed
 */
export async function readTraceAcross(groups: readonly JaegerGroup[], traceId: string): Promise<TraceResponse> {
  const settled = await Promise.allSettled(groups.map((g) => g.jaeger.client.getTrace(traceId)));
  const parts: Trace[] = [];
  const failures: string[] = [];
  let firstError: unknown = null;
  settled.forEach((r, i) => {
    const g = groups[i]!;
    if (r.status === 'fulfilled') {
      if (r.value) parts.push(r.value);
      return;
    }
    firstError ??= groups.length > 1 ? namingCluster(r.reason, g.clusters.join(', '), g.jaeger.client.url) : r.reason;
    const why = r.reason instanceof Error ? r.reason.message : String(r.reason);
    failures.push(`Jaeger of cluster [${g.clusters.join(', ')}] at ${g.jaeger.client.url} failed: ${why}`);
  });
  if (failures.length === groups.length) throw firstError;
  const [trace] = parts.length ? visibleTraces([mergeTraceParts(parts)], await spanNamespaceFilter()) : [];
  if (!trace)
    throw new MeshscopeError('not_found:jaeger', `Trace ${traceId} not found in Jaeger (it may have expired)`);
  const externalUrl = groups.find((g) => g.jaeger.externalUrl)?.jaeger.externalUrl ?? null;
  return {
    trace,
    externalUrl,
    ...(failures.length
      ? {
          errors: {
            jaeger: {
              code: 'unavailable:jaeger',
              message: `Spans may be missing: ${failures.join('; ')}`,
            },
          },
        }
      : {}),
  };
}
