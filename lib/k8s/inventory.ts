import 'server-only';
import { LRUCache } from 'lru-cache';
import type * as k8s from '@kubernetes/client-node';
import { isAmbientWorkload } from '@/lib/ambient';
import { detached, untilAborted } from '@/lib/config/request-deadline';
import { MeshscopeError } from '@/lib/errors';
import { accessibleNamespaces } from './access';
import { getKubeClients, kubeCall, type KubeClients } from './client';
import { isGroupServed, unknownServedVersions } from './discovery';
import { ISTIO_KINDS, type IstioKind } from '@/lib/istio/kinds';
import type { IstioResource } from '@/lib/istio/types';
import { scopeKey } from './request-scope';

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

const iso = (d: Date | string | undefined): string | null => (d ? new Date(d).toISOString() : null);

function objectMetaInfo(m: k8s.V1ObjectMeta | undefined): ObjectMetaInfo {
  return {
    namespace: m?.namespace ?? '',
    name: m?.name ?? '',
    labels: m?.labels ?? {},
    annotations: m?.annotations ?? {},
  };
}

function podInfo(p: k8s.V1Pod): PodInfo {
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
  };
}

function serviceInfo(s: k8s.V1Service): ServiceInfo {
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

type WorkloadObject = k8s.V1Deployment | k8s.V1StatefulSet | k8s.V1DaemonSet;

function workloadInfo(
  kind: WorkloadInfo['kind'],
  w: WorkloadObject,
  pods: PodInfo[],
  injectedNamespaces: Set<string>,
  namespaceLabels: ReadonlyMap<string, Record<string, string>> = new Map(),
): WorkloadInfo {
  const ns = w.metadata?.namespace ?? '';
  const labels = w.spec?.template?.metadata?.labels ?? {};
  const selector = w.spec?.selector?.matchLabels ?? labels;
  const own = pods.filter((p) => p.namespace === ns && Object.entries(selector).every(([k, v]) => p.labels[k] === v));
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

/**
 * How long a served Istio version, once found, is tried first: after that the kinds' own order (v1 first) applies
 * again, so an upgraded Istio's newer version is picked up without a restart.
 */
export const ISTIO_VERSION_TTL_MS = 10 * 60_000;

/** Per plural: the version that last answered, and when (unix ms). */
const resolvedVersion = new Map<string, { version: string; atMs: number }>();

const isForbidden = (err: unknown) => err instanceof MeshscopeError && err.type === 'forbidden';

/**
 * Lists a kind across `namespaces`: one cluster-wide call when the identity may list cluster-wide, else one call per
 * namespace, where a namespace the identity may not list that kind in contributes nothing (a signed-in user sees only
 * what RBAC lets them read: perf-security.md S14).
 */
async function across<T>(
  clients: KubeClients,
  namespaces: readonly string[],
  all: () => Promise<{ items?: T[] }>,
  one: (ns: string) => Promise<{ items?: T[] }>,
): Promise<T[]> {
  try {
    return (await kubeCall(clients, all)).items ?? [];
  } catch (err) {
    if (!isForbidden(err)) throw err;
  }
  const lists = await Promise.all(
    namespaces.map((ns) =>
      kubeCall(clients, () => one(ns)).then(
        (l) => l.items ?? [],
        (err: unknown) => {
          if (isForbidden(err)) return [] as T[];
          throw err;
        },
      ),
    ),
  );
  return lists.flat();
}

/**
 * Lists one kind of the kinds table, trying its served versions in order (the one that worked last, then v1 first)
 * and remembering which works for ISTIO_VERSION_TTL_MS (a 404 on the remembered one re-discovers: Istio was
 * upgraded); then the versions discovery lists that the table does not know; a 404 on every version (CRD not
 * installed, e.g. a cluster without the Gateway API) means no objects of that kind.
 */
async function listIstioKind(
  clients: KubeClients,
  kind: IstioKind,
  namespaces: readonly string[],
): Promise<IstioObject[]> {
  // Gateway API CRDs are often not installed: discovery (one cached read) says so without a 404 per kind and version.
  if (kind.api !== 'istio' && !(await isGroupServed(clients, kind.group))) return [];
  const resolved = resolvedVersion.get(kind.plural);
  const remembered = resolved && Date.now() - resolved.atMs < ISTIO_VERSION_TTL_MS ? resolved.version : undefined;
  const known = remembered ? [remembered, ...kind.versions.filter((v) => v !== remembered)] : kind.versions;
  const found = await listAtVersions(clients, kind, namespaces, known);
  if (found) return found;
  resolvedVersion.delete(kind.plural);
  // None of the known versions is served: an older or newer CRD may serve the kind at a version we do not know. Its
  // objects are listed as served (their apiVersion tells the UI to show them read-only), never dropped.
  return (await listAtVersions(clients, kind, namespaces, await unknownServedVersions(clients, kind))) ?? [];
}

/** Lists `kind` at the first of `versions` the API serves; null when none is (404 on each). */
async function listAtVersions(
  clients: KubeClients,
  kind: IstioKind,
  namespaces: readonly string[],
  versions: readonly string[],
): Promise<IstioObject[] | null> {
  for (const version of versions) {
    try {
      const { group, resource: plural } = kind;
      const all = () =>
        clients.custom.listClusterCustomObject({ group, version, plural }) as Promise<{ items?: IstioObject[] }>;
      const items = kind.namespaced
        ? await across<IstioObject>(
            clients,
            namespaces,
            all,
            (namespace) =>
              clients.custom.listNamespacedCustomObject({ group, version, namespace, plural }) as Promise<{
                items?: IstioObject[];
              }>,
          )
        : await kubeCall(clients, all).then(
            (l) => l.items ?? [],
            (err: unknown) => {
              if (isForbidden(err)) return [] as IstioObject[]; // may not list this cluster-scoped kind: none seen
              throw err;
            },
          );
      resolvedVersion.set(kind.plural, { version, atMs: Date.now() });
      return items;
    } catch (err) {
      if (err instanceof MeshscopeError && err.type === 'not_found') continue;
      throw err;
    }
  }
  return null; // the CRD is not installed (at these versions): no objects of that kind
}

const cache = new LRUCache<string, Promise<Inventory>>({ max: 32, ttl: 5_000 });

/**
 * Reads the inventory of the given namespaces (all when empty) that the current identity may see (lib/k8s/access.ts):
 * namespaces, workloads, services, pods and Istio config, read as the signed-in user. Lists cluster-wide once per kind
 * and filters (cheaper than one call per namespace on big meshes), or per namespace when the user may not list
 * cluster-wide; identical reads by the same identity within 5 s share one result (Kiali keeps an informer cache for
 * the same reason). Never shared between identities (perf-security.md S13).
 * @throws MeshscopeError unavailable/timeout/forbidden/unauthorized:k8s
 */
export function getInventory(namespaces: string[]): Promise<Inventory> {
  const key = `${scopeKey()}|${[...namespaces].sort().join(',')}`;
  let entry = cache.get(key);
  if (!entry) {
    // shared by the identity's requests: detached from the one that started it, each waits until its own deadline
    entry = detached(() => readInventory(namespaces));
    entry.catch(() => cache.delete(key));
    cache.set(key, entry);
  }
  return untilAborted(entry);
}

async function readInventory(namespaces: string[]): Promise<Inventory> {
  const clients = getKubeClients();
  const wanted = new Set(namespaces);
  const visible = await accessibleNamespaces();
  const targets = visible.map((n) => n.metadata?.name ?? '').filter((n) => n && (wanted.size === 0 || wanted.has(n)));
  const targetSet = new Set(targets);
  const inNs = (ns: string | undefined) => targetSet.has(ns ?? 'default');
  const optional = <T>(p: Promise<T[]>) => p.catch(() => [] as T[]);
  const [deployments, statefulSets, daemonSets, services, pods, ...istio] = await Promise.all([
    across(
      clients,
      targets,
      () => clients.apps.listDeploymentForAllNamespaces(),
      (namespace) => clients.apps.listNamespacedDeployment({ namespace }),
    ),
    optional(
      across(
        clients,
        targets,
        () => clients.apps.listStatefulSetForAllNamespaces(),
        (namespace) => clients.apps.listNamespacedStatefulSet({ namespace }),
      ),
    ),
    optional(
      across(
        clients,
        targets,
        () => clients.apps.listDaemonSetForAllNamespaces(),
        (namespace) => clients.apps.listNamespacedDaemonSet({ namespace }),
      ),
    ),
    across(
      clients,
      targets,
      () => clients.core.listServiceForAllNamespaces(),
      (namespace) => clients.core.listNamespacedService({ namespace }),
    ),
    across(
      clients,
      targets,
      () => clients.core.listPodForAllNamespaces(),
      (namespace) => clients.core.listNamespacedPod({ namespace }),
    ),
    ...ISTIO_KINDS.map((kind) => listIstioKind(clients, kind, targets)),
  ]);
  const nsInfo = visible
    .filter((n) => inNs(n.metadata?.name))
    .map((n) => ({
      name: n.metadata?.name ?? '',
      labels: n.metadata?.labels ?? {},
      createdAt: iso(n.metadata?.creationTimestamp),
    }));
  const injected = new Set(
    nsInfo.filter((n) => n.labels['istio-injection'] === 'enabled' || 'istio.io/rev' in n.labels).map((n) => n.name),
  );
  const podInfos = pods.filter((p) => inNs(p.metadata?.namespace)).map(podInfo);
  const nsLabels = new Map(nsInfo.map((n) => [n.name, n.labels]));
  const workloads = [
    ...deployments
      .filter((w) => inNs(w.metadata?.namespace))
      .map((w) => workloadInfo('Deployment', w, podInfos, injected, nsLabels)),
    ...statefulSets
      .filter((w) => inNs(w.metadata?.namespace))
      .map((w) => workloadInfo('StatefulSet', w, podInfos, injected, nsLabels)),
    ...daemonSets
      .filter((w) => inNs(w.metadata?.namespace))
      .map((w) => workloadInfo('DaemonSet', w, podInfos, injected, nsLabels)),
  ];
  return {
    namespaces: nsInfo,
    workloads,
    services: services.filter((s) => inNs(s.metadata?.namespace)).map(serviceInfo),
    pods: podInfos,
    istioConfig: ISTIO_KINDS.flatMap((k, i) => (k.api === 'istio' ? (istio[i] ?? []) : [])).filter((o) =>
      inNs(o.metadata?.namespace),
    ),
    gatewayApi: ISTIO_KINDS.flatMap((k, i) =>
      k.api === 'istio' ? [] : (istio[i] ?? []).filter((o) => !k.namespaced || inNs(o.metadata?.namespace)),
    ),
  };
}
