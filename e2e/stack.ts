import type { StackPorts } from '@/lib/demo/stack';
import type { MetricsBackend } from '@/lib/demo/stack/prometheus';

/**
 * `E2E_PORT_OFFSET=N` moves every port of the e2e stack by N, so two checkouts can run their suites at once (e.g. a
 * second worktree with `E2E_PORT_OFFSET=100`). Default 0.
 */
const OFFSET = Number(process.env.E2E_PORT_OFFSET ?? 0) || 0;

/** A port of the e2e stack: its default number moved by E2E_PORT_OFFSET. */
export function e2ePort(port: number): number {
  return port + OFFSET;
}

/** Ports of the stack the e2e tests start (different from the demo's, so a running demo does not clash). */
export const E2E_PORTS: StackPorts = {
  kube: e2ePort(26443),
  jaeger: e2ePort(26686),
  metrics: e2ePort(25090),
  prometheus: e2ePort(29090),
  meshscope: e2ePort(21001),
};
/**
 * Multi-cluster run only (E2E_CLUSTERS): the second Meshscope, whose clusters each have their own Prometheus (the demo's
 * `--prometheus per-cluster`) over the same demo mesh (e2e/multicluster/per-cluster-stack.ts). Cluster i's Prometheus
 * listens on `prometheus + i`.
 */
export const E2E_PER_CLUSTER_PORTS = { prometheus: e2ePort(29100), meshscope: e2ePort(21005) } as const;

/** The global setup's control endpoint: POST /stop/<part>, /start/<part> (scenario switches: backend down). */
/**
 * The metrics store of the e2e stack: `E2E_BACKEND=victoriametrics npm run test:e2e` runs the whole suite against
 * VictoriaMetrics (same scrape config, same PromQL API) instead of Prometheus.
 */
export const E2E_BACKEND: MetricsBackend =
  process.env.E2E_BACKEND === 'victoriametrics' ? 'victoriametrics' : 'prometheus';

export const CONTROL_URL = `http://127.0.0.1:${e2ePort(21099)}`;

/** A part of the stack; `kube:<cluster>` (multi-cluster stack only) is one cluster's Kubernetes API. */
export type StackPart = 'mesh' | 'prometheus' | 'meshscope' | `kube:${string}`;

/** Stops or starts one part of the e2e stack through the control endpoint. */
export async function stackControl(action: 'stop' | 'start', part: StackPart): Promise<void> {
  const res = await fetch(`${CONTROL_URL}/${action}/${part}`, { method: 'POST' });
  if (!res.ok) throw new Error(`stack control ${action} ${part} failed: ${res.status} ${await res.text()}`);
}
