import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startControllers } from '../controllers';
import { writeKubeconfigFile } from '../k8s-api/kubeconfig';
import { startKubeApiServer, type KubeApiServer } from '../k8s-api/server';
import { ObjectStore } from '../store/object-store';
import { seedMeshCluster } from './seed';
import { clusterKubeconfigPath, clustersDir } from './topology';

/** One cluster of a TestMultiCluster. */
export interface TestMeshApi {
  name: string;
  store: ObjectStore;
  /** `http://127.0.0.1:<port>`. */
  url: string;
  /** `<dir>/clusters/<name>.kubeconfig` (context `<name>`). */
  kubeconfig: string;
  /** Closes this cluster's API (an unreachable cluster); `start()` serves it again on the same port. */
  stop(): Promise<void>;
  start(): Promise<void>;
}

/** The multi-cluster demo's clusters served on free ports, laid out as the demo stack lays them out. */
export interface TestMultiCluster {
  clusters: TestMeshApi[];
  /** The run directory: `kubeconfig` (one context per cluster) and `clusters/`. */
  dir: string;
  /** `<dir>/clusters`: what the demo gives Meshscope as CLUSTERS_DIR (a test may add or remove files in it). */
  clustersDir: string;
  /** Stops every API and controller and removes `dir`. */
  stop(): Promise<void>;
}

/**
 * For tests (here and in other folders, e.g. Meshscope's cluster registry): the multi-cluster demo's Kubernetes APIs
 * (seed of lib/demo/multicluster/seed.ts: bookinfo spread over the clusters, remote secrets, east-west gateways) on
 * 127.0.0.1 and free ports, with the kubeconfigs the demo stack writes (lib/demo/stack/multicluster.ts). No traffic
 * engine. `names` default `['east', 'west']`. `firstIndex` is the demo position of the first name (default 0): e.g.
 * `(['north'], 2)` serves a third cluster on its own (reviews-v3 and ratings, network3), to add to a running demo.
 */
export async function startTestMultiCluster(
  names: string[] = ['east', 'west'],
  firstIndex = 0,
): Promise<TestMultiCluster> {
  const stores = names.map(() => new ObjectStore());
  const servers: (KubeApiServer | null)[] = await Promise.all(
    stores.map((store) => startKubeApiServer({ store, port: 0, withSecrets: true })),
  );
  const urls = servers.map((s) => s!.url);
  const apis = names.map((name, i) => ({ name, server: urls[i]! }));
  const dir = mkdtempSync(path.join(tmpdir(), 'meshscope-clusters-'));
  const stopControllers = stores.map((store, index) => {
    seedMeshCluster(store, { name: names[index]!, index: firstIndex + index, clusters: apis });
    return startControllers(store);
  });
  for (const api of apis) writeKubeconfigFile(clusterKubeconfigPath(dir, api.name), [api]);
  writeKubeconfigFile(path.join(dir, 'kubeconfig'), apis);
  const clusters = names.map((name, i): TestMeshApi => ({
    name,
    store: stores[i]!,
    url: urls[i]!,
    kubeconfig: clusterKubeconfigPath(dir, name),
    async stop() {
      await servers[i]?.close();
      servers[i] = null;
    },
    async start() {
      if (servers[i]) return;
      servers[i] = await startKubeApiServer({
        store: stores[i]!,
        port: Number(new URL(urls[i]!).port),
        withSecrets: true,
      });
    },
  }));
  return {
    clusters,
    dir,
    clustersDir: clustersDir(dir),
    stop: async () => {
      for (const stop of stopControllers) stop();
      await Promise.all(servers.map((s) => s?.close()));
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
