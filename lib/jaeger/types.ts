/** The Jaeger client's interface; the trace model it returns is lib/contracts/traces.ts (times in ms). */
import 'server-only';
import type { JaegerApi, Trace } from '@/lib/contracts/traces';

export type { JaegerApi, Span, SpanKind, SpanLog, TagValue, Trace } from '@/lib/contracts/traces';

/** A trace search. Times are unix milliseconds; `tags` must all match on one span (Jaeger's semantics). */
export interface TraceQuery {
  service: string;
  startMs: number;
  endMs: number;
  /** Maximum number of traces, 1–1500; default 100. */
  limit?: number;
  /** Only traces with a span at least this long. */
  minDurationMs?: number;
  tags?: Record<string, string>;
}

export interface JaegerClient {
  /** The query API the backend speaks; probed once, then cached until a request fails. */
  detectApi(): Promise<JaegerApi>;
  services(): Promise<string[]>;
  operations(service: string): Promise<string[]>;
  findTraces(q: TraceQuery): Promise<Trace[]>;
  getTrace(id: string): Promise<Trace | null>;
  ping(): Promise<{ api: JaegerApi; latencyMs: number }>;
  readonly url: string;
}
