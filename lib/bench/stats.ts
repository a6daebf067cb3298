/**
 * Small numeric helpers of the graph benchmark (`npm run bench:graph`): order statistics, the graph API's
 * `Server-Timing` header, and the API-overhead definitions.
 */

/** Median of `xs` (mean of the two middle values for an even count); NaN when empty. */
export function median(xs: readonly number[]): number {
  if (xs.length === 0) return NaN;
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

/**
 * Nearest-rank percentile `p` (0–100) of `xs`: the smallest value with at least p% of the values at or below it.
 * With 5 runs, p95 is the largest of the five. NaN when empty.
 */
export function percentile(xs: readonly number[], p: number): number {
  if (xs.length === 0) return NaN;
  const s = [...xs].sort((a, b) => a - b);
  const rank = Math.min(s.length, Math.max(1, Math.ceil((p / 100) * s.length)));
  return s[rank - 1]!;
}

/** What the graph API's `Server-Timing` header says about one request (milliseconds). */
export interface ServerTiming {
  /** Whole handler time, from request start to the JSON body ready (before compression and transfer). */
  totalMs: number;
  /** Sum of the Prometheus query times the build issued (they run in parallel, so this exceeds the wall time). */
  promSumMs: number;
  /** The longest single Prometheus query. */
  promMaxMs: number;
  /** Number of queries, from `desc="sum of N queries"`; NaN when absent. */
  queries: number;
  /** Measured wall time of the build's parallel Prometheus phase (`prometheus-wall`); NaN when absent. */
  promWallMs: number;
  /** The build read recorded series (`desc="sum of N queries, recorded series"`). */
  recorded?: boolean;
  /**
   * The server's own parts, in ms, when it sends them: `namespaces`, `inventory-wait`, `build` and build's split
   * `build-maps`, `build-merge`, `build-finalizers`, `build-json` (lib/server/graph/route.ts).
   */
  ownParts?: Record<string, number>;
}

const OWN_PARTS = [
  'namespaces',
  'inventory-wait',
  'build',
  'build-maps',
  'build-merge',
  'build-finalizers',
  'build-json',
];

/**
 * Where the API's own time (total − prometheus-wall) went, median over `runs` in ms: each of `OWN_PARTS` the server
 * sent, and `rest` (the own time outside namespaces, inventory-wait and build: parsing the request, planning the
 * queries). Null when no run carries the parts (an older server).
 */
export function ownTimeSplit(runs: readonly ServerTiming[]): Record<string, number> | null {
  const withParts = runs.filter((r) => r.ownParts && !Number.isNaN(r.promWallMs));
  if (withParts.length === 0) return null;
  const out: Record<string, number> = {};
  for (const k of OWN_PARTS) {
    const xs = withParts.map((r) => r.ownParts![k]).filter((v): v is number => v !== undefined);
    if (xs.length > 0) out[k] = median(xs);
  }
  const p = (r: ServerTiming, k: string) => r.ownParts![k] ?? 0;
  out.rest = median(
    withParts.map((r) => r.totalMs - r.promWallMs - p(r, 'namespaces') - p(r, 'inventory-wait') - p(r, 'build')),
  );
  return out;
}

/**
 * Parses `total;dur=…, prometheus;dur=…;desc="sum of N queries", prometheus-max;dur=…` (lib/server/graph/route.ts).
 * @throws Error when the header or its `total` metric is missing.
 */
export function parseServerTiming(header: string | null): ServerTiming {
  if (!header) throw new Error('the graph API sent no Server-Timing header');
  const metrics = new Map<string, { dur: number; desc: string }>();
  // commas inside a quoted `desc` (RFC 9110 quoted-string) do not separate metrics
  for (const part of header.match(/(?:[^,"]|"[^"]*")+/g) ?? []) {
    const [name, ...params] = part.trim().split(';');
    if (!name) continue;
    let dur = NaN;
    let desc = '';
    for (const p of params) {
      const [k, v = ''] = p.trim().split('=');
      if (k === 'dur') dur = Number(v);
      if (k === 'desc') desc = v.replace(/^"|"$/g, '');
    }
    metrics.set(name.trim(), { dur, desc });
  }
  const total = metrics.get('total')?.dur;
  if (total === undefined || Number.isNaN(total)) throw new Error(`Server-Timing has no total: ${header}`);
  const prom = metrics.get('prometheus');
  const queries = Number(/sum of (\d+) quer/.exec(prom?.desc ?? '')?.[1] ?? NaN);
  const ownParts: Record<string, number> = {};
  for (const k of OWN_PARTS) {
    const dur = metrics.get(k)?.dur;
    if (dur !== undefined && !Number.isNaN(dur)) ownParts[k] = dur;
  }
  return {
    totalMs: total,
    promSumMs: prom?.dur ?? 0,
    promMaxMs: metrics.get('prometheus-max')?.dur ?? 0,
    queries,
    promWallMs: metrics.get('prometheus-wall')?.dur ?? NaN,
    ...(/recorded series/.test(prom?.desc ?? '') ? { recorded: true } : {}),
    ...(Object.keys(ownParts).length > 0 ? { ownParts } : {}),
  };
}

/**
 * The API's own overhead, as the benchmark reports it: `(total − longest Prometheus query) / total`.
 *
 * All of a graph request's Prometheus queries run in ONE parallel phase (lib/graph/build.ts, up to `concurrency`
 * in flight), so the Prometheus part of the critical path is at least the longest single query; `total − longest`
 * is then everything else the server did (inventory, graph build, appenders, JSON) plus any queueing behind the
 * concurrency bound. It is an upper bound of the server's own share. Target (issue 3): < 25%.
 */
export function overheadLongest(t: ServerTiming): number {
  return t.totalMs > 0 ? Math.max(0, t.totalMs - t.promMaxMs) / t.totalMs : NaN;
}

/**
 * The API's own overhead beyond Prometheus: `(total − Prometheus phase wall time) / total`, with the wall time the
 * server measured (`prometheus-wall`). Without it, the phase is estimated as at least `max(longest, sum / concurrency)`.
 * This is the figure held to the < 25% target; `overheadLongest` is the pessimistic bound printed beside it.
 */
export function overheadParallel(t: ServerTiming, concurrency: number): number {
  if (!(t.totalMs > 0)) return NaN;
  if (Number.isFinite(t.promWallMs)) return Math.max(0, t.totalMs - t.promWallMs) / t.totalMs;
  const promPhase = Math.max(t.promMaxMs, t.promSumMs / Math.max(1, concurrency));
  return Math.max(0, t.totalMs - promPhase) / t.totalMs;
}

/** Bytes to MiB with one decimal. */
export function mib(bytes: number): number {
  return Math.round((bytes / 1048576) * 10) / 10;
}
