import { admitL4 } from './ambient';
import { isAllowed } from './authz';
import { routeAndCall } from './call-http';
import {
  callerOf,
  jaegerService,
  mtlsModeOf,
  peerOf,
  policiesOf,
  type ServeCall,
  type ServeResult,
  type SimContext,
  type SimRequest,
} from './context';
import { gatewayApiDecision } from './gateway-api';
import { decisionFor, httpRouteMatches, type HttpRouteDecision } from './routing';
import { hostMatches, qualifyConfigHost } from './istio-match';
import { UNKNOWN_PEER, type RequestRow } from './telemetry';
import { nodeId, type TagValue } from './tracing';
import type { CallEdge, RequestTemplate, WorkloadInfo } from './types';

/** Deepest chain of calls followed (guards against cycles in a call graph). */
const MAX_DEPTH = 12;

/** Picks a request template by weight (default `GET /`). */
export function pickTemplate(ctx: SimContext, templates: RequestTemplate[] | undefined): RequestTemplate {
  if (!templates || templates.length === 0) return { method: 'GET', path: '/' };
  if (templates.length === 1) return templates[0]!;
  const total = templates.reduce((s, t) => s + (t.weight ?? 1), 0);
  let x = ctx.rng.next() * total;
  for (const t of templates) {
    x -= t.weight ?? 1;
    if (x < 0) return t;
  }
  return templates[templates.length - 1]!;
}

/** Builds the request a workload sends on an edge while serving `inbound` (headers forwarded as bookinfo does). */
export function outboundRequest(ctx: SimContext, edge: CallEdge, inbound: SimRequest | null): SimRequest {
  const t = pickTemplate(ctx, edge.requests);
  const headers: Record<string, string> = {};
  for (const [k, v] of Object.entries(t.headers ?? {})) headers[k.toLowerCase()] = v;
  const user = t.user ?? inbound?.user;
  const endUser = inbound?.headers['end-user'] ?? (edge.endUserHeader && user ? user : undefined);
  if (endUser) headers['end-user'] = endUser;
  if (inbound?.headers['x-request-id']) headers['x-request-id'] = inbound.headers['x-request-id'];
  return { method: t.method, path: t.path, headers, authority: t.authority, user };
}

/**
 * An ingress gateway forwards a request by the VirtualServices bound to Gateways that select it (routes of all
 * such VirtualServices whose hosts cover the authority, oldest first, as Istio merges them). No route: 404.
 */
function gatewayForward(ctx: SimContext, gw: WorkloadInfo, call: ServeCall): ServeResult {
  const caller = callerOf(ctx, gw);
  const req = { ...call.req, headers: { ...call.req.headers } };
  let decision: HttpRouteDecision | 'NR' = gatewayApiDecision(ctx, gw, req, call.port, call.protocol) ?? 'NR';
  if (decision === 'NR')
    outer: for (const { vs, gatewayRef } of ctx.vs.forGateway(gw.key, gw.labels)) {
      const ns = vs.metadata.namespace ?? 'default';
      const hosts = ((vs.spec?.hosts ?? []) as string[]).map((h) => qualifyConfigHost(h, ns));
      if (req.authority && !hosts.some((h) => hostMatches(h, req.authority!) || h === req.authority)) continue;
      const routes = (vs.spec?.http ?? []) as Record<string, unknown>[];
      for (let i = 0; i < routes.length; i++) {
        if (
          httpRouteMatches(
            routes[i]!,
            { ...req, port: call.targetPort },
            { namespace: gw.namespace, labels: gw.labels },
            gatewayRef,
          )
        ) {
          decision = ctx.decisionCache.get(`${ns}/${vs.metadata.name}#${i}`, () => decisionFor(vs, routes[i]!));
          break outer;
        }
      }
    }
  if (decision === 'NR')
    return { code: 404, flags: 'NR', durationMs: 0.3, responseBytes: 0, connFailed: false, destRow: null };
  const dest = decision.destinations[0];
  const labels = {
    service: dest?.host ?? 'unknown',
    name: dest?.host.split('.')[0] ?? 'unknown',
    namespace: dest?.host.split('.')[1] ?? 'unknown',
  };
  const port = dest?.port ?? 9080;
  const out = routeAndCall(
    ctx,
    caller,
    decision,
    labels,
    req,
    port,
    call.protocol,
    call.startMs + 0.2,
    call.trace,
    call.depth + 1,
  );
  return {
    code: out.code,
    flags: '-',
    durationMs: out.durationMs + 0.4,
    responseBytes: out.responseBytes,
    connFailed: false,
    destRow: null,
  };
}

/**
 * Serves one request at a workload: mTLS admission (PeerAuthentication STRICT refuses plaintext), authorization
 * (403), the workload's own latency and error rate, and its own outbound calls made in sequence. Returns the
 * reporter=destination row for the caller to record (it may turn it into `0 DC` when the caller gave up).
 */
export function serve(ctx: SimContext, call: ServeCall): ServeResult {
  // Ambient: ztunnel admits (or refuses) the connection and reports it once answered (traffic/ambient.ts).
  const l4 = admitL4(ctx, call);
  if (l4?.refused) return l4.refused;
  const res = serveAtProxy(ctx, call);
  l4?.finish(res);
  return res;
}

/** `serve` for the workload's own proxy (sidecar or gateway), or the bare workload. */
function serveAtProxy(ctx: SimContext, call: ServeCall): ServeResult {
  const { caller, workload: w, req, mtls } = call;
  if (w.gateway) return gatewayForward(ctx, w, call);
  const rng = ctx.rng;
  const row = (code: number, grpcStatus: string): RequestRow | null =>
    w.sidecar
      ? {
          reporter: 'destination',
          src: caller.proxy ? caller.peer : UNKNOWN_PEER,
          dst: peerOf(ctx, w),
          svc: call.labels,
          protocol: call.protocol,
          code,
          grpcStatus,
          flags: '-',
          mtls,
        }
      : null;
  if (w.sidecar) {
    if (!mtls && mtlsModeOf(ctx, w, call.targetPort) === 'STRICT') {
      return { code: 0, flags: 'UC', durationMs: 0.5 + rng.next(), responseBytes: 0, connFailed: true, destRow: null };
    }
    const policies = policiesOf(ctx, w);
    if (policies.length > 0) {
      const allowed = isAllowed(policies, {
        principal: mtls ? caller.peer.principal.replace(/^spiffe:\/\//, '') : '',
        namespace: mtls && caller.namespace ? caller.namespace : '',
        method: req.method,
        path: req.path,
        host: req.authority ?? call.labels.service,
        port: call.targetPort,
        headers: req.headers,
        tcp: false,
      });
      if (!allowed) {
        const durationMs = 0.3 + rng.next() * 0.4;
        serverSpan(ctx, call, 403, durationMs, 19);
        return { code: 403, flags: '-', durationMs, responseBytes: 19, connFailed: false, destRow: row(403, '7') };
      }
    }
  }
  const profile = ctx.profile(w);
  const own = rng.lognormal(profile.latencyMs, profile.latencySigma ?? 0.45);
  const spanId = call.trace ? call.trace.recorder.newSpanId() : null;
  const childTrace = call.trace && spanId ? { recorder: call.trace.recorder, parentSpanId: spanId } : null;
  let cursor = call.startMs + 0.3 + own * 0.4;
  if (call.depth < MAX_DEPTH) {
    const me = callerOf(ctx, w);
    for (const edge of ctx.outbound(w)) {
      if (edge.onPaths && !edge.onPaths.some((p) => req.path.startsWith(p))) continue;
      const per = edge.perRequest ?? 1;
      const n = Math.floor(per) + (rng.chance(per - Math.floor(per)) ? 1 : 0);
      for (let i = 0; i < n; i++) {
        const out = ctx.call(
          me,
          edge,
          edge.protocol === 'tcp' ? null : outboundRequest(ctx, edge, req),
          cursor,
          childTrace,
          call.depth,
        );
        cursor += out.durationMs;
      }
    }
  }
  const durationMs = cursor + own * 0.6 - call.startMs;
  const failed = rng.chance(profile.errorRate ?? 0);
  const grpc = call.protocol === 'grpc';
  const pathStatus = profile.statusFromPath ? /^\/status\/(\d{3})\b/.exec(req.path) : null;
  const code = pathStatus ? Number(pathStatus[1]) : failed && !grpc ? (profile.errorCode ?? 500) : 200;
  const grpcStatus = grpc ? (failed ? '14' : '0') : '';
  const responseBytes = Math.max(1, Math.round(rng.lognormal(profile.responseBytes ?? 600, 0.25)));
  if (spanId) serverSpan(ctx, call, code, durationMs, responseBytes, spanId);
  return { code, flags: '-', durationMs, responseBytes, connFailed: false, destRow: row(code, grpcStatus) };
}

/** Records the destination proxy's (server) span when the request is traced. */
function serverSpan(
  ctx: SimContext,
  call: ServeCall,
  code: number,
  durationMs: number,
  responseBytes: number,
  spanId?: string,
): void {
  const trace = call.trace;
  const w = call.workload;
  if (!trace || !w.sidecar) return;
  const pod = w.pods[ctx.rng.int(w.pods.length)]!;
  const tags: Record<string, TagValue> = {
    component: 'proxy',
    node_id: nodeId('sidecar', pod.ip, pod.name, w.namespace),
    'guid:x-request-id': call.req.headers['x-request-id'] ?? '',
    'http.url': `http://${call.req.authority ?? call.labels.service}${call.req.path}`,
    'http.method': call.req.method,
    'http.protocol': call.protocol === 'grpc' ? 'HTTP/2' : 'HTTP/1.1',
    downstream_cluster: '-',
    'peer.address': call.caller.workload?.pods[0]?.ip ?? '10.0.0.1',
    response_size: String(responseBytes),
    'http.status_code': String(code),
    response_flags: '-',
    upstream_cluster: `inbound|${call.targetPort}||`,
    'upstream_cluster.name': `inbound|${call.targetPort}||`,
    'istio.canonical_service': w.canonicalService,
    'istio.canonical_revision': w.canonicalRevision,
    'istio.mesh_id': 'cluster.local',
    'istio.namespace': w.namespace,
    'istio.cluster_id': w.cluster ?? ctx.telemetry.cluster,
  };
  if (code >= 500) tags.error = true;
  trace.recorder.add({
    spanId: spanId ?? trace.recorder.newSpanId(),
    parentSpanId: trace.parentSpanId,
    service: jaegerService(w),
    operation: `${call.labels.service}:${call.port}/*`,
    kind: 'server',
    startMs: call.startMs + 0.1,
    durationMs: Math.max(0.05, durationMs - 0.2),
    tags,
    processTags: { hostname: pod.name, ip: pod.ip },
  });
}
