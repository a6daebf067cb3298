/**
 * The graph's traffic queries over many namespaces at once (issue 17): instead of Kiali's four selectors per namespace
 * and metric (`graph/telemetry/istio/istio.go` `buildNamespaceTrafficMap`, reference/kiali.md §2.3; 6 queries per
 * namespace with the page's defaults, 1,200 at 200 namespaces), one query per metric and selector over a chunk of
 * namespaces, whose namespace matcher becomes a regex (`destination_workload_namespace=~"a|b|c"`). Each row of the
 * answer is then handed to the namespaces whose own Kiali query would have returned it, so every namespace's traffic
 * map, and the graph, is exactly what the per-namespace queries give (`batched-queries.test.ts` builds both):
 *
 * - #2 incoming `destination_workload_namespace="NS"` and #3 outgoing `source_workload_namespace="NS"`: the label is
 *   in the groupBy, so a row belongs to the one namespace it names.
 * - #1 ambient ingress `source_workload_namespace!="NS",destination_workload_namespace="NS"` (ambient namespaces
 *   only): batched on the destination namespace; the `!=` is checked on the row (both labels are in the groupBy).
 * - #0 unserviced `source_workload_namespace!="NS",…,destination_service=~"^.+\\.NS\\..+$"`: batched as
 *   `destination_service=~"^.+\\.(a|b)\\..+$"`; a row goes to each namespace of the chunk its `destination_service`
 *   matches (one host can name two) and that is not its source namespace. The host check follows RE2 as Prometheus
 *   2.x compiles it (`.` does not match a newline).
 *
 * Every row is one group of `sum … by (groupBy)` and the `> 0` and `round` apply row by row, so filtering the batched
 * rows is the per-namespace query. Rows keep the store's order. Namespaces of different query windows (clipped to
 * their lifetime) are batched apart; chunks keep the regex under `maxRegexChars` (VictoriaMetrics refuses queries
 * over `-search.maxQueryLen`, 16 KiB by default; long queries go by POST, lib/prometheus/client.ts) and at most
 * `maxNamespaces` namespaces (answers stay under PROMETHEUS_MAX_SERIES / PROMETHEUS_MAX_BYTES).
 */
import { eq, escapeRegex, literal, matchers, re, type Validated, assertDns1123Label } from '@/lib/promql/index';
import {
  rateSum,
  reporter,
  requestMetrics,
  wrapRound,
  ztunnelFilter,
  type QueryDescriptor,
  type QueryOptions,
  type RecordedMetrics,
  type TrafficShape,
} from './queries';
import type { PromSample } from './types';

/** How the graph's traffic queries are sent: Kiali's per namespace, or batched over chunks of namespaces. */
export type QueryStrategy = 'namespace' | 'batched';

export interface BatchLimits {
  /** Most namespaces in one query (default 100). */
  maxNamespaces?: number;
  /** Longest namespace alternation in one query, in characters (default 6,000). */
  maxRegexChars?: number;
}

export const DEFAULT_BATCH_NAMESPACES = 100;
const DEFAULT_REGEX_CHARS = 6000;

/** One batched query: the metric and shape it answers for each of its namespaces. */
export interface TrafficBatch {
  /** `batch/<metric>/<shape>/<first namespace>+<count>`. */
  id: string;
  metric: string;
  shape: TrafficShape;
  namespaces: string[];
  durationSeconds: number;
  promql: string;
}

/** `namespaces` cut into chunks of at most `maxNamespaces` names and `maxRegexChars` characters of `a|b|c`. */
export function chunkNamespaces(namespaces: readonly string[], limits: BatchLimits = {}): string[][] {
  const maxN = Math.max(1, limits.maxNamespaces ?? DEFAULT_BATCH_NAMESPACES);
  const maxChars = Math.max(64, limits.maxRegexChars ?? DEFAULT_REGEX_CHARS);
  const out: string[][] = [];
  let chunk: string[] = [];
  let chars = 0;
  for (const ns of namespaces) {
    const add = ns.length + (chunk.length ? 1 : 0);
    if (chunk.length && (chunk.length >= maxN || chars + add > maxChars)) {
      out.push(chunk);
      chunk = [];
      chars = 0;
    }
    chars += ns.length + (chunk.length ? 1 : 0);
    chunk.push(ns);
  }
  if (chunk.length) out.push(chunk);
  return out;
}

/** `a|b|c`, each name re-validated as a DNS-1123 label and regex-escaped. */
function alternation(namespaces: readonly string[]): string {
  return namespaces.map((n) => escapeRegex(assertDns1123Label(n, 'namespaces'))).join('|');
}

/**
 * The batched traffic queries of namespaces that share one query window (`durationSeconds`): per metric of the
 * requested rates, per shape, per chunk. `ambient` holds the ambient namespaces (only they have shape #1, and only
 * for request and gRPC-message metrics, as in `namespaceTrafficQueries`).
 * @throws BadRequestError naming `namespaces` for a bad namespace; Error `internal: bad range` for a bad window.
 */
export function batchedTrafficQueries(
  o: QueryOptions,
  namespaces: readonly string[],
  durationSeconds: number,
  ambient: ReadonlySet<string>,
  recorded?: RecordedMetrics,
  limits: BatchLimits = {},
): TrafficBatch[] {
  const idle = o.includeIdleEdges ? '' : ' > 0';
  const chunks = chunkNamespaces(namespaces, limits);
  const ambientChunks = chunkNamespaces(
    namespaces.filter((n) => ambient.has(n)),
    limits,
  );
  const out: TrafficBatch[] = [];
  for (const { metric, groupBy, tcp } of requestMetrics(o)) {
    const app = tcp ? ztunnelFilter(o) : undefined;
    const add = (shape: TrafficShape, chunk: string[], sel: Validated) => {
      const promql = wrapRound(rateSum(metric, sel, durationSeconds, groupBy, idle, recorded));
      out.push({
        id: `batch/${metric}/${shape}/${chunk[0]}+${chunk.length}`,
        metric,
        shape,
        namespaces: chunk,
        durationSeconds,
        promql,
      });
    };
    for (const chunk of chunks) {
      const alt = alternation(chunk);
      add(
        'unserviced',
        chunk,
        matchers(
          app,
          reporter('source', o),
          eq('destination_workload_namespace', literal('unknown')),
          eq('destination_workload', literal('unknown')),
          re('destination_service', literal(`^.+\\.(${alt})\\..+$`)),
        ),
      );
    }
    if (!tcp)
      for (const chunk of ambientChunks)
        add(
          'ambientIngress',
          chunk,
          matchers(
            eq('reporter', literal('source')),
            re('destination_workload_namespace', literal(alternation(chunk))),
          ),
        );
    for (const chunk of chunks)
      add(
        'incoming',
        chunk,
        matchers(app, reporter('destination', o), re('destination_workload_namespace', literal(alternation(chunk)))),
      );
    for (const chunk of chunks)
      add(
        'outgoing',
        chunk,
        matchers(app, reporter('source', o), re('source_workload_namespace', literal(alternation(chunk)))),
      );
  }
  return out;
}

/** RE2's `.` (Prometheus 2.x): any character but a newline. */
const anyNonNewline = (s: string) => s.length > 0 && !s.includes('\n');

/**
 * The namespaces of `candidates` whose #0 selector `destination_service=~"^.+\\.NS\\..+$"` matches `host`: NS is a
 * DNS label (no dot), so a match is a dot-separated segment with a non-empty part on each side.
 */
function unservicedNamespaces(host: string, candidates: ReadonlySet<string>): string[] {
  const parts = host.split('.');
  const out: string[] = [];
  for (let i = 1; i < parts.length - 1; i++) {
    const ns = parts[i]!;
    if (!candidates.has(ns) || out.includes(ns)) continue;
    const before = parts.slice(0, i).join('.');
    const after = parts.slice(i + 1).join('.');
    if (anyNonNewline(before) && anyNonNewline(after)) out.push(ns);
  }
  return out;
}

/**
 * The rows of a batched answer by namespace: for each namespace of the batch, exactly the rows its own Kiali query
 * (`namespaceTrafficQueries`, same metric and shape) returns, in the answer's order. Every namespace of the batch has
 * an entry (maybe empty).
 */
export function splitBatch(batch: TrafficBatch, samples: readonly PromSample[]): Map<string, PromSample[]> {
  const out = new Map<string, PromSample[]>(batch.namespaces.map((n) => [n, []]));
  const candidates = new Set(out.keys());
  const push = (ns: string | undefined, s: PromSample) => {
    if (ns !== undefined) out.get(ns)?.push(s);
  };
  for (const s of samples) {
    const m = s.metric;
    switch (batch.shape) {
      case 'incoming':
        push(m.destination_workload_namespace, s);
        break;
      case 'outgoing':
        push(m.source_workload_namespace, s);
        break;
      case 'ambientIngress':
        if ((m.source_workload_namespace ?? '') !== m.destination_workload_namespace)
          push(m.destination_workload_namespace, s);
        break;
      case 'unserviced':
        for (const ns of unservicedNamespaces(m.destination_service ?? '', candidates))
          if ((m.source_workload_namespace ?? '') !== ns) push(ns, s);
        break;
    }
  }
  // the store's warnings (Thanos partial responses, lib/prometheus/client.ts `Warned`) concern every namespace
  const warnings = (samples as { warnings?: readonly string[] }).warnings;
  if (warnings)
    for (const rows of out.values()) Object.defineProperty(rows, 'warnings', { value: warnings, enumerable: false });
  return out;
}

/** The key that joins a per-namespace traffic query to its batch: namespace, metric, shape, window. */
export function batchKey(ns: string, metric: string, shape: TrafficShape, durationSeconds: number): string {
  return `${ns}\u0000${metric}\u0000${shape}\u0000${durationSeconds}`;
}

/** The batch key of a per-namespace traffic descriptor, or undefined when it has no shape (node graphs, appenders). */
export function descriptorBatchKey(d: QueryDescriptor, durationSeconds: number): string | undefined {
  return d.purpose === 'traffic' && d.shape ? batchKey(d.namespace, d.metric, d.shape, durationSeconds) : undefined;
}
