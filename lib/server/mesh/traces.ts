/**
 * Traces of an app, workload or service (Kiali's `/api/namespaces/{ns}/{apps|workloads|services}/{name}/traces`,
 * kiali.md §1.6). Istio's Jaeger service name is `<canonical service>.<namespace>`; a workload's traces are its
 * app's, narrowed to traces with a span from one of its pods (Envoy's `node_id` tag
 * `sidecar~<ip>~<pod>.<namespace>~<namespace>.svc.cluster.local`, as Kiali filters them).
 */
import 'server-only';
import { MeshscopeError } from '@/lib/errors';
import { DEFAULT_TRACE_LIMIT, MAX_TRACE_LIMIT, withholdSpans, type Trace } from '@/lib/jaeger';
import { getJaegerClient, type JaegerTarget } from '@/lib/jaeger/server';
import { accessibleNamespaceNames } from '@/lib/k8s/access';
import { currentKubeScope } from '@/lib/k8s/request-scope';
import { getInventory, type Inventory } from '@/lib/k8s/inventory';
import { BadRequestError, decimalIntegerParam } from '@/lib/promql/index';
import { buildApps, canonicalServiceOf, podsOfWorkload, workloadsOfService } from '@/lib/k8s/model';
import type { MeshKind } from '@/lib/contracts/mesh';
import type { TracesResponse } from '@/lib/contracts/traces';

/** A validated trace search. Times are unix ms. */
export interface TraceSearch {
  startMs: number;
  endMs: number;
  limit: number;
  minDurationMs?: number;
  /** Jaeger tag filters; `errorsOnly` adds `error=true` (Kiali's "only errors"). */
  tags: Record<string, string>;
}

const DEFAULT_WINDOW_MS = 10 * 60_000;

/**
 * Parses Kiali's trace parameters: `startMicros`, `endMicros` (unix µs; default the last 10 minutes), `limit`
 * (1–1500, default 100), `minDuration` (µs), `tags` (JSON object of strings), plus `errorsOnly=true`.
 * @throws BadRequestError naming the parameter
 */
export function parseTraceSearch(search: URLSearchParams, nowMs: number): TraceSearch {
  const endMicros = decimalIntegerParam(search, 'endMicros');
  const startMicros = decimalIntegerParam(search, 'startMicros');
  const endMs = endMicros !== undefined ? Math.floor(endMicros / 1000) : nowMs;
  const startMs = startMicros !== undefined ? Math.floor(startMicros / 1000) : endMs - DEFAULT_WINDOW_MS;
  if (startMs >= endMs)
    throw new BadRequestError('startMicros', 'Invalid time range: startMicros must be before endMicros');
  const limit = decimalIntegerParam(search, 'limit') ?? DEFAULT_TRACE_LIMIT;
  if (limit < 1 || limit > MAX_TRACE_LIMIT)
    throw new BadRequestError('limit', `Invalid limit [${limit}]: must be 1 to ${MAX_TRACE_LIMIT}`);
  const minDurationMicros = decimalIntegerParam(search, 'minDuration');
  let tags: Record<string, string> = {};
  const rawTags = search.get('tags');
  if (rawTags) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(rawTags);
    } catch {
      throw new BadRequestError(
        'tags',
        'Invalid tags: expected a JSON object of strings, e.g. {"http.status_code":"500"}',
      );
    }
    if (
      !parsed ||
      typeof parsed !== 'object' ||
      Array.isArray(parsed) ||
      Object.values(parsed).some((v) => typeof v !== 'string')
    ) {
      throw new BadRequestError('tags', 'Invalid tags: expected a JSON object of strings');
    }
    tags = parsed as Record<string, string>;
  }
  if (search.get('errorsOnly') === 'true') tags = { ...tags, error: 'true' };
  return { startMs, endMs, limit, minDurationMs: minDurationMicros ? minDurationMicros / 1000 : undefined, tags };
}

/** The pod name in an Envoy `node_id` (`sidecar~10.0.0.1~reviews-v1-abc.bookinfo~bookinfo.svc.cluster.local`). */
export function podOfNodeId(nodeId: string): { pod: string; namespace: string } | null {
  const part = nodeId.split('~')[2];
  if (!part) return null;
  const dot = part.lastIndexOf('.');
  return dot > 0 ? { pod: part.slice(0, dot), namespace: part.slice(dot + 1) } : { pod: part, namespace: '' };
}

/**
 * Keeps the traces with a span reported by one of the workload's pods: the pod named in `node_id` is one of
 * `podNames`, or (pods unknown) its name starts with `<workload>-`, in the workload's namespace.
 */
export function filterWorkloadTraces(
  traces: Trace[],
  workload: string,
  namespace: string,
  podNames: readonly string[],
): Trace[] {
  const pods = new Set(podNames);
  const fromWorkload = (nodeId: string | undefined) => {
    const p = nodeId ? podOfNodeId(nodeId) : null;
    if (!p || (p.namespace && p.namespace !== namespace)) return false;
    return pods.size ? pods.has(p.pod) : p.pod.startsWith(`${workload}-`);
  };
  return traces.filter((t) => t.spans.some((s) => fromWorkload(s.nodeId)));
}

export { getJaegerClient } from '@/lib/jaeger/server';

/**
 * The Jaeger service of an object (`<canonical service>.<namespace>`: apps by their workloads' canonical name,
 * services by the workloads they select, else their own name), and for workloads the pods to narrow to. Pure.
 * @throws MeshscopeError not_found:k8s
 */
export function tracingTargetIn(
  inv: Pick<Inventory, 'workloads' | 'services' | 'pods'>,
  kind: MeshKind,
  namespace: string,
  name: string,
): { service: string; workloadPods?: string[] } {
  const missing = (what: string) =>
    new MeshscopeError('not_found:k8s', `${what} ${name} not found in namespace ${namespace}`, { namespace, name });
  if (kind === 'apps') {
    const app = buildApps(inv).find((a) => a.namespace === namespace && a.name === name);
    if (!app) throw missing('App');
    return { service: `${canonicalServiceOf(app.workloads[0]!)}.${namespace}` };
  }
  if (kind === 'workloads') {
    const w = inv.workloads.find((x) => x.namespace === namespace && x.name === name);
    if (!w) throw missing('Workload');
    return {
      service: `${canonicalServiceOf(w)}.${namespace}`,
      workloadPods: podsOfWorkload(inv.pods, w).map((p) => p.name),
    };
  }
  const s = inv.services.find((x) => x.namespace === namespace && x.name === name);
  if (!s) throw missing('Service');
  const w = workloadsOfService(inv.workloads, s)[0];
  return { service: `${w ? canonicalServiceOf(w) : name}.${namespace}` };
}

/**
 * Which namespaces the signed-in user may read spans of (those they may get, lib/k8s/access.ts), or null when every
 * span may be read (anonymous mode: the server's own view). Perf-security.md S2, S14; issue 12.
 */
export async function spanNamespaceFilter(): Promise<((namespace: string) => boolean) | null> {
  const scope = currentKubeScope();
  if (!scope || scope.anonymous) return null;
  const accessible = await accessibleNamespaceNames();
  return (namespace) => accessible.has(namespace);
}

/**
 * The traces as the signed-in user may see them: spans of namespaces they may not get withheld (`withheldSpans`
 * counts them), and traces left with no span dropped. Unchanged with `mayRead` null.
 */
export function visibleTraces(traces: Trace[], mayRead: ((namespace: string) => boolean) | null): Trace[] {
  if (!mayRead) return traces;
  return traces.map((t) => withholdSpans(t, mayRead)).filter((t) => t.spans.length > 0);
}

/** Where a search runs (multi-cluster, issue 18): the cluster's Jaeger, and its name as Istio's span tag. */
export interface TraceSearchTarget {
  jaeger: JaegerTarget;
  /** Adds `istio.cluster_id=<cluster>` (the tag Istio's proxies put on spans; Kiali's cluster filter). */
  cluster: string;
}

/**
 * Searches the object's traces; spans of namespaces the user may not get are withheld (`visibleTraces`). With
 * `target` (several clusters), the search runs on that cluster's Jaeger, for its spans only (`istio.cluster_id`, as
 * Kiali filters traces by cluster), and a Jaeger error names the cluster; else on the shared Jaeger as with one
 * cluster. The inventory is the current scope's (run it on the cluster: lib/server/clusters `runOnCluster`).
 * @throws MeshscopeError unavailable/timeout/forbidden/bad_request:jaeger, not_found:k8s, unavailable:k8s
 */
export async function searchTraces(
  kind: MeshKind,
  namespace: string,
  name: string,
  search: TraceSearch,
  target?: TraceSearchTarget,
): Promise<TracesResponse> {
  const { client: jaeger, externalUrl } = target?.jaeger ?? getJaegerClient();
  const traced = tracingTargetIn(await getInventory([]), kind, namespace, name);
  const tags = target ? { ...search.tags, 'istio.cluster_id': target.cluster } : search.tags;
  const [api, found, mayRead] = await Promise.all([
    jaeger.detectApi(),
    jaeger.findTraces({
      service: traced.service,
      startMs: search.startMs,
      endMs: search.endMs,
      limit: search.limit,
      minDurationMs: search.minDurationMs,
      tags,
    }),
    spanNamespaceFilter(),
  ]).catch((err: unknown) => {
    throw target ? namingCluster(err, target.cluster, jaeger.url) : err;
  });
  const own = traced.workloadPods ? filterWorkloadTraces(found, name, namespace, traced.workloadPods) : found;
  const traces = visibleTraces(own, mayRead);
  return {
    service: traced.service,
    api,
    traces,
    startMs: search.startMs,
    endMs: search.endMs,
    externalUrl,
    ...(target ? { cluster: target.cluster } : {}),
  };
}

/** A Jaeger error with the cluster and its Jaeger named (the same code and status). */
export function namingCluster(err: unknown, cluster: string, url: string): unknown {
  if (!(err instanceof MeshscopeError) || !err.code.endsWith(':jaeger')) return err;
  return new MeshscopeError(err.code, `Jaeger of cluster [${cluster}] at ${url}: ${err.message}`, err.details);
}
