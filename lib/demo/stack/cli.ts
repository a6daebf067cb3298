/**
 * `npm run demo` entry (after scripts/demo.sh installed and built): starts the demo mesh, Prometheus and the
 * dashboard, prints the URLs, and stops all of them on Ctrl-C (SIGINT) or SIGTERM.
 * Flags: `--workloads N` (synthetic mesh), `--port N` (dashboard port, default 20001), `--backend prometheus|
 * victoriametrics` (what scrapes the mesh and answers Meshscope's queries, default prometheus), `--clusters east,west`
 * (the multi-cluster demo: one Kubernetes API per cluster, one traffic engine; lib/demo/stack/multicluster.ts, state
 * in .demo/multicluster) with `--prometheus shared|per-cluster` (one Prometheus for all clusters, default, or one
 * per cluster).
 */
import path from 'node:path';
import { flag } from '../flags';
import { parseClusterNames } from '../multicluster/topology';
import { DEMO_PORTS, startStack, type PrometheusMode, type RunningStack } from './index';
import { victoriaMetricsBinary } from './prometheus';

async function main(): Promise<void> {
  const root = path.resolve(__dirname, '../../..');
  const workloads = flag('workloads') ? Number(flag('workloads')) : undefined;
  if (workloads !== undefined && !(Number.isInteger(workloads) && workloads > 0 && workloads <= 10_000)) {
    throw new Error('--workloads must be an integer between 1 and 10000');
  }
  const port = Number(flag('port') ?? process.env.PORT ?? DEMO_PORTS.meshscope);
  const backend = flag('backend') ?? 'prometheus';
  if (backend !== 'prometheus' && backend !== 'victoriametrics') {
    throw new Error('--backend must be prometheus or victoriametrics');
  }
  const clusters = flag('clusters') !== undefined ? parseClusterNames(flag('clusters')!) : undefined;
  const prometheusMode = (flag('prometheus') ?? 'shared') as PrometheusMode;
  if (prometheusMode !== 'shared' && prometheusMode !== 'per-cluster') {
    throw new Error('--prometheus must be shared or per-cluster');
  }
  if (!clusters && flag('prometheus') !== undefined) throw new Error('--prometheus needs --clusters');
  if (clusters && workloads !== undefined) throw new Error('--workloads and --clusters cannot be combined');
  const metricsName = backend === 'victoriametrics' ? 'VictoriaMetrics' : 'Prometheus';
  if (backend === 'victoriametrics') victoriaMetricsBinary(); // one line saying how to install it, before anything starts
  console.log(
    `Starting the demo mesh${clusters ? ` (clusters ${clusters.join(', ')})` : ''}, ${metricsName} and Meshscope…`,
  );
  const stack = await startStack({
    root,
    dir: path.join(root, '.demo', ...(clusters ? ['multicluster'] : [])),
    ports: { ...DEMO_PORTS, meshscope: port },
    workloads,
    backend,
    clusters,
    prometheusMode,
  });
  const { urls } = stack;
  if (stack.clusters) printClusters(stack, metricsName, prometheusMode);
  else
    console.log(`
Meshscope is running.

  Dashboard           ${urls.meshscope}
  ${metricsName.padEnd(20)}${urls.prometheus}
  Jaeger query API    ${urls.jaeger}
  Kubernetes API      ${urls.kube}   (kubectl --kubeconfig ${path.relative(process.cwd(), urls.kubeconfig)} get pods -A)
  Istio metrics       ${urls.metrics}

Logs are in .demo/*.log. Press Ctrl-C to stop everything.`);
  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`\n${signal}: stopping Meshscope, Prometheus and the demo mesh…`);
    await stack.stop();
    console.log('Stopped.');
    process.exit(0);
  };
  process.on('SIGINT', () => void shutdown('SIGINT'));
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
}

/** The multi-cluster demo's URLs: the dashboard, then each cluster's API, metrics and Prometheus. */
function printClusters(stack: RunningStack, metricsName: string, mode: PrometheusMode): void {
  const rel = (p: string) => path.relative(process.cwd(), p);
  const lines = stack.clusters!.map(
    (c) =>
      `  ${c.name.padEnd(8)} Kubernetes API ${c.kube}  metrics ${c.metrics}${mode === 'per-cluster' ? `  ${metricsName} ${c.prometheus}` : ''}\n` +
      `           kubectl --kubeconfig ${rel(c.kubeconfig)} get pods -A`,
  );
  console.log(`
Meshscope is running over ${stack.clusters!.length} clusters (Istio multi-primary, one network each).

  Dashboard           ${stack.urls.meshscope}
${mode === 'shared' ? `  ${metricsName.padEnd(20)}${stack.urls.prometheus}   (scrapes every cluster)\n` : ''}  Jaeger query API    ${stack.urls.jaeger}
  All contexts        kubectl --kubeconfig ${rel(stack.urls.kubeconfig)} config get-contexts
${lines.join('\n')}

Logs are in ${rel(path.dirname(stack.urls.kubeconfig))}/*.log. Press Ctrl-C to stop everything.`);
}

main().catch((err: Error) => {
  console.error(`demo: ${err.message}`);
  process.exit(1);
});
