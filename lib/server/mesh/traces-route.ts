/**
 * Route handlers of the Traces and Logs tabs: Kiali's `/api/namespaces/{ns}/{apps|workloads|services}/{name}/traces`
 * and `/api/traces/{traceId}` (kiali.md §1.6) over lib/jaeger (v1 or v3, detected), and the workload logs endpoint.
 */
import 'server-only';
import type { NextRequest } from 'next/server';
import { handle, json } from '@/lib/server/http/respond';
import { parseLogsRequest, readWorkloadLogs } from '@/lib/server/mesh/logs';
import type { TraceResponse } from '@/lib/contracts/traces';
import { parseTraceSearch, searchTraces } from '@/lib/server/mesh/traces';
import { jaegerGroups, readTraceAcross, searchClusterTraces } from '@/lib/server/mesh/traces-clusters';
import { knownClusters, resolveCluster } from '@/lib/server/clusters';
import type { MeshKind } from '@/lib/contracts/mesh';
import { objectParams } from './params';

type Ctx = { params: Promise<Record<string, string>> };

/**
 * `GET …/{name}/traces?startMicros&endMicros&limit&minDuration&tags&errorsOnly&cluster` — the object's traces, newest
 * first, in the ms trace model: `{ service: '<app>.<ns>', api: 'v1'|'v3', traces, startMs, endMs, externalUrl }`.
 * Workloads get their app's traces narrowed to spans from their pods (Envoy `node_id`). Several clusters (issue 18):
 * the object of `cluster` (the home cluster when absent), searched in that cluster's Jaeger (its `jaegerUrl`, else
 * JAEGER_URL) for its spans (`istio.cluster_id`), with `cluster` in the answer.
 * Errors: 400 bad parameters or a `cluster` naming no known cluster; 404 unknown object; 503 `unavailable:jaeger`
 * (down or not configured; with several clusters the message names the cluster and its Jaeger), 504
 * `timeout:jaeger`, 403 `forbidden:jaeger`.
 */
export function tracesRoute(kind: MeshKind) {
  return handle(async (req: NextRequest, route: Ctx) => {
    const { namespace, name } = await objectParams(kind, route.params);
    const search = parseTraceSearch(req.nextUrl.searchParams, Date.now());
    const clusterParam = req.nextUrl.searchParams.get('cluster');
    const clusters = await knownClusters();
    if (!clusterParam && clusters.length === 1) return json(await searchTraces(kind, namespace, name, search));
    const cluster = await resolveCluster(clusterParam, 'cluster');
    return json(await searchClusterTraces(cluster, kind, namespace, name, search));
  });
}

/**
 * `GET /api/traces/{traceId}?cluster` — one trace with its spans (ms): `{ trace, externalUrl, errors? }`. A signed-in
 * user sees only the spans of services (`<app>.<namespace>`) in namespaces they may get, with `trace.withheldSpans`
 * counting the rest (issue 12); a trace with none of their spans answers as if it did not exist (perf-security.md S2,
 * S14). Anonymous: every span. Several clusters with Jaegers of their own (issue 18): the trace's parts from every
 * distinct Jaeger (`cluster`'s first), merged; one that fails while another answers is named in `errors.jaeger`.
 * Errors: 400 `bad_request:jaeger` for an id that is not 1–32 hex digits, or a `cluster` naming no known cluster; 404
 * `not_found:jaeger` (also for a trace of namespaces the signed-in user may not get); 503/504 Jaeger (every Jaeger
 * failing).
 */
export function traceRoute() {
  return handle(async (req: NextRequest, route: Ctx) => {
    const { traceId } = await route.params;
    const first = await resolveCluster(req.nextUrl.searchParams.get('cluster'), 'cluster');
    const clusters = await knownClusters();
    const ordered = [first, ...clusters.filter((c) => c !== first)];
    const body: TraceResponse = await readTraceAcross(jaegerGroups(ordered), traceId ?? '');
    return json(body);
  });
}

/**
 * `GET /api/namespaces/{ns}/workloads/{workload}/logs?pod&container&tailLines=100&timestamps=true&sinceSeconds` —
 * `{ pod, container, lines: [{ timestamp, message }], truncated }` (oldest first). The pod must be one of the
 * workload's. Errors: 400 bad parameters; 404 unknown workload/pod/container; 503/504/403 from Kubernetes.
 */
export function logsRoute() {
  return handle(async (req: NextRequest, route: Ctx) => {
    const { namespace, name } = await objectParams('workloads', route.params);
    return json(await readWorkloadLogs(namespace, name, parseLogsRequest(req.nextUrl.searchParams)));
  });
}
