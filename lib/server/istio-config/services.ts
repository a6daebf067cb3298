/**
 * `GET /api/istio/services`: what the service wizards need about each service — its ports, the workloads it selects
 * (with their labels, so subsets come from `version` labels), the VirtualServices and DestinationRules that
 * already route it (by host, as istioctl resolves hosts: short names in the object's namespace, or the FQDN), and
 * the Gateway API routes whose parentRef is the service (GAMMA); plus whether the cluster serves the Gateway API.
 */
import 'server-only';
import { routesGoverningService, worldFromObjects, type KObject } from '@/lib/gateway-api';
import { GATEWAY_API_GROUP } from '@/lib/istio/kinds';
import { getKubeClients } from '@/lib/k8s/client';
import { isGroupServed } from '@/lib/k8s/discovery';
import { getInventory, type Inventory } from '@/lib/k8s/inventory';
import type { ServiceRoutingTarget, ServiceRoutingTargets } from '@/lib/contracts/istio-config';

export type { ServiceRoutingTarget };

const fqdn = (host: string, ns: string) => (host.includes('.') ? host : `${host}.${ns}.svc.cluster.local`);
const matchesSelector = (selector: Record<string, string>, labels: Record<string, string>) =>
  Object.keys(selector).length > 0 && Object.entries(selector).every(([k, v]) => labels[k] === v);

/** Pure: the routing targets of the inventory's services in `namespaces` (all when empty). */
export function serviceTargets(inventory: Inventory, namespaces: string[]): ServiceRoutingTarget[] {
  const wanted = new Set(namespaces);
  const routes = worldFromObjects(inventory.gatewayApi as KObject[]).routes;
  return inventory.services
    .filter((s) => wanted.size === 0 || wanted.has(s.namespace))
    .map((s) => {
      const own = fqdn(s.name, s.namespace);
      const config = inventory.istioConfig.filter((o) => (o.metadata.namespace || 'default') === s.namespace);
      const spec = (o: (typeof config)[number]) => (o.spec ?? {}) as { hosts?: unknown; host?: unknown };
      return {
        namespace: s.namespace,
        name: s.name,
        ports: s.ports.map((p) => ({ name: p.name, port: p.port, protocol: p.protocol, appProtocol: p.appProtocol })),
        workloads: inventory.workloads
          .filter((w) => w.namespace === s.namespace && matchesSelector(s.selector, w.labels))
          .map((w) => ({ name: w.name, labels: w.labels, serviceAccount: w.serviceAccount })),
        virtualServices: config
          .filter(
            (o) =>
              o.kind === 'VirtualService' &&
              Array.isArray(spec(o).hosts) &&
              (spec(o).hosts as unknown[]).some((h) => typeof h === 'string' && fqdn(h, s.namespace) === own),
          )
          .map((o) => o.metadata.name),
        destinationRules: config
          .filter(
            (o) =>
              o.kind === 'DestinationRule' &&
              typeof spec(o).host === 'string' &&
              fqdn(spec(o).host as string, s.namespace) === own,
          )
          .map((o) => o.metadata.name),
        routes: routesGoverningService(routes, s)
          .filter((r) => r.parent)
          .map((r) => ({ kind: r.kind, namespace: r.namespace, name: r.name })),
      };
    })
    .sort((a, b) => a.namespace.localeCompare(b.namespace) || a.name.localeCompare(b.name));
}

/**
 * Reads the inventory (5 s shared) and discovery (cached) and returns the targets and whether the cluster serves
 * the Gateway API. @throws MeshscopeError unavailable/timeout/forbidden:k8s
 */
export async function listServiceTargets(namespaces: string[]): Promise<ServiceRoutingTargets> {
  // getKubeClients() throws when no cluster is configured: inside a then, so the inventory's rejection stays handled
  const [inventory, gatewayApi] = await Promise.all([
    getInventory([]),
    Promise.resolve().then(() => isGroupServed(getKubeClients(), GATEWAY_API_GROUP)),
  ]);
  return { services: serviceTargets(inventory, namespaces), gatewayApi };
}
