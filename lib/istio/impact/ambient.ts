/**
 * Ambient mode in the impact preview: where an AuthorizationPolicy is enforced for an observed edge into an ambient
 * workload, and with which semantics. Pure and isomorphic.
 *
 * - ztunnel, the destination's node proxy, enforces the selector, namespace and root-namespace policies of an
 *   ambient workload, converted as istiod converts them for ztunnel (istio/istio
 *   `pilot/pkg/serviceregistry/kube/controller/ambient/authorization.go`, `convertAuthorizationPolicy` and
 *   `handleRule`): ztunnel cannot read HTTP, so an ALLOW rule that uses an HTTP attribute is omitted (it never
 *   matches) and a DENY rule is enforced without its HTTP attributes (it matches more) — "more restrictive than
 *   requested" either way; ztunnel supports neither CUSTOM nor AUDIT. HTTP attributes: operation `hosts`, `methods`,
 *   `paths` and their `not` forms; source `requestPrincipals`, `remoteIpBlocks` and their `not` forms; `when` keys
 *   other than `source.ip`, `source.namespace`, `source.principal`, `destination.ip`, `destination.port`.
 * - A waypoint (the Service's `istio.io/use-waypoint`, a waypoint for `service` or `all` traffic, deployed) carries
 *   the traffic of ambient clients to that Service. It enforces the policies attached with `targetRefs` to the
 *   Service, to its own Gateway, or (root namespace) to the `istio-waypoint` GatewayClass, with full HTTP semantics
 *   (a denial is a 403); the destination's ztunnel then enforces its selector policies with the waypoint's identity
 *   as the source (Istio docs, "Use Layer 4 security policy", the attachment table).
 * - A `targetRefs` policy whose Service has no waypoint is enforced by nobody.
 *
 * Which clients go through the waypoint: those captured by ztunnel (as the demo's traffic engine models Istio 1.24;
 * sidecars and gateways reach ambient pods directly over HBONE). The waypoint's identity is
 * `<trust domain>/ns/<namespace>/sa/<Gateway name>` (istiod names the waypoint's ServiceAccount after its Gateway).
 */
import { decide, isDryRun, policySelects, type Decision, type RequestFacts } from './authz';
import type { Endpoint, TrafficEdge } from './edges';
import { arr, rec, type Json } from '../json';

const nonEmpty = (v: unknown) => Array.isArray(v) && v.length > 0;

/** One waypoint and the services attached to it (`GET /api/waypoints`, `lib/ambient` `WaypointInfo`). */
export interface AmbientWaypoint {
  namespace: string;
  name: string;
  waypointFor: 'service' | 'workload' | 'all' | 'none';
  /** Its Deployment; null when not deployed (then it carries nothing). */
  workload: string | null;
  /** `namespace/name` of the Services attached to it. */
  services: string[];
}

/** What the preview knows of ambient mode besides the graph's `isAmbient`/`isWaypoint` flags. */
export interface AmbientContext {
  waypoints: AmbientWaypoint[];
  /** Trust domain of the waypoints' identities; default `cluster.local`. */
  trustDomain?: string;
}

const OPERATION_L7 = ['hosts', 'notHosts', 'methods', 'notMethods', 'paths', 'notPaths'] as const;
const SOURCE_L7 = ['requestPrincipals', 'notRequestPrincipals', 'remoteIpBlocks', 'notRemoteIpBlocks'] as const;
const L4_WHEN = new Set(['source.ip', 'source.namespace', 'source.principal', 'destination.ip', 'destination.port']);

/** The HTTP attributes one rule uses (names as istiod's warning lists them), in rule order, without repeats. */
export function httpAttributes(rule: Json): string[] {
  const out = new Set<string>();
  for (const to of arr(rule.to)) for (const f of OPERATION_L7) if (nonEmpty(rec(rec(to).operation)[f])) out.add(f);
  for (const from of arr(rule.from)) for (const f of SOURCE_L7) if (nonEmpty(rec(rec(from).source)[f])) out.add(f);
  for (const when of arr(rule.when)) {
    const key = String(rec(when).key ?? '');
    if (key && !L4_WHEN.has(key)) out.add(key);
  }
  return [...out];
}

/** The HTTP attributes a policy's rules use (empty: an L4-only policy ztunnel enforces as written). */
export function policyHttpAttributes(policy: Json): string[] {
  return [...new Set(arr(rec(policy.spec).rules).flatMap((r) => httpAttributes(rec(r))))];
}

/** A rule without its HTTP attributes (what ztunnel enforces of a DENY rule). */
function withoutHttp(rule: Json): Json {
  const strip = (o: Json, fields: readonly string[]) =>
    Object.fromEntries(Object.entries(o).filter(([k]) => !fields.includes(k)));
  const out: Json = { ...rule };
  if (Array.isArray(rule.to))
    out.to = rule.to.map((t) => ({ ...rec(t), operation: strip(rec(rec(t).operation), OPERATION_L7) }));
  if (Array.isArray(rule.from))
    out.from = rule.from.map((f) => ({ ...rec(f), source: strip(rec(rec(f).source), SOURCE_L7) }));
  if (Array.isArray(rule.when)) out.when = rule.when.filter((w) => L4_WHEN.has(String(rec(w).key ?? '')));
  return out;
}

/**
 * A policy as istiod sends it to ztunnel: ALLOW rules with HTTP attributes dropped, DENY rules stripped of them;
 * null for what ztunnel does not enforce (`targetRefs`, CUSTOM, AUDIT, dry-run).
 */
export function ztunnelPolicy(policy: Json): Json | null {
  const spec = rec(policy.spec);
  if (spec.targetRef !== undefined || spec.targetRefs !== undefined || isDryRun(policy)) return null;
  const action = String(spec.action ?? 'ALLOW');
  if (action !== 'ALLOW' && action !== 'DENY') return null;
  if (!Array.isArray(spec.rules)) return policy;
  const rules = spec.rules.map(rec);
  const converted =
    action === 'ALLOW' ? rules.filter((r) => httpAttributes(r).length === 0) : rules.map((r) => withoutHttp(r));
  return { ...policy, spec: { ...spec, rules: converted } };
}

/** ztunnel's decision for a connection into an ambient workload. */
export function authorizeAtZtunnel(policies: Json[], f: RequestFacts, rootNamespace: string): Decision {
  const applying = policies
    .filter((p) => policySelects(p, f.destination, rootNamespace))
    .map(ztunnelPolicy)
    .filter((p): p is Json => p !== null);
  return decide(applying, f);
}

interface TargetRef {
  group: string;
  kind: string;
  name: string;
  namespace?: string;
}

/** The `targetRefs` (and the older single `targetRef`) of a policy. */
export function targetRefsOf(policy: Json): TargetRef[] {
  const spec = rec(policy.spec);
  return [...arr(spec.targetRefs), ...(spec.targetRef ? [spec.targetRef] : [])].map((r) => {
    const o = rec(r);
    return {
      group: String(o.group ?? ''),
      kind: String(o.kind ?? ''),
      name: String(o.name ?? ''),
      ...(o.namespace ? { namespace: String(o.namespace) } : {}),
    };
  });
}

const GATEWAY_GROUP = 'gateway.networking.k8s.io';
const policyNamespace = (p: Json) => String(rec(p.metadata).namespace ?? 'default');

/**
 * The policies a waypoint enforces for traffic to `service`: `targetRefs` naming the Service (core group, its
 * namespace), the waypoint's Gateway (its namespace), or the `istio-waypoint` GatewayClass (root namespace).
 */
export function waypointPolicies(
  policies: Json[],
  service: { namespace: string; name: string },
  waypoint: AmbientWaypoint,
  rootNamespace: string,
): Json[] {
  return policies.filter((p) => {
    if (p.kind !== 'AuthorizationPolicy' || isDryRun(p)) return false;
    const ns = policyNamespace(p);
    return targetRefsOf(p).some((r) => {
      if (r.kind === 'Service' && (r.group === '' || r.group === 'core'))
        return ns === service.namespace && r.name === service.name;
      if (r.kind === 'Gateway' && r.group === GATEWAY_GROUP)
        return ns === waypoint.namespace && r.name === waypoint.name;
      if (r.kind === 'GatewayClass' && r.group === GATEWAY_GROUP)
        return ns === rootNamespace && r.name === 'istio-waypoint';
      return false;
    });
  });
}

/** The deployed waypoint that carries service traffic to `service`, or null. */
export function waypointOfService(
  ambient: AmbientContext | undefined,
  service: { namespace: string; name: string } | null,
): AmbientWaypoint | null {
  if (!ambient || !service) return null;
  const key = `${service.namespace}/${service.name}`;
  return (
    ambient.waypoints.find(
      (w) =>
        w.workload !== null && (w.waypointFor === 'service' || w.waypointFor === 'all') && w.services.includes(key),
    ) ?? null
  );
}

/** The waypoint's SPIFFE identity without `spiffe://`. */
export function waypointPrincipal(ambient: AmbientContext, w: AmbientWaypoint): string {
  return `${ambient.trustDomain ?? 'cluster.local'}/ns/${w.namespace}/sa/${w.name}`;
}

/** Where an edge's requests are authorized. */
export type Enforcement =
  | { at: 'sidecar' }
  | { at: 'ztunnel' }
  | { at: 'waypoint'; waypoint: AmbientWaypoint; service: { namespace: string; name: string } }
  /** Not judged: the leg into or out of a waypoint (the client → destination edge carries the decision). */
  | { at: 'skip' };

/**
 * Where the requests of an edge are authorized: `sidecar` when the graph does not say the destination is ambient;
 * `skip` for the ztunnel legs to and from a waypoint; `waypoint` when an ambient client calls a Service with a
 * deployed waypoint; `ztunnel` otherwise.
 */
export function enforcementOf(e: TrafficEdge, ambient: AmbientContext | undefined): Enforcement {
  if (e.source.waypoint || e.destination.waypoint) return { at: 'skip' };
  if (!e.destination.ambient) return { at: 'sidecar' };
  const wp = e.source.ambient ? waypointOfService(ambient, e.service) : null;
  return wp && e.service ? { at: 'waypoint', waypoint: wp, service: e.service } : { at: 'ztunnel' };
}

/** Combines the decisions of two enforcement points on one path: a denial anywhere denies. */
export function both(a: Decision, b: Decision): Decision {
  if (a === 'deny' || b === 'deny') return 'deny';
  return a === 'maybe' || b === 'maybe' ? 'maybe' : 'allow';
}

/**
 * The decision for an edge into an ambient workload under `policies`: at ztunnel with the client's identity, or at
 * the waypoint (client's identity, full HTTP) and then at ztunnel with the waypoint's identity.
 */
export function authorizeAmbient(
  policies: Json[],
  f: RequestFacts,
  where: Exclude<Enforcement, { at: 'sidecar' } | { at: 'skip' }>,
  ambient: AmbientContext | undefined,
  rootNamespace: string,
): Decision {
  if (where.at === 'ztunnel') return authorizeAtZtunnel(policies, f, rootNamespace);
  const atWaypoint = decide(waypointPolicies(policies, where.service, where.waypoint, rootNamespace), f);
  const principal = waypointPrincipal(ambient ?? { waypoints: [] }, where.waypoint);
  return both(atWaypoint, authorizeAtZtunnel(policies, { ...f, principal }, rootNamespace));
}

/** A remark on a changed policy that no edge shows: what enforces it, or that nothing does. */
export interface ImpactNote {
  /** `Kind/namespace/name` of the changed object. */
  object: string;
  kind:
    | 'not-enforced'
    | 'l7-at-ztunnel'
    | 'selector-behind-waypoint'
    | 'mtls-disable-ignored'
    /** A route for a Service a waypoint serves: the waypoint enforces it (./ambient-routing.ts). */
    | 'route-at-waypoint'
    /** A route for an ambient Service with no waypoint: its L7 rules are not enforced for ambient clients. */
    | 'route-not-enforced';
  detail: string;
}

const serviceKey = (s: { namespace: string; name: string }) => `${s.namespace}/${s.name}`;

/**
 * Notes on one AuthorizationPolicy (as it would be saved) in ambient mode, judged against the observed
 * destinations:
 * - `not-enforced`: it is attached with `targetRefs` to Services of which none has a deployed waypoint (or to a
 *   waypoint Gateway that is not deployed): nothing enforces it;
 * - `l7-at-ztunnel`: it selects ambient workloads and uses HTTP attributes: ztunnel enforces it without them;
 * - `selector-behind-waypoint`: it selects ambient workloads whose traffic goes through a waypoint and uses HTTP
 *   attributes: the waypoint ignores selector policies, ztunnel sees the waypoint as the caller.
 */
export function ambientNotes(
  policy: Json,
  destinations: Endpoint[],
  services: { namespace: string; name: string; destination: Endpoint }[],
  ambient: AmbientContext | undefined,
  rootNamespace: string,
): ImpactNote[] {
  if (policy.kind !== 'AuthorizationPolicy' || isDryRun(policy)) return [];
  const object = `AuthorizationPolicy/${policyNamespace(policy)}/${String(rec(policy.metadata).name ?? '')}`;
  const refs = targetRefsOf(policy);
  const http = policyHttpAttributes(policy);
  const out: ImpactNote[] = [];
  if (refs.length > 0) {
    const ns = policyNamespace(policy);
    const dead: string[] = [];
    let live = false;
    for (const r of refs) {
      if (r.kind === 'Service' && (r.group === '' || r.group === 'core')) {
        const svc = { namespace: ns, name: r.name };
        const wp = waypointOfService(ambient, svc);
        const ambientService = services.some((s) => serviceKey(s) === serviceKey(svc) && s.destination.ambient);
        if (wp) live = true;
        else if (ambientService || ambient) dead.push(`Service ${serviceKey(svc)}`);
      } else if (r.kind === 'Gateway' && r.group === GATEWAY_GROUP) {
        const wp = ambient?.waypoints.find((w) => w.namespace === ns && w.name === r.name);
        if (!wp) continue; // a class istio Gateway, or one the preview does not know: not a waypoint question
        if (wp.workload) live = true;
        else dead.push(`waypoint ${ns}/${r.name} (not deployed)`);
      } else live = true; // GatewayClass and other kinds: not judged here
    }
    if (!live && dead.length > 0) {
      out.push({
        object,
        kind: 'not-enforced',
        detail:
          `Attached with targetRefs to ${dead.join(', ')}, which no waypoint serves: nothing enforces this policy ` +
          `(ztunnel ignores targetRefs policies). Label the Service istio.io/use-waypoint=<waypoint> to enforce it.`,
      });
    }
    return out;
  }
  if (http.length === 0) return out;
  const selected = destinations.filter((d) => d.ambient && !d.waypoint && policySelects(policy, d, rootNamespace));
  if (selected.length === 0) return out;
  const behindWaypoint = new Set(services.filter((s) => waypointOfService(ambient, s)).map((s) => s.destination.id));
  const names = (list: Endpoint[]) => [...new Set(list.map((d) => `${d.namespace}/${d.workload ?? d.app ?? '?'}`))];
  const direct = selected.filter((d) => !behindWaypoint.has(d.id));
  const action = String(rec(policy.spec).action ?? 'ALLOW');
  const how =
    action === 'DENY'
      ? `enforces this DENY without its HTTP attributes (${http.join(', ')}): it refuses every connection its other ` +
        `conditions match`
      : action === 'ALLOW'
        ? `omits the ALLOW rules that use HTTP attributes (${http.join(', ')}): they never match`
        : `does not enforce ${action} policies`;
  if (direct.length > 0) {
    out.push({
      object,
      kind: 'l7-at-ztunnel',
      detail:
        `${names(direct).join(', ')} ${direct.length > 1 ? 'have' : 'has'} no waypoint: ztunnel ${how}. ` +
        `Attach a waypoint and target the Service with targetRefs to enforce the HTTP rules.`,
    });
  }
  const behind = selected.filter((d) => behindWaypoint.has(d.id));
  if (behind.length > 0) {
    out.push({
      object,
      kind: 'selector-behind-waypoint',
      detail:
        `${names(behind).join(', ')} ${behind.length > 1 ? 'are' : 'is'} behind a waypoint, which applies only ` +
        `targetRefs policies: ztunnel ${how}, with the waypoint as the caller.`,
    });
  }
  return out;
}
