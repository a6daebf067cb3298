import type { StackPorts } from '@/lib/demo/stack';
import type { MetricsBackend } from '@/lib/demo/stack/prometheus';

/** Ports of the stack the e2e tests start (different from the demo's, so a running demo does not clash). */
export const E2E_PORTS: StackPorts = {
  kube: 26443,
  jaeger: 26686,
  metrics: 25090,
  prometheus: 29090,
  meshscope: 21001,
};
/** The global setup's control endpoint: POST /stop/<part>, /start/<part> (scenario switches: backend down). */
/**
 * The metrics store of the e2e stack: `E2E_BACKEND=victoriametrics npm run test:e2e` runs the whole suite against
 * VictoriaMetrics (same scrape config, same PromQL API) instead of Prometheus.
 */
export const E2E_BACKEND: MetricsBackend =
  process.env.E2E_BACKEND === 'victoriametrics' ? 'victoriametrics' : 'prometheus';

export const CONTROL_URL = 'http://127.0.0.1:21099';

export type StackPart = 'mesh' | 'prometheus' | 'meshscope';

/** Stops or starts one part of the e2e stack through the control endpoint. */
export async function stackControl(action: 'stop' | 'start', part: StackPart): Promise<void> {
  const res = await fetch(`${CONTROL_URL}/${action}/${part}`, { method: 'POST' });
  if (!res.ok) throw new Error(`stack control ${action} ${part} failed: ${res.status} ${await res.text()}`);
}
