/**
 * Routing rules in ambient mode, for the impact preview of a VirtualService or a Gateway API route (HTTPRoute,
 * GRPCRoute, TCPRoute with a Service parent, GAMMA). Pure and isomorphic.
 *
 * In ambient mode ztunnel carries a client's traffic at L4 and applies no routing rule; the rules of a route for a
 * Service are applied by the Service's waypoint (Istio docs, "Configure waypoint proxies": L7 features, routing
 * included, need a waypoint; "Traffic routing" in ambient: HTTPRoute attached to the Service, VirtualService alpha).
 * So for traffic from an ambient client to a Service:
 * - with a waypoint (the Service's `istio.io/use-waypoint`, a deployed waypoint for `service`/`all` traffic), the
 *   waypoint applies the route: the preview says so;
 * - without one, nothing applies it: those edges are not rerouted, faulted or retried by the change, and the preview
 *   warns that the route's rules are not enforced for them.
 * Sidecar and gateway clients apply the route themselves either way (their Envoy holds the route table).
 */
import { waypointOfService, type AmbientContext, type AmbientWaypoint, type ImpactNote } from './ambient';
import { endpointName, type TrafficEdge } from './edges';
import { arr, rec, type Json } from '../json';

const ROUTE_KINDS = new Set(['VirtualService', 'HTTPRoute', 'GRPCRoute', 'TCPRoute']);
const DOMAIN = '.svc.cluster.local';

/** Whether `o` is a routing object the ambient notes judge. */
export const isRoutingObject = (o: Json | null): o is Json => !!o && ROUTE_KINDS.has(String(o.kind));

/**
 * The in-mesh Services a route governs: a VirtualService's `hosts` (short names in its namespace, `name.ns`,
 * `name.ns.svc.cluster.local`; wildcards and external names skipped) when it applies to the mesh (no `gateways`, or
 * `mesh` among them); a Gateway API route's parentRefs of kind Service (core group).
 */
export function routedServices(route: Json): { namespace: string; name: string }[] {
  const ns = String(rec(route.metadata).namespace ?? 'default');
  const spec = rec(route.spec);
  if (route.kind === 'VirtualService') {
    const gateways = arr(spec.gateways).map(String);
    if (gateways.length > 0 && !gateways.includes('mesh')) return [];
    return arr(spec.hosts)
      .map(String)
      .filter((h) => h && !h.includes('*'))
      .flatMap((h) => {
        const short = h.endsWith(DOMAIN) ? h.slice(0, -DOMAIN.length) : h;
        const parts = short.split('.');
        if (parts.length === 1) return [{ namespace: ns, name: parts[0]! }];
        if (parts.length === 2) return [{ namespace: parts[1]!, name: parts[0]! }];
        return [];
      });
  }
  return arr(spec.parentRefs)
    .map(rec)
    .filter((p) => p.kind === 'Service' && (p.group === '' || p.group === 'core'))
    .map((p) => ({ namespace: String(p.namespace ?? ns), name: String(p.name ?? '') }));
}

/**
 * Whether a routing change leaves `e` alone because ztunnel carries it: an ambient client (not a waypoint) calling a
 * Service that no waypoint serves. False when the preview has no ambient context (nothing is known of waypoints).
 */
export function bypassesRoutes(e: TrafficEdge, ambient: AmbientContext | undefined): boolean {
  return !!ambient && !!e.source.ambient && !e.source.waypoint && !!e.service && !waypointOfService(ambient, e.service);
}

/**
 * Notes on one routing object as it would be saved, per Service it governs, judged against the observed edges:
 * - `route-at-waypoint`: the Service has a waypoint, which applies the route to ambient clients' traffic;
 * - `route-not-enforced`: the Service is in ambient mode (observed ambient destinations, or ambient clients calling
 *   it) and has no waypoint: ambient clients' traffic goes ztunnel to ztunnel and the route's rules do not apply.
 */
export function ambientRoutingNotes(
  route: Json,
  edges: TrafficEdge[],
  ambient: AmbientContext | undefined,
): ImpactNote[] {
  if (!ambient || !isRoutingObject(route)) return [];
  const object = `${String(route.kind)}/${String(rec(route.metadata).namespace ?? 'default')}/${String(
    rec(route.metadata).name ?? '',
  )}`;
  const out: ImpactNote[] = [];
  for (const svc of routedServices(route)) {
    const key = `${svc.namespace}/${svc.name}`;
    const into = edges.filter((e) => e.service && `${e.service.namespace}/${e.service.name}` === key);
    const ambientClients = [
      ...new Set(into.filter((e) => e.source.ambient && !e.source.waypoint).map((e) => endpointName(e.source))),
    ];
    const wp: AmbientWaypoint | null = waypointOfService(ambient, svc);
    if (wp) {
      out.push({
        object,
        kind: 'route-at-waypoint',
        detail:
          `Service ${key} is served by waypoint ${wp.namespace}/${wp.name}: the waypoint enforces this route for ` +
          `ambient clients${ambientClients.length ? ` (${ambientClients.join(', ')})` : ''}; sidecar and gateway ` +
          `clients apply it themselves.`,
      });
      continue;
    }
    const ambientService = into.some((e) => e.destination.ambient) || ambientClients.length > 0;
    if (!ambientService) continue;
    out.push({
      object,
      kind: 'route-not-enforced',
      detail:
        `Service ${key} is in ambient mode with no waypoint: traffic from ambient clients` +
        `${ambientClients.length ? ` (${ambientClients.join(', ')})` : ''} goes ztunnel to ztunnel at L4, so this ` +
        `route's L7 rules are not enforced for it. Label the Service istio.io/use-waypoint=<waypoint> to enforce ` +
        `them; sidecar and gateway clients still apply the route.`,
    });
  }
  return out;
}
