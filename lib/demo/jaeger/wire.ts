import type { SimSpan, SimTrace, TagValue } from '../traffic/tracing';

/*
 * Jaeger's two wire formats for the same traces.
 * v1 (`/api/...`, the UI's JSON): times are in microseconds (numbers), tags are `{key, type, value}`.
 * v3 (`/api/v3/...`, OTLP JSON): times are nanoseconds as decimal strings, ids hex, attributes `{key, value: AnyValue}`.
 */

export interface V1Tag {
  key: string;
  type: 'string' | 'bool' | 'int64' | 'float64';
  value: string | boolean | number;
}

export interface V1Span {
  traceID: string;
  spanID: string;
  flags: number;
  operationName: string;
  references: { refType: 'CHILD_OF'; traceID: string; spanID: string }[];
  startTime: number;
  duration: number;
  tags: V1Tag[];
  logs: { timestamp: number; fields: V1Tag[] }[];
  processID: string;
  warnings: string[] | null;
}

export interface V1Trace {
  traceID: string;
  spans: V1Span[];
  processes: Record<string, { serviceName: string; tags: V1Tag[] }>;
  warnings: string[] | null;
}

function v1Tag(key: string, value: TagValue): V1Tag {
  if (typeof value === 'boolean') return { key, type: 'bool', value };
  if (typeof value === 'number') return { key, type: Number.isInteger(value) ? 'int64' : 'float64', value };
  return { key, type: 'string', value };
}

function processKey(s: SimSpan): string {
  return `${s.service}\u0000${JSON.stringify(s.processTags)}`;
}

/** A trace in Jaeger's v1 (UI) JSON: one process per reporting proxy (`p1`, `p2`...). */
export function toV1Trace(t: SimTrace): V1Trace {
  const processes: V1Trace['processes'] = {};
  const ids = new Map<string, string>();
  const spans = t.spans.map((s): V1Span => {
    const pk = processKey(s);
    let pid = ids.get(pk);
    if (!pid) {
      pid = `p${ids.size + 1}`;
      ids.set(pk, pid);
      processes[pid] = { serviceName: s.service, tags: Object.entries(s.processTags).map(([k, v]) => v1Tag(k, v)) };
    }
    return {
      traceID: t.traceId,
      spanID: s.spanId,
      flags: 1,
      operationName: s.operation,
      references: s.parentSpanId ? [{ refType: 'CHILD_OF', traceID: t.traceId, spanID: s.parentSpanId }] : [],
      startTime: s.startUs,
      duration: s.durationUs,
      tags: [v1Tag('span.kind', s.kind), ...Object.entries(s.tags).map(([k, v]) => v1Tag(k, v))],
      logs: [],
      processID: pid,
      warnings: null,
    };
  });
  return { traceID: t.traceId, spans, processes, warnings: null };
}

export interface OtlpAnyValue {
  stringValue?: string;
  boolValue?: boolean;
  intValue?: string;
  doubleValue?: number;
}

export interface OtlpKeyValue {
  key: string;
  value: OtlpAnyValue;
}

export interface OtlpSpan {
  traceId: string;
  spanId: string;
  parentSpanId?: string;
  name: string;
  /** 2 server, 3 client (OTLP SpanKind). */
  kind: number;
  startTimeUnixNano: string;
  endTimeUnixNano: string;
  attributes: OtlpKeyValue[];
  status: { code?: number };
}

export interface OtlpResourceSpans {
  resource: { attributes: OtlpKeyValue[] };
  scopeSpans: { scope: Record<string, never>; spans: OtlpSpan[] }[];
}

function anyValue(v: TagValue): OtlpAnyValue {
  if (typeof v === 'boolean') return { boolValue: v };
  if (typeof v === 'number') return Number.isInteger(v) ? { intValue: String(v) } : { doubleValue: v };
  return { stringValue: v };
}

function nanos(us: number): string {
  return `${Math.round(us)}000`;
}

/** Traces in OTLP JSON: one ResourceSpans per reporting proxy, as Jaeger 2.x answers `/api/v3/traces`. */
export function toOtlpResourceSpans(traces: SimTrace[]): OtlpResourceSpans[] {
  const out: OtlpResourceSpans[] = [];
  for (const t of traces) {
    const byProcess = new Map<string, OtlpResourceSpans>();
    for (const s of t.spans) {
      const pk = processKey(s);
      let rs = byProcess.get(pk);
      if (!rs) {
        rs = {
          resource: {
            attributes: [
              { key: 'service.name', value: { stringValue: s.service } },
              ...Object.entries(s.processTags).map(([k, v]) => ({ key: k, value: anyValue(v) })),
            ],
          },
          scopeSpans: [{ scope: {}, spans: [] }],
        };
        byProcess.set(pk, rs);
        out.push(rs);
      }
      const error = s.tags.error === true;
      rs.scopeSpans[0]!.spans.push({
        traceId: t.traceId,
        spanId: s.spanId,
        ...(s.parentSpanId ? { parentSpanId: s.parentSpanId } : {}),
        name: s.operation,
        kind: s.kind === 'server' ? 2 : 3,
        startTimeUnixNano: nanos(s.startUs),
        endTimeUnixNano: nanos(s.startUs + s.durationUs),
        attributes: Object.entries(s.tags).map(([k, v]) => ({ key: k, value: anyValue(v) })),
        status: error ? { code: 2 } : {},
      });
    }
  }
  return out;
}
