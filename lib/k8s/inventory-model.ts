/**
 * The inventory's shapes (workloads, services, pods, Istio objects, as the graph, health and lists read them) and
 * the conversions from the Kubernetes API's objects to them. Pure: lib/k8s/inventory.ts lists, caches and filters.
 */
import type * as k8s from '@kubernetes/client-node';
import { isAmbientWorkload } from '@/lib/ambient';
import type { IstioResource } from '@/lib/istio/types';

/** A workload as the graph, health and lists need it (Deployment, StatefulSet or DaemonSet). */
export interface WorkloadInfo {
  namespace: string;
  name: string;
  kind: 'Deployment' | 'StatefulSet' | 'DaemonSet';
  /** Pod template labels (app, version, ...). */
  labels: Record<string, string>;
  annotations: Record<string, string>;
  serviceAccount: string | null;
  desiredReplicas: number;
  currentReplicas: number;
  availableReplicas: number;
  /** True when the namespace or template asks for sidecar injection and pods carry `istio-proxy`. */
  sidecarInjected: boolean;
  /** Captured by ambient (ztunnel) instead of a sidecar (`lib/ambient` `isAmbientWorkload`). */
  ambient?: boolean;
  createdAt: string | null;
}

/** The metadata a Service or Pod keeps in the inventory (absent labels and annotations are empty). */
export interface ObjectMetaInfo {
  namespace: string;
  name: string;
  labels: Record<string, string>;
  annotations: Record<string, string>;
}

export interface ServiceInfo extends ObjectMetaInfo {
  selector: Record<string, string>;
  ports: {
    name: string | null;
    port: number;
    protocol: string;
    appProtocol: string | null;
    targetPort: string | number | null;
  }[];
  type: string;
  createdAt: string | null;
}

export interface PodInfo extends ObjectMetaInfo {
  phase: string;
  ready: boolean;
  containers: string[];
  /** True when the pod has the `istio-proxy` sidecar container. */
  hasSidecar: boolean;
  serviceAccount: string | null;
  podIP: string | null;
  createdAt: string | null;
  /** `spec.nodeName`: the Node it is scheduled on (its region/zone labels give the pod's locality); absent = unknown. */
  nodeName?: string | null;
}

/** An Istio object as the API server lists it: the one Istio object type (`lib/istio/types.ts`), any kind. */
export type IstioObject = IstioResource;

export interface Inventory {
  namespaces: { name: string; labels: Record<string, string>; createdAt: string | null }[];
  workloads: WorkloadInfo[];
  services: ServiceInfo[];
  pods: PodInfo[];
  /** Istio's own kinds (networking/security/telemetry.istio.io): what the Istio checks and the graph read. */
  istioConfig: IstioObject[];
  /**
   * The Gateway API and Inference Extension kinds (`gateway.networking.k8s.io`, `inference.networking.k8s.io`), kept
   * apart so that code matching Istio kinds by name (`kind === 'Gateway'`) never mistakes them for Istio's. Cluster-
   * scoped kinds (GatewayClass) are listed whatever the namespaces asked. Empty when the CRDs are not installed.
   */
  gatewayApi: IstioObject[];
}

/** RFC 3339 of a Kubernetes timestamp, or null. */
export const iso = (d: Date | string | undefined): string | null => (d ? new Date(d).toISOString() : null);

export function objectMetaInfo(m: k8s.V1ObjectMeta | undefined): ObjectMetaInfo {
  return {
    namespace: m?.namespace ?? '',
    name: m?.name ?? '',
    labels: m?.labels ?? {},
    annotations: m?.annotations ?? {},
  };
}

export function podInfo(p: k8s.V1Pod): PodInfo {
  const containers = (p.spec?.containers ?? []).map((c) => c.name);
  const statuses = p.status?.containerStatuses ?? [];
  return {
    ...objectMetaInfo(p.metadata),
    phase: p.status?.phase ?? 'Unknown',
    ready: statuses.length > 0 && statuses.every((s) => s.ready),
    containers,
    hasSidecar:
      containers.includes('istio-proxy') || (p.spec?.initContainers ?? []).some((c) => c.name === 'istio-proxy'),
    serviceAccount: p.spec?.serviceAccountName ?? null,
    podIP: p.status?.podIP ?? null,
    createdAt: iso(p.metadata?.creationTimestamp),
    nodeName: p.spec?.nodeName ?? null,
  };
}

export function serviceInfo(s: k8s.V1Service): ServiceInfo {
  return {
    ...objectMetaInfo(s.metadata),
    selector: s.spec?.selector ?? {},
    ports: (s.spec?.ports ?? []).map((p) => ({
      name: p.name ?? null,
      port: p.port,
      protocol: p.protocol ?? 'TCP',
      appProtocol: p.appProtocol ?? null,
      targetPort: (p.targetPort as string | number | undefined) ?? null,
    })),
    type: s.spec?.type ?? 'ClusterIP',
    createdAt: iso(s.metadata?.creationTimestamp),
  };
}

export type WorkloadObject = k8s.V1Deployment | k8s.V1StatefulSet | k8s.V1DaemonSet;

/** `pods`: the pods by namespace (a workload's are found among its namespace's only). */
export function workloadInfo(
  kind: WorkloadInfo['kind'],
  w: WorkloadObject,
  pods: ReadonlyMap<string, PodInfo[]>,
  injectedNamespaces: Set<string>,
  namespaceLabels: ReadonlyMap<string, Record<string, string>> = new Map(),
): WorkloadInfo {
  const ns = w.metadata?.namespace ?? '';
  const labels = w.spec?.template?.metadata?.labels ?? {};
  const selector = Object.entries(w.spec?.selector?.matchLabels ?? labels);
  const own = (pods.get(ns) ?? []).filter((p) => selector.every(([k, v]) => p.labels[k] === v));
  const status = (w.status ?? {}) as {
    replicas?: number;
    availableReplicas?: number;
    numberAvailable?: number;
    currentNumberScheduled?: number;
    desiredNumberScheduled?: number;
  };
  const desired =
    kind === 'DaemonSet' ? (status.desiredNumberScheduled ?? 0) : ((w.spec as { replicas?: number })?.replicas ?? 1);
  const templateAnnotations = w.spec?.template?.metadata?.annotations ?? {};
  const injectOff =
    templateAnnotations['sidecar.istio.io/inject'] === 'false' || labels['sidecar.istio.io/inject'] === 'false';
  const sidecarInjected = own.length ? own.every((p) => p.hasSidecar) : injectedNamespaces.has(ns) && !injectOff;
  const ambient = isAmbientWorkload({
    namespace: ns,
    labels,
    podAnnotations: own.map((p) => p.annotations),
    hasSidecar: sidecarInjected,
    namespaceLabels: namespaceLabels.get(ns),
  });
  return {
    namespace: ns,
    name: w.metadata?.name ?? '',
    kind,
    labels,
    annotations: w.metadata?.annotations ?? {},
    serviceAccount: w.spec?.template?.spec?.serviceAccountName ?? null,
    desiredReplicas: desired,
    currentReplicas: kind === 'DaemonSet' ? (status.currentNumberScheduled ?? 0) : (status.replicas ?? own.length),
    availableReplicas:
      kind === 'DaemonSet'
        ? (status.numberAvailable ?? 0)
        : (status.availableReplicas ?? own.filter((p) => p.ready).length),
    sidecarInjected,
    ...(ambient ? { ambient } : {}),
    createdAt: iso(w.metadata?.creationTimestamp),
  };
}
