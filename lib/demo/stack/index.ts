import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, openSync } from 'node:fs';
import path from 'node:path';
import { startMultiClusterStack } from './multicluster';
import { assertPortFree, stopProcessGroup, waitForHttp, waitForPortFree } from './ports';
import {
  prometheusArgs,
  victoriaMetricsArgs,
  victoriaMetricsBinary,
  writePrometheusConfig,
  type MetricsBackend,
} from './prometheus';

/** Ports of one running stack (the demo uses the defaults; the e2e tests use another set). */
export interface StackPorts {
  kube: number;
  jaeger: number;
  metrics: number;
  prometheus: number;
  meshscope: number;
}

export const DEMO_PORTS: StackPorts = {
  kube: 16443,
  jaeger: 16686,
  metrics: 15090,
  prometheus: 9090,
  meshscope: 20001,
};

export interface StackOptions {
  /** Project root (where package.json and .next are). */
  root: string;
  /** State folder: kubeconfig, Prometheus config and TSDB, logs. */
  dir: string;
  ports: StackPorts;
  /** Synthetic mesh size; undefined = the bookinfo demo. */
  workloads?: number;
  scrapeSeconds?: number;
  /** Which parts to start (default all). */
  parts?: { mesh?: boolean; prometheus?: boolean; meshscope?: boolean };
  /** Print children's output to this process' stdout instead of log files. */
  inheritOutput?: boolean;
  /** Extra environment for the Meshscope server. */
  meshscopeEnv?: Record<string, string>;
  /**
   * What answers on `ports.prometheus` (default `prometheus`): `victoriametrics` scrapes the demo with the same
   * config and serves the same query API (lib/demo/stack/prometheus.ts).
   */
  backend?: MetricsBackend;
  /**
   * Two or more cluster names: the multi-cluster demo (lib/demo/stack/multicluster.ts: one Kubernetes API per
   * cluster, one traffic engine). Absent: the single-cluster demo, unchanged.
   */
  clusters?: string[];
  /** Multi-cluster only: one Prometheus for all clusters (`shared`, default) or one per cluster. */
  prometheusMode?: PrometheusMode;
}

/** Multi-cluster demo: one Prometheus scraping every cluster, or one per cluster scraping only its own pods. */
export type PrometheusMode = 'shared' | 'per-cluster';

/**
 * A part of a running stack: the mesh process, the metrics backend(s), the Meshscope server, or (multi-cluster stack
 * only) one cluster's Kubernetes API, `kube:<cluster>`.
 */
export type StackPart = 'mesh' | 'prometheus' | 'meshscope' | `kube:${string}`;

/** The URLs and files of one cluster of a multi-cluster stack. */
export interface ClusterUrls {
  name: string;
  kube: string;
  metrics: string;
  prometheus: string;
  /** `<dir>/clusters/<name>.kubeconfig`. */
  kubeconfig: string;
}

export interface RunningStack {
  urls: { kube: string; jaeger: string; metrics: string; prometheus: string; meshscope: string; kubeconfig: string };
  /** Multi-cluster stack: each cluster's URLs, in the order given (absent on the single-cluster stack). */
  clusters?: ClusterUrls[];
  /** Stops one part (for backend-down scenarios) or everything. */
  stop(part?: StackPart): Promise<void>;
  /** Starts a stopped part again. */
  start(part: StackPart): Promise<void>;
}

const LOCAL = '127.0.0.1';

/** The children of a stack by part name, and how to start one (logs in `<dir>/<name>.log`, its own process group). */
export function launcher(opts: Pick<StackOptions, 'root' | 'dir' | 'inheritOutput'>): {
  children: Map<string, ChildProcess>;
  /** Spawns a part; `ipc` opens a Node IPC channel (child.send). Returns whether it is still running. */
  launch(name: string, cmd: string, args: string[], env?: Record<string, string>, ipc?: boolean): () => boolean;
} {
  const children = new Map<string, ChildProcess>();
  const output = (name: string): ['ignore', number | 'inherit', number | 'inherit'] => {
    if (opts.inheritOutput) return ['ignore', 'inherit', 'inherit'];
    const fd = openSync(path.join(opts.dir, `${name}.log`), 'a');
    return ['ignore', fd, fd];
  };
  const launch = (name: string, cmd: string, args: string[], env: Record<string, string> = {}, ipc = false) => {
    const stdio = ipc ? [...output(name), 'ipc' as const] : output(name);
    const child = spawn(cmd, args, { cwd: opts.root, env: { ...process.env, ...env }, stdio, detached: true });
    children.set(name, child);
    return () => child.exitCode === null && child.signalCode === null;
  };
  return { children, launch };
}

/**
 * Starts the built Meshscope standalone server on 127.0.0.1:`port` with `env` (backends, kubeconfig...) and waits
 * for /api/health. @throws Error when it is not built or does not become ready.
 */
export async function startMeshscope(
  launch: ReturnType<typeof launcher>['launch'],
  root: string,
  port: number,
  env: Record<string, string>,
): Promise<void> {
  await waitForPortFree(port, 'Meshscope dashboard');
  const server = path.join(root, '.next/standalone/server.js');
  if (!existsSync(server)) throw new Error('Meshscope is not built: run `npm run build` first');
  const alive = launch('meshscope', process.execPath, [server], { PORT: String(port), HOSTNAME: LOCAL, ...env });
  await waitForHttp(`http://${LOCAL}:${port}/api/health`, 'Meshscope dashboard', 60_000, alive);
}

type PartFlags = { mesh: boolean; prometheus: boolean; meshscope: boolean };

/**
 * Checks every port of the wanted parts first (a clash is reported before anything starts), then starts the wanted
 * parts in order (mesh, metrics, Meshscope); on a failure stops what started and rethrows.
 */
export async function startParts(
  checks: [boolean, number, string][],
  parts: PartFlags,
  starters: Record<keyof PartFlags, () => Promise<void>>,
  stop: () => Promise<void>,
): Promise<void> {
  for (const [wanted, port, what] of checks) if (wanted) await assertPortFree(port, what);
  try {
    for (const part of ['mesh', 'prometheus', 'meshscope'] as const) if (parts[part]) await starters[part]();
  } catch (err) {
    await stop();
    throw err;
  }
}

/** Finds Prometheus: `PROMETHEUS_BIN`, else /usr/bin/prometheus. */
export function prometheusBinary(): string {
  const bin = process.env.PROMETHEUS_BIN ?? '/usr/bin/prometheus';
  if (!existsSync(bin)) {
    throw new Error(
      `Prometheus not found at ${bin}: install it (Debian/Ubuntu: sudo apt-get install prometheus) or set PROMETHEUS_BIN`,
    );
  }
  return bin;
}

/**
 * Starts the demo mesh process, a real Prometheus scraping it and the Meshscope standalone server, checks every port
 * first (a taken port gives `port N is already in use (what)`), and waits until each answers.
 * @throws Error naming the part that could not start.
 */
export async function startStack(opts: StackOptions): Promise<RunningStack> {
  if (opts.clusters && opts.clusters.length > 1) return startMultiClusterStack(opts, opts.clusters);
  const { root, dir, ports } = opts;
  const parts = { mesh: true, prometheus: true, meshscope: true, ...opts.parts };
  mkdirSync(dir, { recursive: true });
  const kubeconfig = path.join(dir, 'kubeconfig');
  const urls = {
    kube: `http://${LOCAL}:${ports.kube}`,
    jaeger: `http://${LOCAL}:${ports.jaeger}`,
    metrics: `http://${LOCAL}:${ports.metrics}/metrics`,
    prometheus: `http://${LOCAL}:${ports.prometheus}`,
    meshscope: `http://${LOCAL}:${ports.meshscope}`,
    kubeconfig,
  };
  const { children, launch } = launcher(opts);

  const starters = {
    mesh: async () => {
      await waitForPortFree(ports.kube, 'Kubernetes API of the demo mesh');
      await waitForPortFree(ports.jaeger, 'Jaeger query API of the demo mesh');
      await waitForPortFree(ports.metrics, 'metrics of the demo mesh');
      const args = [
        '--import',
        'tsx',
        path.join(root, 'lib/demo/main.ts'),
        '--dir',
        dir,
        '--kube-port',
        String(ports.kube),
        '--jaeger-port',
        String(ports.jaeger),
        '--metrics-port',
        String(ports.metrics),
      ];
      if (opts.workloads) args.push('--workloads', String(opts.workloads));
      const alive = launch('mesh', process.execPath, args);
      await waitForHttp(urls.metrics, 'demo mesh', 60_000, alive);
      await waitForHttp(`${urls.kube}/version`, 'demo Kubernetes API', 30_000, alive);
    },
    prometheus: async () => {
      await waitForPortFree(ports.prometheus, 'Prometheus');
      const promDir = path.join(dir, 'prometheus');
      const config = writePrometheusConfig(promDir, `${LOCAL}:${ports.metrics}`, opts.scrapeSeconds ?? 5);
      const listen = `${LOCAL}:${ports.prometheus}`;
      if (opts.backend === 'victoriametrics') {
        const alive = launch('victoriametrics', victoriaMetricsBinary(), victoriaMetricsArgs(config, promDir, listen));
        children.set('prometheus', children.get('victoriametrics')!); // stopped and restarted as the 'prometheus' part
        children.delete('victoriametrics');
        await waitForHttp(`${urls.prometheus}/health`, 'VictoriaMetrics', 30_000, alive);
        return;
      }
      const alive = launch('prometheus', prometheusBinary(), prometheusArgs(config, promDir, listen));
      await waitForHttp(`${urls.prometheus}/-/ready`, 'Prometheus', 30_000, alive);
    },
    meshscope: () =>
      startMeshscope(launch, root, ports.meshscope, {
        PROMETHEUS_URL: urls.prometheus,
        JAEGER_URL: urls.jaeger,
        KUBECONFIG: kubeconfig,
        CLUSTER_NAME: 'Kubernetes',
        ...opts.meshscopeEnv,
      }),
  } as const;

  const stop = async (part?: StackPart) => {
    if (part?.startsWith('kube:')) throw new Error(`${part}: only the multi-cluster stack has per-cluster parts`);
    const names = part ? [part] : ['meshscope', 'prometheus', 'mesh'];
    await Promise.all(
      names.map(async (name) => {
        const child = children.get(name);
        if (!child) return;
        await stopProcessGroup(child);
        children.delete(name);
      }),
    );
  };

  // Check every port first, so a clash is reported before anything starts.
  const checks: [boolean, number, string][] = [
    [parts.mesh, ports.kube, 'Kubernetes API of the demo mesh'],
    [parts.mesh, ports.jaeger, 'Jaeger query API of the demo mesh'],
    [parts.mesh, ports.metrics, 'metrics of the demo mesh'],
    [parts.prometheus, ports.prometheus, 'Prometheus'],
    [parts.meshscope, ports.meshscope, 'Meshscope dashboard'],
  ];
  await startParts(checks, parts, starters, stop);
  const start = async (part: StackPart) => {
    if (part.startsWith('kube:')) throw new Error(`${part}: only the multi-cluster stack has per-cluster parts`);
    await starters[part as keyof typeof starters]();
  };
  return { urls, stop, start };
}
