/**
 * The browser's one way to the server: `apiFetch<T>(path)` against `/api/*` (base-path aware). A non-2xx answer
 * becomes an ApiError carrying the server's `{ error: { code, message } }`, so the UI can say different things for
 * different failures (Headlamp `ClusterGroupErrorMessage`).
 */
import { takePrefetched } from './prefetch';

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details: Record<string, unknown> = {},
    /** The server's `Retry-After` in ms (429, 503), null without one. */
    readonly retryAfterMs: number | null = null,
  ) {
    super(message);
    this.name = 'ApiError';
  }

  /** The backend named in the code (`unavailable:prometheus` → `prometheus`). */
  get backend(): string {
    return this.code.split(':')[1] ?? 'api';
  }
}

export const basePath = process.env.NEXT_PUBLIC_BASE_PATH ?? '';

/**
 * GET (or `init.method`) `/api/*`. `init.signal` cancels the request (react-query passes one to every queryFn and
 * aborts it when a newer request replaces it or the component goes away); a cancelled request rejects with the
 * signal's reason, not as a failure of the server.
 * @throws ApiError for a non-2xx answer or an unreachable server
 */
export async function apiFetch<T>(path: string, init: ApiFetchInit = {}): Promise<T> {
  let res: Response;
  try {
    res = await fetch(`${basePath}${path}`, { ...init, headers: { Accept: 'application/json', ...init.headers } });
  } catch (err) {
    if (init.signal?.aborted) throw init.signal.reason;
    throw unreachable(err);
  }
  return readApiResponse<T>(res, path, init);
}

/**
 * `fetch`'s options, and `measure`: a name under which the body's reading and its JSON parse are written to the
 * page's performance entries (`<measure>:body`, `<measure>:parse`; the page benchmark prints them).
 */
export type ApiFetchInit = RequestInit & { measure?: string };

/**
 * `apiFetch` that first takes the request the server-rendered page already started for this exact URL
 * (lib/query/prefetch.ts), once; a parked request that failed on the network is retried normally.
 */
export async function apiFetchPrefetched<T>(path: string, init: ApiFetchInit = {}): Promise<T> {
  const parked = typeof window === 'undefined' ? null : takePrefetched(`${basePath}${path}`, window);
  if (parked) {
    const res = await parked.catch(() => null);
    if (res) return readApiResponse<T>(res, path, init);
  }
  return apiFetch<T>(path, init);
}

function unreachable(err: unknown): ApiError {
  return new ApiError(0, 'unavailable:api', `Meshscope server unreachable (${(err as Error).message})`);
}

/** `Retry-After` (seconds, or an HTTP date) in ms from `now`; null when missing or unreadable. */
export function parseRetryAfter(value: string | null, now = Date.now()): number | null {
  if (!value) return null;
  if (/^\d+$/.test(value.trim())) return Number(value.trim()) * 1000;
  const at = Date.parse(value);
  return Number.isNaN(at) ? null : Math.max(0, at - now);
}

/** The body of a `/api/*` answer, or the ApiError its error JSON describes. */
async function readApiResponse<T>(res: Response, path: string, init: ApiFetchInit): Promise<T> {
  const { signal, measure } = init;
  const started = measure ? performance.now() : 0;
  let text: string;
  try {
    text = await res.text();
  } catch (err) {
    if (signal?.aborted) throw signal.reason;
    throw unreachable(err);
  }
  const read = measure ? performance.now() : 0;
  let body: unknown = null;
  try {
    body = text ? JSON.parse(text) : null;
  } catch {
    body = null;
  }
  if (measure) {
    performance.measure(`${measure}:body`, { start: started, end: read });
    performance.measure(`${measure}:parse`, { start: read });
  }
  if (!res.ok) {
    const e = (body as { error?: { code?: string; message?: string } & Record<string, unknown> } | null)?.error;
    const retryAfterMs = parseRetryAfter(res.headers.get('Retry-After'));
    const message = e?.message ?? `HTTP ${res.status} from ${path}`;
    throw new ApiError(res.status, e?.code ?? `http_${res.status}:api`, message, e ?? {}, retryAfterMs);
  }
  return body as T;
}
