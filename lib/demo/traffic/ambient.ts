import type { KubeObject } from '../store/object-store';
import type { ProxyPod, ZtunnelRegistry, ZtunnelRow } from './ambient-telemetry';
import { isAllowed, type AuthzRequest } from './authz';
import { requestBytes, routeAndCall, type HttpCallWay } from './call-http';
import { gammaDecision } from './gateway-api';
import {
  mtlsModeOf,
  peerOf,
  policiesOf,
  resolveTarget,
  type Caller,
  type ServeResult,
  type SimContext,
  type SimRequest,
} from './context';
import { hash32, ROOT_NAMESPACE, type MeshIndex } from './mesh-index';
import { retryPolicy, type HttpRouteDecision } from './routing';
import type { Peer, ServiceLabels, TelemetryRegistry } from './telemetry';
import type { ServiceInfo, WorkloadInfo } from './types';

/**
 * Ambient mode in the traffic engine (Istio 1.24 semantics):
 *
 * - A workload captured by ztunnel (WorkloadInfo.ambient) sends through its node's ztunnel. Without a waypoint the
 *   connection goes ztunnel → ztunnel over HBONE (mutual TLS): the client's ztunnel reports reporter="source", the
 *   server's reporter="destination", both `istio_tcp_*` only (ztunnel's labels, traffic/ambient-telemetry.ts).
 * - A Service with `istio.io/use-waypoint` (or its namespace's label), naming a waypoint for `service` or `all`
 *   traffic, gets its traffic from captured clients through that waypoint: the client's ztunnel reports a
 *   connection to the waypoint workload (destination_service stays the Service, as ztunnel's
 *   `intended_destination_service`), the waypoint reports `istio_requests_total` and the histograms with
 *   reporter="waypoint" (the client as source, the picked endpoint as destination), applies the L7
 *   AuthorizationPolicies attached to it, and the server's ztunnel reports the waypoint as source.
 * - AuthorizationPolicy at ztunnel (destination side): selector / namespace policies only (targetRefs ones are for
 *   waypoints), converted as istiod converts them for ztunnel: an ALLOW rule with an HTTP attribute never matches,
 *   a DENY rule is enforced without its HTTP attributes (both "more restrictive than requested"). A denied
 *   connection is reported by the server's ztunnel with `response_flags="DENY"` and no bytes.
 * - Routing at the waypoint: GAMMA HTTPRoutes/GRPCRoutes attached to the Service (traffic/gateway-api.ts), else
 *   plain service routing with Istio's default retries.
 * - AuthorizationPolicy at the waypoint: policies whose `targetRefs` name the Service, the waypoint's Gateway, or
 *   (root namespace) the `istio-waypoint` GatewayClass; full HTTP semantics; a denial is a 403 from the waypoint.
 *   A targetRefs policy with no waypoint in the path is enforced by nobody.
 * - PeerAuthentication STRICT: ztunnel refuses plaintext from outside the mesh (reported as DENY); ztunnel to
 *   ztunnel is always mutual TLS, whatever the mode (DISABLE is ignored, as in Istio).
 *
 * Simplifications: every request is its own connection (connections_opened counts requests); only captured
 * clients use waypoints (sidecars and gateways reach ambient pods directly, over HBONE); the demo has one node,
 * so one ztunnel pod; bytes on a connection are the HTTP request/response sizes plus headers.
 */

/** Service, namespace label: the waypoint (Gateway name) the traffic to a Service goes through; `none` opts out. */
export const USE_WAYPOINT_LABEL = 'istio.io/use-waypoint';
/** Service, namespace label: the waypoint's namespace when it is not the Service's. */
export const USE_WAYPOINT_NAMESPACE_LABEL = 'istio.io/use-waypoint-namespace';
/** Gateway label: which traffic a waypoint handles (`service` (default), `workload`, `all`, `none`). */
export const WAYPOINT_FOR_LABEL = 'istio.io/waypoint-for';
/** The GatewayClass of waypoints. */
export const WAYPOINT_CLASS = 'istio-waypoint';

const GATEWAY_GROUP = 'gateway.networking.k8s.io';
/** Header bytes added to an HTTP message on the wire (what ztunnel counts beyond the bodies). */
const HEADER_BYTES = 140;

/** Per-index memo, cleared when the mesh index rebuilds. */
function memo<V>(
  store: WeakMap<MeshIndex, { gen: number; map: Map<string, V> }>,
  index: MeshIndex,
  key: string,
  compute: () => V,
): V {
  let e = store.get(index);
  if (!e || e.gen !== index.generation) store.set(index, (e = { gen: index.generation, map: new Map() }));
  if (e.map.has(key)) return e.map.get(key) as V;
  const v = compute();
  e.map.set(key, v);
  return v;
}

const ztunnelMemo = new WeakMap<MeshIndex, { gen: number; map: Map<string, ProxyPod[]> }>();
const waypointMemo = new WeakMap<MeshIndex, { gen: number; map: Map<string, WorkloadInfo | null> }>();
const podMemo = new WeakMap<MeshIndex, { gen: number; map: Map<string, ProxyPod> }>();

function podLabels(index: MeshIndex, ns: string, name: string): Record<string, string> | undefined {
  return index.list('pods').find((p) => p.metadata.namespace === ns && p.metadata.name === name)?.metadata.labels;
}

/**
 * The ztunnel pod serving a workload's node: the `app=ztunnel` pods of istio-system (a DaemonSet's, one per node;
 * the demo has one node), else a made-up `ztunnel-xxxxx` when the store has none (unit tests without controllers).
 */
export function ztunnelPodFor(ctx: SimContext, w: WorkloadInfo | null): ProxyPod {
  const pods = memo(ztunnelMemo, ctx.index, '', () =>
    ctx.index
      .list('pods')
      .filter((p) => p.metadata.namespace === ROOT_NAMESPACE && p.metadata.labels?.app === 'ztunnel')
      .sort((a, b) => a.metadata.name.localeCompare(b.metadata.name))
      .map((p): ProxyPod => ({
        kind: 'ztunnel',
        namespace: ROOT_NAMESPACE,
        name: p.metadata.name,
        ip: (p.status?.podIP as string | undefined) ?? '172.18.0.2',
        labels: p.metadata.labels ?? {},
      })),
  );
  if (pods.length === 0)
    return {
      kind: 'ztunnel',
      namespace: ROOT_NAMESPACE,
      name: 'ztunnel-demo0',
      ip: '172.18.0.2',
      labels: { app: 'ztunnel' },
    };
  return pods[hash32(w?.key ?? '') % pods.length]!;
}

/** The (first) pod of a waypoint workload, with its labels from the store when the pod exists. */
function waypointPod(ctx: SimContext, wp: WorkloadInfo): ProxyPod {
  return memo(podMemo, ctx.index, wp.key, () => {
    const pod = wp.pods[0]!;
    return {
      kind: 'waypoint',
      namespace: wp.namespace,
      name: pod.name,
      ip: pod.ip,
      labels: podLabels(ctx.index, wp.namespace, pod.name) ?? wp.labels,
    };
  });
}

/**
 * The waypoint that serves a Service's traffic, as istiod resolves it: the Service's `istio.io/use-waypoint`
 * label, else its namespace's (`none` opts out), naming a Gateway in `istio.io/use-waypoint-namespace` (default:
 * the Service's namespace); the waypoint is the running workload istiod deployed for that Gateway, and only counts
 * when the Gateway's `istio.io/waypoint-for` is `service` (the default) or `all`. Null when there is none.
 */
export function waypointFor(ctx: SimContext, svc: ServiceInfo): WorkloadInfo | null {
  return memo(waypointMemo, ctx.index, svc.fqdn, () => {
    const own = svc.labels ?? {};
    const ns = ctx.index.namespaceLabels(svc.namespace);
    const fromSvc = own[USE_WAYPOINT_LABEL] !== undefined;
    const name = fromSvc ? own[USE_WAYPOINT_LABEL] : ns[USE_WAYPOINT_LABEL];
    if (!name || name === 'none') return null;
    const wpNs = (fromSvc ? own[USE_WAYPOINT_NAMESPACE_LABEL] : ns[USE_WAYPOINT_NAMESPACE_LABEL]) ?? svc.namespace;
    let wp: WorkloadInfo | null = null;
    for (const w of ctx.index.workloads.values()) {
      if (w.namespace === wpNs && w.waypointFor === name && w.replicas > 0) {
        wp = w;
        break;
      }
    }
    if (!wp) return null;
    const gateway = ctx.index
      .list('k8sgateways')
      .find((g) => g.metadata.namespace === wpNs && g.metadata.name === name);
    const forWhat = gateway?.metadata.labels?.[WAYPOINT_FOR_LABEL] ?? wp.labels[WAYPOINT_FOR_LABEL] ?? 'service';
    return forWhat === 'service' || forWhat === 'all' ? wp : null;
  });
}

interface TargetRef {
  group?: string;
  kind?: string;
  name?: string;
}

function targetRefsOf(p: KubeObject): TargetRef[] {
  const refs = (Array.isArray(p.spec?.targetRefs) ? p.spec.targetRefs : []) as TargetRef[];
  return p.spec?.targetRef ? [...refs, p.spec.targetRef as TargetRef] : refs;
}

/**
 * AuthorizationPolicies a waypoint enforces for traffic to a Service: `targetRefs` naming the Service (core group,
 * same namespace), the waypoint's Gateway (gateway.networking.k8s.io, the waypoint's namespace), or the
 * `istio-waypoint` GatewayClass (root namespace).
 */
export function waypointPolicies(
  index: MeshIndex,
  svc: Pick<ServiceInfo, 'name' | 'namespace'>,
  wp: WorkloadInfo,
): KubeObject[] {
  return index.list('authorizationpolicies').filter((p) =>
    targetRefsOf(p).some((r) => {
      const ns = p.metadata.namespace;
      if (r.kind === 'Service' && !r.group) return ns === svc.namespace && r.name === svc.name;
      if (r.kind === 'Gateway' && r.group === GATEWAY_GROUP) return ns === wp.namespace && r.name === wp.waypointFor;
      if (r.kind === 'GatewayClass' && r.group === GATEWAY_GROUP)
        return ns === ROOT_NAMESPACE && r.name === WAYPOINT_CLASS;
      return false;
    }),
  );
}

/**
 * Gateway API routing at the waypoint: HTTPRoutes/GRPCRoutes whose `parentRefs` name the Service (GAMMA) apply at
 * its waypoint, with the waypoint as the caller (so the Service's namespace's routes: producer routes). Returns
 * the route decision ('NR' when routes exist but none matches), or null for plain service routing. VirtualServices
 * are not applied at waypoints (Istio supports them there only as alpha).
 */
export function waypointRouteDecision(
  ctx: SimContext,
  waypoint: Caller,
  svc: ServiceInfo,
  req: SimRequest,
  port: number,
  protocol: 'http' | 'grpc',
): HttpRouteDecision | 'NR' | null {
  return gammaDecision(ctx, waypoint, svc.fqdn, req, port, protocol);
}

/** Whether ztunnel's L4 authorization at the destination admits a connection (istiod's ztunnel conversion). */
export function ztunnelAllows(
  ctx: SimContext,
  w: WorkloadInfo,
  principal: string | null,
  namespace: string | null,
  port: number,
): boolean {
  const policies = policiesOf(ctx, w);
  if (policies.length === 0) return true;
  return isAllowed(policies, {
    principal: principal ? principal.replace(/^spiffe:\/\//, '') : '',
    namespace: principal && namespace ? namespace : '',
    method: '',
    path: '',
    host: '',
    port,
    headers: {},
    tcp: true,
  });
}

/** One L4 hop into workload `w` (ztunnel or not on either side), with what each ztunnel will report. */
interface L4Hop {
  allowed: boolean;
  /** Reports the connection (with the bytes relayed) once its outcome is known. */
  record(received: number, sent: number): void;
}

/**
 * Opens an L4 connection from `caller` to workload `w` on `targetPort` as ambient does: null when neither side is
 * captured by ztunnel (sidecar / plain traffic, handled elsewhere). HBONE when the server is ambient and the client
 * is captured or has a proxy; the server's ztunnel enforces PeerAuthentication STRICT (plaintext is refused) and
 * its L4 AuthorizationPolicies.
 */
function l4Hop(ctx: SimContext, caller: Caller, w: WorkloadInfo, svc: ServiceLabels, targetPort: number): L4Hop | null {
  const fromZtunnel = caller.workload?.ambient === true;
  if (!fromZtunnel && !w.ambient) return null;
  const hbone = w.ambient && (fromZtunnel || caller.proxy);
  const src: Peer | null = caller.workload ? peerOf(ctx, caller.workload) : null;
  const dst = peerOf(ctx, w);
  const srcZ = fromZtunnel ? ctx.ambient.ztunnel(ztunnelPodFor(ctx, caller.workload)) : null;
  const dstZ = w.ambient ? ctx.ambient.ztunnel(ztunnelPodFor(ctx, w)) : null;
  const principal = hbone && src ? src.principal : null;
  const sourceRow = (flags: ZtunnelRow['flags']): ZtunnelRow => ({
    reporter: 'source',
    src,
    srcPrincipal: principal,
    dst,
    svc,
    flags,
    mtls: hbone,
  });
  // Plaintext from outside the mesh: the server's ztunnel knows nothing about the peer.
  const destRow = (flags: ZtunnelRow['flags']): ZtunnelRow => ({
    reporter: 'destination',
    src: hbone ? src : null,
    srcPrincipal: principal,
    dst,
    svc,
    flags,
    mtls: hbone,
  });
  let allowed = true;
  if (dstZ) {
    const strictRefuses = !hbone && mtlsModeOf(ctx, w, targetPort) === 'STRICT';
    allowed = !strictRefuses && ztunnelAllows(ctx, w, principal, caller.namespace, targetPort);
  }
  if (!allowed) {
    dstZ!.recordConnection(destRow('DENY'), 0, 0);
    srcZ?.recordConnection(sourceRow('-'), 0, 0);
    return { allowed, record() {} };
  }
  return {
    allowed,
    record(received, sent) {
      dstZ?.recordConnection(destRow('-'), received, sent);
      srcZ?.recordConnection(sourceRow('-'), received, sent);
    },
  };
}

/** What `serve` must do for a request arriving over ambient L4: refuse it, or report it once answered. */
export interface L4Admission {
  refused: ServeResult | null;
  finish(res: ServeResult): void;
}

/**
 * Hook of traffic/serve.ts: the L4 side of a request reaching workload `call.workload` when the client or the
 * server is captured by ztunnel (null otherwise). A refused connection looks to the client like a reset
 * (`connFailed`); an admitted one is reported by the ztunnels when `finish` gets the response.
 */
export function admitL4(
  ctx: SimContext,
  call: { caller: Caller; workload: WorkloadInfo; labels: ServiceLabels; targetPort: number; req: SimRequest },
): L4Admission | null {
  const hop = l4Hop(ctx, call.caller, call.workload, call.labels, call.targetPort);
  if (!hop) return null;
  if (!hop.allowed) {
    const refused: ServeResult = {
      code: 0,
      flags: 'UC',
      durationMs: 0.5 + ctx.rng.next(),
      responseBytes: 0,
      connFailed: true,
      destRow: null,
    };
    return { refused, finish() {} };
  }
  return {
    refused: null,
    finish: (res) => hop.record(requestBytes(call.req) + HEADER_BYTES, res.responseBytes + HEADER_BYTES),
  };
}

/** The row the client's ztunnel reports for its HBONE connection to the waypoint `wp` (reporter=source). */
function hboneToWaypoint(ctx: SimContext, client: Peer, wp: WorkloadInfo, svc: ServiceLabels): ZtunnelRow {
  return {
    reporter: 'source',
    src: client,
    srcPrincipal: client.principal,
    dst: peerOf(ctx, wp),
    svc,
    flags: '-',
    mtls: true,
  };
}

/** Whether a waypoint's `policies` admit a request or connection from `client` (identity of its HBONE connection). */
function waypointAdmits(
  policies: KubeObject[],
  client: Peer,
  req: Omit<AuthzRequest, 'principal' | 'namespace'>,
): boolean {
  return isAllowed(policies, {
    principal: client.principal.replace(/^spiffe:\/\//, ''),
    namespace: client.namespace,
    ...req,
  });
}

function waypointCaller(ctx: SimContext, wp: WorkloadInfo, client: Peer, registry: TelemetryRegistry): Caller {
  return {
    workload: wp,
    peer: peerOf(ctx, wp),
    proxy: true,
    namespace: wp.namespace,
    labels: wp.labels,
    // The waypoint reports the request once, as reporter="waypoint", with the original client as the source and
    // the mutual TLS of the HBONE connection it arrived on.
    sourceReport: (row, durationMs, reqBytes, respBytes) =>
      registry.recordRequest(
        { ...row, reporter: 'waypoint', src: client, mtls: true },
        durationMs,
        reqBytes,
        respBytes,
      ),
  };
}

/**
 * Hook of the engine's call dispatch: an HTTP/gRPC call from a ztunnel-captured client to a Service that has a
 * waypoint goes through the waypoint (see the module comment). Null when the call does not (the normal path
 * applies, and serve's admitL4 reports the L4 side).
 */
export const callViaWaypoint: HttpCallWay = (ctx, caller, host, port, protocol, req, startMs, trace, depth) => {
  if (!caller.workload?.ambient) return null;
  const target = resolveTarget(ctx, host, caller.namespace);
  if (!target || target.kind !== 'service') return null;
  const wp = waypointFor(ctx, target.svc);
  if (!wp) return null;
  const p = port ?? target.svc.ports[0]?.port ?? 80;
  const client = peerOf(ctx, caller.workload);
  const registry = ctx.ambient.waypoint(waypointPod(ctx, wp));
  const srcZ: ZtunnelRegistry = ctx.ambient.ztunnel(ztunnelPodFor(ctx, caller.workload));
  const toWaypoint = hboneToWaypoint(ctx, client, wp, target.labels);
  const policies = waypointPolicies(ctx.index, target.svc, wp);
  const denied =
    policies.length > 0 &&
    !waypointAdmits(policies, client, {
      method: req.method,
      path: req.path,
      host: req.authority ?? target.labels.service,
      port: p,
      headers: req.headers,
      tcp: false,
    });
  const wpCaller = waypointCaller(ctx, wp, client, registry);
  const decision: HttpRouteDecision | 'NR' = denied
    ? { vs: null, destinations: [], retries: retryPolicy({ attempts: 0 }), mirrors: [], localReply: 403 }
    : (waypointRouteDecision(ctx, wpCaller, target.svc, req, p, protocol) ?? {
        vs: null,
        destinations: [{ host: target.svc.fqdn, weight: 100 }],
        retries: retryPolicy(undefined),
        mirrors: [],
      });
  const hopMs = 0.3;
  const out = routeAndCall(ctx, wpCaller, decision, target.labels, req, p, protocol, startMs + hopMs, trace, depth);
  srcZ.recordConnection(toWaypoint, requestBytes(req) + HEADER_BYTES, out.responseBytes + HEADER_BYTES);
  return { ...out, durationMs: out.durationMs + hopMs };
};

/**
 * Hook of traffic/call-tcp.ts: a TCP connection to endpoint `w` of `svc` when the client or the server is captured
 * by ztunnel (null otherwise). Through the Service's waypoint when the client is captured and one is attached (the
 * waypoint reports `istio_tcp_*` with reporter="waypoint" and enforces its policies' L4 parts), else ztunnel to
 * ztunnel. Returns the connection's duration.
 */
export function tcpViaAmbient(
  ctx: SimContext,
  caller: Caller,
  w: WorkloadInfo,
  svc: ServiceInfo,
  labels: ServiceLabels,
  targetPort: number,
  bytes: number,
): { durationMs: number } | null {
  const answer = bytes + 6;
  const wp = caller.workload?.ambient ? waypointFor(ctx, svc) : null;
  if (!wp) {
    const hop = l4Hop(ctx, caller, w, labels, targetPort);
    if (!hop) return null;
    hop.record(hop.allowed ? bytes : 0, hop.allowed ? answer : 0);
    return { durationMs: hop.allowed ? ctx.rng.lognormal(3, 0.4) : 2 };
  }
  const client = peerOf(ctx, caller.workload!);
  const registry = ctx.ambient.waypoint(waypointPod(ctx, wp));
  const srcZ = ctx.ambient.ztunnel(ztunnelPodFor(ctx, caller.workload));
  const policies = waypointPolicies(ctx.index, svc, wp);
  const allowedAtWaypoint =
    policies.length === 0 ||
    waypointAdmits(policies, client, {
      method: '',
      path: '',
      host: labels.service,
      port: targetPort,
      headers: {},
      tcp: true,
    });
  const hop = allowedAtWaypoint ? l4Hop(ctx, waypointCaller(ctx, wp, client, registry), w, labels, targetPort) : null;
  const ok = allowedAtWaypoint && (hop?.allowed ?? true);
  hop?.record(ok ? bytes : 0, ok ? answer : 0);
  registry.recordTcp(
    { reporter: 'waypoint', src: client, dst: peerOf(ctx, w), svc: labels, flags: '-', mtls: true },
    ok ? bytes : 0,
    ok ? answer : 0,
  );
  srcZ.recordConnection(hboneToWaypoint(ctx, client, wp, labels), ok ? bytes : 0, ok ? answer : 0);
  return { durationMs: ok ? ctx.rng.lognormal(3.5, 0.4) : 2 };
}
