/**
 * The figure "`/api/health` latency while the validate pool is busy" (issue 12: the probe must answer while user text
 * is validated): over HTTP against any Meshscope server in anonymous mode, `samples` health requests one after the
 * other with the pool idle, then again while `clients` loops keep `POST /api/istio/validate` busy with a large legal
 * text. Printed by `npm run bench:health-busy` and at the end of `npm run bench:load`; never asserted.
 */
import { percentile } from './stats';

export interface HealthBusyOptions {
  /** Concurrent validate loops (more than the pool's threads, so jobs also wait in its queue). */
  clients: number;
  /** Health requests per phase. */
  samples: number;
  /** Keys of the mapping each validation parses (the server refuses more than 10,000). */
  keys: number;
}

export interface HealthBusyResult {
  idleMs: number[];
  busyMs: number[];
  /** Health answers by status (both phases). */
  health: Map<string, number>;
  /** Validate answers by status during the busy phase (200, 422 at a limit, 503 when the queue is full). */
  validations: Map<string, number>;
}

const count = (m: Map<string, number>, k: string) => m.set(k, (m.get(k) ?? 0) + 1);

/** A mapping of `keys` keys under `metadata.labels` of a VirtualService: legal, and slow to parse and check. */
export function largeYaml(keys: number): string {
  const labels = Array.from({ length: keys }, (_, i) => `    k${i}: v${i}`).join('\n');
  return `apiVersion: networking.istio.io/v1\nkind: VirtualService\nmetadata:\n  name: big\n  namespace: bookinfo\n  labels:\n${labels}\nspec:\n  hosts: [reviews]\n`;
}

async function timedHealth(baseUrl: string, health: Map<string, number>): Promise<number> {
  const t0 = performance.now();
  try {
    const res = await fetch(`${baseUrl}/api/health`, { signal: AbortSignal.timeout(30_000) });
    await res.arrayBuffer();
    count(health, String(res.status));
  } catch (err) {
    count(health, (err as Error).name === 'TimeoutError' ? 'client timeout' : 'network error');
  }
  return performance.now() - t0;
}

/** Runs both phases against `baseUrl` (e.g. `http://127.0.0.1:21301`). */
export async function measureHealthWhileBusy(baseUrl: string, o: HealthBusyOptions): Promise<HealthBusyResult> {
  const health = new Map<string, number>();
  const validations = new Map<string, number>();
  const idleMs: number[] = [];
  for (let i = 0; i < o.samples; i++) idleMs.push(await timedHealth(baseUrl, health));

  const body = JSON.stringify({ yaml: largeYaml(o.keys), namespace: 'bookinfo' });
  const headers = {
    'content-type': 'application/json',
    'x-meshscope-request': '1',
    origin: baseUrl,
    'sec-fetch-site': 'same-origin',
  };
  let stop = false;
  const loop = async () => {
    while (!stop) {
      try {
        const res = await fetch(`${baseUrl}/api/istio/validate`, {
          method: 'POST',
          headers,
          body,
          signal: AbortSignal.timeout(60_000),
        });
        await res.arrayBuffer();
        count(validations, String(res.status));
      } catch (err) {
        count(validations, (err as Error).name === 'TimeoutError' ? 'client timeout' : 'network error');
      }
    }
  };
  const loops = Array.from({ length: o.clients }, loop);
  await new Promise((r) => setTimeout(r, 1_500)); // the first jobs reach the workers
  const busyMs: number[] = [];
  for (let i = 0; i < o.samples; i++) busyMs.push(await timedHealth(baseUrl, health));
  stop = true;
  await Promise.all(loops);
  return { idleMs, busyMs, health, validations };
}

/** The result as lines to print: p50/p99 idle and busy, and the answers by status. */
export function healthBusyLines(r: HealthBusyResult, o: HealthBusyOptions): string[] {
  const ms = (v: number) => `${v.toFixed(1)} ms`;
  const by = (m: Map<string, number>) =>
    [...m]
      .sort()
      .map(([s, n]) => `${s}×${n}`)
      .join(' ') || 'none';
  return [
    `/api/health while the validate pool is busy (${o.clients} clients validating ${o.keys}-key texts, ${o.samples} probes per phase):`,
    `| phase | p50 | p99 | max |`,
    `|---|---|---|---|`,
    `| pool idle | ${ms(percentile(r.idleMs, 50))} | ${ms(percentile(r.idleMs, 99))} | ${ms(Math.max(...r.idleMs))} |`,
    `| pool busy | ${ms(percentile(r.busyMs, 50))} | ${ms(percentile(r.busyMs, 99))} | ${ms(Math.max(...r.busyMs))} |`,
    `health answers: ${by(r.health)}; validate answers while busy: ${by(r.validations)}`,
  ];
}
