import type { TraceBuffer } from '../traffic/tracing';
import type { JsonReply } from './api-v1';
import { DEFAULT_LIMIT, findTraces, parseGoDurationUs } from './query';
import { toOtlpResourceSpans } from './wire';

/** Jaeger's gRPC-gateway error body: `{error: {httpCode, message}}`. */
function fail(status: number, message: string): JsonReply {
  return { status, body: { error: { httpCode: status, message } } };
}

/** First of several accepted spellings of a parameter (snake_case as Jaeger's gateway, camelCase as its OpenAPI). */
function param(q: URLSearchParams, ...names: string[]): string | null {
  for (const n of names) {
    const v = q.get(n);
    if (v !== null && v !== '') return v;
  }
  return null;
}

/** RFC 3339 (nanosecond precision tolerated) → microseconds since the epoch, or undefined. */
function rfc3339Us(text: string): number | undefined {
  const m = /^(.*T\d\d:\d\d:\d\d)(?:\.(\d+))?(Z|[+-]\d\d:\d\d)$/.exec(text);
  if (!m) return undefined;
  const base = Date.parse(`${m[1]}${m[3]}`);
  if (Number.isNaN(base)) return undefined;
  return base * 1000 + Math.floor(Number(`0.${m[2] ?? '0'}`) * 1e6);
}

/**
 * Jaeger query v3 over HTTP (`/api/v3/services`, `/api/v3/operations`, `/api/v3/traces`, `/api/v3/traces/{id}`)
 * as Jaeger 2.x serves it: OTLP JSON wrapped in `{result: ...}`, 404 `No traces found` when a search is empty.
 * Returns null for paths it does not serve.
 */
export function handleV3(url: URL, traces: TraceBuffer): JsonReply | null {
  const path = url.pathname.replace(/\/+$/, '');
  const q = url.searchParams;
  if (path === '/api/v3/services') return { status: 200, body: { services: [...traces.operations.keys()].sort() } };
  if (path === '/api/v3/operations') {
    const service = param(q, 'service') ?? '';
    const kind = param(q, 'span_kind', 'spanKind');
    const operations = [...(traces.operations.get(service) ?? new Map<string, string>())]
      .filter(([, k]) => !kind || k === kind)
      .map(([name, spanKind]) => ({ name, spanKind }))
      .sort((a, b) => a.name.localeCompare(b.name));
    return { status: 200, body: { operations } };
  }
  const one = /^\/api\/v3\/traces\/([^/]+)$/.exec(path);
  if (one) {
    const id = decodeURIComponent(one[1]!);
    if (!/^[0-9a-fA-F]{1,32}$/.test(id)) return fail(400, `malformed parameter trace_id: ${id}`);
    const t = traces.get(id.padStart(32, '0'));
    return t
      ? { status: 200, body: { result: { resourceSpans: toOtlpResourceSpans([t]) } } }
      : fail(404, 'trace not found');
  }
  if (path !== '/api/v3/traces') return null;
  const min = param(q, 'query.start_time_min', 'query.startTimeMin');
  const max = param(q, 'query.start_time_max', 'query.startTimeMax');
  if (!min || !max) return fail(400, 'query.start_time_min and query.start_time_max are required');
  const startUs = rfc3339Us(min);
  const endUs = rfc3339Us(max);
  if (startUs === undefined) return fail(400, `malformed parameter query.start_time_min: ${min}`);
  if (endUs === undefined) return fail(400, `malformed parameter query.start_time_max: ${max}`);
  const dMin = param(q, 'query.duration_min', 'query.durationMin');
  const dMax = param(q, 'query.duration_max', 'query.durationMax');
  const minDurationUs = parseGoDurationUs(dMin);
  const maxDurationUs = parseGoDurationUs(dMax);
  if (dMin && minDurationUs === undefined) return fail(400, `malformed parameter query.duration_min: ${dMin}`);
  if (dMax && maxDurationUs === undefined) return fail(400, `malformed parameter query.duration_max: ${dMax}`);
  const n = Number(param(q, 'query.num_traces', 'query.numTraces', 'query.search_depth', 'query.searchDepth'));
  const found = findTraces(traces.list(), {
    service: param(q, 'query.service_name', 'query.serviceName') ?? '',
    operation: param(q, 'query.operation_name', 'query.operationName') ?? undefined,
    startUs,
    endUs,
    minDurationUs,
    maxDurationUs,
    limit: n > 0 ? n : DEFAULT_LIMIT,
  });
  if (found.length === 0) return fail(404, 'No traces found');
  return { status: 200, body: { result: { resourceSpans: toOtlpResourceSpans(found) } } };
}
