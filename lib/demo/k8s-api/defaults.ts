import type { KubeObject, ObjectStore } from '../store/object-store';
import { resourceByPlural, type ResourceType } from '../store/resources';
import { fnv32a } from './hash';
import { defaultValue, lookupCrdSchema } from '../../istio/schema';

/**
 * Defaulting the API server does on create (the registry strategies and defaulters of a real server): namespace
 * name labels, Service cluster IPs and port defaults, Deployment replicas and strategy; for custom resources, the
 * CRD schema's `default`s (structural defaulting, lib/istio/schema/defaults.ts) at the version `obj` declares. The seed
 * calls it too, so seeded objects look like ones created through the API.
 */
export function applyDefaults(resource: ResourceType, obj: KubeObject, store: ObjectStore): KubeObject {
  if (resource.istio) {
    const schema = lookupCrdSchema(obj.apiVersion, obj.kind);
    if (schema) defaultValue(obj, schema);
    return obj;
  }
  switch (resource.kind) {
    case 'Namespace':
      obj.metadata.labels = { ...obj.metadata.labels, 'kubernetes.io/metadata.name': obj.metadata.name };
      obj.spec = { finalizers: ['kubernetes'], ...obj.spec };
      obj.status = { phase: 'Active', ...obj.status };
      break;
    case 'Service':
      defaultService(obj, store);
      break;
    case 'Deployment':
      obj.spec = {
        replicas: 1,
        revisionHistoryLimit: 10,
        progressDeadlineSeconds: 600,
        strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: '25%', maxUnavailable: '25%' } },
        ...obj.spec,
      };
      if (obj.spec.template?.spec) defaultPodSpec(obj.spec.template.spec);
      break;
    case 'ReplicaSet':
      obj.spec = { replicas: 1, ...obj.spec };
      if (obj.spec.template?.spec) defaultPodSpec(obj.spec.template.spec);
      break;
    case 'Pod':
      obj.spec = obj.spec ?? {};
      defaultPodSpec(obj.spec);
      break;
  }
  return obj;
}

// Pod specs are loosely typed wire JSON here.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
function defaultPodSpec(spec: any): void {
  spec.restartPolicy ??= 'Always';
  spec.dnsPolicy ??= 'ClusterFirst';
  spec.schedulerName ??= 'default-scheduler';
  spec.terminationGracePeriodSeconds ??= 30;
  spec.serviceAccountName ??= spec.serviceAccount ?? 'default';
  spec.serviceAccount ??= spec.serviceAccountName;
  for (const c of [...(spec.containers ?? []), ...(spec.initContainers ?? [])]) {
    c.imagePullPolicy ??= String(c.image ?? '').endsWith(':latest') ? 'Always' : 'IfNotPresent';
    c.terminationMessagePath ??= '/dev/termination-log';
    c.terminationMessagePolicy ??= 'File';
    for (const p of c.ports ?? []) p.protocol ??= 'TCP';
  }
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
function defaultService(obj: any, store: ObjectStore): void {
  const spec = (obj.spec ??= {});
  spec.type ??= 'ClusterIP';
  spec.sessionAffinity ??= 'None';
  if (spec.type !== 'ExternalName') {
    spec.ipFamilies ??= ['IPv4'];
    spec.ipFamilyPolicy ??= 'SingleStack';
    spec.internalTrafficPolicy ??= 'Cluster';
    if (!spec.clusterIP) spec.clusterIP = allocateClusterIp(store, `${obj.metadata.namespace}/${obj.metadata.name}`);
    spec.clusterIPs ??= [spec.clusterIP];
  }
  if (spec.type === 'LoadBalancer' || spec.type === 'NodePort') spec.externalTrafficPolicy ??= 'Cluster';
  const usedNodePorts = new Set<number>();
  for (const port of spec.ports ?? []) {
    port.protocol ??= 'TCP';
    port.targetPort ??= port.port;
    if ((spec.type === 'LoadBalancer' || spec.type === 'NodePort') && !port.nodePort) {
      let n = 30000 + (fnv32a(`${obj.metadata.namespace}/${obj.metadata.name}/${port.port}`) % 2768);
      while (usedNodePorts.has(n)) n = n === 32767 ? 30000 : n + 1;
      port.nodePort = n;
    }
    if (port.nodePort) usedNodePorts.add(port.nodePort);
  }
  obj.status ??= { loadBalancer: {} };
}

/** Cluster IPs in use per store, kept current through the store's watch (listing every Service per create is O(n²)). */
const clusterIpIndex = new WeakMap<ObjectStore, Set<string>>();

function usedClusterIps(store: ObjectStore): Set<string> {
  let used = clusterIpIndex.get(store);
  if (used) return used;
  const services = resourceByPlural('', 'services');
  const index = new Set<string>(
    services
      ? store
          .list(services)
          .map((s) => s.spec?.clusterIP)
          .filter(Boolean)
      : [],
  );
  store.watch(({ type, resource, object }) => {
    if (resource.plural !== 'services' || resource.group !== '' || !object.spec?.clusterIP) return;
    if (type === 'DELETED') index.delete(object.spec.clusterIP);
    else index.add(object.spec.clusterIP);
  });
  clusterIpIndex.set(store, (used = index));
  return used;
}

/** A stable cluster IP in 10.96.0.0/12 for a Service, skipping addresses already taken. */
function allocateClusterIp(store: ObjectStore, seed: string): string {
  const used = usedClusterIps(store);
  const size = 1 << 20;
  let offset = 10 + (fnv32a(seed) % (size - 20));
  for (;;) {
    const ip = `10.${96 + (offset >> 16)}.${(offset >> 8) & 255}.${offset & 255}`;
    if (!used.has(ip) && (offset & 255) !== 0 && (offset & 255) !== 255) {
      // Reserved until the Service is stored (or forever, for a dry run: harmless in a 2^20 range).
      used.add(ip);
      return ip;
    }
    offset = (offset + 1) % size;
  }
}
