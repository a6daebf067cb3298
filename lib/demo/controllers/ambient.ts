import { applyDefaults } from '../k8s-api/defaults';
import { safeSuffix } from '../k8s-api/hash';
import type { KubeObject, ObjectStore, WatchEvent } from '../store/object-store';
import { resourceByPlural, type ResourceType } from '../store/resources';
import { KINDS, ownedBy, sameJson } from './kinds';
import {
  ambientRedirected,
  NODE_NAME,
  PROXY_IMAGE,
  proxyArgs,
  REDIRECTION_ANNOTATION,
  runningStatus,
  type PodIpAllocator,
} from './pods';

/**
 * The ambient-mode parts of the demo cluster's controllers:
 *
 * - a DaemonSet controller (one pod per node; the demo has the single node NODE_NAME), which runs ztunnel;
 * - istiod's waypoint deployment controller: a Gateway API Gateway of class `istio-waypoint` gets the
 *   ServiceAccount, Deployment and Service istiod renders from its `waypoint.yaml` template (Istio 1.24), owned by
 *   the Gateway (deleted with it); its status comes from the Gateway API controller (./gateway-api.ts);
 * - istio-cni's enrollment mark: pods of ambient namespaces without a sidecar carry the
 *   `ambient.istio.io/redirection: enabled` annotation (added at creation in pods.ts, and when a namespace is
 *   labelled or unlabelled later).
 */

export const WAYPOINT_CLASS = 'istio-waypoint';
const GATEWAY_NAME = 'gateway.networking.k8s.io/gateway-name';
const GATEWAY_CLASS_NAME = 'gateway.networking.k8s.io/gateway-class-name';
const MANAGED = 'gateway.istio.io/managed';
const MESH_CONTROLLER = 'istio.io-mesh-controller';

/** The Gateway API Gateway kind, when the demo store serves it. */
export function gatewayKind(): ResourceType | undefined {
  return resourceByPlural('gateway.networking.k8s.io', 'gateways');
}

/**
 * The objects istiod deploys for a waypoint Gateway (manifests/charts/istio-control/istio-discovery/files/
 * waypoint.yaml, Istio 1.24): ServiceAccount, Deployment and Service named after the Gateway, labelled with the
 * Gateway's own labels (istiod copies them when `spec.infrastructure` is absent) plus the Gateway API name/class
 * labels, owned by the Gateway. The pods run `pilot-agent proxy waypoint`, opt out of injection and of ambient
 * capture, and are scraped on 15020.
 */
export function waypointObjects(gateway: KubeObject): KubeObject[] {
  const name = gateway.metadata.name;
  const namespace = gateway.metadata.namespace ?? 'default';
  const className = (gateway.spec?.gatewayClassName as string | undefined) ?? WAYPOINT_CLASS;
  const infra =
    (gateway.spec?.infrastructure?.labels as Record<string, string> | undefined) ?? gateway.metadata.labels ?? {};
  const owner = [
    { apiVersion: 'gateway.networking.k8s.io/v1', kind: 'Gateway', name, uid: gateway.metadata.uid ?? '' },
  ];
  const base = { ...infra, [GATEWAY_NAME]: name, [GATEWAY_CLASS_NAME]: className };
  const managed = { ...base, [MANAGED]: MESH_CONTROLLER };
  const podLabels = {
    'sidecar.istio.io/inject': 'false',
    'istio.io/dataplane-mode': 'none',
    'service.istio.io/canonical-name': name,
    'service.istio.io/canonical-revision': 'latest',
    ...managed,
  };
  return [
    { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name, namespace, labels: base, ownerReferences: owner } },
    {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name, namespace, labels: managed, ownerReferences: owner },
      spec: {
        replicas: 1,
        selector: { matchLabels: { [GATEWAY_NAME]: name } },
        template: {
          metadata: {
            annotations: {
              'istio.io/rev': 'default',
              'prometheus.io/path': '/stats/prometheus',
              'prometheus.io/port': '15020',
              'prometheus.io/scrape': 'true',
            },
            labels: podLabels,
          },
          spec: {
            serviceAccountName: name,
            containers: [
              {
                name: 'istio-proxy',
                image: PROXY_IMAGE,
                args: proxyArgs('waypoint', '$(POD_NAMESPACE).svc.cluster.local', [
                  '--serviceCluster',
                  `${name}.$(POD_NAMESPACE)`,
                ]),
                ports: [
                  { containerPort: 15020, name: 'metrics', protocol: 'TCP' },
                  { containerPort: 15021, name: 'status-port', protocol: 'TCP' },
                  { containerPort: 15090, name: 'http-envoy-prom', protocol: 'TCP' },
                ],
                readinessProbe: {
                  httpGet: { path: '/healthz/ready', port: 15021, scheme: 'HTTP' },
                  periodSeconds: 15,
                  failureThreshold: 4,
                },
              },
            ],
          },
        },
      },
    },
    {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: {
        name,
        namespace,
        labels: base,
        annotations: { 'networking.istio.io/traffic-distribution': 'PreferClose' },
        ownerReferences: owner,
      },
      spec: {
        type: 'ClusterIP',
        ipFamilyPolicy: 'PreferDualStack',
        selector: { [GATEWAY_NAME]: name },
        ports: [
          { name: 'status-port', port: 15021, protocol: 'TCP', appProtocol: 'tcp' },
          { name: 'mesh', port: 15008, protocol: 'TCP', appProtocol: 'all' },
        ],
      },
    },
  ];
}

const KIND_OF: Record<string, ResourceType> = {
  ServiceAccount: KINDS.serviceAccounts,
  Deployment: KINDS.deployments,
  Service: KINDS.services,
};

/** Creates or updates the waypoint's objects (the Gateway's status is written by ./gateway-api.ts, as for every class). */
function reconcileWaypoint(store: ObjectStore, kind: ResourceType, namespace: string, name: string): void {
  const gateway = store.get(kind, namespace, name);
  if (!gateway || gateway.spec?.gatewayClassName !== WAYPOINT_CLASS) return;
  for (const want of waypointObjects(gateway)) {
    const type = KIND_OF[want.kind]!;
    const have = store.get(type, namespace, want.metadata.name);
    if (!have) {
      // Created through the API server: defaults apply (a Service gets its cluster IP).
      store.create(type, applyDefaults(type, want, store));
      continue;
    }
    if (!ownedBy(have, gateway.metadata.uid)) continue;
    const merged = {
      ...have,
      metadata: { ...have.metadata, labels: want.metadata.labels },
      spec: want.kind === 'Service' ? { ...have.spec, ...want.spec } : want.spec,
    };
    if (!sameJson(merged, have))
      store.update(type, { ...merged, metadata: { ...merged.metadata, resourceVersion: undefined } });
  }
}

/** Deletes what a deleted waypoint Gateway owned (Kubernetes' garbage collector does this in a real cluster). */
function deleteWaypoint(store: ObjectStore, namespace: string, uid: string): void {
  for (const type of [KINDS.deployments, KINDS.services, KINDS.serviceAccounts]) {
    for (const o of store.list(type, namespace)) if (ownedBy(o, uid)) store.delete(type, namespace, o.metadata.name);
  }
}

/** The DaemonSet controller for the single demo node: one Running pod `<ds>-<5 chars>` per DaemonSet. */
export function reconcileDaemonSet(
  store: ObjectStore,
  ips: PodIpAllocator,
  daemonSets: ResourceType,
  namespace: string,
  name: string,
): void {
  const ds = store.get(daemonSets, namespace, name);
  if (!ds) return;
  const pods = store.list(KINDS.pods, namespace).filter((p) => ownedBy(p, ds.metadata.uid));
  if (pods.length === 0) {
    const template = structuredClone(ds.spec?.template ?? {});
    const podName = `${name}-${safeSuffix(`${namespace}/${name}/${NODE_NAME}`)}`;
    const pod: KubeObject = {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: {
        name: podName,
        namespace,
        labels: {
          ...template.metadata?.labels,
          'controller-revision-hash': safeSuffix(JSON.stringify(template)).slice(0, 5) + '7c5b',
          'pod-template-generation': '1',
        },
        ...(template.metadata?.annotations ? { annotations: template.metadata.annotations } : {}),
        ownerReferences: [{ apiVersion: 'apps/v1', kind: 'DaemonSet', name, uid: ds.metadata.uid!, controller: true }],
      },
      spec: {
        ...template.spec,
        nodeName: NODE_NAME,
        serviceAccountName: template.spec?.serviceAccountName ?? 'default',
      },
    };
    pod.status = runningStatus(pod, ips.allocate(namespace, podName));
    pods.push(store.create(KINDS.pods, pod));
  }
  const status = {
    currentNumberScheduled: 1,
    desiredNumberScheduled: 1,
    numberAvailable: pods.length,
    numberMisscheduled: 0,
    numberReady: pods.length,
    observedGeneration: ds.metadata.generation ?? 1,
    updatedNumberScheduled: pods.length,
  };
  if (!sameJson(ds.status, status))
    store.update(daemonSets, { ...ds, status, metadata: { ...ds.metadata, resourceVersion: undefined } });
}

/** Adds or removes the redirection annotation on a namespace's pods after its ambient label changed. */
function markRedirection(store: ObjectStore, namespace: string): void {
  const ns = store.get(KINDS.namespaces, undefined, namespace);
  for (const pod of store.list(KINDS.pods, namespace)) {
    const want = ambientRedirected(ns, pod);
    const has = pod.metadata.annotations?.[REDIRECTION_ANNOTATION] === 'enabled';
    if (want === has) continue;
    const annotations = { ...pod.metadata.annotations };
    if (want) annotations[REDIRECTION_ANNOTATION] = 'enabled';
    else delete annotations[REDIRECTION_ANNOTATION];
    store.update(KINDS.pods, { ...pod, metadata: { ...pod.metadata, annotations, resourceVersion: undefined } });
  }
}

/**
 * Starts the ambient controllers (see the module comment) on a store; `enqueue(key, fn)` is the shared work
 * queue of lib/demo/controllers. Existing DaemonSets and waypoint Gateways are reconciled at once. Returns the
 * function that stops watching.
 */
export function startAmbientControllers(
  store: ObjectStore,
  ips: PodIpAllocator,
  enqueue: (key: string, fn: () => void) => void,
): () => void {
  const daemonSets = resourceByPlural('apps', 'daemonsets')!;
  const gateways = gatewayKind();
  const same = (a: ResourceType, b: ResourceType | undefined) => !!b && a.group === b.group && a.plural === b.plural;
  const onEvent = ({ type, resource, object }: WatchEvent): void => {
    const ns = object.metadata.namespace ?? '';
    const name = object.metadata.name;
    if (same(resource, daemonSets) && type !== 'DELETED')
      enqueue(`daemonset/${ns}/${name}`, () => reconcileDaemonSet(store, ips, daemonSets, ns, name));
    else if (same(resource, gateways)) {
      if (type === 'DELETED')
        enqueue(`waypoint-gc/${object.metadata.uid}`, () => deleteWaypoint(store, ns, object.metadata.uid ?? ''));
      else enqueue(`waypoint/${ns}/${name}`, () => reconcileWaypoint(store, gateways!, ns, name));
    } else if (same(resource, KINDS.namespaces) && type === 'MODIFIED')
      enqueue(`redirection/${name}`, () => markRedirection(store, name));
    else if (same(resource, KINDS.pods) && type === 'DELETED') {
      const owner = (object.metadata.ownerReferences ?? []).find((r) => r.kind === 'DaemonSet');
      if (owner)
        enqueue(`daemonset/${ns}/${owner.name}`, () => reconcileDaemonSet(store, ips, daemonSets, ns, owner.name));
    }
  };
  const unsubscribe = store.watch(onEvent);
  for (const ds of store.list(daemonSets)) {
    const ns = ds.metadata.namespace ?? '';
    enqueue(`daemonset/${ns}/${ds.metadata.name}`, () =>
      reconcileDaemonSet(store, ips, daemonSets, ns, ds.metadata.name),
    );
  }
  for (const gw of gateways ? store.list(gateways) : []) {
    const ns = gw.metadata.namespace ?? '';
    enqueue(`waypoint/${ns}/${gw.metadata.name}`, () => reconcileWaypoint(store, gateways!, ns, gw.metadata.name));
  }
  return unsubscribe;
}
