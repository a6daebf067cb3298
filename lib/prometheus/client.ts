import 'server-only';
import { PrometheusDriver, type QueryResult } from 'prometheus-query';
import { backendHeaders, type BackendConfig } from '@/lib/config';
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

export interface PrometheusClient {
  /** Instant query at `timeSec` (unix seconds, default now). @throws MeshscopeError unavailable/timeout/bad_request:prometheus */
  instantQuery(query: string, timeSec?: number): Promise<PromSample[]>;
  /** Range query over [startSec, endSec] with `stepSec` resolution. @throws like instantQuery */
  rangeQuery(query: string, startSec: number, endSec: number, stepSec: number): Promise<PromSeries[]>;
  /** `/api/v1/status/buildinfo`: Prometheus' version (Thanos, Mimir and others may not serve it: then null). */
  buildInfo(): Promise<{ version: string | null }>;
  readonly url: string;
}

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
export function toPrometheusError(err: unknown, url: string, timeoutMs: number): MeshscopeError {
  if (isMalformedAnswer(err)) return notPrometheusJson(url);
  const e = (err ?? {}) as DriverError;
  if (e.errorType === 'timeout_error' || e.code === 'ECONNABORTED' || e.errorType === 'timeout') {
    return new MeshscopeError('timeout:prometheus', `Prometheus did not answer within ${timeoutMs / 1000} s at ${url}`);
  }
  if (e.errorType === 'network_error' || e.errorType === 'ssl_error') {
    return new MeshscopeError('unavailable:prometheus', `Prometheus unreachable at ${url} (${e.code ?? e.error ?? 'network error'})`);
  }
  if (e.errorType === 'bad_data' || e.httpStatus === 400 || e.httpStatus === 422) {
    return new MeshscopeError('bad_request:prometheus', `Prometheus rejected the query: ${e.error ?? 'bad data'}`);
  }
  const detail = e.error ?? (err instanceof Error ? err.message : JSON.stringify(err));
  return new MeshscopeError('unavailable:prometheus', `Prometheus at ${url} failed${e.httpStatus ? ` with HTTP ${e.httpStatus}` : ''}: ${detail}`);
}

function toNumber(v: unknown): number {
  return typeof v === 'number' ? v : Number(v);
}

/**
 * Creates the only object that talks to Prometheus (or any PromQL-compatible store: Thanos, Mimir, Cortex,
 * VictoriaMetrics). Extra headers and the bearer token file are applied on every request (token rotation works).
 */
export function createPrometheusClient(cfg: BackendConfig): PrometheusClient {
  const driver = new PrometheusDriver({
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
        return req;
      },
      onRejected: (e) => Promise.reject(e),
    },
  });

  async function run<T>(f: () => Promise<T>): Promise<T> {
    try {
      return await f();
    } catch (err) {
      throw toPrometheusError(err, cfg.url, cfg.timeoutMs);
    }
  }

  /** The driver's result, or `unavailable:prometheus` when `data.result` is missing or not the expected kind. */
  function checked(res: QueryResult | undefined, range: boolean): QueryResult {
    const kind = res?.resultType;
    const list = Array.isArray(res?.result);
    const ok = range ? kind === 'matrix' && list : (kind === 'vector' && list) || kind === 'scalar';
    if (!ok) throw notPrometheusJson(cfg.url);
    return res!;
  }

  return {
    url: cfg.url,
    async instantQuery(query, timeSec) {
      const at = timeSec !== undefined ? new Date(timeSec * 1000) : undefined;
      const res = checked(await run(() => driver.instantQuery(query, at)), false);
      if (res.resultType === 'scalar') {
        const s = res.result as unknown as { value: number };
        return [{ metric: {}, value: toNumber(s.value) }];
      }
      return (res.result as { metric: { labels?: Record<string, string> } | null; value: { value: number } }[]).map((r) => ({
        metric: { ...(r.metric?.labels ?? {}) },
        value: toNumber(r.value.value),
      }));
    },
    async rangeQuery(query, startSec, endSec, stepSec) {
      const [start, end] = [new Date(startSec * 1000), new Date(endSec * 1000)];
      const res = checked(await run(() => driver.rangeQuery(query, start, end, stepSec)), true);
      return (res.result as { metric: { labels?: Record<string, string> } | null; values: { time: Date; value: number }[] }[]).map((r) => ({
        metric: { ...(r.metric?.labels ?? {}) },
        values: r.values.map((v) => ({ timeSec: v.time.getTime() / 1000, value: toNumber(v.value) })),
      }));
    },
    async buildInfo() {
      try {
        const info = (await driver.statusBuildinfo()) as { version?: string } | undefined;
        return { version: info?.version ?? null };
      } catch (err) {
        const e = toPrometheusError(err, cfg.url, cfg.timeoutMs);
        if (e.type === 'bad_request' || (err as DriverError).httpStatus === 404) return { version: null };
        throw e;
      }
    },
  };
}
