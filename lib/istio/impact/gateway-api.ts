/**
 * Routing impact of Gateway API routes for mesh traffic (GAMMA): how a new, changed or deleted HTTPRoute, GRPCRoute
 * or TCPRoute whose parentRef is a Service would move each caller's observed traffic to that Service across the
 * Services (and so the workloads) its backendRefs name. The split comes from lib/gateway-api, as the demo engine
 * computes it: consumer routes (in the caller's namespace) before producer routes (in the Service's), the catch-all
 * rule (TCPRoute: the first rule), `forwardingPlan` for weights and backendRef resolution (kind, ReferenceGrant,
 * Service and port). A backend that does not resolve takes its share and fails with 500, as the specification
 * requires; one whose Service selects no workload fails with 503 (no healthy upstream); routes whose rules all have
 * matches leave the other requests without a route (404).
 *
 * Telemetry names the backend Service as the destination service, so the traffic of a parent Service is the observed
 * traffic to it and to the backends of its routes before and after the change. Pure and isomorphic.
 */
import {
  forwardingPlan,
  hasServiceParent,
  routeBackendRefs,
  worldFromObjects,
  type AnyRoute,
  type GatewayApiWorld,
  type KObject,
  type RouteKind,
} from '@/lib/gateway-api';
import { isCatchAllRule, type AnyRule } from '@/lib/istio/forms/gateway-api';
import { GATEWAY_API_GROUP, groupOf } from '../kinds';
import type { Endpoint, TrafficEdge } from './edges';
import type { ImpactContext, ImpactEdge, ImpactService } from './index';
import { predictSplit, splitImpact, workloadEndpoint, type Service, type Split } from './routing';

type Json = Record<string, unknown>;

const ROUTE_KINDS: ReadonlySet<string> = new Set(['HTTPRoute', 'GRPCRoute', 'TCPRoute']);

/** True for an HTTPRoute, GRPCRoute or TCPRoute of the Gateway API group (the kinds this preview judges). */
export function isGatewayRoute(o: Json | null | undefined): boolean {
  return !!o && ROUTE_KINDS.has(String(o.kind)) && groupOf(String(o.apiVersion ?? '')) === GATEWAY_API_GROUP;
}

const nsOf = (o: { metadata?: { namespace?: string } }) => o.metadata?.namespace || 'default';
const key = (s: Service) => `${s.namespace}/${s.name}`;

/** The Service parents (GAMMA parentRefs) of a route object. */
function serviceParents(o: Json): Service[] {
  const spec = (o.spec ?? {}) as {
    parentRefs?: { group?: string; kind?: string; name?: string; namespace?: string }[];
  };
  return (Array.isArray(spec.parentRefs) ? spec.parentRefs : [])
    .filter((p) => p && p.group === '' && p.kind === 'Service' && typeof p.name === 'string')
    .map((p) => ({ namespace: p.namespace ?? nsOf(o as { metadata?: { namespace?: string } }), name: p.name! }));
}

/** The world lib/gateway-api reads, from the config and the known Services (their ports). */
function worldOf(config: Json[], services: readonly ImpactService[]): GatewayApiWorld {
  const world = worldFromObjects(
    config.filter((o) => groupOf(String(o.apiVersion ?? '')) === GATEWAY_API_GROUP) as unknown as KObject[],
  );
  world.services = services.map((s) => ({
    namespace: s.namespace,
    name: s.name,
    ports: s.ports.map((port) => ({ port })),
  }));
  return world;
}

/** Routes of `kinds` (first kind first) governing `svc` for a caller in `callerNs`: consumer routes win. */
function governing(world: GatewayApiWorld, svc: Service, kinds: RouteKind[], callerNs: string): AnyRoute[] {
  for (const kind of kinds) {
    const all = world.routes.filter((r) => r.kind === kind && hasServiceParent(r, svc.namespace, svc.name));
    const consumer = all.filter((r) => nsOf(r.route) === callerNs && callerNs !== svc.namespace);
    const chosen = (consumer.length ? consumer : all.filter((r) => nsOf(r.route) === svc.namespace)).sort(
      (a, b) =>
        (a.route.metadata.creationTimestamp ?? '').localeCompare(b.route.metadata.creationTimestamp ?? '') ||
        a.route.metadata.name.localeCompare(b.route.metadata.name),
    );
    if (chosen.length) return chosen;
  }
  return [];
}

/**
 * The split Gateway API routes give a caller's traffic to `svc`, or undefined when no route governs it (the
 * VirtualService rules, or the Service's own endpoints, apply).
 */
function routeSplit(
  world: GatewayApiWorld,
  services: Map<string, ImpactService>,
  svc: Service,
  protocol: 'http' | 'tcp',
  callerNs: string,
  endpointOf: (namespace: string, workload: string) => Endpoint | undefined,
): Split | undefined {
  const routes = governing(world, svc, protocol === 'tcp' ? ['TCPRoute'] : ['GRPCRoute', 'HTTPRoute'], callerNs);
  if (!routes.length) return undefined;
  const shares = new Map<string, number>();
  const rules = routes.flatMap((r) => (r.route.spec?.rules ?? []).map((rule) => ({ r, rule: rule as AnyRule })));
  const chosen = protocol === 'tcp' ? rules[0] : rules.find((x) => isCatchAllRule(x.rule));
  if (!chosen) {
    return {
      shares,
      broken: rules.length
        ? [{ subset: 'no matching rule', share: 1, reason: 'requests that match no rule have no route', status: 404 }]
        : [{ subset: 'no rules', share: 1, reason: 'the route has no rules', status: 404 }],
      note: '',
    };
  }
  const plan = forwardingPlan(world, chosen.r.kind, chosen.r.route, chosen.rule);
  const total = plan.backends.reduce((s, b) => s + b.weight, 0);
  const broken: Split['broken'] = [];
  if (total <= 0)
    return {
      shares,
      broken: [{ subset: 'no backend', share: 1, reason: 'every backend has weight 0', status: 500 }],
      note: '',
    };
  for (const b of plan.backends) {
    const share = b.weight / total;
    if (share === 0) continue;
    if (!b.target) {
      broken.push({
        subset: `backend ${b.error?.reason ?? ''}`,
        share,
        reason: b.error?.message ?? 'unresolved',
        status: 500,
      });
      continue;
    }
    const eps = (services.get(key(b.target))?.workloads ?? [])
      .map((w) => endpointOf(b.target!.namespace, w))
      .filter((e): e is Endpoint => !!e);
    if (!eps.length) {
      broken.push({
        subset: `backend ${b.target.name}`,
        share,
        reason: `Service ${b.target.name} selects no workload`,
        status: 503,
      });
      continue;
    }
    for (const e of eps) shares.set(e.id, (shares.get(e.id) ?? 0) + share / eps.length);
  }
  const note = rules.length > 1 && protocol === 'http' ? 'requests matching other rules may be routed differently' : '';
  return {
    shares,
    broken,
    note: plan.mirrors.length ? [note, 'mirrored copies not counted'].filter(Boolean).join('; ') : note,
  };
}

/**
 * For each Service that a changed route names as parent: the callers' traffic moved between workloads, and the
 * share that would fail. Needs `ctx.services` (the Services with their ports and selected workloads); without
 * them nothing can be resolved and nothing is reported.
 * @param next the config with the changes applied
 * @param changed the route objects that changed (before or after)
 */
export function gatewayRoutingImpact(ctx: ImpactContext, next: Json[], changed: Json[]): ImpactEdge[] {
  if (!ctx.services?.length) return [];
  const services = new Map(ctx.services.map((s) => [key(s), s]));
  const worlds = { now: worldOf(ctx.config, ctx.services), next: worldOf(next, ctx.services) };
  const labels = new Map((ctx.workloads ?? []).map((w) => [`${w.namespace}/${w.name}`, w]));
  const out: ImpactEdge[] = [];
  const parents = new Map(changed.flatMap(serviceParents).map((s) => [key(s), s]));
  for (const svc of parents.values()) {
    // Services whose traffic is the parent's: itself and every backend of a route governing it, now or after.
    const related = new Set([key(svc)]);
    for (const world of [worlds.now, worlds.next])
      for (const r of world.routes.filter((x) => hasServiceParent(x, svc.namespace, svc.name)))
        for (const b of routeBackendRefs(r)) related.add(`${b.namespace ?? nsOf(r.route)}/${b.name}`);
    const into = ctx.edges.filter((e) => e.service && related.has(key(e.service)) && e.rate > 0);
    const endpoints = new Map<string, Endpoint>();
    for (const e of into)
      endpoints.set(
        e.destination.workload ? `${e.destination.namespace}/${e.destination.workload}` : e.destination.id,
        e.destination,
      );
    for (const k of related) {
      const s = services.get(k);
      for (const w of s?.workloads ?? []) {
        const id = `${s!.namespace}/${w}`;
        if (!endpoints.has(id))
          endpoints.set(
            id,
            workloadEndpoint({ namespace: s!.namespace, name: w, labels: labels.get(id)?.labels ?? {} }),
          );
      }
    }
    const endpointOf = (namespace: string, workload: string) => endpoints.get(`${namespace}/${workload}`);
    const own = (services.get(key(svc))?.workloads ?? [])
      .map((w) => endpointOf(svc.namespace, w))
      .filter((e): e is Endpoint => !!e);
    const eps = [...endpoints.values()];
    const predict = (config: Json[], protocol: 'http' | 'tcp', callerNs: string): Split | null => {
      const world = config === next ? worlds.next : worlds.now;
      return (
        routeSplit(world, services, svc, protocol, callerNs, endpointOf) ?? predictSplit(config, svc, own, protocol)
      );
    };
    out.push(...splitImpact(ctx, next, svc, into as TrafficEdge[], eps, predict));
  }
  return out;
}
