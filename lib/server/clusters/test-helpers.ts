/**
 * For tests: Meshscope's cluster registry pointed at test clusters (anonymous sign-in, a short Kubernetes timeout,
 * the registry rebuilt), and the multi-cluster demo's two primaries (east home, west) laid out as the demo stack
 * hands them over, with optional per-cluster backends (`<name>.json`). Test-only.
 */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { resetAuthConfig } from '@/lib/auth/config';
import { startTestMultiCluster, type TestMultiCluster } from '@/lib/demo/multicluster/test-clusters';
import { setEnv } from '@/lib/k8s/test-helpers';
import { resetClusterRegistry } from './index';

/** Sets `vars` over anonymous sign-in and KUBE_TIMEOUT_MS=2000, and rebuilds the registry. */
export function enterClusterEnv(vars: Record<string, string | undefined>): void {
  setEnv({ AUTH_STRATEGY: 'anonymous', KUBE_TIMEOUT_MS: '2000', ...vars });
  resetAuthConfig();
  resetClusterRegistry();
}

/** Forgets the registry and unsets the cluster variables (and `more`). */
export function leaveClusterEnv(more: readonly string[] = []): void {
  resetClusterRegistry();
  const unset = ['CLUSTERS_DIR', 'CLUSTER_NAME', 'KUBE_TIMEOUT_MS', ...more];
  setEnv(Object.fromEntries(unset.map((k) => [k, undefined])));
}

/**
 * The multi-cluster demo's east (home) and west APIs as Meshscope's clusters: CLUSTERS_DIR, the combined KUBECONFIG,
 * CLUSTER_NAME=east, a Prometheus nobody answers unless `vars` names one; `backends[name]` is written as
 * `<name>.json`. `prepare` runs on the stores before the registry is built.
 */
export async function startDemoClusters(
  vars: Record<string, string | undefined> = {},
  backends: Record<string, { prometheusUrl?: string; jaegerUrl?: string; identity?: 'token' | 'impersonate' }> = {},
  prepare: (mesh: TestMultiCluster) => void = () => undefined,
): Promise<TestMultiCluster> {
  const mesh = await startTestMultiCluster(['east', 'west']);
  for (const [name, b] of Object.entries(backends))
    writeFileSync(path.join(mesh.clustersDir, `${name}.json`), JSON.stringify(b));
  prepare(mesh);
  enterClusterEnv({
    KUBECONFIG: path.join(mesh.dir, 'kubeconfig'),
    CLUSTERS_DIR: mesh.clustersDir,
    CLUSTER_NAME: 'east',
    PROMETHEUS_URL: 'http://127.0.0.1:9',
    ...vars,
  });
  return mesh;
}

/**
 * What `read` answers while `cluster`'s API is stopped, once `done(answer)`: the reads shared per identity keep a
 * stopped cluster's last answer for a few seconds, so `read` runs again every 500 ms (bounded by the test's own time
 * limit). The cluster is started again afterwards, also when `read` fails.
 */
export async function readWhileStopped<T>(
  cluster: TestMultiCluster['clusters'][number],
  read: () => Promise<T>,
  done: (answer: T) => boolean,
): Promise<T> {
  await cluster.stop();
  try {
    let answer = await read();
    while (!done(answer)) {
      await new Promise((r) => setTimeout(r, 500));
      answer = await read();
    }
    return answer;
  } finally {
    await cluster.start();
  }
}
