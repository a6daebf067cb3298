import type { SimSpan, SimTrace, TagValue } from '../traffic/tracing';

/** A trace search, in the units of Jaeger's storage layer: times in microseconds. */
export interface TraceQuery {
  service: string;
  operation?: string;
  startUs: number;
  endUs: number;
  minDurationUs?: number;
  maxDurationUs?: number;
  /** All must match on one span of the service (span tags or process tags), compared as strings. */
  tags?: Record<string, string>;
  limit: number;
}

/** Jaeger's default number of traces returned when the request sets no limit. */
export const DEFAULT_LIMIT = 100;

const UNIT_US: Record<string, number> = {
  h: 3_600_000_000,
  m: 60_000_000,
  s: 1_000_000,
  ms: 1000,
  us: 1,
  µs: 1,
  μs: 1,
  ns: 0.001,
};

/**
 * Parses a Go duration (`1.5s`, `100ms`, `1m30s`, `250us`) into microseconds; a bare number is taken as µs.
 * Returns undefined when unreadable.
 */
export function parseGoDurationUs(text: string | null | undefined): number | undefined {
  if (text === null || text === undefined || text === '') return undefined;
  if (/^\d+(\.\d+)?$/.test(text)) return Number(text);
  const re = /(\d+(?:\.\d+)?)(h|ms|m|s|us|µs|μs|ns)/gy;
  let total = 0;
  let consumed = 0;
  let m: RegExpExecArray | null;
  while ((m = re.exec(text))) {
    total += Number(m[1]) * UNIT_US[m[2]!]!;
    consumed = re.lastIndex;
  }
  return consumed === text.length && consumed > 0 ? total : undefined;
}

function tagMatches(span: SimSpan, key: string, want: string): boolean {
  const v: TagValue | undefined = key === 'span.kind' ? span.kind : (span.tags[key] ?? span.processTags[key]);
  return v !== undefined && String(v) === want;
}

function spanMatches(s: SimSpan, q: TraceQuery): boolean {
  if (s.service !== q.service) return false;
  if (q.operation && s.operation !== q.operation) return false;
  if (s.startUs < q.startUs || s.startUs > q.endUs) return false;
  if (q.minDurationUs !== undefined && s.durationUs < q.minDurationUs) return false;
  if (q.maxDurationUs !== undefined && s.durationUs > q.maxDurationUs) return false;
  for (const [k, v] of Object.entries(q.tags ?? {})) if (!tagMatches(s, k, v)) return false;
  return true;
}

/** Traces with at least one span matching the query, newest first, at most `limit`. */
export function findTraces(traces: SimTrace[], q: TraceQuery): SimTrace[] {
  const out: SimTrace[] = [];
  for (let i = traces.length - 1; i >= 0 && out.length < q.limit; i--) {
    const t = traces[i]!;
    if (t.spans.some((s) => spanMatches(s, q))) out.push(t);
  }
  return out;
}

/**
 * Reads Jaeger v1 `tags`: a JSON object (`{"error":"true"}`) and/or repeated `key:value` parameters.
 * Returns null when a parameter is malformed.
 */
export function parseTagParams(values: string[]): Record<string, string> | null {
  const out: Record<string, string> = {};
  for (const v of values) {
    if (v.trim().startsWith('{')) {
      try {
        const obj = JSON.parse(v) as Record<string, unknown>;
        for (const [k, val] of Object.entries(obj)) out[k] = String(val);
      } catch {
        return null;
      }
      continue;
    }
    const i = v.indexOf(':');
    if (i <= 0) return null;
    out[v.slice(0, i)] = v.slice(i + 1);
  }
  return out;
}
