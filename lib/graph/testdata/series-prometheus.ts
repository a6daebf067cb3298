/**
 * Test support: a Prometheus stand-in over raw series (a scrape in the text exposition format), answering the graph's
 * `round(sum(rate(M{matchers} [Ns])) by (labels) > 0, 0.001)` queries, alone or joined with ` OR ` (an element of a later
 * operand is dropped when an earlier one has its label set, as PromQL's `or` does), as Prometheus
 * would if every counter had counted from zero over the query window (recorded series such as
 * `workload:istio_requests_total` alike): rate = value / N, summed by the `by` labels
 * (absent labels are empty, and empty labels are dropped from the answer), `> 0` kept, rounded to 0.001. Any other
 * query shape answers an empty vector (the appenders it belongs to then decorate nothing).
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

function evalSum(part: string, series: readonly Series[]): PromSample[] | null {
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
  const out = [...groups.values()].map((g) => ({ metric: g.metric, value: Math.round(g.value * 1000) / 1000 }));
  return gt ? out.filter((s) => s.value > 0) : out;
}

/** Evaluates one graph query over `series` (see the file comment); unknown shapes give `[]`. */
export function evaluate(promql: string, series: readonly Series[]): PromSample[] {
  const inner = /^round\((.*),0\.001\)$/.exec(promql)?.[1];
  if (!inner) return [];
  const out: PromSample[] = [];
  // PromQL `a or b`: every element of a, and the elements of b whose label set a does not have
  const seen = new Set<string>();
  const keyOf = (m: Record<string, string>) =>
    JSON.stringify(Object.entries(m).sort(([x], [y]) => (x < y ? -1 : x > y ? 1 : 0)));
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
