/**
 * `npm run demo` entry (after scripts/demo.sh installed and built): starts the demo mesh, Prometheus and the
 * dashboard, prints the URLs, and stops all of them on Ctrl-C (SIGINT) or SIGTERM.
 * Flags: `--workloads N` (synthetic mesh), `--port N` (dashboard port, default 20001), `--backend prometheus|
 * victoriametrics` (what scrapes the mesh and answers Meshscope's queries, default prometheus), `--recording-rules`
 * (load deploy/prometheus/recording-rules.yaml: Prometheus evaluates it, vmalert with VictoriaMetrics).
 */
import path from 'node:path';
import { DEMO_PORTS, startStack } from './index';
import { victoriaMetricsBinary } from './prometheus';

function flag(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

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
  const metricsName = backend === 'victoriametrics' ? 'VictoriaMetrics' : 'Prometheus';
  if (backend === 'victoriametrics') victoriaMetricsBinary(); // one line saying how to install it, before anything starts
  console.log(`Starting the demo mesh, ${metricsName} and Meshscope…`);
  const stack = await startStack({
    root,
    dir: path.join(root, '.demo'),
    ports: { ...DEMO_PORTS, meshscope: port },
    workloads,
    backend,
    recordingRules: process.argv.includes('--recording-rules'),
  });
  const { urls } = stack;
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

main().catch((err: Error) => {
  console.error(`demo: ${err.message}`);
  process.exit(1);
});
