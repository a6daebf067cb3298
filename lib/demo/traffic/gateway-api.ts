/**
 * Gateway API routing in the traffic engine: HTTPRoute, GRPCRoute and TCPRoute for north-south traffic (routes
 * attached to a listener of a Gateway whose deployment Istio manages) and east-west traffic (GAMMA: routes whose
 * parent is a Service govern what sidecars send to that Service). Attachment, match precedence, backendRefs,
 * ReferenceGrant and filters come from lib/gateway-api; this module turns a chosen rule into the engine's
 * HttpRouteDecision. Modelling choices:
 *
 * - For a Service, a GAMMA route takes precedence over a VirtualService (istiod merges both into one route table;
 *   the demo does not model mixing them). Consumer routes (in the caller's namespace) win over producer routes
 *   (in the Service's namespace); a route in a third namespace governs nothing.
 * - A backendRef that does not resolve (missing Service or port, unsupported kind, cross-namespace without a
 *   ReferenceGrant) receives its weight's share of requests as a local `500`, as the specification requires; a
 *   rule without backendRefs answers 500 too; RequestRedirect answers its status (302 by default).
 * - Retries: a rule's `retry` (attempts, codes) replaces the mesh default (2 attempts on connect failures and 503),
 *   `timeouts.backendRequest` is the per-try timeout, `timeouts.request` the route timeout.
 */
import {
  applyRequestFilters,
  computeStatus,
  forwardingPlan,
  hostnameMatches,
  keyOf,
  listenerHostnameRank,
  pickBackend,
  routeHostnameScore,
  selectGrpcRule,
  selectHttpRule,
  worldFromObjects,
  type AnyRoute,
  type ForwardPlan,
  type GatewayApiWorld,
  type GRPCRouteRule,
  type HTTPRouteRule,
  type KObject,
  type ObjectMeta,
  type ParentResult,
  type RouteCandidate,
  type RuleSelection,
  type ServiceTarget,
  type TCPRouteRule,
} from '@/lib/gateway-api';
import type { KubeObject } from '../store/object-store';
import type { Caller, ServeResult, SimContext, SimRequest } from './context';
import { DOMAIN_SUFFIX, type MeshIndex } from './mesh-index';
import { retryPolicy, type HttpRouteDecision, type RouteDestination } from './routing';
import type { WorkloadInfo } from './types';

/** Pod label Istio puts on a Gateway's deployment (and its Service selects on). */
export const GATEWAY_NAME_LABEL = 'gateway.networking.k8s.io/gateway-name';

const GRPC_DEFAULT_RETRY_ON = 'connect-failure,refused-stream,unavailable,cancelled';

type RouteObject = AnyRoute['route'];

interface MeshRoute {
  kind: AnyRoute['kind'];
  route: RouteObject;
  /** parentRef.port: the route governs only this Service port. */
  port?: number;
}

interface ListenerRoutes {
  name: string;
  port: number;
  hostname?: string;
  protocol: string;
  http: RouteCandidate<HTTPRouteRule>[];
  grpc: RouteCandidate<GRPCRouteRule>[];
  tcp: RouteCandidate<TCPRouteRule>[];
  /** TLSRoutes (TLS Passthrough listeners), with the hostnames they get on the listener. */
  tls: RouteCandidate<TCPRouteRule>[];
}

const fqdnOf = (ns: string, name: string): string => `${name}.${ns}.${DOMAIN_SUFFIX}`;

/** Route tables derived from the mesh index, rebuilt when its generation changes. */
export class GatewayApiRouter {
  private generation = -1;
  private world: GatewayApiWorld | null = null;
  private mesh = new Map<string, MeshRoute[]>();
  private listeners = new Map<string, ListenerRoutes[]>();
  private plans = new Map<string, ForwardPlan>();

  constructor(private index: MeshIndex) {}

  private sync(): GatewayApiWorld {
    if (this.world && this.generation === this.index.generation) return this.world;
    this.generation = this.index.generation;
    this.mesh.clear();
    this.listeners.clear();
    this.plans.clear();
    const objects = [
      ...this.index.list('namespaces'),
      ...this.index.list('services'),
      ...this.index.list('k8sgateways'),
      ...this.index.list('httproutes'),
      ...this.index.list('grpcroutes'),
      ...this.index.list('tcproutes'),
      ...this.index.list('tlsroutes'),
      ...this.index.list('referencegrants'),
    ] as KObject[];
    const world = worldFromObjects(objects);
    this.world = world;
    if (world.routes.length === 0) return world;
    const { parents } = computeStatus(world);
    for (const r of world.routes) {
      for (const p of parents.get(`${r.kind}:${keyOf(r.route)}`) ?? []) this.index1(r, p);
    }
    return world;
  }

  private index1(r: AnyRoute, p: ParentResult): void {
    if (!p.ok) return;
    if (p.kind === 'Service') {
      const k = `${r.kind}|${fqdnOf(p.service.namespace, p.service.name)}`;
      this.mesh.set(k, [...(this.mesh.get(k) ?? []), { kind: r.kind, route: r.route, port: p.ref.port }]);
      return;
    }
    const gk = keyOf(p.gateway);
    if (!this.listeners.has(gk)) {
      this.listeners.set(
        gk,
        (p.gateway.spec?.listeners ?? []).map((l) => ({
          name: l.name,
          port: l.port,
          hostname: l.hostname,
          protocol: l.protocol,
          http: [],
          grpc: [],
          tcp: [],
          tls: [],
        })),
      );
    }
    const table = this.listeners.get(gk)!;
    for (const a of p.listeners) {
      const lr = table.find((t) => t.name === a.listener.name);
      if (!lr) continue;
      const cand = { route: r.route, hostnames: a.hostnames.includes('*') ? [] : a.hostnames };
      if (r.kind === 'HTTPRoute') lr.http.push(cand as RouteCandidate<HTTPRouteRule>);
      else if (r.kind === 'GRPCRoute') lr.grpc.push(cand as RouteCandidate<GRPCRouteRule>);
      else if (r.kind === 'TLSRoute') lr.tls.push(cand as RouteCandidate<TCPRouteRule>);
      else lr.tcp.push(cand as RouteCandidate<TCPRouteRule>);
    }
  }

  /**
   * GAMMA routes of a kind governing `fqdn:port` for a caller in `callerNs`: consumer routes (caller's namespace)
   * if any, else producer routes (the Service's namespace).
   */
  meshRoutes(kind: AnyRoute['kind'], fqdn: string, port: number, callerNs: string | null): RouteObject[] {
    this.sync();
    const all = (this.mesh.get(`${kind}|${fqdn}`) ?? []).filter((m) => m.port === undefined || m.port === port);
    if (all.length === 0) return [];
    const svcNs = fqdn.split('.')[1];
    const consumer = all.filter((m) => m.route.metadata.namespace === callerNs && callerNs !== svcNs);
    return (consumer.length > 0 ? consumer : all.filter((m) => m.route.metadata.namespace === svcNs)).map(
      (m) => m.route,
    );
  }

  /** The listener of a Gateway serving a request on `port` for `host` (most specific listener hostname first). */
  listenerFor(gatewayKey: string, port: number, host: string | undefined): ListenerRoutes | undefined {
    this.sync();
    const onPort = (this.listeners.get(gatewayKey) ?? []).filter((l) => l.port === port);
    return onPort
      .filter((l) => host === undefined || hostnameMatches(l.hostname, host.split(':')[0]!))
      .sort((a, b) => listenerHostnameRank(b.hostname) - listenerHostnameRank(a.hostname))[0];
  }

  /** The forwarding plan of one rule (memoised per generation). */
  plan(
    kind: string,
    route: { metadata: ObjectMeta },
    ruleIndex: number,
    rule: HTTPRouteRule | GRPCRouteRule | TCPRouteRule,
  ): ForwardPlan {
    const world = this.sync();
    const k = `${kind}:${keyOf(route)}#${ruleIndex}`;
    let p = this.plans.get(k);
    if (!p) {
      p = forwardingPlan(world, kind, route, rule);
      this.plans.set(k, p);
    }
    return p;
  }
}

const routers = new WeakMap<MeshIndex, GatewayApiRouter>();

/** The router of an engine (one per mesh index). */
export function routerOf(ctx: SimContext): GatewayApiRouter {
  let r = routers.get(ctx.index);
  if (!r) {
    r = new GatewayApiRouter(ctx.index);
    routers.set(ctx.index, r);
  }
  return r;
}

const targetHost = (t: ServiceTarget): string => fqdnOf(t.namespace, t.name);

/** The engine's decision for a request a selected rule serves; `req` is rewritten in place by the rule's filters. */
function decisionOf(
  ctx: SimContext,
  kind: string,
  sel: RuleSelection<HTTPRouteRule | GRPCRouteRule>,
  req: SimRequest,
): HttpRouteDecision {
  const plan = routerOf(ctx).plan(kind, sel.route, sel.ruleIndex, sel.rule);
  const local = (code: number): HttpRouteDecision => ({
    vs: null,
    destinations: [],
    retries: retryPolicy({ attempts: 0 }),
    mirrors: [],
    localReply: code,
  });
  if (plan.redirect) return local(plan.redirect.statusCode);
  const backend = pickBackend(plan.backends, ctx.rng.next());
  if (!backend?.target) return local(500);
  const matched =
    'matches' in sel.rule
      ? (sel.rule.matches?.[sel.matchIndex] as { path?: { type?: string; value?: string } } | undefined)
      : undefined;
  const prefix =
    matched?.path?.type === 'PathPrefix' || matched?.path === undefined ? (matched?.path?.value ?? '/') : undefined;
  const filtered = applyRequestFilters(
    [...plan.filters, ...backend.filters],
    { path: req.path, headers: req.headers, host: req.authority },
    prefix,
  );
  req.path = filtered.path;
  req.headers = filtered.headers;
  if (filtered.host !== undefined) req.authority = filtered.host;
  const retryOn = plan.retry
    ? [GRPC_DEFAULT_RETRY_ON, 'retriable-status-codes', ...plan.retry.codes].join(',')
    : undefined;
  const retries = retryPolicy(
    plan.retry
      ? {
          attempts: plan.retry.attempts,
          retryOn,
          ...(plan.backendTimeoutMs ? { perTryTimeout: `${plan.backendTimeoutMs}ms` } : {}),
        }
      : plan.backendTimeoutMs
        ? { perTryTimeout: `${plan.backendTimeoutMs}ms` }
        : undefined,
  );
  const destination: RouteDestination = { host: targetHost(backend.target), port: backend.target.port, weight: 100 };
  return {
    vs: sel.route as unknown as KubeObject,
    destinations: [destination],
    timeoutMs: plan.requestTimeoutMs,
    retries,
    mirrors: plan.mirrors.map((m) => ({
      destination: { host: targetHost(m), port: m.port, weight: 100 },
      percent: m.percent,
    })),
  };
}

function select(
  ctx: SimContext,
  http: readonly RouteCandidate<HTTPRouteRule>[],
  grpc: readonly RouteCandidate<GRPCRouteRule>[],
  req: SimRequest,
  protocol: 'http' | 'grpc',
  host: string | undefined,
): HttpRouteDecision | 'NR' {
  const m = { method: req.method, path: req.path, headers: req.headers, host };
  if (protocol === 'grpc' && grpc.length > 0) {
    const sel = selectGrpcRule(grpc, m);
    return sel ? decisionOf(ctx, 'GRPCRoute', sel, req) : 'NR';
  }
  const sel = selectHttpRule(http, m);
  return sel ? decisionOf(ctx, 'HTTPRoute', sel, req) : 'NR';
}

/**
 * East-west (GAMMA): the decision of a caller's sidecar for `fqdn:port` when HTTPRoutes (or, for gRPC, GRPCRoutes)
 * have that Service as parent; 'NR' (404) when they do but no rule matches; null when no route governs it.
 * `req` may be rewritten by the chosen rule's filters.
 */
export function gammaDecision(
  ctx: SimContext,
  caller: Caller,
  fqdn: string,
  req: SimRequest,
  port: number,
  protocol: 'http' | 'grpc',
): HttpRouteDecision | 'NR' | null {
  if (!caller.proxy) return null;
  const router = routerOf(ctx);
  const http = router.meshRoutes('HTTPRoute', fqdn, port, caller.namespace).map((route) => ({ route, hostnames: [] }));
  const grpc =
    protocol === 'grpc'
      ? router.meshRoutes('GRPCRoute', fqdn, port, caller.namespace).map((route) => ({ route, hostnames: [] }))
      : [];
  if (http.length === 0 && grpc.length === 0) return null;
  return select(
    ctx,
    http as RouteCandidate<HTTPRouteRule>[],
    grpc as RouteCandidate<GRPCRouteRule>[],
    req,
    protocol,
    undefined,
  );
}

/**
 * East-west TCP (GAMMA TCPRoute with the Service as parent): the weighted destinations of the oldest such route's
 * first rule, or null when none governs `fqdn:port`. Unresolved backends keep their weight with an empty host,
 * so their share of connections fails.
 */
export function gammaTcpDestinations(
  ctx: SimContext,
  caller: Caller,
  fqdn: string,
  port: number,
): RouteDestination[] | null {
  if (!caller.proxy) return null;
  const router = routerOf(ctx);
  const routes = router.meshRoutes('TCPRoute', fqdn, port, caller.namespace);
  const route = [...routes].sort((a, b) =>
    (a.metadata.creationTimestamp ?? '').localeCompare(b.metadata.creationTimestamp ?? ''),
  )[0];
  const rule = (route?.spec?.rules as TCPRouteRule[] | undefined)?.[0];
  if (!route || !rule) return null;
  const plan = router.plan('TCPRoute', route, 0, rule);
  return plan.backends.map((b) => ({
    host: b.target ? targetHost(b.target) : '',
    port: b.target?.port,
    weight: b.weight,
  }));
}

/**
 * North-south: how a Gateway API gateway workload (label `gateway.networking.k8s.io/gateway-name`) forwards a
 * request that arrived on service port `port`: the listener for the port and Host, the routes attached to it,
 * the rule by precedence. 'NR' (404) when no listener or rule matches; null when the workload is not a Gateway
 * API gateway.
 */
export function gatewayApiDecision(
  ctx: SimContext,
  gw: WorkloadInfo,
  req: SimRequest,
  port: number,
  protocol: 'http' | 'grpc',
): HttpRouteDecision | 'NR' | null {
  const name = gw.labels[GATEWAY_NAME_LABEL];
  if (!name) return null;
  const listener = routerOf(ctx).listenerFor(`${gw.namespace}/${name}`, port, req.authority);
  if (!listener) return 'NR';
  return select(ctx, listener.http, listener.grpc, req, protocol, req.authority);
}

/** The oldest route of `candidates` (then namespace/name), as the specification breaks ties between routes. */
function oldest<T extends { route: { metadata: ObjectMeta } }>(candidates: T[]): T | undefined {
  return [...candidates].sort(
    (a, b) =>
      (a.route.metadata.creationTimestamp ?? '').localeCompare(b.route.metadata.creationTimestamp ?? '') ||
      keyOf(a.route).localeCompare(keyOf(b.route)),
  )[0];
}

/**
 * North-south TCP and TLS at a Gateway API gateway: where a connection that arrived on service port `port` goes.
 * - A listener of protocol TLS, mode Passthrough, is chosen by the client's SNI (`sni`, the listener's hostname must
 *   match it); of its TLSRoutes, those whose hostnames match the SNI, the most specific hostname first (exact over
 *   wildcard, longer first), then the oldest route (TLSRoute `hostnames`, GEP-2643); the first rule's weighted
 *   backendRefs pick the destination. The gateway does not decrypt: what it reports is TCP (`istio_tcp_*`, reporter
 *   source, with the backend Service), as Istio's TLS passthrough does.
 * - A listener of protocol TCP (or TLS Terminate) takes the oldest TCPRoute attached to it.
 * Returns the destination (`host` empty for a backend that does not resolve), 'NR' when no listener or route takes
 * the connection (the gateway closes it), or null when the workload is not a Gateway API gateway.
 */
export function gatewayApiTcpDestination(
  ctx: SimContext,
  gw: WorkloadInfo,
  port: number,
  sni: string | undefined,
): RouteDestination | 'NR' | null {
  const name = gw.labels[GATEWAY_NAME_LABEL];
  if (!name) return null;
  const router = routerOf(ctx);
  const listener = router.listenerFor(`${gw.namespace}/${name}`, port, sni);
  if (!listener) return 'NR';
  let chosen: RouteCandidate<TCPRouteRule> | undefined;
  if (listener.tls.length > 0) {
    const scored = listener.tls
      .map((c) => ({ c, score: sni === undefined ? null : routeHostnameScore(c.hostnames ?? [], sni) }))
      .filter((x) => x.score !== null);
    const best = scored.reduce((m, x) => Math.max(m, x.score![0] * 1000 + x.score![1]), Number.NEGATIVE_INFINITY);
    chosen = oldest(scored.filter((x) => x.score![0] * 1000 + x.score![1] === best).map((x) => x.c));
  } else chosen = oldest(listener.tcp);
  const rule = chosen?.route.spec?.rules?.[0];
  if (!chosen || !rule) return 'NR';
  const plan = router.plan(listener.tls.length > 0 ? 'TLSRoute' : 'TCPRoute', chosen.route, 0, rule);
  const backend = pickBackend(plan.backends, ctx.rng.next());
  if (!backend) return 'NR';
  return {
    host: backend.target ? targetHost(backend.target) : '',
    port: backend.target?.port,
    weight: 100,
  };
}

/** A local reply of a gateway (no route): the shape serve() returns for the gateway itself. */
export function gatewayNoRoute(): ServeResult {
  return { code: 404, flags: 'NR', durationMs: 0.3, responseBytes: 0, connFailed: false, destRow: null };
}
