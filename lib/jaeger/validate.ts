import 'server-only';
import { MeshscopeError } from '@/lib/errors';
import type { TraceQuery } from './types';

/** Jaeger service names as Istio writes them: `<app>.<namespace>` (DNS-ish, up to 253 characters). */
const SERVICE_NAME = /^[A-Za-z0-9._-]{1,253}$/;
/** 64- or 128-bit trace ids in hex (leading zeros may be dropped). */
const TRACE_ID = /^[0-9a-fA-F]{1,32}$/;

export const DEFAULT_TRACE_LIMIT = 100;
export const MAX_TRACE_LIMIT = 1500;

function bad(message: string, param: string): MeshscopeError {
  return new MeshscopeError('bad_request:jaeger', message, { param });
}

/** @throws MeshscopeError `bad_request:jaeger` unless `service` matches `^[A-Za-z0-9._-]{1,253}$`. */
export function assertServiceName(service: unknown): asserts service is string {
  if (typeof service !== 'string' || !SERVICE_NAME.test(service)) {
    throw bad(
      `Invalid Jaeger service name ${JSON.stringify(service)}: expected <app>.<namespace> (letters, digits, ".", "_", "-")`,
      'service',
    );
  }
}

/** @throws MeshscopeError `bad_request:jaeger` unless `id` is 1–32 hex digits. */
export function assertTraceId(id: unknown): asserts id is string {
  if (typeof id !== 'string' || !TRACE_ID.test(id)) {
    throw bad(`Invalid trace id ${JSON.stringify(id)}: expected 1 to 32 hex digits`, 'traceId');
  }
}

/**
 * Checks a trace search and fills in the default limit.
 * @throws MeshscopeError `bad_request:jaeger` naming the bad field (service, time range, limit, minDurationMs, tags).
 */
export function checkTraceQuery(q: TraceQuery): Required<Pick<TraceQuery, 'limit'>> & TraceQuery {
  assertServiceName(q.service);
  if (!Number.isFinite(q.startMs) || !Number.isFinite(q.endMs) || q.startMs < 0 || q.endMs <= q.startMs) {
    throw bad(
      `Invalid time range ${q.startMs}–${q.endMs}: startMs and endMs must be unix milliseconds with startMs < endMs`,
      'startMs',
    );
  }
  const limit = q.limit ?? DEFAULT_TRACE_LIMIT;
  if (!Number.isInteger(limit) || limit < 1 || limit > MAX_TRACE_LIMIT) {
    throw bad(`Invalid trace limit ${limit}: must be an integer from 1 to ${MAX_TRACE_LIMIT}`, 'limit');
  }
  if (
    q.minDurationMs !== undefined &&
    (!Number.isFinite(q.minDurationMs) || q.minDurationMs < 0 || q.minDurationMs > 86_400_000)
  ) {
    throw bad(`Invalid minimum duration ${q.minDurationMs} ms: must be between 0 and 86400000`, 'minDurationMs');
  }
  for (const [key, value] of Object.entries(q.tags ?? {})) {
    if (key === '' || key.length > 256 || typeof value !== 'string' || value.length > 1024) {
      throw bad(
        `Invalid tag filter ${JSON.stringify(key)}: keys must be 1–256 characters and values strings up to 1024`,
        'tags',
      );
    }
  }
  return { ...q, limit };
}
