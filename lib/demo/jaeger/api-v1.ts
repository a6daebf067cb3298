import type { TraceBuffer } from '../traffic/tracing';
import { DEFAULT_LIMIT, findTraces, parseGoDurationUs, parseTagParams } from './query';
import { toV1Trace } from './wire';

/** A JSON answer: status and body. */
export interface JsonReply {
  status: number;
  body: unknown;
}

/** Jaeger v1's envelope: `{data, total, limit, offset, errors}`. */
function ok(data: unknown[]): JsonReply {
  return { status: 200, body: { data, total: data.length, limit: 0, offset: 0, errors: null } };
}

function fail(status: number, msg: string): JsonReply {
  return { status, body: { data: null, total: 0, limit: 0, offset: 0, errors: [{ code: status, msg }] } };
}

const HOUR_US = 3_600_000_000;

/**
 * Jaeger query v1 (`/api/services`, `/api/services/{service}/operations`, `/api/operations`, `/api/traces`,
 * `/api/traces/{id}`), as the Jaeger UI and Kiali call it. Times in and out are microseconds. Returns null for
 * paths it does not serve.
 */
export function handleV1(url: URL, traces: TraceBuffer, nowMs: number): JsonReply | null {
  const path = url.pathname.replace(/\/+$/, '');
  const q = url.searchParams;
  if (path === '/api/services') return ok([...traces.operations.keys()].sort());
  const ops = /^\/api\/services\/([^/]+)\/operations$/.exec(path);
  if (ops) return ok([...(traces.operations.get(decodeURIComponent(ops[1]!))?.keys() ?? [])].sort());
  if (path === '/api/operations') {
    const service = q.get('service');
    if (!service) return fail(400, "parameter 'service' is required");
    const kind = q.get('spanKind') ?? q.get('span_kind');
    const list = [...(traces.operations.get(service) ?? new Map<string, string>())]
      .filter(([, k]) => !kind || k === kind)
      .map(([name, spanKind]) => ({ name, spanKind }))
      .sort((a, b) => a.name.localeCompare(b.name));
    return ok(list);
  }
  const one = /^\/api\/traces\/([^/]+)$/.exec(path);
  if (one) {
    const t = traces.get(decodeURIComponent(one[1]!));
    return t ? ok([toV1Trace(t)]) : fail(404, 'trace not found');
  }
  if (path !== '/api/traces') return null;
  const ids = q.getAll('traceID');
  if (ids.length > 0) {
    const found = ids.map((id) => traces.get(id)).filter((t) => t !== undefined);
    return ok(found.map(toV1Trace));
  }
  const service = q.get('service');
  if (!service) return fail(400, "parameter 'service' is required");
  const endUs = q.get('end') ? Number(q.get('end')) : nowMs * 1000;
  const lookbackUs = parseGoDurationUs(q.get('lookback')) ?? HOUR_US;
  const startUs = q.get('start') ? Number(q.get('start')) : endUs - lookbackUs;
  if (!Number.isFinite(startUs) || !Number.isFinite(endUs)) return fail(400, 'unable to parse param start or end');
  const minDurationUs = parseGoDurationUs(q.get('minDuration'));
  const maxDurationUs = parseGoDurationUs(q.get('maxDuration'));
  if ((q.get('minDuration') && minDurationUs === undefined) || (q.get('maxDuration') && maxDurationUs === undefined)) {
    return fail(400, 'unable to parse param minDuration or maxDuration');
  }
  const tags = parseTagParams(q.getAll('tags'));
  if (!tags) return fail(400, 'malformed parameter tags');
  const limit = Number(q.get('limit')) > 0 ? Number(q.get('limit')) : DEFAULT_LIMIT;
  const found = findTraces(traces.list(), {
    service,
    operation: q.get('operation') ?? undefined,
    startUs,
    endUs,
    minDurationUs,
    maxDurationUs,
    tags,
    limit,
  });
  return ok(found.map(toV1Trace));
}
