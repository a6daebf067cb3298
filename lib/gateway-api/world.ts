import {
  GATEWAY_GROUP,
  type AnyRoute,
  type Gateway,
  type GatewayApiWorld,
  type GatewayClass,
  type KObject,
  type ReferenceGrant,
  type RouteKind,
} from './types';

const ROUTE_KINDS: ReadonlySet<string> = new Set<RouteKind>(['HTTPRoute', 'GRPCRoute', 'TCPRoute', 'TLSRoute']);

/**
 * Builds the semantics' input from Kubernetes objects of any kinds (others are ignored): Gateway API objects of
 * group `gateway.networking.k8s.io` (any served version), core Services (ports) and Namespaces (labels, with
 * `kubernetes.io/metadata.name` as the API server sets it).
 */
export function worldFromObjects(objects: Iterable<KObject>): GatewayApiWorld {
  const world: GatewayApiWorld = {
    gatewayClasses: [],
    gateways: [],
    routes: [],
    referenceGrants: [],
    services: [],
    namespaces: [],
  };
  for (const o of objects) {
    const group = (o.apiVersion ?? '').includes('/') ? o.apiVersion!.split('/')[0] : '';
    const kind = o.kind ?? '';
    if (group === GATEWAY_GROUP) {
      if (kind === 'Gateway') world.gateways.push(o as Gateway);
      else if (kind === 'GatewayClass') world.gatewayClasses.push(o as GatewayClass);
      else if (kind === 'ReferenceGrant') world.referenceGrants.push(o as ReferenceGrant);
      else if (ROUTE_KINDS.has(kind)) world.routes.push({ kind: kind as RouteKind, route: o as AnyRoute['route'] });
    } else if (group === '' && kind === 'Service') {
      const ports = ((o.spec?.ports ?? []) as { port?: number; name?: string }[])
        .filter((p) => typeof p.port === 'number')
        .map((p) => ({ port: p.port!, name: p.name }));
      world.services.push({ namespace: o.metadata.namespace ?? 'default', name: o.metadata.name, ports });
    } else if (group === '' && kind === 'Namespace') {
      world.namespaces.push({
        name: o.metadata.name,
        labels: { 'kubernetes.io/metadata.name': o.metadata.name, ...(o.metadata.labels ?? {}) },
      });
    }
  }
  return world;
}
