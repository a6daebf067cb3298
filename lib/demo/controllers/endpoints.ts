import { matchesLabelMap } from '../k8s-api/selectors';
import type { KubeObject, ObjectStore } from '../store/object-store';
import { KINDS, sameJson } from './kinds';
import { isPodReady } from './pods';

interface ServicePort {
  name?: string;
  port: number;
  targetPort?: number | string;
  protocol?: string;
  appProtocol?: string;
}

interface EndpointPort {
  name?: string;
  port: number;
  protocol: string;
  appProtocol?: string;
}

/** The container port a Service port reaches on a pod: a number as is, a name looked up among the containers. */
function targetPortOf(sp: ServicePort, pod: KubeObject): number | undefined {
  const target = sp.targetPort ?? sp.port;
  if (typeof target === 'number') return target;
  if (/^\d+$/.test(target)) return Number(target);
  for (const c of (pod.spec?.containers ?? []) as { ports?: { name?: string; containerPort: number }[] }[]) {
    const match = (c.ports ?? []).find((p) => p.name === target);
    if (match) return match.containerPort;
  }
  return undefined;
}

function address(pod: KubeObject): object {
  return {
    ip: pod.status.podIP,
    nodeName: pod.spec?.nodeName,
    targetRef: { kind: 'Pod', namespace: pod.metadata.namespace, name: pod.metadata.name, uid: pod.metadata.uid },
  };
}

/** The `subsets` of a Service's Endpoints: its pods grouped by the ports they resolve to, ready and not ready. */
export function endpointSubsets(service: KubeObject, pods: KubeObject[]): object[] {
  const selected = pods
    .filter(
      (p) =>
        p.status?.podIP && !p.metadata.deletionTimestamp && matchesLabelMap(service.spec?.selector, p.metadata.labels),
    )
    .sort((a, b) => a.status.podIP.localeCompare(b.status.podIP, 'en', { numeric: true }));
  const groups = new Map<string, { ports: EndpointPort[]; ready: object[]; notReady: object[] }>();
  for (const pod of selected) {
    const ports: EndpointPort[] = [];
    for (const sp of (service.spec?.ports ?? []) as ServicePort[]) {
      const port = targetPortOf(sp, pod);
      if (port === undefined) continue;
      ports.push({
        ...(sp.name ? { name: sp.name } : {}),
        port,
        protocol: sp.protocol ?? 'TCP',
        ...(sp.appProtocol ? { appProtocol: sp.appProtocol } : {}),
      });
    }
    if (ports.length === 0) continue;
    const key = JSON.stringify(ports);
    const group = groups.get(key) ?? { ports, ready: [], notReady: [] };
    (isPodReady(pod) ? group.ready : group.notReady).push(address(pod));
    groups.set(key, group);
  }
  return [...groups.values()].map((g) => ({
    ...(g.ready.length > 0 ? { addresses: g.ready } : {}),
    ...(g.notReady.length > 0 ? { notReadyAddresses: g.notReady } : {}),
    ports: g.ports,
  }));
}

/**
 * The Endpoints controller for one namespace: every Service with a selector gets an Endpoints object of the same
 * name listing the pods it selects. Services without a selector keep whatever Endpoints their owners wrote;
 * ExternalName services get none.
 */
export function reconcileEndpoints(store: ObjectStore, namespace: string): void {
  const pods = store.list(KINDS.pods, namespace);
  for (const service of store.list(KINDS.services, namespace)) {
    if (
      !service.spec?.selector ||
      Object.keys(service.spec.selector).length === 0 ||
      service.spec.type === 'ExternalName'
    )
      continue;
    const name = service.metadata.name;
    const current = store.get(KINDS.endpoints, namespace, name);
    const subsets = endpointSubsets(service, pods);
    const labels = { ...service.metadata.labels, 'endpoints.kubernetes.io/managed-by': 'endpoint-controller' };
    if (!current) {
      store.create(KINDS.endpoints, {
        apiVersion: 'v1',
        kind: 'Endpoints',
        metadata: { name, namespace, labels },
        subsets,
      });
    } else if (!sameJson(current.subsets ?? [], subsets) || !sameJson(current.metadata.labels, labels)) {
      store.update(KINDS.endpoints, {
        ...current,
        metadata: { ...current.metadata, labels, resourceVersion: undefined },
        subsets,
      });
    }
  }
}

/** Removes the Endpoints of a deleted Service (when the controller manages them). */
export function deleteEndpointsOf(store: ObjectStore, namespace: string, name: string): void {
  const current = store.get(KINDS.endpoints, namespace, name);
  if (current?.metadata.labels?.['endpoints.kubernetes.io/managed-by'] === 'endpoint-controller') {
    store.delete(KINDS.endpoints, namespace, name);
  }
}
