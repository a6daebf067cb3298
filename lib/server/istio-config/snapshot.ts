/**
 * The cluster snapshot the cross-object checks read (lib/istio/types `ClusterSnapshot`), built from the shared
 * inventory (5 s cache) and the service accounts. Always the whole cluster: a VirtualService in `bookinfo` may name a
 * Gateway in `istio-system`, so checking against the selected namespaces only would report false "not found"s.
 */
import 'server-only';
import type { V1Pod, V1Service } from '@kubernetes/client-node';
import type { ClusterSnapshot, IstioObject as CheckedObject } from '@/lib/istio/types';
import { configKey, configKeyOf } from '@/lib/istio/kinds';
import { getInventory, type Inventory, type PodInfo, type ServiceInfo } from '@/lib/k8s/inventory';
import { listServiceAccounts, type ServiceAccountName } from '@/lib/k8s/istio-config';

function toV1Service(s: ServiceInfo): V1Service {
  return {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name: s.name, namespace: s.namespace, labels: s.labels, annotations: s.annotations },
    spec: {
      type: s.type,
      selector: Object.keys(s.selector).length ? s.selector : undefined,
      ports: s.ports.map((p) => ({
        name: p.name ?? undefined,
        port: p.port,
        protocol: p.protocol,
        appProtocol: p.appProtocol ?? undefined,
        targetPort: p.targetPort ?? undefined,
      })),
    },
  };
}

function toV1Pod(p: PodInfo): V1Pod {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: p.name, namespace: p.namespace, labels: p.labels, annotations: p.annotations },
    spec: { containers: p.containers.map((name) => ({ name })), serviceAccountName: p.serviceAccount ?? undefined },
    status: { phase: p.phase, podIP: p.podIP ?? undefined },
  };
}

/** Pure: inventory + service accounts → snapshot. */
export function snapshotFromInventory(inventory: Inventory, serviceAccounts: ServiceAccountName[]): ClusterSnapshot {
  return {
    namespaces: inventory.namespaces.map((n) => ({ name: n.name, labels: n.labels })),
    services: inventory.services.map(toV1Service),
    workloads: inventory.workloads.map((w) => ({
      namespace: w.namespace,
      name: w.name,
      kind: w.kind,
      labels: w.labels,
      serviceAccount: w.serviceAccount,
      annotations: w.annotations,
    })),
    pods: inventory.pods.map(toV1Pod),
    serviceAccounts,
    istioConfig: inventory.istioConfig as CheckedObject[],
    gatewayApi: inventory.gatewayApi,
  };
}

const built = new WeakMap<Inventory, { serviceAccounts: ServiceAccountName[]; snapshot: ClusterSnapshot }>();

/**
 * Reads the whole cluster's snapshot. The inventory is shared for 5 s; so is the snapshot built from it (the same
 * object is returned, which lets callers cache their analysis of it).
 * @throws MeshscopeError unavailable/timeout/forbidden:k8s
 */
export async function readClusterSnapshot(): Promise<ClusterSnapshot> {
  const [inventory, serviceAccounts] = await Promise.all([getInventory([]), listServiceAccounts()]);
  const hit = built.get(inventory);
  if (hit && hit.serviceAccounts === serviceAccounts) return hit.snapshot;
  const snapshot = snapshotFromInventory(inventory, serviceAccounts);
  built.set(inventory, { serviceAccounts, snapshot });
  return snapshot;
}

export { withObject } from '@/lib/istio/snapshot';

/** The snapshot without one object (to show what deleting it would change); `group` absent = an Istio kind. */
export function withoutObject(
  snapshot: ClusterSnapshot,
  ref: { group?: string; kind: string; namespace: string; name: string },
): ClusterSnapshot {
  const key = configKey(ref);
  const keep = (list: CheckedObject[]) => list.filter((o) => configKeyOf(o) !== key);
  return {
    ...snapshot,
    istioConfig: keep(snapshot.istioConfig),
    ...(snapshot.gatewayApi ? { gatewayApi: keep(snapshot.gatewayApi) } : {}),
  };
}
