/**
 * The multi-cluster demo mesh process: one Kubernetes API per cluster (each over its own object store and
 * controllers), ONE traffic engine over all of them (lib/demo/multicluster/engine.ts), one Istio /metrics endpoint per
 * cluster (the series that cluster's proxies report) and one Jaeger query API, all on 127.0.0.1.
 *
 *   node --import tsx lib/demo/multicluster/main.ts --clusters east,west [--dir .demo] [--seed S]
 *        [--kube-port 16443] [--jaeger-port 16686] [--metrics-port 15090]
 *
 * Cluster i (0-based, in the order given) serves its API on `kube-port + i` and its metrics on `metrics-port + i`.
 * Writes `<dir>/clusters/<name>.kubeconfig` (context, cluster and user named `<name>`) for each cluster and
 * `<dir>/kubeconfig` with one context per cluster (the first current). Messages from a parent process (Node IPC):
 * `{ stop: 'kube', cluster }` closes that cluster's API (its clients then get connection refused; the engine keeps
 * simulating its pods, as a cluster whose API server is down still serves traffic), `{ start: 'kube', cluster }`
 * serves it again on the same port; each is answered with `{ done, error? }`. Stops cleanly on SIGINT/SIGTERM.
 */
import path from 'node:path';
import { flag, intFlag } from '../flags';
import { startControllers } from '../controllers';
import { startJaegerServer } from '../jaeger';
import { writeKubeconfigFile, type KubeconfigCluster } from '../k8s-api/kubeconfig';
import { startKubeApiServer, type KubeApiServer } from '../k8s-api/server';
import { startMetricsServer } from '../metrics';
import { ObjectStore } from '../store/object-store';
import { createMultiClusterEngine } from './engine';
import { seedMeshCluster } from './seed';
import { clusterKubeconfigPath, parseClusterNames } from './topology';

async function main(): Promise<void> {
  const dir = path.resolve(flag('dir', '.demo')!);
  const host = '127.0.0.1';
  const names = parseClusterNames(flag('clusters', 'east,west')!);
  const seed = intFlag('seed', 42, 2 ** 31);
  const kubePort = intFlag('kube-port', 16443);
  const metricsPort = intFlag('metrics-port', 15090);
  const apis: KubeconfigCluster[] = names.map((name, i) => ({ name, server: `http://${host}:${kubePort + i}` }));

  const clusters = names.map((name, index) => {
    const store = new ObjectStore();
    seedMeshCluster(store, { name, index, clusters: apis });
    return { name, store, stopControllers: startControllers(store) };
  });
  const engine = createMultiClusterEngine(clusters, { seed, tickMs: 1000 });

  const kube = new Map<string, KubeApiServer>();
  const serveKube = async (i: number) => {
    const c = clusters[i]!;
    kube.set(c.name, await startKubeApiServer({ store: c.store, host, port: kubePort + i, withSecrets: true }));
  };
  for (let i = 0; i < clusters.length; i++) await serveKube(i);
  const jaeger = await startJaegerServer({ engine, host, port: intFlag('jaeger-port', 16686) });
  const metrics = await Promise.all(
    names.map((name, i) =>
      startMetricsServer({ engine: { telemetry: engine.telemetry.forCluster(name) }, host, port: metricsPort + i }),
    ),
  );
  for (const api of apis) writeKubeconfigFile(clusterKubeconfigPath(dir, api.name), [api]);
  writeKubeconfigFile(path.join(dir, 'kubeconfig'), apis);
  engine.start();
  console.log(
    `multi-cluster demo mesh ready: ${apis.map((a, i) => `${a.name} kube ${a.server} metrics ${metrics[i]!.url}`).join('; ')}; jaeger ${jaeger.url}`,
  );

  process.on('message', (msg: { stop?: string; start?: string; cluster?: string }) => {
    const i = names.indexOf(msg.cluster ?? '');
    const reply = (error?: string) => process.send?.({ done: true, ...(error ? { error } : {}) });
    if (i < 0 || (msg.stop !== 'kube' && msg.start !== 'kube')) return reply(`unknown request ${JSON.stringify(msg)}`);
    const running = kube.get(names[i]!);
    const act = msg.stop
      ? (running?.close() ?? Promise.resolve()).then(() => void kube.delete(names[i]!))
      : running
        ? Promise.resolve()
        : serveKube(i);
    act.then(
      () => reply(),
      (err: Error) => reply(err.message),
    );
  });

  const shutdown = async () => {
    engine.stop();
    for (const c of clusters) c.stopControllers();
    await Promise.allSettled([
      ...[...kube.values()].map((k) => k.close()),
      jaeger.close(),
      ...metrics.map((m) => m.close()),
    ]);
    process.exit(0);
  };
  process.on('SIGINT', () => void shutdown());
  process.on('SIGTERM', () => void shutdown());
}

main().catch((err: Error) => {
  console.error(`multi-cluster demo mesh: ${err.message}`);
  process.exit(1);
});
