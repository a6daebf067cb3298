import type { ObjectStore, WatchEvent } from '../store/object-store';
import { RESOURCE_TYPES } from '../store/resources';
import { startAmbientControllers } from './ambient';
import { deleteEndpointsOf, reconcileEndpoints } from './endpoints';
import { deleteGatewayDeployment, reconcileGatewayApi } from './gateway-api';
import { controllerOf, KINDS } from './kinds';
import { PodIpAllocator, PodNames, runningStatus } from './pods';
import { WorkQueue } from './work-queue';
import { deleteDependents, reconcileDeployment, reconcileReplicaSet } from './workloads';

/** Namespace controller: a `default` ServiceAccount in each namespace; deleting a namespace deletes its contents. */
function ensureDefaultServiceAccount(store: ObjectStore, namespace: string): void {
  if (!store.get(KINDS.namespaces, undefined, namespace) || store.get(KINDS.serviceAccounts, namespace, 'default'))
    return;
  store.create(KINDS.serviceAccounts, {
    apiVersion: 'v1',
    kind: 'ServiceAccount',
    metadata: { name: 'default', namespace },
  });
}

function deleteNamespaceContents(store: ObjectStore, namespace: string): void {
  for (const type of RESOURCE_TYPES) {
    if (!type.namespaced) continue;
    for (const obj of store.list(type, namespace)) store.delete(type, namespace, obj.metadata.name);
  }
}

/** Kubelet for pods nobody started (created bare through the API): Running, with an IP. */
function startPod(store: ObjectStore, ips: PodIpAllocator, namespace: string, name: string): void {
  const pod = store.get(KINDS.pods, namespace, name);
  if (!pod || pod.status?.phase) return;
  store.update(KINDS.pods, { ...pod, status: runningStatus(pod, ips.allocate(namespace, name)) });
}

/**
 * Starts the demo cluster's controllers on a store: Deployment → ReplicaSet → Pods (with Istio's sidecar in
 * injected namespaces), Endpoints for Services, a kubelet that starts bare pods, namespace clean-up and
 * `default` ServiceAccounts, istiod's Gateway API part (gateway-api.ts: GatewayClasses, gateway deployments,
 * Gateway and route status), the ambient controllers (ambient.ts: ztunnel's DaemonSet, istiod's waypoint
 * deployments, istio-cni's redirection annotation), and garbage collection of ReplicaSets and pods whose owner is
 * deleted. Existing
 * objects are reconciled before this returns; later changes are handled in a microtask after each store write.
 * Returns the function that stops them.
 */
export function startControllers(store: ObjectStore): () => void {
  const queue = new WorkQueue();
  const ips = new PodIpAllocator(store);
  const podNames = new PodNames(store);

  const enqueueEndpoints = (namespace: string) =>
    queue.add(`endpoints/${namespace}`, () => reconcileEndpoints(store, namespace));
  const enqueueDeployment = (namespace: string, name: string) =>
    queue.add(`deployment/${namespace}/${name}`, () => reconcileDeployment(store, namespace, name));
  const enqueueReplicaSet = (namespace: string, name: string) =>
    queue.add(`replicaset/${namespace}/${name}`, () => reconcileReplicaSet(store, ips, podNames, namespace, name));

  const onEvent = ({ type, resource, object }: WatchEvent): void => {
    const ns = object.metadata.namespace ?? '';
    const name = object.metadata.name;
    const uid = object.metadata.uid ?? '';
    switch (resource) {
      case KINDS.namespaces:
        if (type === 'DELETED') queue.add(`namespace-delete/${name}`, () => deleteNamespaceContents(store, name));
        else queue.add(`namespace-sa/${name}`, () => ensureDefaultServiceAccount(store, name));
        break;
      case KINDS.deployments:
        if (type === 'DELETED') queue.add(`gc/${uid}`, () => deleteDependents(store, KINDS.replicaSets, ns, uid));
        else enqueueDeployment(ns, name);
        break;
      case KINDS.replicaSets: {
        if (type === 'DELETED') queue.add(`gc/${uid}`, () => deleteDependents(store, KINDS.pods, ns, uid));
        else enqueueReplicaSet(ns, name);
        const owner = controllerOf(object, 'Deployment');
        if (owner) enqueueDeployment(ns, owner.name);
        break;
      }
      case KINDS.pods: {
        if (type === 'DELETED') ips.release(object.status?.podIP);
        else if (!object.status?.phase) queue.add(`kubelet/${ns}/${name}`, () => startPod(store, ips, ns, name));
        const owner = controllerOf(object, 'ReplicaSet');
        if (owner) enqueueReplicaSet(ns, owner.name);
        enqueueEndpoints(ns);
        break;
      }
      case KINDS.services:
        if (type === 'DELETED') queue.add(`endpoints-delete/${ns}/${name}`, () => deleteEndpointsOf(store, ns, name));
        enqueueEndpoints(ns);
        break;
    }
  };

  const enqueueGatewayApi = () => queue.add('gateway-api', () => reconcileGatewayApi(store));
  const unsubscribe = store.watch((event) => {
    if (event.resource.group === 'gateway.networking.k8s.io') {
      const o = event.object;
      if (event.type === 'DELETED' && event.resource.plural === 'gateways' && o.metadata.uid) {
        queue.add(`gc/${o.metadata.uid}`, () =>
          deleteGatewayDeployment(store, o.metadata.namespace ?? '', o.metadata.uid!),
        );
      }
      enqueueGatewayApi();
      return;
    }
    if (event.resource.group === '' && (event.resource.plural === 'services' || event.resource.plural === 'namespaces'))
      enqueueGatewayApi();
    // Events carry a copy of the ResourceType; map it back to KINDS so the switch can compare by identity.
    const resource = Object.values(KINDS).find(
      (k) => k.group === event.resource.group && k.plural === event.resource.plural,
    );
    if (resource) onEvent({ ...event, resource });
  });

  const stopAmbient = startAmbientControllers(store, ips, (key, fn) => queue.add(key, fn));

  for (const ns of store.list(KINDS.namespaces))
    queue.add(`namespace-sa/${ns.metadata.name}`, () => ensureDefaultServiceAccount(store, ns.metadata.name));
  for (const d of store.list(KINDS.deployments)) enqueueDeployment(d.metadata.namespace ?? '', d.metadata.name);
  for (const rs of store.list(KINDS.replicaSets)) enqueueReplicaSet(rs.metadata.namespace ?? '', rs.metadata.name);
  for (const p of store.list(KINDS.pods)) {
    if (!p.status?.phase)
      queue.add(`kubelet/${p.metadata.namespace}/${p.metadata.name}`, () =>
        startPod(store, ips, p.metadata.namespace ?? '', p.metadata.name),
      );
  }
  for (const ns of store.list(KINDS.namespaces)) enqueueEndpoints(ns.metadata.name);
  enqueueGatewayApi();
  queue.drain();

  return () => {
    unsubscribe();
    stopAmbient();
    queue.stop();
  };
}
