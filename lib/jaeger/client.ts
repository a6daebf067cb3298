import 'server-only';
import type { BackendConfig } from '@/lib/config';
import { MeshscopeError } from '@/lib/errors';
import { jaegerGet, unexpectedAnswer, type JaegerResponse, type QueryParams } from './http';
import { normalizeV1Traces, type V1Response, type V1Trace } from './normalize-v1';
import { normalizeV3Traces, readV3Chunks } from './normalize-v3';
import { sameTraceId } from './trace';
import type { JaegerApi, JaegerClient, Trace, TraceQuery } from './types';
import { assertServiceName, assertTraceId, checkTraceQuery } from './validate';

/*
 * The only code that talks to Jaeger. It speaks both query APIs: v3 (`/api/v3/*`, OTLP JSON; the only search API
 * since Jaeger removed the v1 search endpoints in 2026) and v1 (`/api/*`, UI JSON; what most deployed Jaegers serve).
 */

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Distinct strings, sorted. */
function names(values: unknown[]): string[] {
  return [...new Set(values.filter((v): v is string => typeof v === 'string' && v !== ''))].sort();
}

/** `12.5` → `"12.5"`, at most `digits` decimals and no trailing zeros (Go's time.ParseDuration reads it). */
function decimal(n: number, digits: number): string {
  return n.toFixed(digits).replace(/\.?0+$/, '') || '0';
}

/** v1 `/api/traces` parameters: times in µs, `minDuration` as a Go duration in ms, `tags` as a JSON object. */
function v1SearchParams(q: ReturnType<typeof checkTraceQuery>): QueryParams {
  const tags = q.tags && Object.keys(q.tags).length ? JSON.stringify(q.tags) : undefined;
  return {
    service: q.service,
    start: Math.floor(q.startMs * 1000),
    end: Math.ceil(q.endMs * 1000),
    limit: q.limit,
    minDuration: q.minDurationMs ? `${decimal(q.minDurationMs, 3)}ms` : undefined,
    tags,
  };
}

/**
 * v3 `/api/v3/traces` parameters. The canonical names are the camelCase ones of query_service.openapi.yaml
 * (`query.serviceName`, `query.searchDepth`, ...); Jaeger before 2026 only reads the snake_case names
 * (`query.service_name`, `query.num_traces`, ...), which newer Jaegers still accept but deprecate. Both are sent:
 * a Jaeger that knows the canonical name uses it and records no deprecation; older ones ignore it.
 * Durations are protobuf-style seconds (`0.25s`, the openapi pattern), which Go's ParseDuration also reads.
 */
function v3SearchParams(q: ReturnType<typeof checkTraceQuery>): QueryParams {
  const min = new Date(Math.floor(q.startMs)).toISOString();
  const max = new Date(Math.ceil(q.endMs)).toISOString();
  const duration = q.minDurationMs ? `${decimal(q.minDurationMs / 1000, 9)}s` : undefined;
  return {
    'query.serviceName': q.service,
    'query.service_name': q.service,
    'query.startTimeMin': min,
    'query.start_time_min': min,
    'query.startTimeMax': max,
    'query.start_time_max': max,
    'query.searchDepth': q.limit,
    'query.num_traces': q.limit,
    'query.durationMin': duration,
    'query.duration_min': duration,
    'query.attributes': q.tags && Object.keys(q.tags).length ? JSON.stringify(q.tags) : undefined,
  };
}

function v3Traces(res: JaegerResponse, attributes?: Record<string, string>): Trace[] {
  if (res.status === 404) return [];
  const read = readV3Chunks(res.body, res.text);
  if ('error' in read) {
    throw new MeshscopeError('unavailable:jaeger', `Jaeger at ${res.endpoint} failed: ${read.error}`, {
      url: res.endpoint,
    });
  }
  return normalizeV3Traces(read.data, { attributes });
}

function v1Body(res: JaegerResponse): V1Response<unknown> {
  if (!isObject(res.body) || !('data' in res.body)) throw unexpectedAnswer(res, '{ "data": ... }');
  return res.body as unknown as V1Response<unknown>;
}

/**
 * Creates the Jaeger client for one backend. `fetchImpl` is injectable for tests.
 *
 * - `detectApi()`: `GET /api/v3/services`; a 200 with `services` → 'v3'; otherwise (404) `GET /api/services` → 'v1'.
 *   Cached for the client's life; forgotten after any failed request, so the next call probes again.
 * - `services()` / `operations(service)`: distinct names, sorted.
 * - `findTraces(q)`: traces newest first, at most `q.limit` (default 100). Times in q are unix ms.
 * - `getTrace(id)`: the trace, or null when Jaeger has no such trace (404).
 * - `ping()`: probes again and reports the API and the time the probe took (ms).
 *
 * Every request carries `backendHeaders(cfg)` and times out after `cfg.timeoutMs`.
 * @throws MeshscopeError `bad_request:jaeger` for a bad service name, trace id or query (before any request);
 *   `timeout:jaeger`; `unavailable:jaeger` (unreachable, 5xx, no Jaeger API at the URL, unexpected answer);
 *   `forbidden:jaeger` (401/403).
 */
export function createJaegerClient(
  cfg: BackendConfig & { maxBytes?: number },
  fetchImpl: typeof fetch = fetch,
): JaegerClient {
  let detected: Promise<JaegerApi> | null = null;
  const get = (path: string, params?: QueryParams, opts?: { allowNotFound?: boolean }) =>
    jaegerGet(cfg, fetchImpl, path, params, opts);

  async function probe(): Promise<JaegerApi> {
    const v3 = await get('/api/v3/services', {}, { allowNotFound: true });
    if (v3.status !== 404 && isObject(v3.body) && Array.isArray(v3.body.services)) return 'v3';
    const v1 = await get('/api/services', {}, { allowNotFound: true });
    if (v1.status !== 404 && isObject(v1.body) && 'data' in v1.body) return 'v1';
    throw new MeshscopeError(
      'unavailable:jaeger',
      `No Jaeger query API at ${cfg.url}: neither /api/v3/services nor /api/services answered as Jaeger does (HTTP 404 or another body). Check JAEGER_URL, including any base path such as /jaeger`,
      { url: cfg.url },
    );
  }

  function detectApi(): Promise<JaegerApi> {
    if (!detected) {
      const p = probe();
      detected = p;
      p.catch(() => {
        if (detected === p) detected = null;
      });
    }
    return detected;
  }

  /** Runs f with the detected API; a failure makes the next call detect again (Jaeger may have been replaced). */
  async function withApi<T>(f: (api: JaegerApi) => Promise<T>): Promise<T> {
    const api = await detectApi();
    try {
      return await f(api);
    } catch (e) {
      detected = null;
      throw e;
    }
  }

  return {
    url: cfg.url,
    detectApi,

    services: () =>
      withApi(async (api) => {
        if (api === 'v3') {
          const res = await get('/api/v3/services');
          if (!isObject(res.body) || !Array.isArray(res.body.services))
            throw unexpectedAnswer(res, '{ "services": [...] }');
          return names(res.body.services);
        }
        const data = v1Body(await get('/api/services')).data;
        return names(Array.isArray(data) ? data : []);
      }),

    async operations(service) {
      assertServiceName(service);
      return withApi(async (api) => {
        if (api === 'v3') {
          const res = await get('/api/v3/operations', { service });
          if (!isObject(res.body) || !Array.isArray(res.body.operations))
            throw unexpectedAnswer(res, '{ "operations": [...] }');
          return names(res.body.operations.map((o: unknown) => (isObject(o) ? o.name : undefined)));
        }
        const data = v1Body(await get(`/api/services/${encodeURIComponent(service)}/operations`)).data;
        return names(Array.isArray(data) ? data : []);
      });
    },

    async findTraces(query: TraceQuery) {
      const q = checkTraceQuery(query);
      const traces = await withApi(async (api) => {
        if (api === 'v3')
          return v3Traces(await get('/api/v3/traces', v3SearchParams(q), { allowNotFound: true }), q.tags);
        const body = v1Body(await get('/api/traces', v1SearchParams(q)));
        return normalizeV1Traces(body as V1Response<V1Trace[]>);
      });
      return traces.sort((a, b) => b.startTimeMs - a.startTimeMs).slice(0, q.limit);
    },

    async getTrace(traceId) {
      assertTraceId(traceId);
      const id = traceId.toLowerCase();
      const traces = await withApi(async (api) => {
        if (api === 'v3') return v3Traces(await get(`/api/v3/traces/${id}`, {}, { allowNotFound: true }));
        const res = await get(`/api/traces/${id}`, {}, { allowNotFound: true });
        return res.status === 404 ? [] : normalizeV1Traces(v1Body(res) as V1Response<V1Trace[]>);
      });
      return traces.find((t) => sameTraceId(t.traceId, id)) ?? traces[0] ?? null;
    },

    async ping() {
      detected = null;
      const t0 = performance.now();
      const api = await detectApi();
      return { api, latencyMs: Math.round(performance.now() - t0) };
    },
  };
}
