import 'server-only';
import { edgeSettings } from '@/lib/security/edge';
import { getConfig } from '@/lib/config';
import { MeshscopeError } from '@/lib/errors';
import { createPrometheusClient } from '@/lib/prometheus/client';
import { createJaegerClient } from '@/lib/jaeger';
import { getKubeClients, getServerKubeClients, kubeCall } from '@/lib/k8s/client';
import { inventoryCacheFor } from '@/lib/k8s/inventory-cache';
import { currentKubeScope } from '@/lib/k8s/request-scope';

import { getClusterRegistry, knownClusters, runOnCluster, type Cluster } from '@/lib/server/clusters';
import type { BackendStatus, ClusterStatus, InventoryStatus, StatusReport } from '@/lib/contracts/status';

export type { BackendStatus, StatusReport };

async function probe(
  name: BackendStatus['name'],
  url: string | null,
  f: () => Promise<string | null>,
): Promise<BackendStatus> {
  const start = performance.now();
  try {
    const version = await f();
    return { name, url, reachable: true, version, latencyMs: Math.round(performance.now() - start), error: null };
  } catch (err) {
    const e = err instanceof MeshscopeError ? err : new MeshscopeError(`unavailable:api`, String(err));
    return { name, url, reachable: false, version: null, latencyMs: null, error: { code: e.code, message: e.message } };
  }
}

/**
 * The inventory cache's state (INVENTORY_CACHE): starts the cache when it is not running yet, so the status page
 * shows it warming up; `error` says why there is none (no server credentials). Object counts only for anonymous
 * (the server's own view). Never throws.
 */
export function inventoryStatus(): InventoryStatus {
  const mode = getConfig().kube.inventoryCache;
  const none = { mode, ready: false, readySince: null, kinds: [] };
  if (mode === 'off') return { ...none, error: null };
  try {
    const anonymous = currentKubeScope()?.anonymous ?? true; // a signed-in user gets no cluster-wide counts
    return { mode, ...inventoryCacheFor(getServerKubeClients()).status(anonymous), error: null };
  } catch (err) {
    return { ...none, error: err instanceof Error ? err.message : String(err) };
  }
}

/** Probes one cluster's `/version` as the current identity (its own timeout and the request's deadline). */
async function probeCluster(c: Cluster): Promise<ClusterStatus> {
  const base = {
    name: c.name,
    home: c.home,
    source: c.source,
    prometheusUrl: c.prometheusUrl ?? null,
    jaegerUrl: c.jaegerUrl ?? null,
    since: c.since,
  };
  const start = performance.now();
  let apiServer: string | null = null;
  try {
    const version = await runOnCluster(c, async () => {
      const clients = getKubeClients();
      apiServer = clients.server;
      return (await kubeCall(clients, () => clients.version.getCode())).gitVersion;
    });
    const latencyMs = Math.round(performance.now() - start);
    return { ...base, apiServer, reachable: true, version, latencyMs, error: null };
  } catch (err) {
    const e = err instanceof MeshscopeError ? err : new MeshscopeError('unavailable:k8s', String(err));
    const error = { code: e.code, message: e.message };
    return { ...base, apiServer, reachable: false, version: null, latencyMs: null, error };
  }
}

/**
 * Probes the three backends in parallel, each bounded by its own timeout: Prometheus `/api/v1/status/buildinfo`,
 * Jaeger's services endpoint (v3 first, then v1), and the Kubernetes `/version`; with the inventory cache's state
 * (`inventoryStatus`) and every cluster of the registry with its reachability (`clusters`, issue 18). Never throws.
 */
export async function checkBackends(): Promise<StatusReport> {
  const cfg = getConfig();
  const prometheus = probe(
    'prometheus',
    cfg.prometheus.url,
    async () => (await createPrometheusClient(cfg.prometheus).buildInfo()).version,
  );
  const jaegerCfg = cfg.jaeger;
  const jaeger = jaegerCfg
    ? probe('jaeger', jaegerCfg.url, async () => `query API ${(await createJaegerClient(jaegerCfg).ping()).api}`)
    : Promise.resolve<BackendStatus>({
        name: 'jaeger',
        url: null,
        reachable: false,
        version: null,
        latencyMs: null,
        error: { code: 'unavailable:jaeger', message: 'Tracing is not configured: set JAEGER_URL' },
      });
  const kubernetes = probe('kubernetes', null, async () => {
    const clients = getKubeClients();
    const info = await kubeCall(clients, () => clients.version.getCode());
    return info.gitVersion;
  });
  const clusters = knownClusters().then((list) => Promise.all(list.map(probeCluster)));
  const backends = await Promise.all([prometheus, jaeger, kubernetes]);
  const kube = backends[2];
  if (kube && kube.url === null) {
    try {
      kube.url = getKubeClients().server;
    } catch {
      kube.url = null;
    }
  }
  return {
    clusterName: cfg.clusterName,
    istioNamespace: cfg.istioNamespace,
    authStrategy: cfg.authStrategy,
    viewOnly: cfg.viewOnly,
    frameAncestors: edgeSettings(process.env).frameAncestors,
    metricsRetentionSeconds: cfg.prometheus.retentionSeconds,
    backends,
    inventory: inventoryStatus(),
    clusters: await clusters,
    clusterProblems: [...getClusterRegistry().problems()],
    checkedAt: new Date().toISOString(),
  };
}
