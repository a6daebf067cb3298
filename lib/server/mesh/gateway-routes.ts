/**
 * The Gateway API routes a detail page lists: those that govern the page's services (GAMMA parentRef, or backendRef
 * and mirror target; lib/gateway-api `routesGoverningService`), each with the status conditions the cluster reports
 * on it (lib/istio/reported-status: istiod's conclusion, read as it is). Pure over the inventory.
 */
import 'server-only';
import { routesGoverningService, worldFromObjects, type KObject } from '@/lib/gateway-api';
import { GATEWAY_API_GROUP, pluralOf } from '@/lib/istio/kinds';
import { reportedStatus } from '@/lib/istio/reported-status';
import type { Inventory } from '@/lib/k8s/inventory';
import type { RouteReference } from '@/lib/contracts/mesh';

/**
 * The routes governing any of `services` (same namespace/name pairs as in the inventory), one entry per route with
 * the services it names as parent and as backend, sorted by kind, namespace and name.
 */
export function routeReferences(
  inventory: Pick<Inventory, 'gatewayApi'>,
  services: readonly { namespace: string; name: string }[],
): RouteReference[] {
  if (!services.length || !inventory.gatewayApi?.length) return [];
  const routes = worldFromObjects(inventory.gatewayApi as unknown as KObject[]).routes;
  const byKey = new Map<string, RouteReference>();
  for (const svc of services) {
    for (const g of routesGoverningService(routes, svc)) {
      const key = `${g.kind}/${g.namespace}/${g.name}`;
      let ref = byKey.get(key);
      if (!ref) {
        const obj = routes.find(
          (r) =>
            r.kind === g.kind &&
            (r.route.metadata.namespace ?? 'default') === g.namespace &&
            r.route.metadata.name === g.name,
        )!.route;
        ref = {
          kind: g.kind,
          plural: pluralOf(GATEWAY_API_GROUP, g.kind),
          namespace: g.namespace,
          name: g.name,
          parentOf: [],
          backendOf: [],
          status: reportedStatus({ ...obj, kind: g.kind }),
        };
        byKey.set(key, ref);
      }
      if (g.parent) ref.parentOf.push(svc.name);
      if (g.backend) ref.backendOf.push(svc.name);
    }
  }
  return [...byKey.values()].sort(
    (a, b) => a.kind.localeCompare(b.kind) || a.namespace.localeCompare(b.namespace) || a.name.localeCompare(b.name),
  );
}
