import {
  destinationRuleFor,
  jaegerService,
  labelsForUnknownHost,
  mtlsModeOf,
  pickWorkload,
  peerOf,
  resolveTarget,
  usesMtls,
  type Caller,
  type ServeResult,
  type SimContext,
  type SimRequest,
  type TraceCursor,
} from './context';
import { gammaDecision } from './gateway-api';
import { labelsMatch } from './mesh-index';
import { hasPoolLimits, overflows } from './policy';
import {
  decisionFor,
  httpRouteMatches,
  isRetriable,
  pickWeighted,
  retryPolicy,
  type HttpRouteDecision,
  type RouteDestination,
} from './routing';
import { UNKNOWN_PEER, type Peer, type RequestRow, type ServiceLabels } from './telemetry';
import { nodeId, type TagValue } from './tracing';

/** What the caller observed. */
export interface HttpOutcome {
  code: number;
  flags: string;
  durationMs: number;
  responseBytes: number;
}

/** gRPC status for a response: 0 on success, Envoy's mapping of HTTP codes otherwise. */
export function grpcStatusFor(code: number): string {
  if (code === 200) return '0';
  if (code === 403) return '7';
  if (code === 404) return '12';
  if (code === 504) return '4';
  if (code === 429 || code === 502 || code === 503) return '14';
  return '2';
}

const NO_RETRIES = retryPolicy({ attempts: 0 });

const MESH_DEFAULT_RETRIES = retryPolicy(undefined);

function plainDecision(host: string, caller: Caller): HttpRouteDecision {
  return {
    vs: null,
    destinations: [{ host, weight: 100 }],
    retries: caller.proxy ? MESH_DEFAULT_RETRIES : NO_RETRIES,
    mirrors: [],
  };
}

/**
 * The route a caller's sidecar takes for a host: Gateway API routes with the Service as parent (GAMMA, see
 * gateway-api.ts) first; else the first matching http route of the VirtualService bound to the
 * mesh for that host, 'NR' when the VirtualService has http routes but none matches (Envoy's 404), or plain
 * service routing. Callers without a proxy ignore VirtualServices and routes.
 */
export function meshDecision(
  ctx: SimContext,
  caller: Caller,
  host: string,
  req: SimRequest,
  port: number,
  protocol: 'http' | 'grpc' = 'http',
): HttpRouteDecision | 'NR' {
  if (!caller.proxy) return plainDecision(host, caller);
  const gamma = gammaDecision(ctx, caller, host, req, port, protocol);
  if (gamma) return gamma;
  const vs = ctx.vs.forMesh(host);
  const routes = (vs?.spec?.http ?? []) as Record<string, unknown>[];
  if (!vs || routes.length === 0) return plainDecision(host, caller);
  const attrs = { method: req.method, path: req.path, headers: req.headers, authority: req.authority ?? host, port };
  const callerAttrs = { namespace: caller.namespace, labels: caller.labels };
  for (let i = 0; i < routes.length; i++) {
    if (httpRouteMatches(routes[i]!, attrs, callerAttrs, null)) {
      return ctx.decisionCache.get(`${vs.metadata.namespace}/${vs.metadata.name}#${i}`, () =>
        decisionFor(vs, routes[i]!),
      );
    }
  }
  return 'NR';
}

/**
 * A way of the engine's call dispatch to carry an HTTP/gRPC call from `caller` to `host:port` (the Service's first
 * port when undefined), starting at `startMs` (ms), `depth` calls deep, traced under `trace`. Null when this way
 * does not carry the call (callHttp: the host is unknown; ambient.ts callViaWaypoint: no waypoint on the path).
 */
export type HttpCallWay = (
  ctx: SimContext,
  caller: Caller,
  host: string,
  port: number | undefined,
  protocol: 'http' | 'grpc',
  req: SimRequest,
  startMs: number,
  trace: TraceCursor | null,
  depth: number,
) => HttpOutcome | null;

/** Bytes of an HTTP request on the wire: headers, path and, for a POST, a body (an estimate). */
export function requestBytes(req: SimRequest): number {
  return 180 + req.path.length + Object.keys(req.headers).length * 24 + (req.method === 'POST' ? 400 : 0);
}

/** Simulates an HTTP/gRPC call from `caller` to `host:port`, reporting what each proxy would report. */
export const callHttp: HttpCallWay = (ctx, caller, host, port, protocol, req, startMs, trace, depth) => {
  const target = resolveTarget(ctx, host, caller.namespace);
  if (!target) return null;
  const p = port ?? (target.kind === 'service' ? target.svc.ports[0]?.port : target.ext.ports[0]?.port) ?? 80;
  const decision = meshDecision(ctx, caller, target.labels.service, req, p, protocol);
  return routeAndCall(ctx, caller, decision, target.labels, req, p, protocol, startMs, trace, depth);
};

interface Attempt {
  res: ServeResult;
  endMs: number;
  dc: boolean;
}

/**
 * Follows a route decision: fault injection, subsets, circuit breaking, attempts with retries and per-try
 * timeouts, the route timeout, mirroring; records reporter=destination rows (per attempt) and the
 * reporter=source row, and the client span when the request is traced.
 */
export function routeAndCall(
  ctx: SimContext,
  caller: Caller,
  decision: HttpRouteDecision | 'NR',
  requested: ServiceLabels,
  req: SimRequest,
  port: number,
  protocol: 'http' | 'grpc',
  startMs: number,
  trace: TraceCursor | null,
  depth: number,
): HttpOutcome {
  const rng = ctx.rng;
  const reqBytes = requestBytes(req);
  const spanId = trace && caller.proxy ? trace.recorder.newSpanId() : null;
  const childTrace = spanId && trace ? { recorder: trace.recorder, parentSpanId: spanId } : trace;
  const flags: string[] = [];
  let t = 0;
  let labels = requested;
  // Read by finish(): set once the destination is picked.
  const picked: { subset?: string; port?: number } = {};
  let dst: Peer = UNKNOWN_PEER;
  let mtls = false;

  const finish = (code: number, respBytes: number): HttpOutcome => {
    const flagText = flags.length ? flags.join(',') : '-';
    const durationMs = t + 0.2 + rng.next() * 0.3;
    if (caller.proxy) {
      const row: RequestRow = {
        reporter: 'source',
        src: caller.peer,
        dst,
        svc: labels,
        protocol,
        code,
        grpcStatus: protocol === 'grpc' ? grpcStatusFor(code) : '',
        flags: flagText,
        mtls,
      };
      if (caller.sourceReport) caller.sourceReport(row, durationMs, reqBytes, respBytes);
      else ctx.telemetry.recordRequest(row, durationMs, reqBytes, respBytes);
    }
    if (spanId && trace && caller.workload) {
      const w = caller.workload;
      const pod = w.pods[rng.int(w.pods.length)]!;
      const tags: Record<string, TagValue> = {
        component: 'proxy',
        node_id: nodeId(
          w.gateway ? 'router' : w.waypointFor !== null ? 'waypoint' : 'sidecar',
          pod.ip,
          pod.name,
          w.namespace,
        ),
        'guid:x-request-id': req.headers['x-request-id'] ?? '',
        'http.url': `http://${req.authority ?? labels.service}${req.path}`,
        'http.method': req.method,
        'http.protocol': protocol === 'grpc' ? 'HTTP/2' : 'HTTP/1.1',
        downstream_cluster: '-',
        'peer.address': pod.ip,
        request_size: String(reqBytes),
        response_size: String(respBytes),
        'http.status_code': String(code),
        response_flags: flagText,
        upstream_cluster: `outbound|${picked.port ?? port}|${picked.subset ?? ''}|${labels.service}`,
        'upstream_cluster.name': `outbound|${picked.port ?? port}|${picked.subset ?? ''}|${labels.service}`,
        'istio.canonical_service': w.canonicalService,
        'istio.canonical_revision': w.canonicalRevision,
        'istio.mesh_id': 'cluster.local',
        'istio.namespace': w.namespace,
        'istio.cluster_id': w.cluster ?? ctx.telemetry.cluster,
      };
      if (code >= 500 || code === 0) tags.error = true;
      trace.recorder.add({
        spanId,
        parentSpanId: trace.parentSpanId,
        service: jaegerService(w),
        operation: `${labels.service}:${picked.port ?? port}${w.gateway ? req.path.split('?')[0] : '/*'}`,
        kind: 'client',
        startMs,
        durationMs,
        tags,
        processTags: { hostname: pod.name, ip: pod.ip },
      });
    }
    return { code, flags: flagText, durationMs, responseBytes: respBytes };
  };

  if (decision === 'NR') {
    flags.push('NR');
    return finish(404, 0);
  }
  if (decision.localReply !== undefined) return finish(decision.localReply, 0);
  const dest = pickWeighted(decision.destinations, rng);
  if (!dest) {
    flags.push('NR');
    return finish(503, 0);
  }
  picked.subset = dest.subset;
  const subset = dest.subset;
  const target = resolveTarget(ctx, dest.host, null);
  labels = target?.labels ?? labelsForUnknownHost(dest.host);
  const destPort = dest.port ?? port;
  picked.port = destPort;
  if (!target) {
    flags.push('NC');
    return finish(503, 0);
  }
  if (decision.delay && rng.chance(decision.delay.percent / 100)) {
    t += decision.delay.ms;
    flags.push('DI');
  }
  if (decision.abort && rng.chance(decision.abort.percent / 100)) {
    flags.push('FI');
    return finish(decision.abort.httpStatus, 18);
  }
  if (target.kind === 'external') {
    t += rng.lognormal(60, 0.4);
    return finish(200, Math.round(rng.lognormal(4000, 0.5)));
  }
  const svc = target.svc;
  const dr = destinationRuleFor(ctx, svc.fqdn, caller.namespace, svc.namespace);
  let policy = dr?.policy;
  let endpoints = svc.workloads;
  if (subset !== undefined) {
    const s = dr?.subsets.get(subset);
    if (!s) {
      flags.push('NC');
      return finish(503, 0);
    }
    endpoints = endpoints.filter((w) => labelsMatch(s.labels, w.labels));
    policy = s.policy;
  }
  endpoints = endpoints.filter((w) => w.replicas > 0);
  if (endpoints.length === 0) {
    flags.push('UH');
    return finish(503, 19);
  }
  if (caller.proxy && hasPoolLimits(policy)) {
    const clusterKey = `${caller.peer.key}>${svc.fqdn}|${subset ?? ''}`;
    ctx.hit(clusterKey);
    if (overflows(policy, protocol, ctx.rate(clusterKey), rng)) {
      flags.push('UO');
      return finish(503, 81);
    }
  }
  const targetPort = svc.ports.find((sp) => sp.port === destPort)?.targetPort ?? destPort;
  const retries = caller.proxy ? decision.retries : NO_RETRIES;
  const routerStart = t;
  const attempts: Attempt[] = [];
  let last: { code: number; flags: string; respBytes: number } = { code: 503, flags: 'UH', respBytes: 0 };
  for (let i = 0; i <= retries.attempts; i++) {
    const w = pickWorkload(ctx, endpoints)!;
    const serverMode = w.sidecar ? mtlsModeOf(ctx, w, targetPort) : 'PERMISSIVE';
    const attemptMtls = usesMtls(caller, w, policy?.tlsMode, serverMode);
    const res = ctx.serve({
      caller,
      workload: w,
      labels,
      port: destPort,
      targetPort,
      protocol,
      req,
      mtls: attemptMtls,
      startMs: startMs + t,
      trace: childTrace,
      depth: depth + 1,
    });
    const perTryTimedOut =
      retries.perTryTimeoutMs !== undefined && !res.connFailed && res.durationMs > retries.perTryTimeoutMs;
    const took = perTryTimedOut ? retries.perTryTimeoutMs! : res.durationMs;
    attempts.push({ res, endMs: t + res.durationMs, dc: perTryTimedOut });
    t += took;
    dst = res.connFailed ? dst : peerOf(ctx, w);
    mtls = res.connFailed ? false : attemptMtls;
    if (res.connFailed) last = { code: 503, flags: 'UC', respBytes: 95 };
    else if (perTryTimedOut) last = { code: 504, flags: 'UT', respBytes: 24 };
    else last = { code: res.code, flags: res.flags, respBytes: res.responseBytes };
    const failed = res.connFailed || perTryTimedOut || last.code >= 500;
    if (!failed || i === retries.attempts || !isRetriable(retries, last.code, res.connFailed, perTryTimedOut)) break;
    t += 25 * (1 + rng.next());
  }
  // The route timeout starts in the router, after the fault filter's delay.
  if (decision.timeoutMs !== undefined && t - routerStart > decision.timeoutMs) {
    const deadline = routerStart + decision.timeoutMs;
    t = deadline;
    last = { code: 504, flags: 'UT', respBytes: 24 };
    for (const a of attempts) if (a.endMs > deadline) a.dc = true;
  }
  for (const a of attempts) {
    const row = a.res.destRow;
    if (!row) continue;
    const dc = a.dc ? { ...row, code: 0, flags: 'DC' } : row;
    ctx.telemetry.recordRequest(dc, a.res.durationMs, reqBytes, a.dc ? 0 : a.res.responseBytes);
  }
  for (const m of decision.mirrors)
    if (rng.chance(m.percent / 100)) mirror(ctx, caller, m.destination, req, destPort, protocol, startMs, depth);
  if (last.flags !== '-') flags.push(...last.flags.split(','));
  return finish(last.code, last.respBytes);
}

/** Sends a shadow copy of a request: the mirror's proxy reports it (reporter=destination); the response is dropped. */
function mirror(
  ctx: SimContext,
  caller: Caller,
  dest: RouteDestination,
  req: SimRequest,
  port: number,
  protocol: 'http' | 'grpc',
  startMs: number,
  depth: number,
): void {
  const target = resolveTarget(ctx, dest.host, null);
  if (!target || target.kind !== 'service') return;
  const svc = target.svc;
  const dr = destinationRuleFor(ctx, svc.fqdn, caller.namespace, svc.namespace);
  const subset = dest.subset !== undefined ? dr?.subsets.get(dest.subset) : undefined;
  if (dest.subset !== undefined && !subset) return;
  const endpoints = svc.workloads.filter((w) => w.replicas > 0 && (!subset || labelsMatch(subset.labels, w.labels)));
  const w = pickWorkload(ctx, endpoints);
  if (!w) return;
  const p = dest.port ?? port;
  const targetPort = svc.ports.find((sp) => sp.port === p)?.targetPort ?? p;
  const mtls = usesMtls(
    caller,
    w,
    (subset?.policy ?? dr?.policy)?.tlsMode,
    w.sidecar ? mtlsModeOf(ctx, w, targetPort) : 'PERMISSIVE',
  );
  const res = ctx.serve({
    caller,
    workload: w,
    labels: target.labels,
    port: p,
    targetPort,
    protocol,
    req,
    mtls,
    startMs,
    trace: null,
    depth: depth + 1,
  });
  if (res.destRow) ctx.telemetry.recordRequest(res.destRow, res.durationMs, 200, res.responseBytes);
}
