/**
 * The multi-cluster demo stack (`npm run demo -- --clusters east,west`, issue 18): the multi-cluster mesh process
 * (lib/demo/multicluster/main.ts: one Kubernetes API per cluster, ONE traffic engine, one /metrics per cluster, one
 * Jaeger), Prometheus (one for all clusters, or one per cluster) and the Meshscope server.
 *
 * Contract with Meshscope's multi-cluster support (what the stack gives the server it starts):
 * - Cluster names are DNS-1123 labels; a name is at once the kubeconfig context, cluster and user name, the file
 *   name, and the `source_cluster` / `destination_cluster` / `istio.cluster_id` value the mesh's telemetry carries
 *   (Istio's `multiCluster.clusterName`; CLUSTER_NAME's meaning, per cluster).
 * - `<runDir>/clusters/<name>.kubeconfig`: one kubeconfig per cluster, a single context named `<name>` (current).
 *   `<runDir>/kubeconfig`: all clusters, one context each, the first current.
 * - `<runDir>/clusters/<name>.json` (per-cluster Prometheus mode only): `{ "prometheusUrl": ..., "jaegerUrl": ... }`
 *   for that cluster's own backends. Without it a cluster uses the server's PROMETHEUS_URL / JAEGER_URL.
 * - The server gets `CLUSTERS_DIR=<runDir>/clusters` (a directory of kubeconfigs, file name = cluster name; files
 *   may appear and disappear while it runs), `KUBECONFIG=<runDir>/kubeconfig`, `CLUSTER_NAME=<first cluster>`,
 *   `PROMETHEUS_URL` (the shared Prometheus, or the first cluster's) and `JAEGER_URL`.
 * - Each cluster's API answers `GET /api/v1/namespaces/istio-system/secrets` (label `istio/multiCluster=true`) with an
 *   Istio remote secret per other cluster, as `istioctl create-remote-secret --name <other>` writes it: Secret
 *   `istio-remote-secret-<other>`, annotation `networking.istio.io/cluster: <other>`, `data.<other>` = a kubeconfig
 *   (base64) for the other cluster's API (token of the demo admin).
 * - Without the mesh part (`parts.mesh` false) the stack serves another stack's mesh on the same ports: the caller
 *   puts the kubeconfigs (`<runDir>/kubeconfig`, `<runDir>/clusters/<name>.kubeconfig`) in place first.
 * - Parts `kube:<cluster>` of `stop()` / `start()` close and reopen one cluster's API (same port) while everything
 *   else runs: its clients get connection refused (an unreachable cluster).
 * Ports: cluster i (0-based) serves its API on `ports.kube + i` and its metrics on `ports.metrics + i`; the per-cluster
 * Prometheus of cluster i listens on `ports.prometheus + i`.
 */
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { clusterKubeconfigPath, clustersDir } from '../multicluster/topology';
import {
  launcher,
  prometheusBinary,
  startMeshscope,
  startParts,
  type ClusterUrls,
  type RunningStack,
  type StackOptions,
  type StackPart,
} from './index';
import { stopProcessGroup, waitForHttp, waitForPortFree } from './ports';
import {
  prometheusArgs,
  victoriaMetricsArgs,
  victoriaMetricsBinary,
  writeMultiClusterPrometheusConfig,
} from './prometheus';

const LOCAL = '127.0.0.1';

/** Starts the multi-cluster stack (see the file comment). @throws Error naming the part that could not start. */
export async function startMultiClusterStack(opts: StackOptions, names: string[]): Promise<RunningStack> {
  const { root, dir, ports } = opts;
  const mode = opts.prometheusMode ?? 'shared';
  const parts = { mesh: true, prometheus: true, meshscope: true, ...opts.parts };
  mkdirSync(dir, { recursive: true });
  // A cluster left from an earlier run must not show up in this one's CLUSTERS_DIR. A stack that does not run the
  // mesh (parts.mesh false: a second Meshscope and Prometheus over another stack's mesh) keeps the kubeconfigs its
  // caller put there.
  if (parts.mesh) rmSync(clustersDir(dir), { recursive: true, force: true });
  const jaeger = `http://${LOCAL}:${ports.jaeger}`;
  const promPort = (i: number) => (mode === 'shared' ? ports.prometheus : ports.prometheus + i);
  const clusters: ClusterUrls[] = names.map((name, i) => ({
    name,
    kube: `http://${LOCAL}:${ports.kube + i}`,
    metrics: `http://${LOCAL}:${ports.metrics + i}/metrics`,
    prometheus: `http://${LOCAL}:${promPort(i)}`,
    kubeconfig: clusterKubeconfigPath(dir, name),
  }));
  const first = clusters[0]!;
  const urls = {
    kube: first.kube,
    jaeger,
    metrics: first.metrics,
    prometheus: first.prometheus,
    meshscope: `http://${LOCAL}:${ports.meshscope}`,
    kubeconfig: path.join(dir, 'kubeconfig'),
  };
  const { children, launch } = launcher(opts);
  // The metrics backends: one ('prometheus') or one per cluster ('prometheus:<name>').
  const backends =
    mode === 'shared'
      ? [{ part: 'prometheus', clusters, port: ports.prometheus }]
      : clusters.map((c, i) => ({ part: `prometheus:${c.name}`, clusters: [c], port: promPort(i) }));
  const metricsName = opts.backend === 'victoriametrics' ? 'VictoriaMetrics' : 'Prometheus';

  const portChecks: [boolean, number, string][] = [
    ...clusters.flatMap((c, i): [boolean, number, string][] => [
      [parts.mesh, ports.kube + i, `Kubernetes API of cluster ${c.name}`],
      [parts.mesh, ports.metrics + i, `metrics of cluster ${c.name}`],
    ]),
    [parts.mesh, ports.jaeger, 'Jaeger query API of the demo mesh'],
    ...backends.map((b): [boolean, number, string] => [parts.prometheus, b.port, `${metricsName} (${b.part})`]),
    [parts.meshscope, ports.meshscope, 'Meshscope dashboard'],
  ];

  const startBackend = async (b: (typeof backends)[number]) => {
    await waitForPortFree(b.port, `${metricsName} (${b.part})`);
    const promDir = path.join(dir, b.part.replace(':', '-'));
    const targets = b.clusters.map((c) => ({ cluster: c.name, target: new URL(c.metrics).host }));
    const config = writeMultiClusterPrometheusConfig(promDir, targets, opts.scrapeSeconds ?? 5);
    const listen = `${LOCAL}:${b.port}`;
    const vm = opts.backend === 'victoriametrics';
    const alive = vm
      ? launch(b.part, victoriaMetricsBinary(), victoriaMetricsArgs(config, promDir, listen))
      : launch(b.part, prometheusBinary(), prometheusArgs(config, promDir, listen));
    await waitForHttp(`http://${listen}${vm ? '/health' : '/-/ready'}`, `${metricsName} (${b.part})`, 30_000, alive);
  };

  const starters = {
    mesh: async () => {
      for (const [wanted, port, what] of portChecks.slice(0, clusters.length * 2 + 1))
        if (wanted) await waitForPortFree(port, what);
      const args = ['--import', 'tsx', path.join(root, 'lib/demo/multicluster/main.ts'), '--dir', dir];
      args.push('--clusters', names.join(','), '--kube-port', String(ports.kube));
      args.push('--jaeger-port', String(ports.jaeger), '--metrics-port', String(ports.metrics));
      const alive = launch('mesh', process.execPath, args, {}, true);
      for (const c of clusters) {
        await waitForHttp(c.metrics, `metrics of cluster ${c.name}`, 60_000, alive);
        await waitForHttp(`${c.kube}/version`, `Kubernetes API of cluster ${c.name}`, 30_000, alive);
      }
    },
    prometheus: async () => {
      for (const b of backends) await startBackend(b);
      if (mode === 'per-cluster') {
        mkdirSync(clustersDir(dir), { recursive: true });
        for (const c of clusters) {
          const file = path.join(clustersDir(dir), `${c.name}.json`);
          writeFileSync(file, JSON.stringify({ prometheusUrl: c.prometheus, jaegerUrl: jaeger }, null, 2) + '\n');
        }
      }
    },
    meshscope: () =>
      startMeshscope(launch, root, ports.meshscope, {
        PROMETHEUS_URL: urls.prometheus,
        JAEGER_URL: jaeger,
        KUBECONFIG: urls.kubeconfig,
        CLUSTER_NAME: first.name,
        CLUSTERS_DIR: clustersDir(dir),
        ...opts.meshscopeEnv,
      }),
  } as const;

  /** Asks the mesh process to close or reopen one cluster's API (lib/demo/multicluster/main.ts, Node IPC). */
  const kubeControl = (action: 'stop' | 'start', cluster: string) =>
    new Promise<void>((resolve, reject) => {
      const mesh = children.get('mesh');
      if (!names.includes(cluster)) return reject(new Error(`kube:${cluster}: no such cluster (${names.join(', ')})`));
      if (!mesh?.connected) return reject(new Error(`kube:${cluster}: the demo mesh is not running`));
      mesh.once('message', (m: { error?: string }) => (m.error ? reject(new Error(m.error)) : resolve()));
      mesh.send({ [action]: 'kube', cluster });
    });

  const stopChild = async (name: string) => {
    const child = children.get(name);
    if (!child) return;
    await stopProcessGroup(child);
    children.delete(name);
  };
  const stop = async (part?: StackPart) => {
    if (part?.startsWith('kube:')) return kubeControl('stop', part.slice(5));
    if (part === 'prometheus') return void (await Promise.all(backends.map((b) => stopChild(b.part))));
    const order = part ? [part] : ['meshscope', ...backends.map((b) => b.part), 'mesh'];
    await Promise.all(order.map(stopChild));
  };
  const start = async (part: StackPart) => {
    if (part.startsWith('kube:')) return kubeControl('start', part.slice(5));
    if (part === 'mesh' || part === 'prometheus' || part === 'meshscope') return starters[part]();
    throw new Error(`unknown part ${part}`);
  };

  await startParts(portChecks, parts, starters, stop);
  return { urls, clusters, stop, start };
}
