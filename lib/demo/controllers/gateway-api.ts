/**
 * istiod's part for the Kubernetes Gateway API in the demo cluster: the GatewayClasses Istio installs, the
 * Deployment, Service and ServiceAccount Istio's deployment controller creates for each Gateway of class `istio`
 * (names `<gateway>-istio`, labels `gateway.networking.k8s.io/gateway-name` and `istio.io/gateway-name`, as in
 * pilot/pkg/config/kube/gateway/templates and testdata/deployment), and the status of Gateways and routes computed
 * by lib/gateway-api (Accepted/Programmed, listeners, route parents). Runs only when the demo API serves the
 * Gateway API kinds.
 */
import {
  computeStatus,
  gatewayServiceName,
  ISTIO_CONTROLLER,
  keyOf,
  worldFromObjects,
  type Condition,
  type Gateway,
  type KObject,
} from '@/lib/gateway-api';
import { applyDefaults } from '../k8s-api/defaults';
import type { KubeObject, ObjectStore } from '../store/object-store';
import { resourceByPlural, type ResourceType } from '../store/resources';
import { KINDS, nowTimestamp, ownedBy, sameJson } from './kinds';
import { proxyArgs } from './pods';

const G = 'gateway.networking.k8s.io';

/** The Gateway API resource types the controller reads, or null when the demo API does not serve them. */
export function gatewayApiKinds():
  | ({ gateways: ResourceType } & Record<
      'classes' | 'httproutes' | 'grpcroutes' | 'tcproutes' | 'tlsroutes' | 'grants',
      ResourceType | undefined
    >)
  | null {
  const gateways = resourceByPlural(G, 'gateways');
  if (!gateways) return null;
  return {
    classes: resourceByPlural(G, 'gatewayclasses'),
    gateways,
    httproutes: resourceByPlural(G, 'httproutes'),
    grpcroutes: resourceByPlural(G, 'grpcroutes'),
    tcproutes: resourceByPlural(G, 'tcproutes'),
    tlsroutes: resourceByPlural(G, 'tlsroutes'),
    grants: resourceByPlural(G, 'referencegrants'),
  };
}

/** GatewayClasses istiod creates, with their controller names and descriptions (all Accepted by istiod). */
const CLASSES: Record<string, { controllerName: string; description: string }> = {
  istio: { controllerName: ISTIO_CONTROLLER, description: 'The default Istio GatewayClass' },
  'istio-remote': {
    controllerName: 'istio.io/unmanaged-gateway',
    description: 'Remote to this cluster. Does not deploy or affect configuration.',
  },
  'istio-waypoint': {
    controllerName: 'istio.io/mesh-controller',
    description: 'The default Istio waypoint GatewayClass',
  },
};

const MANAGED = 'istio.io-gateway-controller';

/**
 * The ServiceAccount, Deployment and Service Istio deploys for a Gateway of class `istio`: one replica of the
 * proxy in router mode, no sidecar injection, the Service selecting `gateway.networking.k8s.io/gateway-name` with
 * Istio's status port and one port per distinct listener port (named after the listener, appProtocol from its
 * protocol). Service type LoadBalancer unless the Gateway annotates `networking.istio.io/service-type`.
 */
export function gatewayDeploymentObjects(gw: Gateway & { metadata: { uid?: string } }): KubeObject[] {
  const name = gatewayServiceName(gw);
  const ns = gw.metadata.namespace ?? 'default';
  const gwName = gw.metadata.name;
  const className = gw.spec?.gatewayClassName ?? 'istio';
  const labels = {
    'gateway.istio.io/managed': MANAGED,
    'gateway.networking.k8s.io/gateway-name': gwName,
    'istio.io/gateway-name': gwName,
  };
  const owner = [{ apiVersion: `${G}/v1`, kind: 'Gateway', name: gwName, uid: gw.metadata.uid ?? '' }];
  const meta = (kind: string) => ({
    name,
    namespace: ns,
    labels,
    ownerReferences: owner,
    annotations: kind === 'Deployment' ? {} : undefined,
  });
  const podLabels = {
    'gateway.networking.k8s.io/gateway-name': gwName,
    'gateway.networking.k8s.io/gateway-class-name': className,
    'istio.io/gateway-name': gwName,
    'service.istio.io/canonical-name': name,
    'service.istio.io/canonical-revision': 'latest',
    'sidecar.istio.io/inject': 'false',
  };
  const ports = new Map<number, { name: string; port: number; protocol: 'TCP'; appProtocol: string }>();
  ports.set(15021, { name: 'status-port', port: 15021, protocol: 'TCP', appProtocol: 'tcp' });
  for (const l of gw.spec?.listeners ?? []) {
    if (ports.has(l.port)) continue;
    const appProtocol =
      l.protocol === 'HTTP' ? 'http' : l.protocol === 'HTTPS' ? 'https' : l.protocol === 'TLS' ? 'tls' : 'tcp';
    ports.set(l.port, { name: l.name, port: l.port, protocol: 'TCP', appProtocol });
  }
  return [
    { apiVersion: 'v1', kind: 'ServiceAccount', metadata: meta('ServiceAccount') },
    {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: meta('Deployment'),
      spec: {
        replicas: 1,
        selector: { matchLabels: { 'gateway.networking.k8s.io/gateway-name': gwName } },
        template: {
          metadata: {
            labels: podLabels,
            annotations: {
              'istio.io/rev': 'default',
              'prometheus.io/path': '/stats/prometheus',
              'prometheus.io/port': '15020',
              'prometheus.io/scrape': 'true',
            },
          },
          spec: {
            serviceAccountName: name,
            containers: [
              {
                name: 'istio-proxy',
                image: 'docker.io/istio/proxyv2:1.28.0',
                args: proxyArgs('router', '$(POD_NAMESPACE).svc.cluster.local'),
                ports: [
                  { containerPort: 15021, name: 'status-port', protocol: 'TCP' },
                  { containerPort: 15090, name: 'http-envoy-prom', protocol: 'TCP' },
                ],
              },
            ],
          },
        },
      },
    },
    {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: meta('Service'),
      spec: {
        type: gw.metadata.annotations?.['networking.istio.io/service-type'] ?? 'LoadBalancer',
        selector: { 'gateway.networking.k8s.io/gateway-name': gwName },
        ports: [...ports.values()],
      },
    },
  ];
}

/** Keeps `lastTransitionTime` of conditions whose status did not change (Kubernetes' condition convention). */
function withTransitionTimes(next: Condition[], prev: unknown): (Condition & { lastTransitionTime: string })[] {
  const old = Array.isArray(prev) ? (prev as (Condition & { lastTransitionTime?: string })[]) : [];
  return next.map((c) => {
    const before = old.find((o) => o.type === c.type);
    return {
      ...c,
      lastTransitionTime:
        before && before.status === c.status && before.lastTransitionTime ? before.lastTransitionTime : nowTimestamp(),
    };
  });
}

/** Compares conditions without their transition times. */
function sameConditions(a: unknown, b: unknown): boolean {
  const strip = (x: unknown) =>
    Array.isArray(x) ? x.map(({ lastTransitionTime: _t, ...rest }: Record<string, unknown>) => rest) : x;
  return sameJson(strip(a), strip(b));
}

function writeStatus(store: ObjectStore, type: ResourceType, obj: KubeObject, status: Record<string, unknown>): void {
  if (sameJson(obj.status ?? {}, status)) return;
  store.update(type, { ...obj, status });
}

function ensureClasses(store: ObjectStore, type: ResourceType | undefined): void {
  if (!type) return;
  for (const [name, spec] of Object.entries(CLASSES)) {
    let gc = store.get(type, undefined, name);
    if (!gc) gc = store.create(type, { apiVersion: `${G}/v1`, kind: 'GatewayClass', metadata: { name }, spec });
    if ((gc.spec?.controllerName as string | undefined) !== spec.controllerName) continue;
    const conditions = [
      {
        type: 'Accepted',
        status: 'True' as const,
        reason: 'Accepted',
        message: 'Handled by Istio controller',
        observedGeneration: gc.metadata.generation,
      },
    ];
    const prev = (gc.status?.conditions ?? []) as unknown[];
    if (!sameConditions(prev, conditions))
      writeStatus(store, type, gc, { ...gc.status, conditions: withTransitionTimes(conditions, prev) });
  }
}

/** What the controller keeps in line on objects it deployed (the API server's defaults left aside). */
function managedPrint(obj: KubeObject): string {
  if (obj.kind === 'Service') {
    const ports = ((obj.spec?.ports ?? []) as { name?: string; port: number; appProtocol?: string }[]).map((p) => [
      p.name,
      p.port,
      p.appProtocol,
    ]);
    return JSON.stringify([obj.spec?.selector, obj.spec?.type, ports]);
  }
  if (obj.kind === 'Deployment')
    return JSON.stringify([
      obj.spec?.selector,
      obj.spec?.template?.metadata?.labels,
      obj.spec?.template?.spec?.serviceAccountName,
    ]);
  return '';
}

function ensureDeployment(store: ObjectStore, gw: KubeObject): void {
  for (const obj of gatewayDeploymentObjects(gw as Gateway)) {
    const type =
      obj.kind === 'Deployment' ? KINDS.deployments : obj.kind === 'Service' ? KINDS.services : KINDS.serviceAccounts;
    const current = store.get(type, obj.metadata.namespace, obj.metadata.name);
    // Created through the API server's defaulting (cluster IP, port protocol, Deployment strategy), as istiod's are.
    if (!current) store.create(type, applyDefaults(type, obj, store));
    else if (ownedBy(current, gw.metadata.uid) && managedPrint(current) !== managedPrint(obj)) {
      store.update(type, {
        ...current,
        metadata: { ...current.metadata, labels: obj.metadata.labels },
        spec: {
          ...current.spec,
          ...obj.spec,
          ...(obj.kind === 'Service'
            ? { clusterIP: current.spec?.clusterIP, clusterIPs: current.spec?.clusterIPs }
            : {}),
        },
      });
    }
  }
}

/** Deletes what the controller deployed for a Gateway (owner uid), as garbage collection would. */
export function deleteGatewayDeployment(store: ObjectStore, namespace: string, uid: string): void {
  for (const type of [KINDS.deployments, KINDS.services, KINDS.serviceAccounts]) {
    for (const o of store.list(type, namespace)) if (ownedBy(o, uid)) store.delete(type, namespace, o.metadata.name);
  }
}

/**
 * One pass of the controller over the whole store: GatewayClasses, the deployments of `istio` Gateways, and the
 * status of Gateways and routes (only written when it changed, so status events settle).
 */
export function reconcileGatewayApi(store: ObjectStore): void {
  const kinds = gatewayApiKinds();
  if (!kinds) return;
  ensureClasses(store, kinds.classes);
  const gateways = store.list(kinds.gateways);
  const classes = kinds.classes
    ? new Set(
        store
          .list(kinds.classes)
          .filter((c) => c.spec?.controllerName === ISTIO_CONTROLLER)
          .map((c) => c.metadata.name),
      )
    : new Set<string>();
  for (const gw of gateways) {
    if (gw.spec?.gatewayClassName === 'istio' && classes.has('istio')) ensureDeployment(store, gw);
  }
  const routeTypes = [
    ['HTTPRoute', kinds.httproutes],
    ['GRPCRoute', kinds.grpcroutes],
    ['TCPRoute', kinds.tcproutes],
    ['TLSRoute', kinds.tlsroutes],
  ] as const;
  const objects: KObject[] = [
    ...store.list(KINDS.namespaces),
    ...store.list(KINDS.services),
    ...gateways,
    ...(kinds.classes ? store.list(kinds.classes) : []),
    ...(kinds.grants ? store.list(kinds.grants) : []),
  ] as KObject[];
  const routes: { type: ResourceType; obj: KubeObject; kind: string }[] = [];
  for (const [kind, type] of routeTypes) {
    if (!type) continue;
    for (const obj of store.list(type)) {
      routes.push({ type, obj, kind });
      objects.push({ ...obj, apiVersion: `${G}/v1`, kind } as KObject);
    }
  }
  if (gateways.length === 0 && routes.length === 0) return;
  const world = worldFromObjects(objects);
  const deployed = (g: Gateway) =>
    g.spec?.gatewayClassName !== 'istio' || !!store.get(KINDS.services, g.metadata.namespace, gatewayServiceName(g));
  const computed = computeStatus(world, deployed);
  for (const gw of gateways) {
    const s = computed.gateways.get(keyOf(gw));
    if (!s) continue;
    const prev = (gw.status ?? {}) as { conditions?: unknown; listeners?: { name: string; conditions?: unknown }[] };
    const listeners = s.listeners.map((l) => ({
      ...l,
      conditions: withTransitionTimes(l.conditions, prev.listeners?.find((p) => p.name === l.name)?.conditions),
    }));
    writeStatus(store, kinds.gateways, gw, {
      addresses: s.addresses,
      conditions: withTransitionTimes(s.conditions, prev.conditions),
      listeners,
    });
  }
  for (const { type, obj, kind } of routes) {
    const s = computed.routes.get(`${kind}:${keyOf(obj)}`);
    if (!s) continue;
    const prevParents = (obj.status?.parents ?? []) as {
      parentRef: unknown;
      controllerName?: string;
      conditions?: unknown;
    }[];
    const foreign = prevParents.filter((p) => p.controllerName !== ISTIO_CONTROLLER);
    const parents = s.parents.map((p) => ({
      ...p,
      conditions: withTransitionTimes(
        p.conditions,
        prevParents.find((q) => q.controllerName === ISTIO_CONTROLLER && sameJson(q.parentRef, p.parentRef))
          ?.conditions,
      ),
    }));
    writeStatus(store, type, obj, { ...obj.status, parents: [...foreign, ...parents] });
  }
}
