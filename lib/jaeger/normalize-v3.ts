import 'server-only';
import { assembleTrace, envoyFields, tagsHaveError, UNKNOWN_SERVICE } from './trace';
import type { Span, SpanKind, SpanLog, TagValue, Trace } from './types';

/*
 * Jaeger v3 answers in OTLP JSON (`TracesData`), wrapped as `{ "result": TracesData }` by `/api/v3/traces*`.
 * Times on the wire are nanoseconds as decimal strings (beyond 2^53, so read with BigInt); they become milliseconds
 * here. Ids are hex in Jaeger 2.x; the grpc-gateway of Jaeger 1.x sent protobuf bytes as base64: both are read.
 */

/** OTLP `AnyValue`: exactly one field is set. `intValue` is a string in JSON (int64). */
export interface OtlpAnyValue {
  stringValue?: string;
  boolValue?: boolean;
  intValue?: string | number;
  doubleValue?: number | string;
  bytesValue?: string;
  arrayValue?: { values?: OtlpAnyValue[] };
  kvlistValue?: { values?: OtlpKeyValue[] };
}

export interface OtlpKeyValue {
  key: string;
  value?: OtlpAnyValue;
}

export interface OtlpSpan {
  traceId?: string;
  spanId?: string;
  parentSpanId?: string;
  name?: string;
  /** 0 unspecified, 1 internal, 2 server, 3 client, 4 producer, 5 consumer (or `SPAN_KIND_SERVER`...). */
  kind?: number | string;
  startTimeUnixNano?: string | number;
  endTimeUnixNano?: string | number;
  attributes?: OtlpKeyValue[];
  events?: { timeUnixNano?: string | number; name?: string; attributes?: OtlpKeyValue[] }[];
  /** `code`: 0 unset, 1 ok, 2 error (or `STATUS_CODE_ERROR`). */
  status?: { code?: number | string; message?: string };
}

export interface OtlpTracesData {
  resourceSpans?: {
    resource?: { attributes?: OtlpKeyValue[] };
    scopeSpans?: { scope?: unknown; spans?: OtlpSpan[] }[];
  }[];
}

const NS_PER_MS = 1_000_000n;

/** Decimal nanoseconds → BigInt (0n for anything unreadable). */
function toNs(v: string | number | undefined): bigint {
  try {
    return typeof v === 'number' ? BigInt(Math.trunc(v)) : typeof v === 'string' && v !== '' ? BigInt(v) : 0n;
  } catch {
    return 0n;
  }
}

/** Nanoseconds → milliseconds, exact to the ms and with the sub-ms fraction kept (1485449191639875000 → 1485449191639.875). */
export function nsToMs(ns: bigint): number {
  return Number(ns / NS_PER_MS) + Number(ns % NS_PER_MS) / 1e6;
}

/**
 * Normalises an OTLP id to lower-case hex: hex as is (Jaeger 2.x), base64 of 8 or 16 bytes decoded (Jaeger 1.x
 * grpc-gateway). Empty → ''.
 */
export function otlpId(id: string | undefined): string {
  if (!id) return '';
  if (/^[0-9a-fA-F]+$/.test(id) && (id.length === 32 || id.length === 16)) return id.toLowerCase();
  if (/^[A-Za-z0-9+/_-]+=*$/.test(id)) {
    const bytes = Buffer.from(id, 'base64');
    if (bytes.length === 16 || bytes.length === 8) return bytes.toString('hex');
  }
  return id.toLowerCase();
}

/** OTLP AnyValue → primitive: int64 beyond 2^53 stays a string; arrays and maps become JSON text. */
export function otlpValue(v: OtlpAnyValue | undefined): TagValue {
  if (!v) return '';
  if (v.stringValue !== undefined) return v.stringValue;
  if (v.boolValue !== undefined) return v.boolValue;
  if (v.intValue !== undefined) {
    const n = Number(v.intValue);
    return Number.isSafeInteger(n) ? n : String(v.intValue);
  }
  if (v.doubleValue !== undefined) {
    const n = Number(v.doubleValue);
    return Number.isNaN(n) ? String(v.doubleValue) : n;
  }
  if (v.bytesValue !== undefined) return v.bytesValue;
  if (v.arrayValue) return JSON.stringify((v.arrayValue.values ?? []).map(otlpValue));
  if (v.kvlistValue) return JSON.stringify(otlpAttributes(v.kvlistValue.values));
  return '';
}

/** `[{key, value: AnyValue}]` → `{ key: primitive }`. */
export function otlpAttributes(kvs: OtlpKeyValue[] | undefined): Record<string, TagValue> {
  const out: Record<string, TagValue> = {};
  for (const kv of kvs ?? []) if (kv && typeof kv.key === 'string') out[kv.key] = otlpValue(kv.value);
  return out;
}

const KIND_BY_NUMBER: Record<number, SpanKind | undefined> = {
  1: 'internal',
  2: 'server',
  3: 'client',
  4: 'producer',
  5: 'consumer',
};

function otlpKind(kind: number | string | undefined): SpanKind | undefined {
  if (typeof kind === 'number') return KIND_BY_NUMBER[kind];
  const name = typeof kind === 'string' ? kind.replace(/^SPAN_KIND_/, '').toLowerCase() : '';
  return (Object.values(KIND_BY_NUMBER) as string[]).includes(name) ? (name as SpanKind) : undefined;
}

function isErrorStatus(code: number | string | undefined): boolean {
  return code === 2 || code === 'STATUS_CODE_ERROR' || code === '2';
}

interface Timed {
  span: Span;
  startNs: bigint;
  endNs: bigint;
}

function normalizeSpan(s: OtlpSpan, serviceName: string): Timed {
  const tags = otlpAttributes(s.attributes);
  const startNs = toNs(s.startTimeUnixNano);
  let endNs = toNs(s.endTimeUnixNano);
  if (endNs < startNs) endNs = startNs;
  const logs: SpanLog[] = (s.events ?? []).map((e) => ({
    timestampMs: nsToMs(toNs(e?.timeUnixNano)),
    fields: { ...(e?.name ? { event: e.name } : {}), ...otlpAttributes(e?.attributes) },
  }));
  const kind = otlpKind(s.kind);
  const parent = otlpId(s.parentSpanId);
  const span: Span = {
    traceId: otlpId(s.traceId),
    spanId: otlpId(s.spanId),
    parentSpanId: parent === '' || /^0+$/.test(parent) ? null : parent,
    operationName: s.name ?? '',
    serviceName,
    startTimeMs: nsToMs(startNs),
    durationMs: nsToMs(endNs - startNs),
    tags,
    logs,
    ...(kind ? { kind } : {}),
    hasError: isErrorStatus(s.status?.code) || tagsHaveError(tags),
    ...envoyFields(tags),
  };
  return { span, startNs, endNs };
}

function unwrap(body: OtlpTracesData | { result?: OtlpTracesData }): OtlpTracesData {
  return body && typeof body === 'object' && 'result' in body ? (body.result ?? {}) : ((body ?? {}) as OtlpTracesData);
}

/**
 * Jaeger's attribute filter, applied again here: true when every `attributes` entry equals (as text) a span
 * attribute or a resource attribute. `error` also matches the span's error status and `span.kind` its kind, as
 * Jaeger translates those v1 tags. Jaegers whose v3 API predates `query.attributes` ignore it; this keeps their
 * answers from holding traces the filter excludes.
 */
function spanMatches(span: Span, resource: Record<string, TagValue>, attributes: Record<string, string>): boolean {
  return Object.entries(attributes).every(([key, want]) => {
    if (key === 'error' && String(span.hasError) === want) return true;
    if (key === 'span.kind' && span.kind === want) return true;
    const have = span.tags[key] ?? resource[key];
    return have !== undefined && String(have) === want;
  });
}

/**
 * Normalises OTLP JSON (a `TracesData`, or `{ result: TracesData }` as `/api/v3/traces*` send it) into Traces,
 * grouping spans by trace id in order of first appearance. `service.name` comes from each resource's attributes
 * (`unknown_service` if absent); ns → ms with the extent computed in BigInt ns, so `durationMs` is exact.
 * With `opts.attributes`, only traces with at least one span matching all of them are kept (Jaeger's semantics).
 */
export function normalizeV3Traces(
  body: OtlpTracesData | { result?: OtlpTracesData },
  opts: { attributes?: Record<string, string> } = {},
): Trace[] {
  const groups = new Map<string, Timed[]>();
  const attributes = opts.attributes && Object.keys(opts.attributes).length ? opts.attributes : undefined;
  const matched = new Set<string>();
  for (const rs of unwrap(body).resourceSpans ?? []) {
    const resource = otlpAttributes(rs?.resource?.attributes);
    const service = resource['service.name'];
    const serviceName = typeof service === 'string' && service !== '' ? service : UNKNOWN_SERVICE;
    for (const ss of rs?.scopeSpans ?? []) {
      for (const s of ss?.spans ?? []) {
        if (!s || typeof s !== 'object') continue;
        const timed = normalizeSpan(s, serviceName);
        const group = groups.get(timed.span.traceId) ?? [];
        group.push(timed);
        groups.set(timed.span.traceId, group);
        if (attributes && spanMatches(timed.span, resource, attributes)) matched.add(timed.span.traceId);
      }
    }
  }
  return [...groups]
    .filter(([traceId]) => !attributes || matched.has(traceId))
    .map(([traceId, timed]) => {
      let minStart: bigint | undefined;
      let maxEnd = 0n;
      for (const t of timed) {
        if (minStart === undefined || t.startNs < minStart) minStart = t.startNs;
        if (t.endNs > maxEnd) maxEnd = t.endNs;
      }
      minStart ??= 0n;
      const extent = { startTimeMs: nsToMs(minStart), durationMs: nsToMs(maxEnd - minStart) };
      return assembleTrace(
        traceId,
        timed.map((t) => t.span),
        extent,
      );
    });
}

/** One `/api/v3/traces*` chunk: `{ result }`, or `{ error }` inside a grpc-gateway stream. */
interface V3Chunk {
  result?: OtlpTracesData;
  error?: { httpCode?: number; http_code?: number; code?: number; message?: string };
}

/**
 * Reads a `/api/v3/traces*` body into one TracesData. Jaeger 2.x sends one `{ result }` object; Jaeger 1.x's
 * grpc-gateway streams one JSON object a line. A 404 chunk ("trace not found") counts as no spans.
 * @returns the merged data, or `{ error }` with the first non-404 error message of the stream.
 */
export function readV3Chunks(body: unknown, text: string): { data: OtlpTracesData } | { error: string } {
  let chunks: unknown[];
  if (body !== undefined) chunks = [body];
  else {
    try {
      chunks = text
        .split('\n')
        .filter((l) => l.trim() !== '')
        .map((l) => JSON.parse(l) as unknown);
    } catch {
      return { error: 'the answer is not JSON' };
    }
  }
  const resourceSpans: NonNullable<OtlpTracesData['resourceSpans']> = [];
  for (const raw of chunks) {
    if (!raw || typeof raw !== 'object') return { error: 'the answer is not a JSON object' };
    const chunk = raw as V3Chunk & OtlpTracesData;
    if (chunk.error) {
      const code = chunk.error.httpCode ?? chunk.error.http_code;
      if (code === 404 || chunk.error.code === 5) continue;
      return { error: chunk.error.message ?? JSON.stringify(chunk.error) };
    }
    resourceSpans.push(...(unwrap(chunk).resourceSpans ?? []));
  }
  return { data: { resourceSpans } };
}
