import 'server-only';
import { LRUCache } from 'lru-cache';
import type * as k8s from '@kubernetes/client-node';
import { sharedUntilAborted, untilAborted } from '@/lib/config/request-deadline';
import { MeshscopeError } from '@/lib/errors';
import pLimit from 'p-limit';
import { getConfig } from '@/lib/config';
import { accessibleNamespaces, canI } from './access';
import { getKubeClients, getServerKubeClients, kubeCall, type KubeClients } from './client';
import { CACHED_KINDS, inventoryCacheFor, type InventoryCache } from './inventory-cache';
import { isGroupServed, unknownServedVersions } from './discovery';
import { ISTIO_KINDS, type IstioKind } from '@/lib/istio/kinds';
import { currentKubeScope, scopeKey } from './request-scope';
import {
  podInfo,
  serviceInfo,
  workloadInfo,
  type WorkloadObject,
  type WorkloadInfo,
  type PodInfo,
  type IstioObject,
  type Inventory,
} from './inventory-model';
import { iso } from './inventory-model';
export type { WorkloadInfo, ObjectMetaInfo, ServiceInfo, PodInfo, IstioObject, Inventory } from './inventory-model';

/**
 * How long a served Istio version, once found, is tried first: after that the kinds' own order (v1 first) applies
 * again, so an upgraded Istio's newer version is picked up without a restart.
 */
export const ISTIO_VERSION_TTL_MS = 10 * 60_000;

/** Per plural: the version that last answered, and when (unix ms). */
const resolvedVersion = new Map<string, { version: string; atMs: number }>();

const isForbidden = (err: unknown) => err instanceof MeshscopeError && err.type === 'forbidden';

/**
 * Lists a kind across `namespaces`: one cluster-wide call when `clusterWide` and the identity may list cluster-wide,
 * else one call per namespace, where a namespace the identity may not list that kind in contributes nothing (a
 * signed-in user sees only what RBAC lets them read: perf-security.md S14).
 */
async function across<T>(
  clients: KubeClients,
  namespaces: readonly string[],
  all: () => Promise<{ items?: T[] }>,
  one: (ns: string) => Promise<{ items?: T[] }>,
  clusterWide: boolean,
): Promise<T[]> {
  if (clusterWide) {
    try {
      return (await kubeCall(clients, all)).items ?? [];
    } catch (err) {
      if (!isForbidden(err)) throw err;
    }
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
  clusterWide: boolean,
): Promise<IstioObject[]> {
  // Gateway API CRDs are often not installed: discovery (one cached read) says so without a 404 per kind and version.
  if (kind.api !== 'istio' && !(await isGroupServed(clients, kind.group))) return [];
  const resolved = resolvedVersion.get(kind.plural);
  const remembered = resolved && Date.now() - resolved.atMs < ISTIO_VERSION_TTL_MS ? resolved.version : undefined;
  const known = remembered ? [remembered, ...kind.versions.filter((v) => v !== remembered)] : kind.versions;
  const found = await listAtVersions(clients, kind, namespaces, known, clusterWide);
  if (found) return found;
  resolvedVersion.delete(kind.plural);
  // None of the known versions is served: an older or newer CRD may serve the kind at a version we do not know. Its
  // objects are listed as served (their apiVersion tells the UI to show them read-only), never dropped.
  const unknown = await unknownServedVersions(clients, kind);
  return (await listAtVersions(clients, kind, namespaces, unknown, clusterWide)) ?? [];
}

/** Lists `kind` at the first of `versions` the API serves; null when none is (404 on each). */
async function listAtVersions(
  clients: KubeClients,
  kind: IstioKind,
  namespaces: readonly string[],
  versions: readonly string[],
  clusterWide: boolean,
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
            clusterWide,
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
 * How long a signed-in user's request waits for the shared cache's first sync before listing its own namespaces
 * instead (ms); bounded by the request's deadline.
 */
export const CACHE_WAIT_MS = 5_000;

/**
 * Reads the inventory of the given namespaces (all when empty) that the current identity may see (lib/k8s/access.ts):
 * namespaces, workloads, services, pods and Istio config.
 *
 * With INVENTORY_CACHE=watch (the default) and the shared cache ready (lib/k8s/inventory-cache.ts), the objects come
 * from the cache, read with the server's credentials, and each request sees only what its identity may: the
 * namespaces `accessibleNamespaces()` gives it, and of each kind only what it may `list` (cluster-wide, or in that
 * namespace: SelfSubjectAccessReviews cached 30 s per identity), as the per-request lists did (perf-security.md S13,
 * S14; Kiali serves from its kube cache the same way).
 *
 * While the cache is not ready (starting, a list or watch failing, INVENTORY_CACHE=off, no server credentials) the
 * inventory is listed per request as the identity, after waiting up to CACHE_WAIT_MS for a starting cache (its first
 * lists are the same reads: at 10,000 workloads listing beside them doubled the API's load and timed both out):
 * anonymous lists cluster-wide once per kind and filters; a signed-in user lists only its target namespaces, one call
 * per namespace and kind, never the whole cluster. Identical listed reads by the same identity within 5 s share one
 * result; never shared between identities.
 * @throws MeshscopeError unavailable/timeout/forbidden/unauthorized:k8s
 */
export function getInventory(namespaces: string[]): Promise<Inventory> {
  try {
    const shared = sharedCache();
    if (shared?.ready) return inventoryFromCache(shared, namespaces);
    if (shared?.starting)
      return untilAborted(shared.whenReady(CACHE_WAIT_MS)).then((ready) =>
        ready ? inventoryFromCache(shared, namespaces) : listedInventory(namespaces),
      );
    return listedInventory(namespaces);
  } catch (err) {
    return Promise.reject(err); // never a synchronous throw (callers put this in a Promise.all)
  }
}

const isAnonymous = () => currentKubeScope()?.anonymous ?? true;

/**
 * The process's cache over the server's credentials; undefined when INVENTORY_CACHE=off or there are none. In another
 * cluster's scope (multi-cluster, lib/server/clusters `runOnCluster`), that cluster's cache.
 */
function sharedCache(): InventoryCache | undefined {
  if (getConfig().kube.inventoryCache === 'off') return undefined;
  const scope = currentKubeScope();
  if (scope?.cluster !== undefined) return scope.inventoryCache;
  try {
    return inventoryCacheFor(getServerKubeClients());
  } catch {
    return undefined; // no server credentials: lists per request
  }
}

/**
 * Starts the process's shared cache (server start-up, instrumentation.ts), so that the first request finds it listing
 * or ready instead of starting it (Kiali builds its Kubernetes cache at start-up too). Returns whether a cache runs: false
 * with INVENTORY_CACHE=off or without server credentials (then every request lists). Never throws.
 */
export function startInventoryCache(): boolean {
  try {
    return sharedCache() !== undefined;
  } catch {
    return false;
  }
}

/** The inventory listed from the API as the current identity (see getInventory). */
export function listedInventory(namespaces: string[]): Promise<Inventory> {
  const key = `${scopeKey()}|${[...namespaces].sort().join(',')}`;
  const clusterWide = isAnonymous();
  // shared by the identity's requests: detached from the one that started it, each waits until its own deadline
  return sharedUntilAborted(cache, key, () => readInventory(namespaces, clusterWide));
}

/** The objects an inventory is built from, as the API lists them. */
interface RawInventory {
  namespaces: k8s.V1Namespace[];
  deployments: k8s.V1Deployment[];
  statefulSets: k8s.V1StatefulSet[];
  daemonSets: k8s.V1DaemonSet[];
  services: k8s.V1Service[];
  pods: k8s.V1Pod[];
  /** One list per ISTIO_KINDS entry, in its order. */
  istio: IstioObject[][];
}

async function readInventory(namespaces: string[], clusterWide: boolean): Promise<Inventory> {
  const clients = getKubeClients();
  const wanted = new Set(namespaces);
  const visible = await accessibleNamespaces();
  const targets = visible.map((n) => n.metadata?.name ?? '').filter((n) => n && (wanted.size === 0 || wanted.has(n)));
  const optional = <T>(p: Promise<T[]>) => p.catch(() => [] as T[]);
  // a kind in the target namespaces: `all` lists it cluster-wide, `one` in one namespace
  const list = <T>(all: () => Promise<{ items?: T[] }>, one: (namespace: string) => Promise<{ items?: T[] }>) =>
    across(clients, targets, all, one, clusterWide);
  const [deployments, statefulSets, daemonSets, services, pods, ...istio] = await Promise.all([
    list(
      () => clients.apps.listDeploymentForAllNamespaces(),
      (namespace) => clients.apps.listNamespacedDeployment({ namespace }),
    ),
    optional(
      list(
        () => clients.apps.listStatefulSetForAllNamespaces(),
        (namespace) => clients.apps.listNamespacedStatefulSet({ namespace }),
      ),
    ),
    optional(
      list(
        () => clients.apps.listDaemonSetForAllNamespaces(),
        (namespace) => clients.apps.listNamespacedDaemonSet({ namespace }),
      ),
    ),
    list(
      () => clients.core.listServiceForAllNamespaces(),
      (namespace) => clients.core.listNamespacedService({ namespace }),
    ),
    list(
      () => clients.core.listPodForAllNamespaces(),
      (namespace) => clients.core.listNamespacedPod({ namespace }),
    ),
    ...ISTIO_KINDS.map((kind) => listIstioKind(clients, kind, targets, clusterWide)),
  ]);
  const targetSet = new Set(targets);
  const raw = { namespaces: visible, deployments, statefulSets, daemonSets, services, pods, istio };
  return buildInventory(raw, (ns) => targetSet.has(ns ?? 'default'));
}

/** The inventory of `raw`'s objects in the namespaces `inNs` keeps (cluster-scoped kinds: all). */
function buildInventory(raw: RawInventory, inNs: (ns: string | undefined) => boolean): Inventory {
  const nsInfo = raw.namespaces
    .filter((n) => inNs(n.metadata?.name))
    .map((n) => ({
      name: n.metadata?.name ?? '',
      labels: n.metadata?.labels ?? {},
      createdAt: iso(n.metadata?.creationTimestamp),
    }));
  const injected = new Set(
    nsInfo.filter((n) => n.labels['istio-injection'] === 'enabled' || 'istio.io/rev' in n.labels).map((n) => n.name),
  );
  const podInfos = raw.pods.filter((p) => inNs(p.metadata?.namespace)).map(podInfo);
  const podsByNs = new Map<string, PodInfo[]>();
  for (const p of podInfos) {
    const list = podsByNs.get(p.namespace);
    if (list) list.push(p);
    else podsByNs.set(p.namespace, [p]);
  }
  const nsLabels = new Map(nsInfo.map((n) => [n.name, n.labels]));
  const workloads = (kind: WorkloadInfo['kind'], items: WorkloadObject[]) =>
    items.filter((w) => inNs(w.metadata?.namespace)).map((w) => workloadInfo(kind, w, podsByNs, injected, nsLabels));
  return {
    namespaces: nsInfo,
    workloads: [
      ...workloads('Deployment', raw.deployments),
      ...workloads('StatefulSet', raw.statefulSets),
      ...workloads('DaemonSet', raw.daemonSets),
    ],
    services: raw.services.filter((s) => inNs(s.metadata?.namespace)).map(serviceInfo),
    pods: podInfos,
    istioConfig: ISTIO_KINDS.flatMap((k, i) => (k.api === 'istio' ? (raw.istio[i] ?? []) : [])).filter((o) =>
      inNs(o.metadata?.namespace),
    ),
    gatewayApi: ISTIO_KINDS.flatMap((k, i) =>
      k.api === 'istio' ? [] : (raw.istio[i] ?? []).filter((o) => !k.namespaced || inNs(o.metadata?.namespace)),
    ),
  };
}

/** The cache's whole inventory (every namespace), with each config object's kinds-table key. */
interface CachedInventory {
  inventory: Inventory;
  /** The kinds-table key (`plural`) of each object of `inventory.istioConfig` and `inventory.gatewayApi`. */
  keyOf: Map<IstioObject, string>;
}

function cachedInventory(shared: InventoryCache): CachedInventory {
  return shared.derived(() => {
    const list = <T>(key: string) => shared.list(key) as unknown as T[];
    const istio = ISTIO_KINDS.map((k) => list<IstioObject>(k.plural));
    const raw: RawInventory = {
      namespaces: list('namespaces'),
      deployments: list('deployments'),
      statefulSets: list('statefulsets'),
      daemonSets: list('daemonsets'),
      services: list('services'),
      pods: list('pods'),
      istio,
    };
    const keyOf = new Map<IstioObject, string>();
    ISTIO_KINDS.forEach((k, i) => istio[i]?.forEach((o) => keyOf.set(o, k.plural)));
    return { inventory: buildInventory(raw, () => true), keyOf };
  });
}

const WORKLOAD_KEYS: Record<WorkloadInfo['kind'], string> = {
  Deployment: 'deployments',
  StatefulSet: 'statefulsets',
  DaemonSet: 'daemonsets',
};

/**
 * Whether the current identity may list each cached kind (by its CACHED_KINDS key) in a namespace of `targets`
 * (`ns` undefined: cluster-wide, for cluster-scoped kinds): everything for anonymous (the server's own view); for a
 * signed-in user one review per kind cluster-wide, then, for the kinds it may not list cluster-wide, one per target
 * namespace (all cached 30 s per identity by canI).
 */
async function listPermissions(targets: readonly string[]): Promise<(key: string, ns: string | undefined) => boolean> {
  if (isAnonymous()) return () => true;
  const limit = pLimit(16);
  const kinds = CACHED_KINDS.filter((k) => k.key !== 'namespaces');
  const allowed = new Map<string, { all: boolean; namespaces: Set<string> }>();
  await Promise.all(
    kinds.map(async ({ key, group, resource, namespaced }) => {
      const all = await limit(() => canI({ verb: 'list', group, resource }));
      const namespaces = new Set<string>();
      if (!all && namespaced) {
        const ok = await Promise.all(
          targets.map((namespace) => limit(() => canI({ verb: 'list', group, resource, namespace }))),
        );
        targets.forEach((n, i) => ok[i] && namespaces.add(n));
      }
      allowed.set(key, { all, namespaces });
    }),
  );
  return (key, ns) => {
    const a = allowed.get(key);
    return a !== undefined && (a.all || (ns !== undefined && a.namespaces.has(ns)));
  };
}

/** The inventory from the ready cache, cut to what the current identity may see (see getInventory). */
export async function inventoryFromCache(shared: InventoryCache, namespaces: string[]): Promise<Inventory> {
  const wanted = new Set(namespaces);
  const visible = await accessibleNamespaces();
  const targets = visible.map((n) => n.metadata?.name ?? '').filter((n) => n && (wanted.size === 0 || wanted.has(n)));
  const targetSet = new Set(targets);
  const may = await listPermissions(targets);
  const { inventory: all, keyOf } = cachedInventory(shared);
  const seen = (key: string, ns: string) => targetSet.has(ns) && may(key, ns);
  const config = (o: IstioObject) => {
    const key = keyOf.get(o) ?? '';
    const ns = o.metadata?.namespace;
    return ns ? seen(key, ns) : may(key, undefined);
  };
  return {
    // the identity's own namespace list (labels as it reads them), as the listed inventory
    namespaces: visible
      .filter((n) => targetSet.has(n.metadata?.name ?? ''))
      .map((n) => ({
        name: n.metadata?.name ?? '',
        labels: n.metadata?.labels ?? {},
        createdAt: iso(n.metadata?.creationTimestamp),
      })),
    workloads: all.workloads.filter((w) => seen(WORKLOAD_KEYS[w.kind], w.namespace)),
    services: all.services.filter((s) => seen('services', s.namespace)),
    pods: all.pods.filter((p) => seen('pods', p.namespace)),
    istioConfig: all.istioConfig.filter(config),
    gatewayApi: all.gatewayApi.filter(config),
  };
}
