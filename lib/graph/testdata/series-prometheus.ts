/**
 * Test support: a Prometheus stand-in over raw series (a scrape in the text exposition format), answering the graph's
 * `round(sum(rate(M{matchers} [Ns])) by (labels) > 0, 0.001)` queries, alone or joined with ` OR ` (an element of a later
 * operand is dropped when an earlier one has its label set, as PromQL's `or` does), as Prometheus
 * would if every counter had counted from zero over the query window (recorded series such as
 * `workload:istio_requests_total` alike): rate = value / N, summed by the `by` labels
 * (absent labels are empty, and empty labels are dropped from the answer), `> 0` kept, rounded to 0.001; and the
 * responseTime appender's `histogram_quantile` (Prometheus' bucket interpolation) and `sum / count` averages over the
 * same sums. Any other query shape answers an empty vector (the appenders it belongs to then decorate nothing).
 */
import type { InstantQuery, PromSample } from '../types';

export interface Series {
  name: string;
  labels: Record<string, string>;
  value: number;
}

const LINE = /^([a-zA-Z_:][a-zA-Z0-9_:]*)\{(.*)\}\s+(\S+)$/;
const PAIR = /([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"/g;

/** Series of an exposition-format text (comments skipped), each with `extra` labels added (as a scrape job would). */
export function parseExposition(text: string, extra: Record<string, string> = {}): Series[] {
  const out: Series[] = [];
  for (const line of text.split('\n')) {
    const m = LINE.exec(line.trim());
    if (!m) continue;
    const labels: Record<string, string> = {};
    for (const p of m[2]!.matchAll(PAIR)) labels[p[1]!] = p[2]!.replace(/\\(.)/g, '$1');
    out.push({ name: m[1]!, labels: { ...labels, ...extra }, value: Number(m[3]) });
  }
  return out;
}

const round3 = (v: number) => Math.round(v * 1000) / 1000;

type Matcher = { label: string; op: '=' | '!=' | '=~' | '!~'; value: string };

const SUM = /^\(?sum\(rate\(([a-z_:]+)\{(.*?)\}\s*\[(\d+)s\]\)\)\s*by\s*\(([^)]*)\)\s*(>\s*0)?\)?$/;
const MATCHER = /([a-zA-Z_][a-zA-Z0-9_]*)(=~|!~|!=|=)"((?:[^"\\]|\\.)*)"/g;

function parseMatchers(text: string): Matcher[] {
  return [...text.matchAll(MATCHER)].map((m) => ({
    label: m[1]!,
    op: m[2] as Matcher['op'],
    value: m[3]!.replace(/\\\\/g, '\\'),
  }));
}

function matches(labels: Record<string, string>, ms: Matcher[]): boolean {
  return ms.every(({ label, op, value }) => {
    const v = labels[label] ?? '';
    if (op === '=') return v === value;
    if (op === '!=') return v !== value;
    const hit = new RegExp(`^(?:${value})$`).test(v);
    return op === '=~' ? hit : !hit;
  });
}

/** One `sum(rate(…)) by (…)[ > 0]`, its values rounded to 0.001 (`rounded`, as `round` does) or not. */
function evalSum(part: string, series: readonly Series[], rounded = true): PromSample[] | null {
  const m = SUM.exec(part.trim());
  if (!m) return null;
  const [, metric, sel, range, by, gt] = m;
  const ms = parseMatchers(sel!);
  const seconds = Number(range);
  const groupBy = by!
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  const groups = new Map<string, PromSample>();
  for (const s of series) {
    if (s.name !== metric || !matches(s.labels, ms)) continue;
    const key = groupBy.map((l) => s.labels[l] ?? '').join('\u0000');
    let g = groups.get(key);
    if (!g) {
      const metricLabels = Object.fromEntries(groupBy.map((l) => [l, s.labels[l] ?? '']).filter(([, v]) => v !== ''));
      groups.set(key, (g = { metric: metricLabels, value: 0 }));
    }
    g.value += s.value / seconds;
  }
  const out = [...groups.values()].map((g) => ({ metric: g.metric, value: rounded ? round3(g.value) : g.value }));
  return gt ? out.filter((s) => s.value > 0) : out;
}

const labelKey = (m: Record<string, string>) =>
  JSON.stringify(Object.entries(m).sort(([x], [y]) => (x < y ? -1 : x > y ? 1 : 0)));

/** Prometheus' `bucketQuantile` (promql/quantile.go) over one group's cumulative buckets; NaN without `+Inf`. */
function bucketQuantile(q: number, buckets: { le: number; count: number }[]): number {
  const b = [...buckets].sort((x, y) => x.le - y.le);
  if (b.length < 2 || b[b.length - 1]!.le !== Infinity) return NaN;
  const total = b[b.length - 1]!.count;
  if (total === 0) return NaN;
  let rank = q * total;
  const i = b.findIndex((x) => x.count >= rank);
  if (i === b.length - 1) return b[b.length - 2]!.le;
  if (i === 0 && b[0]!.le <= 0) return b[0]!.le;
  let start = 0;
  let count = b[i]!.count;
  if (i > 0) {
    start = b[i - 1]!.le;
    count -= b[i - 1]!.count;
    rank -= b[i - 1]!.count;
  }
  return start + (b[i]!.le - start) * (rank / count);
}

const QUANTILE = /^histogram_quantile\(([\d.]+), (sum\(.*\)) by \(le,([^)]*)\)\) > 0$/;
const RATIO = /^(sum\(.*?\) by \([^)]*\)) \/ (sum\(.*\) by \([^)]*\)) > 0$/;

/**
 * The responseTime appender's shapes: `histogram_quantile(q, sum(rate(…_bucket{…}[Ns])) by (le,G)) > 0` (each group
 * of G one quantile over its `le` buckets) and `sum(…_sum) by (G) / sum(…_count) by (G) > 0` (matched on the whole
 * label set); null for any other.
 */
function evalResponseTime(inner: string, series: readonly Series[]): PromSample[] | null {
  const quantile = QUANTILE.exec(inner);
  if (quantile) {
    const [, q, sum, by] = quantile;
    const rows = evalSum(`${sum!} by (le,${by!})`, series, false);
    if (!rows) return null;
    const groups = new Map<string, { metric: Record<string, string>; buckets: { le: number; count: number }[] }>();
    for (const r of rows) {
      const { le, ...metric } = r.metric;
      const key = labelKey(metric);
      const g = groups.get(key) ?? { metric, buckets: [] };
      g.buckets.push({ le: le === '+Inf' ? Infinity : Number(le), count: r.value });
      groups.set(key, g);
    }
    return [...groups.values()]
      .map((g) => ({ metric: g.metric, value: round3(bucketQuantile(Number(q), g.buckets)) }))
      .filter((s) => s.value > 0);
  }
  const ratio = RATIO.exec(inner);
  if (!ratio) return null;
  const num = evalSum(ratio[1]!, series, false);
  const den = evalSum(ratio[2]!, series, false);
  if (!num || !den) return null;
  const byKey = new Map(den.map((d) => [labelKey(d.metric), d.value]));
  return num
    .filter((n) => byKey.has(labelKey(n.metric)))
    .map((n) => ({ metric: n.metric, value: round3(n.value / byKey.get(labelKey(n.metric))!) }))
    .filter((s) => s.value > 0);
}

/** Evaluates one graph query over `series` (see the file comment); unknown shapes give `[]`. */
export function evaluate(promql: string, series: readonly Series[]): PromSample[] {
  const inner = /^round\((.*),0\.001\)$/.exec(promql)?.[1];
  if (!inner) return [];
  const rt = evalResponseTime(inner, series);
  if (rt) return rt;
  const out: PromSample[] = [];
  // PromQL `a or b`: every element of a, and the elements of b whose label set a does not have
  const seen = new Set<string>();
  const keyOf = labelKey;
  for (const part of inner.split(' OR ')) {
    const v = evalSum(part, series);
    if (v === null) return [];
    const fresh = v.filter((s) => !seen.has(keyOf(s.metric)));
    for (const s of fresh) seen.add(keyOf(s.metric));
    out.push(...fresh);
  }
  return out;
}

/** An InstantQuery over the series; records every query it was asked. */
export function seriesPrometheus(series: readonly Series[], asked: string[] = []): InstantQuery {
  return async (promql: string) => {
    asked.push(promql);
    return evaluate(promql, series);
  };
}
