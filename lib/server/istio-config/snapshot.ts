/**
 * The cluster snapshot the cross-object checks read (lib/istio/types `ClusterSnapshot`), built from the shared
 * inventory (5 s cache), the service accounts and the Nodes (their topology labels). Always the whole cluster: a VirtualService in `bookinfo` may name a
 * Gateway in `istio-system`, so checking against the selected namespaces only would report false "not found"s.
 */
import 'server-only';
import type { V1Pod, V1Service } from '@kubernetes/client-node';
import type { ClusterSnapshot, IstioObject as CheckedObject, NodeRef } from '@/lib/istio/types';
import { sharedPerIdentity } from '@/lib/k8s/shared-read';
import { configKey, configKeyOf } from '@/lib/istio/kinds';
import { getInventory, type Inventory, type PodInfo, type ServiceInfo } from '@/lib/k8s/inventory';
import { listServiceAccounts, type ServiceAccountName } from '@/lib/k8s/istio-config';

/** A core (`v1`) object of `kind` with the inventory entry's name, namespace, labels and annotations. */
function v1Object<K extends string, S>(kind: K, info: ServiceInfo | PodInfo, spec: S) {
  const { name, namespace, labels, annotations } = info;
  return { apiVersion: 'v1' as const, kind, metadata: { name, namespace, labels, annotations }, spec };
}

function toV1Service(s: ServiceInfo): V1Service {
  return v1Object('Service', s, {
    type: s.type,
    selector: Object.keys(s.selector).length ? s.selector : undefined,
    ports: s.ports.map((p) => ({
      name: p.name ?? undefined,
      port: p.port,
      protocol: p.protocol,
      appProtocol: p.appProtocol ?? undefined,
      targetPort: p.targetPort ?? undefined,
    })),
  });
}

function toV1Pod(p: PodInfo): V1Pod {
  return {
    ...v1Object('Pod', p, {
      containers: p.containers.map((name) => ({ name })),
      // a native sidecar (istio-proxy as an init container) is not among `containers`: the injection check needs it
      ...(p.hasSidecar && !p.containers.includes('istio-proxy') ? { initContainers: [{ name: 'istio-proxy' }] } : {}),
      serviceAccountName: p.serviceAccount ?? undefined,
      nodeName: p.nodeName ?? undefined,
    }),
    status: { phase: p.phase, podIP: p.podIP ?? undefined },
  };
}

/** Pure: inventory + service accounts (+ Nodes, when they could be read) → snapshot. */
export function snapshotFromInventory(
  inventory: Inventory,
  serviceAccounts: ServiceAccountName[],
  nodes?: NodeRef[],
): ClusterSnapshot {
  return {
    ...(nodes ? { nodes } : {}),
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

/**
 * The cluster's Nodes (name and labels: the region/zone Istio adds to their pods' labels), shared for 5 s per identity
 * like the inventory. Undefined when the user may not list Nodes (a cluster-scoped read most viewers lack): the checks
 * then take the topology labels of scheduled pods as unknown, and say nothing of subsets on them (IST0173) rather
 * than something wrong. @throws MeshscopeError unavailable/timeout:k8s
 */
export const listNodes: () => Promise<NodeRef[] | undefined> = sharedPerIdentity(
  (c) => c.core.listNode(),
  (list) => list.items.map((n) => ({ name: n.metadata?.name ?? '', labels: n.metadata?.labels ?? {} })),
  undefined,
);

const built = new WeakMap<
  Inventory,
  { serviceAccounts: ServiceAccountName[]; nodes: NodeRef[] | undefined; snapshot: ClusterSnapshot }
>();

/**
 * Reads the whole cluster's snapshot. The inventory is shared for 5 s; so is the snapshot built from it (the same
 * object is returned, which lets callers cache their analysis of it).
 * @throws MeshscopeError unavailable/timeout/forbidden:k8s
 */
export async function readClusterSnapshot(): Promise<ClusterSnapshot> {
  const [inventory, serviceAccounts, nodes] = await Promise.all([getInventory([]), listServiceAccounts(), listNodes()]);
  const hit = built.get(inventory);
  if (hit && hit.serviceAccounts === serviceAccounts && hit.nodes === nodes) return hit.snapshot;
  const snapshot = snapshotFromInventory(inventory, serviceAccounts, nodes);
  built.set(inventory, { serviceAccounts, nodes, snapshot });
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
