import type { KubeObject, ObjectStore, WatchEvent } from '../store/object-store';
import { resourceByPlural, type ResourceType } from '../store/resources';
import type { ExternalHost, PortProtocol, ServiceInfo, ServicePort, WorkloadInfo } from './types';

/** Istio's root namespace (mesh-wide policies live here). */
export const ROOT_NAMESPACE = 'istio-system';
export const DOMAIN_SUFFIX = 'svc.cluster.local';

const KINDS = {
  namespaces: ['', 'namespaces'],
  deployments: ['apps', 'deployments'],
  statefulsets: ['apps', 'statefulsets'],
  services: ['', 'services'],
  pods: ['', 'pods'],
  virtualservices: ['networking.istio.io', 'virtualservices'],
  destinationrules: ['networking.istio.io', 'destinationrules'],
  gateways: ['networking.istio.io', 'gateways'],
  serviceentries: ['networking.istio.io', 'serviceentries'],
  authorizationpolicies: ['security.istio.io', 'authorizationpolicies'],
  peerauthentications: ['security.istio.io', 'peerauthentications'],
  // Gateway API (lib/demo/traffic/gateway-api.ts; waypoints are Gateways of class istio-waypoint: ambient.ts);
  // absent from the index while the demo API does not serve them.
  k8sgateways: ['gateway.networking.k8s.io', 'gateways'],
  httproutes: ['gateway.networking.k8s.io', 'httproutes'],
  grpcroutes: ['gateway.networking.k8s.io', 'grpcroutes'],
  tcproutes: ['gateway.networking.k8s.io', 'tcproutes'],
  referencegrants: ['gateway.networking.k8s.io', 'referencegrants'],
} as const;
type Kind = keyof typeof KINDS;

function objKey(o: KubeObject): string {
  return `${o.metadata.namespace ?? ''}/${o.metadata.name}`;
}

/** The parts of an object the engine reads; a status-only update leaves it unchanged and costs nothing. */
function fingerprint(kind: Kind, o: KubeObject): string {
  if (kind === 'pods') return JSON.stringify([o.metadata.labels, o.status?.podIP]);
  if (kind === 'deployments' || kind === 'statefulsets') return JSON.stringify([o.spec?.template, o.spec?.replicas]);
  if (kind === 'namespaces') return JSON.stringify(o.metadata.labels ?? {});
  return JSON.stringify([o.metadata.labels, o.metadata.creationTimestamp, o.spec]);
}

/** Deterministic 32-bit FNV-1a hash (pod names and IPs made up for workloads without Pods). */
export function hash32(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193);
  return h >>> 0;
}

/** Istio's protocol selection from a port name or appProtocol (`http-web`, `grpc`, `tcp`, `https`...). */
export function portProtocol(nameOrProtocol: string | undefined): PortProtocol {
  const p = (nameOrProtocol ?? '').toLowerCase().split('-')[0] ?? '';
  if (p === 'grpc' || p === 'grpc-web') return 'grpc';
  if (p === 'http' || p === 'http2' || p === 'h2c') return 'http';
  if (p === 'https' || p === 'tls') return 'tls';
  if (p === 'tcp' || p === 'mongo' || p === 'mysql' || p === 'redis') return 'tcp';
  return 'http';
}

/** Pod label istiod puts on the waypoints it deploys (value WAYPOINT_MANAGED_VALUE); Kiali's `config.WaypointLabel`. */
export const WAYPOINT_MANAGED_LABEL = 'gateway.istio.io/managed';
export const WAYPOINT_MANAGED_VALUE = 'istio.io-mesh-controller';
/** The Gateway API label naming the Gateway a generated Deployment serves. */
export const GATEWAY_NAME_LABEL = 'gateway.networking.k8s.io/gateway-name';
/** Namespace or pod label enrolling workloads in ambient mode (`ambient`), or opting a pod out (`none`). */
export const DATAPLANE_MODE_LABEL = 'istio.io/dataplane-mode';

/**
 * Whether ztunnel captures a pod without a sidecar (Istio's ambient enrollment): a pod label
 * `istio.io/dataplane-mode` decides (`ambient` in, `none` out), else the namespace label does.
 */
export function ambientEnrolled(nsLabels: Record<string, string>, podLabels: Record<string, string>): boolean {
  const pod = podLabels[DATAPLANE_MODE_LABEL];
  if (pod !== undefined) return pod === 'ambient';
  return nsLabels[DATAPLANE_MODE_LABEL] === 'ambient';
}

/**
 * A gateway Istio deploys for a Gateway API Gateway (pod label `gateway.networking.k8s.io/gateway-name`), waypoints
 * (class `istio-waypoint`, or managed by the mesh controller) excepted.
 */
export function isGatewayApiGateway(labels: Record<string, string>): boolean {
  return (
    labels['gateway.networking.k8s.io/gateway-name'] !== undefined &&
    labels['gateway.networking.k8s.io/gateway-class-name'] !== 'istio-waypoint' &&
    labels['gateway.istio.io/managed'] !== 'istio.io-mesh-controller'
  );
}

/** True when every key of `selector` has the same value in `labels` (an empty selector matches nothing). */
export function labelsMatch(selector: Record<string, string> | undefined, labels: Record<string, string>): boolean {
  if (!selector) return false;
  const entries = Object.entries(selector);
  return entries.length > 0 && entries.every(([k, v]) => labels[k] === v);
}

/**
 * An index of the store for the traffic engine: raw objects per kind kept current through `store.watch`, and
 * derived workloads/services rebuilt only when something the engine reads changed (cheap for 2000 workloads:
 * status updates and unrelated kinds do not trigger a rebuild). `generation` increases on every rebuild so
 * callers can key their own caches on it.
 */
export class MeshIndex {
  generation = 0;
  workloads = new Map<string, WorkloadInfo>();
  services = new Map<string, ServiceInfo>();
  externalHosts = new Map<string, ExternalHost>();
  private raw = new Map<Kind, Map<string, KubeObject>>();
  private prints = new Map<string, string>();
  private byPlural = new Map<string, Kind>();
  private byApp = new Map<string, WorkloadInfo[]>();
  private dirty = true;
  private unwatch: () => void;

  /**
   * `cluster`: the cluster this store is (multi-cluster meshes, lib/demo/multicluster): its workloads carry it.
   * Absent on the single-cluster demo.
   */
  constructor(
    store: ObjectStore,
    readonly cluster?: string,
  ) {
    for (const [kind, [group, plural]] of Object.entries(KINDS) as [Kind, readonly [string, string]][]) {
      const type: ResourceType | undefined = resourceByPlural(group, plural);
      this.byPlural.set(`${group}/${plural}`, kind);
      const map = new Map<string, KubeObject>();
      for (const o of type ? store.list(type) : []) {
        map.set(objKey(o), o);
        this.prints.set(`${kind}:${objKey(o)}`, fingerprint(kind, o));
      }
      this.raw.set(kind, map);
    }
    this.unwatch = store.watch((e) => this.onEvent(e));
  }

  /** Stops watching the store. */
  dispose(): void {
    this.unwatch();
  }

  /** Objects of one kind (all namespaces). */
  list(kind: Kind): KubeObject[] {
    return [...(this.raw.get(kind)?.values() ?? [])];
  }

  namespaceLabels(ns: string): Record<string, string> {
    return this.raw.get('namespaces')?.get(`/${ns}`)?.metadata.labels ?? {};
  }

  /** Workloads of an app in a namespace (sorted by name). */
  workloadsOfApp(namespace: string, app: string): WorkloadInfo[] {
    return this.byApp.get(`${namespace}/${app}`) ?? [];
  }

  /** Whether the store changed since the last refresh (a multi-cluster mesh then rebuilds every cluster's index). */
  get stale(): boolean {
    return this.dirty;
  }

  /** Makes the next refresh rebuild (another cluster's endpoints changed). */
  invalidate(): void {
    this.dirty = true;
  }

  /** Rebuilds derived data if the store changed since the last call. Returns true when it did. */
  refresh(): boolean {
    if (!this.dirty) return false;
    this.dirty = false;
    this.generation++;
    this.rebuild();
    return true;
  }

  private onEvent(e: WatchEvent): void {
    const kind = this.byPlural.get(`${e.resource.group}/${e.resource.plural}`);
    if (!kind) return;
    const map = this.raw.get(kind)!;
    const k = objKey(e.object);
    const pk = `${kind}:${k}`;
    if (e.type === 'DELETED') {
      map.delete(k);
      this.prints.delete(pk);
      this.dirty = true;
      return;
    }
    map.set(k, e.object);
    const print = fingerprint(kind, e.object);
    if (this.prints.get(pk) !== print) {
      this.prints.set(pk, print);
      this.dirty = true;
    }
  }

  private rebuild(): void {
    const podsByNs = new Map<string, KubeObject[]>();
    for (const p of this.raw.get('pods')!.values()) {
      const ns = p.metadata.namespace ?? '';
      if (!podsByNs.has(ns)) podsByNs.set(ns, []);
      podsByNs.get(ns)!.push(p);
    }
    this.workloads = new Map();
    this.byApp = new Map();
    const owners = [...this.raw.get('deployments')!.values(), ...this.raw.get('statefulsets')!.values()];
    owners.sort((a, b) => objKey(a).localeCompare(objKey(b)));
    for (const d of owners) {
      const w = this.workloadFrom(d, podsByNs.get(d.metadata.namespace ?? '') ?? []);
      this.workloads.set(w.key, w);
      const appKey = `${w.namespace}/${w.app}`;
      if (!this.byApp.has(appKey)) this.byApp.set(appKey, []);
      this.byApp.get(appKey)!.push(w);
    }
    const byNs = new Map<string, WorkloadInfo[]>();
    for (const w of this.workloads.values()) {
      if (!byNs.has(w.namespace)) byNs.set(w.namespace, []);
      byNs.get(w.namespace)!.push(w);
    }
    this.services = new Map();
    for (const s of this.raw.get('services')!.values()) {
      const ns = s.metadata.namespace ?? 'default';
      const selector = s.spec?.selector as Record<string, string> | undefined;
      const ports: ServicePort[] = ((s.spec?.ports ?? []) as Record<string, unknown>[]).map((p) => ({
        name: p.name as string | undefined,
        port: Number(p.port),
        targetPort: typeof p.targetPort === 'number' ? p.targetPort : Number(p.port),
        protocol: portProtocol((p.appProtocol as string | undefined) ?? (p.name as string | undefined)),
      }));
      const fqdn = `${s.metadata.name}.${ns}.${DOMAIN_SUFFIX}`;
      const workloads = (byNs.get(ns) ?? []).filter((w) => labelsMatch(selector, w.labels));
      this.services.set(fqdn, {
        namespace: ns,
        name: s.metadata.name,
        fqdn,
        labels: s.metadata.labels ?? {},
        ports,
        workloads,
      });
    }
    this.externalHosts = new Map();
    for (const se of this.raw.get('serviceentries')!.values()) {
      const ports: ServicePort[] = ((se.spec?.ports ?? []) as Record<string, unknown>[]).map((p) => ({
        name: p.name as string | undefined,
        port: Number(p.number),
        targetPort: Number(p.targetPort ?? p.number),
        protocol: portProtocol(p.protocol as string | undefined),
      }));
      for (const host of (se.spec?.hosts ?? []) as string[]) {
        if (this.externalHosts.has(host) || this.services.has(host)) continue;
        this.externalHosts.set(host, {
          host,
          namespace: se.metadata.namespace ?? 'default',
          seName: se.metadata.name,
          ports,
          meshExternal: se.spec?.location !== 'MESH_INTERNAL',
        });
      }
    }
  }

  private workloadFrom(d: KubeObject, nsPods: KubeObject[]): WorkloadInfo {
    const ns = d.metadata.namespace ?? 'default';
    const name = d.metadata.name;
    const tmeta = (d.spec?.template?.metadata ?? {}) as {
      labels?: Record<string, string>;
      annotations?: Record<string, string>;
    };
    const labels = tmeta.labels ?? {};
    const annotations = tmeta.annotations ?? {};
    const nsLabels = this.namespaceLabels(ns);
    const gateway =
      labels.istio === 'ingressgateway' ||
      labels.istio === 'egressgateway' ||
      labels.app === 'istio-ingressgateway' ||
      isGatewayApiGateway(labels);
    const waypointFor =
      labels[WAYPOINT_MANAGED_LABEL] === WAYPOINT_MANAGED_VALUE ? (labels[GATEWAY_NAME_LABEL] ?? name) : null;
    const optedOut =
      nsLabels['istio-injection'] === 'disabled' ||
      labels['sidecar.istio.io/inject'] === 'false' ||
      annotations['sidecar.istio.io/inject'] === 'false';
    // Ambient namespaces carry no injection label: their pods get no sidecar unless injection is asked for explicitly.
    const ambientPod = !gateway && waypointFor === null && ambientEnrolled(nsLabels, labels);
    const injectionAsked = nsLabels['istio-injection'] === 'enabled' || labels['sidecar.istio.io/inject'] === 'true';
    const sidecar = !gateway && !optedOut && (!ambientPod || injectionAsked);
    const sa = (d.spec?.template?.spec?.serviceAccountName as string | undefined) ?? 'default';
    const app = labels.app ?? labels['app.kubernetes.io/name'] ?? 'unknown';
    const version = labels.version ?? labels['app.kubernetes.io/version'] ?? 'unknown';
    const pods = nsPods
      .filter((p) => p.metadata.name.startsWith(`${name}-`) && labelsMatch(labels, p.metadata.labels ?? {}))
      .map((p) => ({ name: p.metadata.name, ip: (p.status?.podIP as string | undefined) ?? fakeIp(p.metadata.name) }));
    if (pods.length === 0) {
      const h = hash32(`${ns}/${name}`).toString(36).padStart(7, '0');
      const podName = `${name}-${h.slice(0, 5)}9f7c-${h.slice(-5)}`;
      pods.push({ name: podName, ip: fakeIp(podName) });
    }
    return {
      key: `${ns}/${name}`,
      namespace: ns,
      name,
      labels,
      app,
      version,
      canonicalService:
        labels['service.istio.io/canonical-name'] ?? labels['app.kubernetes.io/name'] ?? labels.app ?? name,
      canonicalRevision:
        labels['service.istio.io/canonical-revision'] ??
        labels['app.kubernetes.io/version'] ??
        labels.version ??
        'latest',
      serviceAccount: sa,
      principal: `spiffe://cluster.local/ns/${ns}/sa/${sa}`,
      replicas: typeof d.spec?.replicas === 'number' ? d.spec.replicas : 1,
      sidecar,
      gateway,
      ambient: ambientPod && !sidecar,
      waypointFor,
      pods,
      ...(this.cluster ? { cluster: this.cluster } : {}),
    };
  }
}

function fakeIp(seed: string): string {
  const h = hash32(seed);
  return `10.244.${(h >>> 8) & 0xff}.${(h & 0xfd) + 2}`;
}
