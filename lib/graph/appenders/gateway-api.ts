/**
 * Gateway API badges for the istio appender (Kiali's `istio_details.go` does the same for VirtualServices): service
 * nodes governed by HTTPRoutes, GRPCRoutes or TCPRoutes — as GAMMA parent (the route decides where requests to the
 * Service go) or as backend (the route sends traffic to it: with GAMMA, telemetry names the backend Service, so that
 * is the node the graph shows) — get `hasK8sRoutes` (Meshscope's extension: the routes) and Kiali's feature flags
 * read from the routes: `hasRequestRouting` (a rule with backendRefs), `hasTrafficShifting` (an HTTPRoute/GRPCRoute
 * rule with more than one backend of non-zero weight), `hasTCPTrafficShifting` (the same on a TCPRoute),
 * `hasMirroring` (a RequestMirror filter), `hasRequestTimeout` (an HTTPRoute rule with `timeouts`).
 * Gateway nodes of Gateway API Gateways get the listeners' hostnames (`*` for a listener without one).
 */
import {
  backendWeight,
  routesGoverningService,
  worldFromObjects,
  type AnyRoute,
  type HTTPRouteRule,
  type KObject,
} from '@/lib/gateway-api';
import type { TrafficMap } from '../traffic-map';
import type { IstioObject } from '../types';

export interface RouteFeatures {
  requestRouting: boolean;
  requestTimeout: boolean;
  trafficShifting: boolean;
  tcpTrafficShifting: boolean;
  mirroring: boolean;
}

/** The badge features of one route (see the module comment). */
export function routeFeatures(r: AnyRoute): RouteFeatures {
  const rules = r.route.spec?.rules ?? [];
  const shifting = rules.some((rule) => (rule.backendRefs ?? []).filter((b) => backendWeight(b) > 0).length > 1);
  const filters = rules.flatMap((rule) => [
    ...('filters' in rule ? (rule.filters ?? []) : []),
    ...(rule.backendRefs ?? []).flatMap((b) => b.filters ?? []),
  ]);
  return {
    requestRouting: rules.some((rule) => (rule.backendRefs ?? []).length > 0),
    requestTimeout:
      r.kind === 'HTTPRoute' &&
      rules.some((rule) => {
        const t = (rule as HTTPRouteRule).timeouts;
        return !!t && (t.request !== undefined || t.backendRequest !== undefined);
      }),
    trafficShifting: shifting && (r.kind === 'HTTPRoute' || r.kind === 'GRPCRoute'),
    tcpTrafficShifting: shifting && r.kind === 'TCPRoute',
    mirroring: filters.some((f) => f.type === 'RequestMirror'),
  };
}

/** Badges every service node governed by a Gateway API route of `objects` (other objects are ignored). */
export function applyGatewayApiRoutes(tm: TrafficMap, objects: readonly IstioObject[]): void {
  if (objects.length === 0) return;
  const routes = worldFromObjects(objects as unknown as KObject[]).routes;
  if (routes.length === 0) return;
  const features = new Map<AnyRoute, RouteFeatures>();
  for (const n of tm.values()) {
    if (n.nodeType !== 'service' || !n.service) continue;
    const governing = routesGoverningService(routes, { namespace: n.namespace, name: n.service });
    for (const g of governing) {
      const r = routes.find(
        (x) =>
          x.kind === g.kind &&
          (x.route.metadata.namespace ?? 'default') === g.namespace &&
          x.route.metadata.name === g.name,
      )!;
      n.meta.hasK8sRoutes ??= new Map();
      n.meta.hasK8sRoutes.set(`${g.kind}/${g.namespace}/${g.name}`, {
        kind: g.kind,
        namespace: g.namespace,
        name: g.name,
      });
      let f = features.get(r);
      if (!f) features.set(r, (f = routeFeatures(r)));
      if (f.requestRouting) n.meta.hasRequestRouting = true;
      if (f.requestTimeout) n.meta.hasRequestTimeout = true;
      if (f.trafficShifting) n.meta.hasTrafficShifting = true;
      if (f.tcpTrafficShifting) n.meta.hasTCPTrafficShifting = true;
      if (f.mirroring) n.meta.hasMirroring = true;
    }
  }
}

/** The hostnames of a Gateway API Gateway's listeners; `*` for a listener without one (it accepts every host). */
export function listenerHostnames(gw: IstioObject): string[] {
  const listeners = (gw.spec as { listeners?: unknown } | undefined)?.listeners;
  if (!Array.isArray(listeners)) return [];
  const hosts = listeners.map((l) => {
    const h = (l as { hostname?: unknown } | null)?.hostname;
    return typeof h === 'string' && h ? h : '*';
  });
  return [...new Set(hosts)];
}
