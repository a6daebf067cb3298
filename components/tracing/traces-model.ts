/**
 * The Traces tab model (Kiali's TracingScatter and trace details): percentile filtering of the loaded traces, the
 * span waterfall (depth from parent links, offsets and widths relative to the trace), and span labels. Pure.
 */
import type { Span, Trace } from '@/lib/contracts/traces';

/** Percentile choices (Kiali: p75/p90/p99 filters), over the durations of the traces loaded. */
export const PERCENTILES = [0, 50, 75, 90, 95, 99];

/** Nearest-rank percentile of `values` (p in (0, 100]); null when empty. */
export function percentile(values: readonly number[], p: number): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.max(1, Math.ceil((p / 100) * sorted.length));
  return sorted[Math.min(rank, sorted.length) - 1]!;
}

/** The traces at or above the p-th percentile of duration (all when p is 0). */
export function aboveByPercentile(traces: readonly Trace[], p: number): Trace[] {
  if (p <= 0) return [...traces];
  const threshold = percentile(
    traces.map((t) => t.durationMs),
    p,
  );
  return threshold === null ? [] : traces.filter((t) => t.durationMs >= threshold);
}

export interface WaterfallRow {
  span: Span;
  depth: number;
  /** Start and width as % of the trace duration. */
  offsetPct: number;
  widthPct: number;
}

/**
 * Spans in tree order (each parent followed by its children, siblings by start time), with depth and position.
 * Spans whose parent is not in the trace are roots. Cycles (bad data) are broken by visiting each span once.
 */
export function waterfall(trace: Trace): WaterfallRow[] {
  const ids = new Set(trace.spans.map((s) => s.spanId));
  const children = new Map<string | null, Span[]>();
  for (const s of trace.spans) {
    const parent = s.parentSpanId && ids.has(s.parentSpanId) ? s.parentSpanId : null;
    const list = children.get(parent);
    if (list) list.push(s);
    else children.set(parent, [s]);
  }
  for (const list of children.values()) list.sort((a, b) => a.startTimeMs - b.startTimeMs);
  const total = trace.durationMs > 0 ? trace.durationMs : 1;
  const out: WaterfallRow[] = [];
  const seen = new Set<string>();
  const visit = (s: Span, depth: number) => {
    if (seen.has(s.spanId)) return;
    seen.add(s.spanId);
    const offsetPct = ((s.startTimeMs - trace.startTimeMs) / total) * 100;
    out.push({
      span: s,
      depth,
      offsetPct: Math.max(0, Math.min(100, offsetPct)),
      widthPct: Math.max(0.2, Math.min(100 - offsetPct, (s.durationMs / total) * 100)),
    });
    for (const c of children.get(s.spanId) ?? []) visit(c, depth + 1);
  };
  for (const root of children.get(null) ?? []) visit(root, 0);
  for (const s of trace.spans) visit(s, 0); // anything left (cycles)
  return out;
}

/** `productpage-v1-abc12` from Envoy's node_id, or null. */
export function podOfSpan(span: Span): string | null {
  const part = span.nodeId?.split('~')[2];
  if (!part) return null;
  const dot = part.lastIndexOf('.');
  return dot > 0 ? part.slice(0, dot) : part;
}

/** The span's reporting app (Istio service name without the namespace) and pod: `reviews (reviews-v2-abc12)`. */
export function spanSource(span: Span): string {
  const app = span.serviceName.split('.')[0] ?? span.serviceName;
  const pod = podOfSpan(span);
  return pod ? `${app} (${pod})` : span.serviceName;
}
