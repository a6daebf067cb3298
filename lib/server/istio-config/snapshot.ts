/**
 * The cluster snapshot the cross-object checks read (lib/istio/types `ClusterSnapshot`), built from the shared
 * inventory (5 s cache), the service accounts and the Nodes (their topology labels). Always the whole cluster: a VirtualService in `bookinfo` may name a
 * Gateway in `istio-system`, so checking against the selected namespaces only would report false "not found"s.
 */
import 'server-only';
import type { V1Pod, V1Service } from '@kubernetes/client-node';
import { LRUCache } from 'lru-cache';
import { MeshscopeError } from '@/lib/errors';
import type { ClusterSnapshot, IstioObject as CheckedObject, NodeRef } from '@/lib/istio/types';
import { getKubeClients, kubeCall } from '@/lib/k8s/client';
import { scopeKey } from '@/lib/k8s/request-scope';
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
    spec: {
      containers: p.containers.map((name) => ({ name })),
      // a native sidecar (istio-proxy as an init container) is not among `containers`: the injection check needs it
      ...(p.hasSidecar && !p.containers.includes('istio-proxy') ? { initContainers: [{ name: 'istio-proxy' }] } : {}),
      serviceAccountName: p.serviceAccount ?? undefined,
      nodeName: p.nodeName ?? undefined,
    },
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

const nodeCache = new LRUCache<string, Promise<NodeRef[] | undefined>>({ max: 100, ttl: 5_000 });

/**
 * The cluster's Nodes (name and labels: the region/zone Istio adds to their pods' labels), shared for 5 s per identity
 * like the inventory. Undefined when the user may not list Nodes (a cluster-scoped read most viewers lack): the checks
 * then take the topology labels of scheduled pods as unknown, and say nothing of subsets on them (IST0173) rather
 * than something wrong. @throws MeshscopeError unavailable/timeout:k8s
 */
export function listNodes(): Promise<NodeRef[] | undefined> {
  const key = scopeKey();
  let entry = nodeCache.get(key);
  if (!entry) {
    entry = Promise.resolve()
      .then(() => {
        const c = getKubeClients();
        return kubeCall(c, () => c.core.listNode());
      })
      .then((list) => list.items.map((n) => ({ name: n.metadata?.name ?? '', labels: n.metadata?.labels ?? {} })))
      .catch((err: unknown) => {
        if (err instanceof MeshscopeError && (err.type === 'forbidden' || err.type === 'not_found')) return undefined;
        throw err;
      });
    entry.catch(() => nodeCache.delete(key));
    nodeCache.set(key, entry);
  }
  return entry;
}

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
