/**
 * The demo mesh process (DESIGN.md "The demo mesh"): a Kubernetes API, a Jaeger query API and Istio's `/metrics`,
 * all driven by one traffic engine over one object store, on 127.0.0.1.
 *
 *   node --import tsx lib/demo/main.ts [--dir .demo] [--workloads N] [--seed S]
 *        [--kube-port 16443] [--jaeger-port 16686] [--metrics-port 15090]
 *
 * Writes `<dir>/kubeconfig`. Stops cleanly on SIGINT/SIGTERM. A port in use fails start-up with one line naming it.
 */
import path from 'node:path';
import { flag, intFlag } from './flags';
import { ObjectStore } from './store/object-store';
import { startKubeApiServer } from './k8s-api/server';
import { seedDemoCluster } from './seed';
import { startControllers } from './controllers';
import { writeKubeconfig } from './k8s-api/kubeconfig';
import { createTrafficEngine } from './traffic';
import { startMetricsServer } from './metrics';
import { startJaegerServer } from './jaeger';
import { seedSynthetic } from './synthetic';

async function main(): Promise<void> {
  const dir = path.resolve(flag('dir', '.demo')!);
  const host = '127.0.0.1';
  const workloads = flag('workloads') !== undefined ? intFlag('workloads', 0, 10_000) : undefined;
  const seed = intFlag('seed', 42, 2 ** 31);

  const store = new ObjectStore();
  seedDemoCluster(store, { bookinfo: workloads === undefined });
  const callGraph = workloads ? seedSynthetic(store, { workloads, seed }) : undefined;
  const stopControllers = startControllers(store);
  const engine = createTrafficEngine(store, { seed, tickMs: 1000, callGraph });

  const kube = await startKubeApiServer({ store, host, port: intFlag('kube-port', 16443) });
  const jaeger = await startJaegerServer({ engine, host, port: intFlag('jaeger-port', 16686) });
  const metrics = await startMetricsServer({ engine, host, port: intFlag('metrics-port', 15090) });
  writeKubeconfig(path.join(dir, 'kubeconfig'), kube.url);
  engine.start();
  console.log(
    `demo mesh ready: kube ${kube.url}, jaeger ${jaeger.url}, metrics ${metrics.url}${workloads ? `, ${workloads} synthetic workloads` : ''}`,
  );

  const shutdown = async () => {
    engine.stop();
    stopControllers();
    await Promise.allSettled([kube.close(), jaeger.close(), metrics.close()]);
    process.exit(0);
  };
  process.on('SIGINT', () => void shutdown());
  process.on('SIGTERM', () => void shutdown());
}

main().catch((err: Error) => {
  console.error(`demo mesh: ${err.message}`);
  process.exit(1);
});
