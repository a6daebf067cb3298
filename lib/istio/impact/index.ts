/**
 * Impact preview (no other console has it): given the traffic observed in the last graph window, what a new, changed
 * or deleted AuthorizationPolicy, PeerAuthentication, VirtualService/DestinationRule or Gateway API route
 * (HTTPRoute, GRPCRoute, TCPRoute for mesh traffic) would do to it — the edges it would deny, break or reroute, with
 * their rates. Pure and isomorphic: the page hands it the graph and the config.
 */
import { authorize, type Decision } from './authz';
import { endpointName, type TrafficEdge } from './edges';
import { gatewayRoutingImpact, isGatewayRoute } from './gateway-api';
import { routingImpact } from './routing';

export { edgesFromGraph, endpointName, type Endpoint, type GraphJsonLike, type TrafficEdge } from './edges';
export { generatePolicies, type GeneratedPolicies } from './generate';

type Json = Record<string, unknown>;

export type ImpactEffect = 'deny' | 'maybe-deny' | 'allow' | 'break' | 'reroute';

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

const edgeBase = (e: TrafficEdge) => ({
  source: endpointName(e.source),
  destination: endpointName(e.destination),
  sourceId: e.source.id,
  destinationId: e.destination.id,
  protocol: e.protocol,
  rate: e.rate,
});

const DECISION_TEXT: Record<Decision, string> = { allow: 'allowed', deny: 'denied (403)', maybe: 'partly denied' };

/**
 * Edges whose authorization decision changes: `deny` (allowed now, denied after), `maybe-deny` (some of its requests,
 * depending on method/path/headers), `allow` (denied now, allowed after).
 */
export function authorizationImpact(ctx: ImpactContext, nextConfig: Json[]): ImpactEdge[] {
  const policiesOf = (config: Json[]) => config.filter((o) => o.kind === 'AuthorizationPolicy');
  const now = policiesOf(ctx.config);
  const next = policiesOf(nextConfig);
  const out: ImpactEdge[] = [];
  for (const e of ctx.edges) {
    if (e.rate <= 0 || e.destination.nodeType === 'unknown') continue;
    const facts = { principal: (e.mtlsShare ?? 1) > 0 ? e.sourcePrincipal : null, destination: e.destination };
    const a = authorize(now, facts, ctx.rootNamespace);
    const b = authorize(next, facts, ctx.rootNamespace);
    if (a === b) continue;
    const effect: ImpactEffect = b === 'deny' ? 'deny' : b === 'maybe' && a === 'allow' ? 'maybe-deny' : 'allow';
    const why = !facts.principal && b === 'deny' ? ' (no mTLS identity to match)' : '';
    out.push({
      ...edgeBase(e),
      effect,
      affectedRate: e.rate,
      detail: `${DECISION_TEXT[a]} → ${DECISION_TEXT[b]}${why}`,
    });
  }
  return sortImpact(out);
}

type MtlsMode = 'STRICT' | 'PERMISSIVE' | 'DISABLE' | 'UNSET';

/** Effective mTLS mode of a destination: workload policy, then namespace, then mesh (root namespace); PERMISSIVE. */
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
  for (const p of [workload, namespace, mesh]) if (p && mode(p) !== 'UNSET') return mode(p);
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

const ORDER: Record<ImpactEffect, number> = { break: 0, deny: 1, 'maybe-deny': 2, reroute: 3, allow: 4 };

export function sortImpact(edges: ImpactEdge[]): ImpactEdge[] {
  return edges.sort(
    (a, b) => ORDER[a.effect] - ORDER[b.effect] || b.affectedRate - a.affectedRate || a.source.localeCompare(b.source),
  );
}

export interface Change {
  before: Json | null;
  after: Json | null;
}

/**
 * The impact of a set of changes saved together (a wizard's DestinationRule and VirtualService; one object's edit):
 * the config as it would be after all of them, judged against the observed traffic. AuthorizationPolicy,
 * PeerAuthentication, VirtualService, DestinationRule and Gateway API route (HTTPRoute, GRPCRoute, TCPRoute) changes
 * are previewed; other kinds yield nothing.
 */
export function impactOfChanges(ctx: ImpactContext, changes: Change[]): ImpactEdge[] {
  const next = changes.reduce((config, c) => applyChange(config, c.before, c.after), ctx.config);
  const kinds = new Set(changes.map((c) => String((c.after ?? c.before)?.kind ?? '')));
  const out: ImpactEdge[] = [];
  if (kinds.has('AuthorizationPolicy')) out.push(...authorizationImpact(ctx, next));
  if (kinds.has('PeerAuthentication')) out.push(...peerAuthenticationImpact(ctx, next));
  const routing = changes
    .map((c) => c.after ?? c.before)
    .filter((o): o is Json => !!o && (o.kind === 'VirtualService' || o.kind === 'DestinationRule'));
  if (routing.length) out.push(...routingImpact(ctx, next, routing));
  const routes = changes.flatMap((c) => [c.before, c.after]).filter((o): o is Json => isGatewayRoute(o));
  if (routes.length) out.push(...gatewayRoutingImpact(ctx, next, routes));
  return sortImpact(out);
}

/** The impact of replacing `before` with `after` (either null for create/delete). */
export function impactOfChange(ctx: ImpactContext, before: Json | null, after: Json | null): ImpactEdge[] {
  return impactOfChanges(ctx, [{ before, after }]);
}
