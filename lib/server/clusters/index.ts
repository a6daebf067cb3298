/**
 * The process's cluster registry (./registry.ts) wired to the configuration and the real backends: each cluster's
 * Kubernetes clients (from its kubeconfig, with the configured per-call timeout, byte cap and the request's deadline:
 * lib/k8s/client.ts), its watch-based inventory cache (lib/k8s/inventory-cache.ts, one per cluster), its
 * Prometheus client (its own `prometheusUrl`, else the shared one) and its Jaeger (its own `jaegerUrl`, else the shared
 * one). With no CLUSTERS_DIR and no remote secrets the
 * registry holds the home cluster only, and every path behaves as with one cluster.
 *
 * Identity on other clusters (token and header sign-in): by default the user's bearer token (and impersonated user) is
 * sent to every cluster's API server, so each must accept the same OIDC tokens; a cluster configured with
 * `identity: impersonate` gets its own kubeconfig's credentials with `Impersonate-User`/`-Group` naming the user the home
 * cluster verified (Kubernetes user impersonation: the kubeconfig's user needs the `impersonate` verb on users and
 * groups). A cluster that refuses either (401/403) is reported inaccessible for that user. Anonymous uses each
 * kubeconfig's own credentials.
 */
import 'server-only';
import { getConfig } from '@/lib/config';
import { processGlobal } from '@/lib/config/process-global';
import { BadRequestError } from '@/lib/promql/index';
import { buildKubeClients, getServerKubeClients, kubeCall, SignalKubeConfig, type KubeClients } from '@/lib/k8s/client';
import { getInventory, type Inventory } from '@/lib/k8s/inventory';
import { InventoryCache, inventoryCacheFor } from '@/lib/k8s/inventory-cache';
import { currentKubeScope, runInKubeScope } from '@/lib/k8s/request-scope';
import { ImpersonatingKubeConfig } from '@/lib/k8s/token-clients';
import { MeshscopeError } from '@/lib/errors';
import { logger } from '@/lib/log';
import { createPrometheusClient, type PrometheusClient } from '@/lib/prometheus/client';
import { getPrometheusClient } from '@/lib/prometheus/server';
import { clusterJaeger, type JaegerTarget } from '@/lib/jaeger/server';
import { ClusterRegistry, type ClusterRuntime, type RegisteredCluster } from './registry';
import { REMOTE_SECRET_LABEL, type ClusterSpec, type RemoteSecretLike } from './spec';

/** A connected cluster's clients and caches. */
export interface ServerClusterRuntime extends ClusterRuntime {
  /** The server's own clients on the cluster. @throws MeshscopeError unavailable:k8s for a bad kubeconfig */
  clients(): KubeClients;
  /** The cluster's inventory cache (started on first call); undefined with INVENTORY_CACHE=off. */
  inventoryCache(): InventoryCache | undefined;
  /** The cluster's Prometheus: its own, or the shared client. */
  prometheus(): PrometheusClient;
  /**
   * The cluster's Jaeger: its own (`jaegerUrl`), or the shared one (JAEGER_URL).
   * @throws MeshscopeError unavailable:jaeger when the cluster names none and JAEGER_URL is not set
   */
  jaeger(): JaegerTarget;
}

export type Cluster = RegisteredCluster<ServerClusterRuntime>;

function homeRuntime(spec: ClusterSpec | undefined): ServerClusterRuntime {
  let prom: PrometheusClient | undefined;
  return {
    clients: () => getServerKubeClients(),
    inventoryCache: () =>
      getConfig().kube.inventoryCache === 'off' ? undefined : inventoryCacheFor(getServerKubeClients()),
    prometheus: () =>
      spec?.prometheusUrl
        ? (prom ??= createPrometheusClient({ ...getConfig().prometheus, url: spec.prometheusUrl }))
        : getPrometheusClient(),
    jaeger: clusterJaeger(spec?.jaegerUrl),
    stop: () => undefined, // the home cluster's cache is the process's (lib/k8s/inventory-cache.ts)
  };
}

function remoteRuntime(spec: ClusterSpec): ServerClusterRuntime {
  let clients: KubeClients | undefined;
  let cache: InventoryCache | undefined;
  let prom: PrometheusClient | undefined;
  const cfg = getConfig();
  const own = (): KubeClients => {
    if (!clients) {
      const kc = new SignalKubeConfig();
      kc.loadFromString(spec.kubeconfig);
      clients = buildKubeClients(kc, cfg.kube.timeoutMs, cfg.kube.maxBytes);
    }
    return clients;
  };
  return {
    clients: own,
    inventoryCache: () => {
      if (cfg.kube.inventoryCache === 'off') return undefined;
      if (!cache) {
        cache = new InventoryCache(own());
        void cache.start();
      }
      return cache;
    },
    prometheus: () =>
      spec.prometheusUrl
        ? (prom ??= createPrometheusClient({ ...cfg.prometheus, url: spec.prometheusUrl }))
        : getPrometheusClient(),
    jaeger: clusterJaeger(spec.jaegerUrl),
    stop: () => cache?.stop(),
  };
}

/** Lists the home cluster's remote secrets with the server's credentials. */
async function readRemoteSecrets(): Promise<RemoteSecretLike[]> {
  const clients = getServerKubeClients();
  const list = await kubeCall(clients, () =>
    clients.core.listNamespacedSecret({
      namespace: getConfig().istioNamespace,
      labelSelector: `${REMOTE_SECRET_LABEL}=true`,
    }),
  );
  return list.items;
}

/** The process's registry, started on first use (the directory watched, sources polled). */
export function getClusterRegistry(): ClusterRegistry<ServerClusterRuntime> {
  return processGlobal('meshscope.clusters.registry', () => {
    const cfg = getConfig();
    const registry = new ClusterRegistry<ServerClusterRuntime>({
      homeName: cfg.clusterName,
      dir: cfg.clusters.dir,
      readSecrets: cfg.clusters.fromRemoteSecrets ? readRemoteSecrets : undefined,
      limits: { maxClusters: cfg.clusters.maxClusters, maxFileBytes: cfg.clusters.maxFileBytes },
      pollIntervalMs: cfg.clusters.pollIntervalMs,
      makeRuntime: (_name, spec, home) => (home || !spec ? homeRuntime(spec) : remoteRuntime(spec)),
      onProblem: (p) => logger.warn({ where: p.where }, `clusters: ${p.message}`),
      onChange: (c) => logger.info(c, 'clusters: registry changed'),
    });
    if (cfg.clusters.dir || cfg.clusters.fromRemoteSecrets) registry.start();
    return registry;
  });
}

/** Every known cluster (home first), after the registry's first read of its sources. */
export async function knownClusters(): Promise<Cluster[]> {
  const registry = getClusterRegistry();
  await registry.ready();
  return registry.list();
}

/**
 * The cluster a request names in `param` (`cluster`, `clusterName`); the home cluster when absent.
 * @throws BadRequestError 400 naming `param` when no such cluster is known
 */
export async function resolveCluster(name: string | null | undefined, param = 'cluster'): Promise<Cluster> {
  const clusters = await knownClusters();
  if (name === null || name === undefined || name === '') return clusters[0]!;
  const hit = clusters.find((c) => c.name === name);
  if (!hit) {
    const known = clusters.map((c) => c.name).join(', ');
    throw new BadRequestError(param, `Invalid ${param} [${name}]: unknown cluster (known: ${known})`);
  }
  return hit;
}

/**
 * Runs `f` as the current request's identity on `cluster`: the home cluster as today; another cluster with its own
 * kubeconfig (anonymous), with the user's token and impersonation sent to its API server (token/header sign-in), or,
 * for a cluster with `identity: impersonate`, with its own credentials impersonating the user.
 * @throws (rejects) MeshscopeError unauthorized:k8s on an `impersonate` cluster when the user's name is unknown (the
 *   home cluster's token review gave none): impersonating nobody would act as Meshscope itself.
 */
export function runOnCluster<T>(cluster: Cluster, f: () => Promise<T>): Promise<T> {
  const scope = currentKubeScope();
  if (cluster.home || scope?.cluster === cluster.name) return f();
  const own = cluster.runtime().clients();
  if (!scope || scope.anonymous)
    return runInKubeScope(
      {
        clients: own,
        key: `anonymous@${cluster.name}`,
        anonymous: true,
        username: scope?.username ?? null,
        cluster: cluster.name,
        inventoryCache: cluster.runtime().inventoryCache(),
        serverClients: own,
      },
      f,
    );
  if (cluster.identity === 'impersonate' && !scope.username)
    return Promise.reject(
      new MeshscopeError(
        'unauthorized:k8s',
        `Cluster [${cluster.name}] is reached by impersonation, and the API did not say who the signed-in user is`,
      ),
    );
  const clients =
    cluster.identity === 'impersonate'
      ? impersonatedClientsOn(own, scope.username!, scope.groups ?? [], scope.key, cluster.name)
      : userClientsOn(own, scope.clients, scope.key, cluster.name);
  return runInKubeScope(
    {
      ...scope,
      clients,
      // the identity mode and the cluster's configuration are part of the key: per-user caches (access reviews,
      // listings) must not outlive a change of either
      key: `${scope.key}@${cluster.name}@${cluster.fingerprint.slice(0, 12)}${cluster.identity === 'impersonate' ? '+impersonate' : ''}`,
      cluster: cluster.name,
      inventoryCache: cluster.runtime().inventoryCache(),
      serverClients: own,
    },
    f,
  );
}

const userClients = new Map<string, KubeClients>();

/** Clients for the user of `userHome` (token, impersonated user and group) against `remote`'s API server. */
function userClientsOn(remote: KubeClients, userHome: KubeClients, key: string, name: string): KubeClients {
  const cacheKey = `${key}@${name}@${remote.server}`;
  const hit = userClients.get(cacheKey);
  if (hit) return hit;
  const cluster = remote.kubeConfig.getCurrentCluster();
  const user = userHome.kubeConfig.getCurrentUser();
  const groups = userHome.kubeConfig instanceof ImpersonatingKubeConfig ? userHome.kubeConfig.groups : [];
  const kc = new ImpersonatingKubeConfig(groups);
  kc.loadFromOptions({
    clusters: cluster ? [cluster] : [],
    users: [{ name: 'meshscope-user', token: user?.token, impersonateUser: user?.impersonateUser }],
    contexts: cluster ? [{ name: 'meshscope-user', cluster: cluster.name, user: 'meshscope-user' }] : [],
    currentContext: 'meshscope-user',
  });
  return remember(cacheKey, { ...buildKubeClients(kc, remote.timeoutMs), server: remote.server });
}

/**
 * Clients that reach `remote`'s API server with its own kubeconfig's credentials, impersonating `username` and the
 * first of `groups` that the API server does not add itself (`system:authenticated` is added to every impersonated
 * user; client-node sends one value per header, and fewer groups never grant more).
 */
function impersonatedClientsOn(
  remote: KubeClients,
  username: string,
  groups: readonly string[],
  key: string,
  name: string,
): KubeClients {
  const cacheKey = `impersonate:${key}@${name}@${remote.server}`;
  const hit = userClients.get(cacheKey);
  if (hit) return hit;
  const cluster = remote.kubeConfig.getCurrentCluster();
  const own = remote.kubeConfig.getCurrentUser();
  const kc = new ImpersonatingKubeConfig(groups.filter((g) => g !== 'system:authenticated').slice(0, 1));
  kc.loadFromOptions({
    clusters: cluster ? [cluster] : [],
    users: [{ ...(own ?? {}), name: 'meshscope-impersonating', impersonateUser: username }],
    contexts: cluster ? [{ name: 'meshscope-user', cluster: cluster.name, user: 'meshscope-impersonating' }] : [],
    currentContext: 'meshscope-user',
  });
  return remember(cacheKey, { ...buildKubeClients(kc, remote.timeoutMs), server: remote.server });
}

function remember(cacheKey: string, clients: KubeClients): KubeClients {
  if (userClients.size > 1000) userClients.clear();
  userClients.set(cacheKey, clients);
  return clients;
}

/**
 * The inventory of `cluster` as the current identity may see it (lib/k8s/inventory.ts `getInventory`, in the cluster's
 * scope: its own cache when ready, else listed from its API).
 * @throws MeshscopeError unavailable/timeout/forbidden/unauthorized:k8s of that cluster
 */
export function clusterInventory(cluster: Cluster): Promise<Inventory> {
  return runOnCluster(cluster, () => getInventory([]));
}

/**
 * Runs `f` on the cluster a request names in its `cluster` query parameter (the home cluster when absent), so every
 * Kubernetes call and inventory read of `f` reaches that cluster as the current user (issue 18: the editor and wizards
 * write to the chosen cluster).
 * @throws BadRequestError 400 naming `cluster` when no such cluster is known
 */
export async function onRequestedCluster<T>(search: URLSearchParams, f: () => Promise<T>): Promise<T> {
  const name = search.get('cluster');
  if (!name) return f();
  return runOnCluster(await resolveCluster(name, 'cluster'), f);
}

/** For tests: stop and forget the process's registry. */
export function resetClusterRegistry(): void {
  const g = globalThis as unknown as Record<symbol, ClusterRegistry | undefined>;
  const key = Symbol.for('meshscope.clusters.registry');
  g[key]?.stop();
  g[key] = undefined;
}
