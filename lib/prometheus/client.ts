import 'server-only';
import { AsyncLocalStorage } from 'node:async_hooks';
import pLimit from 'p-limit';
import { PrometheusDriver, type QueryResult } from 'prometheus-query';
import { backendHeaders, type BackendConfig } from '@/lib/config';
import { isDeadline, requestSignal } from '@/lib/config/request-deadline';
import { MeshscopeError } from '@/lib/errors';

/** One sample of an instant vector: labels and the value (NaN allowed, as Prometheus sends it). */
export interface PromSample {
  metric: Record<string, string>;
  value: number;
}

/** One series of a range query. Times are unix seconds. */
export interface PromSeries {
  metric: Record<string, string>;
  values: { timeSec: number; value: number }[];
}

/**
 * An answer and the `warnings` Prometheus sent with it (the HTTP API's top-level `warnings`: Thanos' partial responses
 * — a store that did not answer — and PromQL warnings). Absent when there were none.
 */
export type Warned<T> = T & { warnings?: readonly string[] };

/** Per-call options. */
export interface QueryOptions {
  /** Cancels the call (and skips it if still queued); default: the request's (lib/config/request-deadline.ts). */
  signal?: AbortSignal;
}

export interface PrometheusClient {
  /**
   * Instant query at `timeSec` (unix seconds, default now).
   * @throws MeshscopeError unavailable/timeout/bad_request:prometheus, too_large:prometheus (over the byte or series
   *   cap), overloaded:prometheus (429: over the queue bound)
   */
  instantQuery(query: string, timeSec?: number, opts?: QueryOptions): Promise<Warned<PromSample[]>>;
  /** Range query over [startSec, endSec] with `stepSec` resolution. @throws like instantQuery */
  rangeQuery(
    query: string,
    startSec: number,
    endSec: number,
    stepSec: number,
    opts?: QueryOptions,
  ): Promise<Warned<PromSeries[]>>;
  /** `/api/v1/status/buildinfo`: Prometheus' version (Thanos, Mimir and others may not serve it: then null). */
  buildInfo(opts?: QueryOptions): Promise<{ version: string | null }>;
  /**
   * Refuses new work when `queueMax` queries already wait for a slot (the graph route asks before it plans a graph).
   * @throws MeshscopeError overloaded:prometheus (429) with `retryAfterSeconds`
   */
  admit(): void;
  /** Queries being sent now and waiting for a slot. */
  load(): { active: number; pending: number };
  readonly url: string;
}

/** The caps and bounds of a client (lib/config `prometheus`); defaults as the config's. */
export interface PrometheusLimits {
  maxBytes: number;
  maxSeries: number;
  concurrency: number;
  queueMax: number;
}

/** Instant queries longer than this are sent by POST (form body) rather than in the URL. */
export const POST_ABOVE_CHARS = 2000;

const DEFAULT_LIMITS: PrometheusLimits = {
  maxBytes: 32 * 1024 * 1024,
  maxSeries: 100_000,
  concurrency: 16,
  queueMax: 2000,
};

/** The plain object prometheus-query throws (not an Error): see reference/toolchain.md §1. */
interface DriverError {
  status?: string;
  errorType?: string;
  error?: string;
  code?: string;
  httpStatus?: number;
  /** What the driver caught when it re-threw (its own `client_error` for a body without `status`, for one). */
  original?: unknown;
}

/** The answer was not Prometheus' JSON envelope (`{ status, data }`) or its data had the wrong shape. */
function notPrometheusJson(url: string): MeshscopeError {
  return new MeshscopeError(
    'unavailable:prometheus',
    `Prometheus at ${url} answered with something that is not valid Prometheus JSON ` +
      "(is PROMETHEUS_URL the Prometheus API, not a proxy's or a UI's page?)",
  );
}

/**
 * True when prometheus-query failed because the body was not Prometheus JSON: it throws `client_error` for a body
 * without `status` (HTML, plain text, `garbage`), and on a 200 its own catch re-throws that as a `network_error`
 * "unexpected network error" with the first error as `original`. A TypeError or SyntaxError from inside the driver,
 * or its "Unexpected resultType" / "Wrong … format", means it met data of the wrong shape while converting it.
 */
function isMalformedAnswer(err: unknown): boolean {
  const e = (err ?? {}) as DriverError;
  if (e.errorType === 'client_error') return true;
  if ((e.original as DriverError | undefined)?.errorType === 'client_error') return true;
  if (err instanceof TypeError || err instanceof SyntaxError) return true;
  return err instanceof Error && /^(Unexpected resultType|Wrong (time|value) format)/.test(err.message);
}

/**
 * Maps a prometheus-query failure to a MeshscopeError with an actionable sentence.
 * An answer that is not Prometheus JSON → `unavailable:prometheus` (503) saying so, network failures →
 * `unavailable:prometheus` "unreachable", timeouts → `timeout:prometheus` (504), Prometheus' `bad_data` (400/422) →
 * `bad_request:prometheus`, anything else → `unavailable:prometheus`.
 */
export function toPrometheusError(err: unknown, url: string, timeoutMs: number, signal?: AbortSignal): MeshscopeError {
  const e = (err ?? {}) as DriverError;
  if (err instanceof MeshscopeError) return err;
  if (e.original instanceof MeshscopeError) return e.original;
  if (signal?.aborted) {
    const what = isDeadline(signal)
      ? `Prometheus did not answer before the request's deadline (REQUEST_TIMEOUT_MS) at ${url}`
      : `Prometheus query cancelled: the client went away (${url})`;
    return new MeshscopeError('timeout:prometheus', what);
  }
  if (isMalformedAnswer(err)) return notPrometheusJson(url);
  if (e.code === 'ERR_BAD_RESPONSE' && /maxContentLength/.test(e.error ?? '')) {
    return new MeshscopeError(
      'too_large:prometheus',
      `Prometheus at ${url} sent more than the answer cap (PROMETHEUS_MAX_BYTES): ` +
        'narrow the query (fewer namespaces, a shorter range)',
    );
  }
  if (e.errorType === 'timeout_error' || e.code === 'ECONNABORTED' || e.errorType === 'timeout') {
    return new MeshscopeError('timeout:prometheus', `Prometheus did not answer within ${timeoutMs / 1000} s at ${url}`);
  }
  if (e.errorType === 'network_error' || e.errorType === 'ssl_error') {
    return new MeshscopeError(
      'unavailable:prometheus',
      `Prometheus unreachable at ${url} (${e.code ?? e.error ?? 'network error'})`,
    );
  }
  if (e.errorType === 'bad_data' || e.httpStatus === 400 || e.httpStatus === 422) {
    return new MeshscopeError('bad_request:prometheus', `Prometheus rejected the query: ${e.error ?? 'bad data'}`);
  }
  const detail = e.error ?? (err instanceof Error ? err.message : JSON.stringify(err));
  return new MeshscopeError(
    'unavailable:prometheus',
    `Prometheus at ${url} failed${e.httpStatus ? ` with HTTP ${e.httpStatus}` : ''}: ${detail}`,
  );
}

function toNumber(v: unknown): number {
  return typeof v === 'number' ? v : Number(v);
}

/**
 * The one sample of a `scalar` or `string` answer. Prometheus sends both as `[<unix time>, "<value>"]` (HTTP API,
 * "Scalars" and "Strings"; prometheus-query passes that pair through untouched): a scalar's value is a float in a
 * string (`"NaN"`, `"+Inf"` included), a string's is any text.
 * @throws MeshscopeError bad_request:prometheus for a string that is not a number (the query asked for text)
 */
function scalarSample(res: QueryResult): PromSample {
  const [, raw] = res.result as unknown as [number, unknown];
  const text = typeof raw === 'string' ? raw.trim() : '';
  const value = typeof raw === 'number' ? raw : text === '+Inf' ? Infinity : text === '-Inf' ? -Infinity : Number(text);
  if (res.resultType === 'string' && (text === '' || (Number.isNaN(value) && text !== 'NaN'))) {
    throw new MeshscopeError(
      'bad_request:prometheus',
      `The query returned the string ${JSON.stringify(raw)}, not a number`,
    );
  }
  return { metric: {}, value: typeof raw === 'number' || text !== '' ? value : NaN };
}

/** What the interceptors need to know of the call they serve (module-private, one per call). */
interface CallContext {
  signal: AbortSignal | undefined;
  /** The answer's top-level `warnings`, set by the response interceptor. */
  warnings?: string[];
}

/** At most this many warnings are kept of one answer (each cut to 500 characters). */
const MAX_WARNINGS = 10;

/** `value` with `warnings` attached when there are any (the array stays an array: callers that ignore them can). */
function warned<T extends object>(value: T, warnings: string[] | undefined): Warned<T> {
  // not enumerable: equality checks and JSON see the plain array
  if (warnings?.length) Object.defineProperty(value, 'warnings', { value: warnings, enumerable: false });
  return value;
}

/**
 * A hint for answers that a multi-tenant store sends when it is asked without a tenant: Mimir, Cortex and Loki answer
 * HTTP 401 with the plain text `no org id` (grafana/mimir#2030), which reads like a broken proxy otherwise.
 */
function tenantHint(err: unknown): string | null {
  // prometheus-query's client_error carries the body it could not read as `data`
  const body = (err as { data?: unknown } | null)?.data;
  return typeof body === 'string' && /^\s*no org id\s*$/i.test(body)
    ? 'answered "no org id": it is a multi-tenant store (Mimir, Cortex) and needs a tenant: set ' +
        'PROMETHEUS_HEADERS=\'{"X-Scope-OrgID":"<tenant>"}\''
    : null;
}

const callContext = new AsyncLocalStorage<CallContext>();

/**
 * Creates the only object that talks to Prometheus (or any PromQL-compatible store: Thanos, Mimir, Cortex,
 * VictoriaMetrics). Extra headers and the bearer token file are applied on every request (token rotation works).
 * `queryParams` (PROMETHEUS_QUERY_PARAMS) go on every query and range query (Thanos `dedup`, `partial_response`); an
 * answer's `warnings` come back on the returned array (`Warned`); Mimir's `no org id` gets a hint about the tenant
 * header. Every call: obeys its signal (default: the request's deadline signal), waits for one of `concurrency` slots (p-limit;
 * a call whose signal aborted while queued is never sent), reads at most `maxBytes` of the answer (axios
 * `maxContentLength`, the body is cut off there) and refuses an answer of more than `maxSeries` series before it is
 * turned into objects (issue 12 item 6).
 */
export function createPrometheusClient(
  cfg: BackendConfig & Partial<PrometheusLimits> & { queryParams?: Record<string, string> },
): PrometheusClient {
  const limits: PrometheusLimits = {
    maxBytes: cfg.maxBytes ?? DEFAULT_LIMITS.maxBytes,
    maxSeries: cfg.maxSeries ?? DEFAULT_LIMITS.maxSeries,
    concurrency: cfg.concurrency ?? DEFAULT_LIMITS.concurrency,
    queueMax: cfg.queueMax ?? DEFAULT_LIMITS.queueMax,
  };
  const limit = pLimit(limits.concurrency);
  const queryParams = cfg.queryParams && Object.keys(cfg.queryParams).length > 0 ? cfg.queryParams : undefined;
  /** Moving average of a query's time in ms, for `Retry-After`. */
  let averageMs = 100;
  const driverOptions: ConstructorParameters<typeof PrometheusDriver>[0] = {
    endpoint: cfg.url,
    baseURL: '/api/v1',
    timeout: cfg.timeoutMs,
    requestInterceptor: {
      onFulfilled: (req) => {
        // Uncompressed answers: a graph of 200 namespaces is 1,200 small queries, and gzip costs CPU on both ends of
        // each (about a quarter of a second of this server's time per graph at that size). PROMETHEUS_HEADERS can
        // ask for gzip again where Prometheus is far away.
        req.headers.set('Accept-Encoding', 'identity');
        for (const [k, v] of Object.entries(backendHeaders(cfg))) req.headers.set(k, v);
        if (queryParams && (req.url === 'query' || req.url === 'query_range'))
          if (req.params instanceof URLSearchParams)
            for (const [k, v] of Object.entries(queryParams)) req.params.set(k, v);
          else req.params = { ...(req.params as Record<string, unknown> | undefined), ...queryParams };
        req.maxContentLength = limits.maxBytes;
        const signal = callContext.getStore()?.signal;
        if (signal) req.signal = signal;
        return req;
      },
      onRejected: (e) => Promise.reject(e),
    },
    responseInterceptor: {
      onFulfilled: (res) => {
        const body = res.data as { data?: { result?: unknown }; warnings?: unknown } | undefined;
        const store = callContext.getStore();
        if (store && Array.isArray(body?.warnings) && body.warnings.length > 0)
          store.warnings = body.warnings.slice(0, MAX_WARNINGS).map((w) => String(w).slice(0, 500));
        const result = body?.data?.result;
        if (Array.isArray(result) && result.length > limits.maxSeries) {
          throw new MeshscopeError(
            'too_large:prometheus',
            `Prometheus at ${cfg.url} answered ${result.length} series, over the cap of ${limits.maxSeries} ` +
              '(PROMETHEUS_MAX_SERIES): narrow the query',
            { series: result.length, maxSeries: limits.maxSeries },
          );
        }
        return res;
      },
      onRejected: (e) => Promise.reject(e),
    },
  };
  const driver = new PrometheusDriver(driverOptions);
  // Long queries (the graph's batched ones name hundreds of namespaces) go in a POST body: URLs over ~8 KB are
  // refused by many proxies, and Kiali hit the URI limit at ~800 namespaces (kiali/kiali#8827)
  const postDriver = new PrometheusDriver({ ...driverOptions, preferPost: true });

  function overloaded(): MeshscopeError {
    const waitSeconds = (limit.pendingCount / limits.concurrency) * (averageMs / 1000);
    const retryAfterSeconds = Math.min(30, Math.max(1, Math.ceil(waitSeconds)));
    return new MeshscopeError(
      'overloaded:prometheus',
      `Prometheus is busy: ${limit.pendingCount} queries wait for one of ${limits.concurrency} slots ` +
        `(PROMETHEUS_QUEUE_MAX ${limits.queueMax}); try again in ${retryAfterSeconds} s`,
      { retryAfterSeconds },
      { retryAfterSeconds },
    );
  }

  /** Runs one call in its slot; the answer comes back with the `warnings` it carried. */
  async function run<T>(
    opts: QueryOptions | undefined,
    f: () => Promise<T>,
  ): Promise<{ value: T; warnings: string[] | undefined }> {
    const signal = opts && 'signal' in opts ? opts.signal : requestSignal();
    // `admit()` refuses new graphs at queueMax; a single query only past twice that, so the queries of a graph already
    // admitted (each adds at most its own bound of 8 at a time) still fit
    if (limit.pendingCount >= 2 * limits.queueMax) throw overloaded();
    try {
      return await limit(async () => {
        if (signal?.aborted) throw signal.reason; // queued past its deadline or its client: never sent
        const started = performance.now();
        const call: CallContext = { signal };
        try {
          const value = await callContext.run(call, f);
          return { value, warnings: call.warnings };
        } finally {
          averageMs = averageMs * 0.9 + (performance.now() - started) * 0.1;
        }
      });
    } catch (err) {
      const error = toPrometheusError(err, cfg.url, cfg.timeoutMs, signal);
      const hint = error.type === 'unavailable' ? tenantHint(err) : null;
      throw hint ? new MeshscopeError(error.code, `Prometheus at ${cfg.url} ${hint}`) : error;
    }
  }

  /** The driver's result, or `unavailable:prometheus` when `data.result` is missing or not the expected kind. */
  function checked(res: QueryResult | undefined, range: boolean): QueryResult {
    const kind = res?.resultType;
    const list = Array.isArray(res?.result);
    const pair = Array.isArray(res?.result) && res.result.length === 2;
    const ok = range
      ? kind === 'matrix' && list
      : (kind === 'vector' && list) || ((kind === 'scalar' || kind === 'string') && pair);
    if (!ok) throw notPrometheusJson(cfg.url);
    return res!;
  }

  return {
    url: cfg.url,
    admit() {
      if (limit.pendingCount >= limits.queueMax) throw overloaded();
    },
    load() {
      return { active: limit.activeCount, pending: limit.pendingCount };
    },
    async instantQuery(query, timeSec, opts) {
      const at = timeSec !== undefined ? new Date(timeSec * 1000) : undefined;
      const d = query.length > POST_ABOVE_CHARS ? postDriver : driver;
      const { value, warnings } = await run(opts, () => d.instantQuery(query, at));
      const res = checked(value, false);
      if (res.resultType === 'scalar' || res.resultType === 'string') return warned([scalarSample(res)], warnings);
      const rows = res.result as { metric: { labels?: Record<string, string> } | null; value: { value: number } }[];
      return warned(
        rows.map((r) => ({ metric: { ...(r.metric?.labels ?? {}) }, value: toNumber(r.value.value) })),
        warnings,
      );
    },
    async rangeQuery(query, startSec, endSec, stepSec, opts) {
      const [start, end] = [new Date(startSec * 1000), new Date(endSec * 1000)];
      const { value, warnings } = await run(opts, () => driver.rangeQuery(query, start, end, stepSec));
      const res = checked(value, true);
      const rows = res.result as {
        metric: { labels?: Record<string, string> } | null;
        values: { time: Date; value: number }[];
      }[];
      return warned(
        rows.map((r) => ({
          metric: { ...(r.metric?.labels ?? {}) },
          values: r.values.map((v) => ({ timeSec: v.time.getTime() / 1000, value: toNumber(v.value) })),
        })),
        warnings,
      );
    },
    async buildInfo(opts) {
      try {
        const info = (await run(opts, () => driver.statusBuildinfo())).value as { version?: string } | undefined;
        return { version: info?.version ?? null };
      } catch (err) {
        const e = err as MeshscopeError;
        const notServed = e.type === 'bad_request' || (e.type === 'unavailable' && / HTTP 404/.test(e.message));
        if (notServed) return { version: null };
        throw e;
      }
    },
  };
}
