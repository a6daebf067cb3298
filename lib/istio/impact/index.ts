/**
 * Impact preview (no other console has it): given the traffic observed in the last graph window, what a new, changed
 * or deleted AuthorizationPolicy, PeerAuthentication, VirtualService/DestinationRule or Gateway API route
 * (HTTPRoute, GRPCRoute, TCPRoute for mesh traffic) would do to it — the edges it would deny, break or reroute, with
 * their rates. Ambient destinations (the graph's `isAmbient`) are judged where ambient enforces policies, ztunnel or
 * the waypoint (`./ambient.ts`). Pure and isomorphic: the page hands it the graph and the config.
 */
import {
  ambientNotes,
  authorizeAmbient,
  authorizeAtZtunnel,
  enforcementOf,
  policyHttpAttributes,
  waypointPrincipal,
  type AmbientContext,
  type ImpactNote,
} from './ambient';
import { ambientRoutingNotes, bypassesRoutes, isRoutingObject } from './ambient-routing';
import { authorize, policySelects, type Decision } from './authz';
import { edgeBase, endpointName, type Endpoint, type TrafficEdge } from './edges';
import { faultImpact } from './faults';
import { gatewayRoutingImpact, isGatewayRoute } from './gateway-api';
import { routingImpact } from './routing';

export type { AmbientContext, AmbientWaypoint, ImpactNote } from './ambient';
export { edgesFromGraph, endpointName, type Endpoint, type GraphJsonLike, type TrafficEdge } from './edges';
export { generatePolicies, policyWindows, trafficBasis, type GeneratedPolicies, type TrafficBasis } from './generate';

type Json = Record<string, unknown>;

/**
 * `abort`/`delay`: fault injection on the edge's requests; `timeout`: a new route timeout; `retry`: a new retry
 * policy (extra requests when the destination fails); the others as named.
 */
export type ImpactEffect =
  'deny' | 'maybe-deny' | 'allow' | 'break' | 'abort' | 'delay' | 'timeout' | 'retry' | 'reroute';

export interface ImpactEdge {
  effect: ImpactEffect;
  source: string;
  destination: string;
  sourceId: string;
  destinationId: string;
  protocol: TrafficEdge['protocol'];
  /** The edge's observed rate: requests per second (HTTP, gRPC) or bytes per second (TCP). */
  rate: number;
  /** The part of `rate` affected (a reroute of 80 % moves 0.8 × rate). */
  affectedRate: number;
  detail: string;
}

export interface ImpactContext {
  edges: TrafficEdge[];
  /** Every Istio object of the affected kinds as the cluster has it now (full objects). */
  config: Json[];
  rootNamespace: string;
  /** Workloads with their labels (optional): lets routing previews see versions that get no traffic yet. */
  workloads?: { namespace: string; name: string; labels: Record<string, string> }[];
  /** The waypoints and what they serve (optional): without it, no edge is judged at a waypoint. */
  ambient?: AmbientContext;
  /**
   * Services with their ports and the workloads they select (optional): Gateway API routes name Services as
   * backends, so their previews need them (without them a route change yields nothing).
   */
  services?: ImpactService[];
}

/** A Service as the Gateway API route previews read it. */
export interface ImpactService {
  namespace: string;
  name: string;
  ports: number[];
  /** Names of the workloads (in the Service's namespace) it selects. */
  workloads: string[];
}

const keyOf = (o: Json) => {
  const m = (o.metadata ?? {}) as { namespace?: string; name?: string };
  return `${String(o.kind)}/${m.namespace || 'default'}/${m.name ?? ''}`;
};

/** The config with `before` replaced by `after` (either may be null: create or delete). */
export function applyChange(config: Json[], before: Json | null, after: Json | null): Json[] {
  const drop = new Set([before, after].filter((o): o is Json => !!o).map(keyOf));
  return [...config.filter((o) => !drop.has(keyOf(o))), ...(after ? [after] : [])];
}

const DECISION_TEXT: Record<Decision, string> = { allow: 'allowed', deny: 'denied (403)', maybe: 'partly denied' };

/** A decision in words: ztunnel refuses the connection, a sidecar or waypoint answers 403. */
function decisionText(d: Decision, at: ReturnType<typeof enforcementOf>['at']): string {
  return d === 'deny' && at === 'ztunnel' ? 'refused by ztunnel' : DECISION_TEXT[d];
}

/**
 * Edges whose authorization decision changes: `deny` (allowed now, denied after), `maybe-deny` (some of its requests,
 * depending on method/path/headers), `allow` (denied now, allowed after). Edges into ambient workloads are judged
 * where ambient enforces (`./ambient.ts`); the legs into and out of a waypoint are not listed (the client →
 * destination edge carries their decision).
 */
export function authorizationImpact(ctx: ImpactContext, nextConfig: Json[]): ImpactEdge[] {
  const policiesOf = (config: Json[]) => config.filter((o) => o.kind === 'AuthorizationPolicy');
  const now = policiesOf(ctx.config);
  const next = policiesOf(nextConfig);
  const out: ImpactEdge[] = [];
  for (const e of ctx.edges) {
    if (e.rate <= 0 || e.destination.nodeType === 'unknown') continue;
    const where = enforcementOf(e, ctx.ambient);
    if (where.at === 'skip') continue;
    const facts = { principal: (e.mtlsShare ?? 1) > 0 ? e.sourcePrincipal : null, destination: e.destination };
    const judge = (policies: Json[]) =>
      where.at === 'sidecar'
        ? authorize(policies, facts, ctx.rootNamespace)
        : authorizeAmbient(policies, facts, where, ctx.ambient, ctx.rootNamespace);
    const a = judge(now);
    const b = judge(next);
    if (a === b) continue;
    const effect: ImpactEffect = b === 'deny' ? 'deny' : b === 'maybe' && a === 'allow' ? 'maybe-deny' : 'allow';
    let why = !facts.principal && b === 'deny' ? ' (no mTLS identity to match)' : '';
    if (where.at === 'ztunnel' && b === 'deny') {
      const http = next.filter((p) => policySelects(p, e.destination, ctx.rootNamespace)).flatMap(policyHttpAttributes);
      if (http.length) why += ` (ztunnel cannot read ${[...new Set(http)].join(', ')}: enforced as L4)`;
    }
    if (where.at === 'waypoint') {
      why += ` at waypoint ${where.waypoint.namespace}/${where.waypoint.name}`;
      const principal = waypointPrincipal(ctx.ambient ?? { waypoints: [] }, where.waypoint);
      if (b === 'deny' && authorizeAtZtunnel(next, { ...facts, principal }, ctx.rootNamespace) === 'deny')
        why += ` (ztunnel refuses the waypoint's identity ${principal})`;
    }
    out.push({
      ...edgeBase(e),
      effect,
      affectedRate: e.rate,
      detail: `${decisionText(a, where.at)} → ${decisionText(b, where.at)}${why}`,
    });
  }
  return sortImpact(out);
}

type MtlsMode = 'STRICT' | 'PERMISSIVE' | 'DISABLE' | 'UNSET';

/**
 * Effective mTLS mode of a destination: workload policy, then namespace, then mesh (root namespace); PERMISSIVE.
 * For an ambient destination DISABLE reads as PERMISSIVE.
 */
export function effectiveMtls(config: Json[], dest: TrafficEdge['destination'], rootNamespace: string): MtlsMode {
  const pas = config.filter((o) => o.kind === 'PeerAuthentication');
  const mode = (p: Json | undefined) =>
    ((p?.spec as { mtls?: { mode?: string } } | undefined)?.mtls?.mode ?? 'UNSET') as MtlsMode;
  const ns = (p: Json) => String((p.metadata as { namespace?: string }).namespace ?? 'default');
  const selector = (p: Json) =>
    (p.spec as { selector?: { matchLabels?: Record<string, string> } } | undefined)?.selector?.matchLabels;
  const workload = pas.find(
    (p) =>
      ns(p) === dest.namespace && selector(p) && Object.entries(selector(p)!).every(([k, v]) => dest.labels[k] === v),
  );
  const namespace = pas.find((p) => ns(p) === dest.namespace && !selector(p));
  const mesh = pas.find((p) => ns(p) === rootNamespace && !selector(p));
  for (const p of [workload, namespace, mesh]) {
    if (!p || mode(p) === 'UNSET') continue;
    // ztunnel always speaks mTLS (HBONE): DISABLE is ignored, the workload accepts both (Istio "Use Layer 4
    // security policy"; istiod's ambient conversion treats DISABLE as not STRICT)
    return dest.ambient && mode(p) === 'DISABLE' ? 'PERMISSIVE' : mode(p);
  }
  return 'PERMISSIVE';
}

/** Edges a PeerAuthentication change would break: plaintext traffic into a workload that becomes STRICT. */
export function peerAuthenticationImpact(ctx: ImpactContext, next: Json[]): ImpactEdge[] {
  const out: ImpactEdge[] = [];
  for (const e of ctx.edges) {
    if (e.rate <= 0 || e.destination.nodeType === 'unknown') continue;
    const a = effectiveMtls(ctx.config, e.destination, ctx.rootNamespace);
    const b = effectiveMtls(next, e.destination, ctx.rootNamespace);
    if (a === b) continue;
    const plaintext = e.mtlsShare === null ? (e.sourcePrincipal ? 0 : 1) : 1 - e.mtlsShare;
    if (b === 'STRICT' && plaintext > 0) {
      out.push({
        ...edgeBase(e),
        effect: 'break',
        affectedRate: e.rate * plaintext,
        detail: `${Math.round(plaintext * 100)} % plaintext → rejected under STRICT mTLS (was ${a})`,
      });
    }
  }
  return sortImpact(out);
}

const ORDER: Record<ImpactEffect, number> = {
  break: 0,
  abort: 1,
  deny: 2,
  'maybe-deny': 3,
  delay: 4,
  timeout: 5,
  retry: 6,
  reroute: 7,
  allow: 8,
};

export function sortImpact(edges: ImpactEdge[]): ImpactEdge[] {
  return edges.sort(
    (a, b) => ORDER[a.effect] - ORDER[b.effect] || b.affectedRate - a.affectedRate || a.source.localeCompare(b.source),
  );
}

export interface Change {
  before: Json | null;
  after: Json | null;
}

const specOf = (o: Json | null) => (o ? JSON.stringify(o.spec ?? null) : null);

/**
 * The impact of a set of changes saved together (a wizard's DestinationRule and VirtualService; one object's edit):
 * the config as it would be after all of them, judged against the observed traffic. AuthorizationPolicy,
 * PeerAuthentication, VirtualService, DestinationRule and Gateway API route (HTTPRoute, GRPCRoute, TCPRoute) changes
 * are previewed (routing, fault injection, timeouts, retries); other kinds yield nothing. A change whose spec is
 * unchanged is no change. The baseline is the config with each change's `before` in place: the object the user started
 * from is the live one, even while the config list (refreshed every few seconds) still holds an older version, so the
 * preview after a save is empty, not the old impact.
 */
export function impactOfChanges(ctx: ImpactContext, allChanges: Change[]): ImpactEdge[] {
  const changes = allChanges.filter((c) => specOf(c.before) !== specOf(c.after));
  if (!changes.length) return [];
  const now = changes.reduce((config, c) => applyChange(config, c.before, c.before), ctx.config);
  const base: ImpactContext = { ...ctx, config: now };
  const next = changes.reduce((config, c) => applyChange(config, c.before, c.after), now);
  const kinds = new Set(changes.map((c) => String((c.after ?? c.before)?.kind ?? '')));
  const out: ImpactEdge[] = [];
  if (kinds.has('AuthorizationPolicy')) out.push(...authorizationImpact(base, next));
  if (kinds.has('PeerAuthentication')) out.push(...peerAuthenticationImpact(base, next));
  // routing rules: ambient clients of a Service with no waypoint go ztunnel to ztunnel, which applies none of them
  const routed: ImpactContext = { ...base, edges: base.edges.filter((e) => !bypassesRoutes(e, ctx.ambient)) };
  const routing = changes
    .map((c) => c.after ?? c.before)
    .filter((o): o is Json => !!o && (o.kind === 'VirtualService' || o.kind === 'DestinationRule'));
  if (routing.length) out.push(...routingImpact(routed, next, routing));
  const services = routing
    .filter((o) => o.kind === 'VirtualService')
    .flatMap((o) => {
      const ns = String((o.metadata as { namespace?: string } | undefined)?.namespace ?? 'default');
      const hosts = (o.spec as { hosts?: unknown } | undefined)?.hosts;
      return (Array.isArray(hosts) ? hosts : [])
        .map(String)
        .filter((h) => h && !h.startsWith('*'))
        .map((h) => (h.includes('.') ? h : `${h}.${ns}.svc.cluster.local`));
    });
  if (services.length) out.push(...faultImpact(routed, next, services));
  const routes = changes.flatMap((c) => [c.before, c.after]).filter((o): o is Json => isGatewayRoute(o));
  if (routes.length) out.push(...gatewayRoutingImpact(routed, next, routes));
  return sortImpact(out);
}

/** The impact of replacing `before` with `after` (either null for create/delete). */
export function impactOfChange(ctx: ImpactContext, before: Json | null, after: Json | null): ImpactEdge[] {
  return impactOfChanges(ctx, [{ before, after }]);
}

/** The endpoints and Services the observed edges reach (for notes that no single edge shows). */
function observedDestinations(edges: TrafficEdge[]) {
  const destinations = new Map<string, Endpoint>();
  const services = new Map<string, { namespace: string; name: string; destination: Endpoint }>();
  for (const e of edges) {
    if (e.destination.nodeType === 'unknown') continue;
    destinations.set(e.destination.id, e.destination);
    if (e.service)
      services.set(`${e.service.namespace}/${e.service.name} ${e.destination.id}`, {
        ...e.service,
        destination: e.destination,
      });
  }
  return { destinations: [...destinations.values()], services: [...services.values()] };
}

/**
 * Remarks on the changed objects that the edge list cannot show (ambient mode): an AuthorizationPolicy attached with
 * `targetRefs` to Services no waypoint serves enforces nothing; one with HTTP attributes that selects ambient
 * workloads is enforced by ztunnel without them; a PeerAuthentication DISABLE on ambient workloads is ignored; a
 * VirtualService or Gateway API route for a Service is enforced by its waypoint, or not at all for ambient clients
 * when it has none (./ambient-routing.ts).
 */
export function impactNotes(ctx: ImpactContext, changes: Change[]): ImpactNote[] {
  const { destinations, services } = observedDestinations(ctx.edges);
  const out: ImpactNote[] = [];
  for (const c of changes) {
    const o = c.after;
    if (!o) continue;
    if (o.kind === 'AuthorizationPolicy')
      out.push(...ambientNotes(o, destinations, services, ctx.ambient, ctx.rootNamespace));
    if (isRoutingObject(o) && specOf(c.before) !== specOf(o))
      out.push(...ambientRoutingNotes(o, ctx.edges, ctx.ambient));
    if (o.kind === 'PeerAuthentication') {
      const spec = (o.spec ?? {}) as { mtls?: { mode?: string }; portLevelMtls?: Record<string, { mode?: string }> };
      const disables =
        spec.mtls?.mode === 'DISABLE' || Object.values(spec.portLevelMtls ?? {}).some((p) => p?.mode === 'DISABLE');
      if (!disables) continue;
      const ns = String((o.metadata as { namespace?: string } | undefined)?.namespace ?? 'default');
      const selector = (spec as { selector?: { matchLabels?: Record<string, string> } }).selector?.matchLabels;
      const hit = destinations.filter(
        (d) =>
          d.ambient &&
          !d.waypoint &&
          (ns === ctx.rootNamespace || d.namespace === ns) &&
          Object.entries(selector ?? {}).every(([k, v]) => d.labels[k] === v),
      );
      if (hit.length === 0) continue;
      const names = [...new Set(hit.map((d) => endpointName(d)))];
      out.push({
        object: `PeerAuthentication/${ns}/${String((o.metadata as { name?: string } | undefined)?.name ?? '')}`,
        kind: 'mtls-disable-ignored',
        detail:
          `${names.join(', ')} ${names.length > 1 ? 'are' : 'is'} in ambient mode: ztunnel always uses mutual TLS ` +
          `(HBONE), so DISABLE is ignored (read as PERMISSIVE). To turn mTLS off, take the namespace out of ambient.`,
      });
    }
  }
  return out;
}
