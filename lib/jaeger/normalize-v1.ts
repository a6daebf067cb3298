import 'server-only';
import { assembleTrace, envoyFields, tagsHaveError, toSpanKind, UNKNOWN_SERVICE } from './trace';
import type { Span, SpanLog, TagValue, Trace } from './types';

/*
 * Jaeger v1 "UI JSON" (`/api/traces`, `/api/traces/{id}`): the element type of `data`.
 * Times on the wire are microseconds; they become milliseconds here.
 * Wire types describe what Jaeger sends; every field is read defensively because the JSON comes off the network.
 */

export interface V1KeyValue {
  key: string;
  /** `string | bool | int64 | float64 | binary`. */
  type?: string;
  value: unknown;
}

export interface V1Reference {
  refType: 'CHILD_OF' | 'FOLLOWS_FROM' | string;
  traceID: string;
  spanID: string;
}

export interface V1Span {
  traceID: string;
  spanID: string;
  operationName?: string;
  references?: V1Reference[] | null;
  /** Microseconds since the epoch. */
  startTime?: number;
  /** Microseconds. */
  duration?: number;
  tags?: V1KeyValue[] | null;
  logs?: { timestamp?: number; fields?: V1KeyValue[] | null }[] | null;
  processID?: string;
  process?: V1Process;
  warnings?: string[] | null;
}

export interface V1Process {
  serviceName?: string;
  tags?: V1KeyValue[] | null;
}

export interface V1Trace {
  traceID: string;
  spans?: V1Span[] | null;
  processes?: Record<string, V1Process> | null;
  warnings?: string[] | null;
}

/** The envelope of every v1 answer: `{ data, total, limit, offset, errors }`. */
export interface V1Response<T> {
  data: T | null;
  errors?: { code?: number; msg?: string }[] | null;
}

const US_PER_MS = 1000;

/**
 * Converts one v1 tag to a primitive. `bool` strings become booleans; `int64` beyond 2^53 stays a string
 * (JavaScript would round it); `binary` stays base64; anything else that is not a primitive becomes JSON.
 */
export function v1TagValue(kv: V1KeyValue): TagValue {
  const { type, value } = kv;
  if (type === 'bool') return value === true || value === 'true';
  if ((type === 'int64' || type === 'float64') && typeof value === 'string' && value.trim() !== '') {
    const n = Number(value);
    if (type === 'float64' ? Number.isFinite(n) : Number.isSafeInteger(n)) return n;
    return value;
  }
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') return value;
  return JSON.stringify(value) ?? '';
}

/** `[{key, type, value}]` → `{ key: value }` (later keys win). */
export function v1Tags(kvs: V1KeyValue[] | null | undefined): Record<string, TagValue> {
  const out: Record<string, TagValue> = {};
  for (const kv of kvs ?? []) if (kv && typeof kv.key === 'string') out[kv.key] = v1TagValue(kv);
  return out;
}

/** Jaeger's own rule (`model.Span.ParentSpanID`): the first CHILD_OF reference to a span of the same trace. */
function parentOf(span: V1Span): string | null {
  const ref = (span.references ?? []).find((r) => r?.refType === 'CHILD_OF' && r.traceID === span.traceID);
  return ref ? ref.spanID.toLowerCase() : null;
}

function num(v: unknown): number {
  return typeof v === 'number' && Number.isFinite(v) ? v : 0;
}

function normalizeSpan(span: V1Span, processes: Record<string, V1Process>): Span {
  const tags = v1Tags(span.tags);
  const process = span.process ?? (span.processID !== undefined ? processes[span.processID] : undefined);
  const logs: SpanLog[] = (span.logs ?? []).map((l) => ({
    timestampMs: num(l?.timestamp) / US_PER_MS,
    fields: v1Tags(l?.fields),
  }));
  const kind = toSpanKind(tags['span.kind']);
  return {
    traceId: String(span.traceID ?? '').toLowerCase(),
    spanId: String(span.spanID ?? '').toLowerCase(),
    parentSpanId: parentOf(span),
    operationName: span.operationName ?? '',
    serviceName: process?.serviceName || UNKNOWN_SERVICE,
    startTimeMs: num(span.startTime) / US_PER_MS,
    durationMs: num(span.duration) / US_PER_MS,
    tags,
    logs,
    ...(kind ? { kind } : {}),
    hasError: tagsHaveError(tags),
    ...envoyFields(tags),
  };
}

/**
 * Normalises one v1 UI-JSON trace (an element of `/api/traces` `data`).
 * µs → ms: `startTime: 1579070675083000` becomes `startTimeMs: 1579070675083`. The trace extent is computed in
 * integer µs first, so `durationMs` is exact. Parents come from CHILD_OF references within the same trace.
 */
export function normalizeV1Trace(raw: V1Trace): Trace {
  const wireSpans = (raw.spans ?? []).filter((s): s is V1Span => !!s && typeof s === 'object');
  const spans = wireSpans.map((s) => normalizeSpan(s, raw.processes ?? {}));
  let minStartUs = Infinity;
  let maxEndUs = -Infinity;
  for (const s of wireSpans) {
    minStartUs = Math.min(minStartUs, num(s.startTime));
    maxEndUs = Math.max(maxEndUs, num(s.startTime) + num(s.duration));
  }
  const extent = spans.length
    ? { startTimeMs: minStartUs / US_PER_MS, durationMs: (maxEndUs - minStartUs) / US_PER_MS }
    : { startTimeMs: 0, durationMs: 0 };
  return assembleTrace(String(raw.traceID ?? spans[0]?.traceId ?? '').toLowerCase(), spans, extent);
}

/** Normalises a v1 `/api/traces` or `/api/traces/{id}` answer (`{ data: V1Trace[] }`); traces without spans are dropped. */
export function normalizeV1Traces(body: V1Response<V1Trace[]>): Trace[] {
  const data = Array.isArray(body?.data) ? body.data : [];
  return data
    .filter((t) => t && typeof t === 'object')
    .map(normalizeV1Trace)
    .filter((t) => t.spanCount > 0);
}
