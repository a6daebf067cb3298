/**
 * The multi-cluster e2e run's second Meshscope (E2E_CLUSTERS): the same demo mesh (the main stack's Kubernetes APIs
 * and /metrics), but every cluster with its own Prometheus scraping only its own proxies, as the demo's
 * `--prometheus per-cluster` runs it (lib/demo/stack/multicluster.ts): `<dir>/per-cluster/clusters/<name>.json` gives
 * each cluster's `prometheusUrl`, and the server must query every Prometheus and merge the answers (issue 18). The
 * main server keeps the one shared Prometheus, so one Playwright run covers both modes (playwright.config.ts: the
 * `per-cluster-prometheus` project).
 */
import { copyFileSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { startStack, type RunningStack } from '@/lib/demo/stack';
import { assertPortFree } from '@/lib/demo/stack/ports';
import { clusterKubeconfigPath, clustersDir } from '@/lib/demo/multicluster/topology';
import { MAIN_MESHSCOPE_ENV } from '../auth-stack';
import { E2E_BACKEND, E2E_PER_CLUSTER_PORTS, E2E_PORTS } from '../stack';

/** The run folder of the per-cluster server under the e2e run directory. */
export function perClusterDir(runDir: string): string {
  return path.join(runDir, 'per-cluster');
}

/** Fails fast when a port of the per-cluster server or of one of its `clusters` Prometheus servers is taken. */
export async function assertPerClusterPortsFree(clusters: number): Promise<void> {
  await assertPortFree(E2E_PER_CLUSTER_PORTS.meshscope, 'e2e per-cluster Meshscope');
  for (let i = 0; i < clusters; i++)
    await assertPortFree(E2E_PER_CLUSTER_PORTS.prometheus + i, `e2e per-cluster Prometheus ${i}`);
}

/**
 * Starts one Prometheus per cluster of the running multi-cluster `main` stack (scraping that cluster's /metrics) and a
 * Meshscope server configured with them, in `<runDir>/per-cluster` (the main stack's kubeconfigs copied there).
 * @throws Error naming the part that could not start.
 */
export function startPerClusterMeshscope(root: string, runDir: string, main: RunningStack): Promise<RunningStack> {
  const dir = perClusterDir(runDir);
  const clusters = main.clusters ?? [];
  mkdirSync(clustersDir(dir), { recursive: true });
  copyFileSync(main.urls.kubeconfig, path.join(dir, 'kubeconfig'));
  for (const c of clusters) copyFileSync(c.kubeconfig, clusterKubeconfigPath(dir, c.name));
  return startStack({
    root,
    dir,
    ports: { ...E2E_PORTS, ...E2E_PER_CLUSTER_PORTS },
    scrapeSeconds: 2,
    backend: E2E_BACKEND,
    clusters: clusters.map((c) => c.name),
    prometheusMode: 'per-cluster',
    parts: { mesh: false },
    meshscopeEnv: MAIN_MESHSCOPE_ENV,
  });
}
