/**
 * Wire types of the traces API (`/api/namespaces/{ns}/{apps|workloads|services}/{name}/traces`, `/api/traces/{id}`).
 * The trace model is lib/jaeger's (times in ms, converted there from Jaeger's µs / OTLP's ns); re-exported as types
 * only so the browser can use it without importing server code.
 */
import type { JaegerApi, Span, SpanLog, TagValue, Trace } from '@/lib/jaeger/types';

export type { JaegerApi, Span, SpanLog, TagValue, Trace };

/** Answer of the traces search. */
export interface TracesResponse {
  /** The Jaeger service searched, `<app>.<namespace>` (Istio's naming). */
  service: string;
  /** The query API the Jaeger backend speaks. */
  api: JaegerApi;
  /** Newest first; for workloads, only traces with a span from one of the workload's pods. */
  traces: Trace[];
  /** Unix ms of the searched window. */
  startMs: number;
  endMs: number;
  /** Jaeger's own UI (`JAEGER_EXTERNAL_URL`) for links out; null when not set. */
  externalUrl: string | null;
}

/** Answer of `/api/traces/{id}`. */
export interface TraceResponse {
  trace: Trace;
  externalUrl: string | null;
}
