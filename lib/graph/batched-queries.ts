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
 * The appenders' queries (responseTime, throughput, securityPolicy: `lib/graph/appenders/*.ts`) are batched the same
 * way: each appender builds its queries over a chunk (`QueryScope.batch`, `checkScope`'s `where`), and each query's
 * `split` names the label that picks a row's namespace (`destination_service_namespace` or
 * `source_workload_namespace`) and the one its `!=` excluded, checked on the row.
 *
 * Every row is one group of `sum … by (groupBy)` (the split labels are in every groupBy) and what applies after the
 * sum applies row by row: `> 0`, `round`, `histogram_quantile` (per group but `le`), `sum / count` (matched on the
 * whole label set), `OR` (drops a row whose label set an earlier operand has: the same namespace's row). So filtering
 * the batched rows is the per-namespace query. Rows keep the store's order. Namespaces of different query windows (clipped to
 * their lifetime) are batched apart; chunks keep the regex under `maxRegexChars` (VictoriaMetrics refuses queries
 * over `-search.maxQueryLen`, 16 KiB by default; long queries go by POST, lib/prometheus/client.ts) and at most
 * `maxNamespaces` namespaces (answers stay under PROMETHEUS_MAX_SERIES / PROMETHEUS_MAX_BYTES).
 */
import { eq, literal, matchers, re, type Validated } from '@/lib/promql/index';
import { appenderQueries } from './appenders';
import {
  alternation,
  rateSum,
  reporter,
  requestMetrics,
  wrapRound,
  ztunnelFilter,
  type NamespaceSplit,
  type QueryDescriptor,
  type QueryOptions,
  type RecordedMetrics,
  type TrafficShape,
} from './queries';
import type { GraphOptions, PromSample } from './types';

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

/** One batched query: the per-namespace query (`slot`) it answers for each of its namespaces, and how. */
export interface QueryBatch {
  /** `batch/<slot>/<first namespace>+<count>`. */
  id: string;
  /** The per-namespace query it stands for (`descriptorSlot`). */
  slot: string;
  namespaces: string[];
  durationSeconds: number;
  promql: string;
  /** How its rows go back to each namespace (`splitBatch`). */
  split: NamespaceSplit;
}

/** A batched traffic query: also the metric and Kiali selector (shape) it answers. */
export interface TrafficBatch extends QueryBatch {
  metric: string;
  shape: TrafficShape;
}

/**
 * Kiali's traffic selectors as splits: #0 by the host of `destination_service` (not from the namespace itself),
 * #1 by the destination workload's namespace (not from itself), #2 by it, #3 by the source workload's namespace.
 */
const SHAPE_SPLIT: Record<TrafficShape, NamespaceSplit> = {
  unserviced: { label: 'destination_service', host: true, notFrom: 'source_workload_namespace' },
  ambientIngress: { label: 'destination_workload_namespace', notFrom: 'source_workload_namespace' },
  incoming: { label: 'destination_workload_namespace' },
  outgoing: { label: 'source_workload_namespace' },
};

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
      const slot = trafficSlot(metric, shape);
      out.push({
        id: `batch/${slot}/${chunk[0]}+${chunk.length}`,
        slot,
        metric,
        shape,
        namespaces: chunk,
        durationSeconds,
        promql,
        split: SHAPE_SPLIT[shape],
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

/** The namespaces of the batch a row goes to by `split` (`NamespaceSplit`), `candidates` being the batch's. */
function rowNamespaces(m: Record<string, string>, split: NamespaceSplit, candidates: ReadonlySet<string>): string[] {
  const named = m[split.label];
  const to = split.host
    ? unservicedNamespaces(named ?? '', candidates)
    : named !== undefined && candidates.has(named)
      ? [named]
      : [];
  // an absent label is empty, as a matcher sees it
  return split.notFrom === undefined ? to : to.filter((ns) => (m[split.notFrom!] ?? '') !== ns);
}

/**
 * The rows of a batched answer by namespace: for each namespace of the batch, exactly the rows its own query
 * (Kiali's traffic query of the same metric and shape, `namespaceTrafficQueries`, or the appender's query of the same
 * slot) returns, in the answer's order. Every namespace of the batch has an entry (maybe empty).
 */
export function splitBatch(batch: QueryBatch, samples: readonly PromSample[]): Map<string, PromSample[]> {
  const out = new Map<string, PromSample[]>(batch.namespaces.map((n) => [n, []]));
  const candidates = new Set(out.keys());
  for (const s of samples) for (const ns of rowNamespaces(s.metric, batch.split, candidates)) out.get(ns)!.push(s);
  // the store's warnings (Thanos partial responses, lib/prometheus/client.ts `Warned`) concern every namespace
  const warnings = (samples as { warnings?: readonly string[] }).warnings;
  if (warnings)
    for (const rows of out.values()) Object.defineProperty(rows, 'warnings', { value: warnings, enumerable: false });
  return out;
}

/**
 * The batched appender queries of namespaces that share one query window: each enabled appender's queries
 * (`appenderQueries`) over each chunk, answering the per-namespace query of the same slot.
 * @throws BadRequestError naming `namespaces` for a bad namespace; Error `internal: bad range` for a bad window.
 */
export function batchedAppenderQueries(
  o: GraphOptions,
  namespaces: readonly string[],
  durationSeconds: number,
  recorded?: RecordedMetrics,
  limits: BatchLimits = {},
): QueryBatch[] {
  return chunkNamespaces(namespaces, limits).flatMap((chunk) =>
    appenderQueries(o, chunk, durationSeconds, recorded).map((d) => {
      const slot = descriptorSlot(d)!;
      return {
        id: `batch/${slot}/${chunk[0]}+${chunk.length}`,
        slot,
        namespaces: chunk,
        durationSeconds,
        promql: d.promql,
        split: d.split!,
      };
    }),
  );
}

const trafficSlot = (metric: string, shape: TrafficShape) => `traffic/${metric}/${shape}`;

/**
 * The per-namespace query a descriptor stands for, whatever its namespace: `traffic/<metric>/<shape>` for a traffic
 * query of a namespace graph, `<appender>/<metric>/<index>` (its id without the namespace) for an appender query with
 * a split; undefined for the others (node graphs), which are never batched.
 */
export function descriptorSlot(d: QueryDescriptor): string | undefined {
  if (d.purpose === 'traffic') return d.shape ? trafficSlot(d.metric, d.shape) : undefined;
  return d.split ? d.id.slice(d.namespace.length + 1) : undefined;
}

/** The key that joins a per-namespace query to its batch: namespace, slot, window. */
export function batchKey(ns: string, slot: string, durationSeconds: number): string {
  return `${ns}\u0000${slot}\u0000${durationSeconds}`;
}

/** The batch key of a per-namespace descriptor, or undefined when it is never batched (`descriptorSlot`). */
export function descriptorBatchKey(d: QueryDescriptor, durationSeconds: number): string | undefined {
  const slot = descriptorSlot(d);
  return slot === undefined ? undefined : batchKey(d.namespace, slot, durationSeconds);
}
