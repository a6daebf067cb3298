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

export async function apiFetch<T>(path: string, init: RequestInit = {}): Promise<T> {
  let res: Response;
  try {
    res = await fetch(`${basePath}${path}`, { ...init, headers: { Accept: 'application/json', ...init.headers } });
  } catch (err) {
    throw unreachable(err);
  }
  return readApiResponse<T>(res, path);
}

/**
 * `apiFetch` that first takes the request the server-rendered page already started for this exact URL
 * (lib/query/prefetch.ts), once; a parked request that failed on the network is retried normally.
 */
export async function apiFetchPrefetched<T>(path: string, init: RequestInit = {}): Promise<T> {
  const parked = typeof window === 'undefined' ? null : takePrefetched(`${basePath}${path}`, window);
  if (parked) {
    const res = await parked.catch(() => null);
    if (res) return readApiResponse<T>(res, path);
  }
  return apiFetch<T>(path, init);
}

function unreachable(err: unknown): ApiError {
  return new ApiError(0, 'unavailable:api', `Meshscope server unreachable (${(err as Error).message})`);
}

/** The body of a `/api/*` answer, or the ApiError its error JSON describes. */
async function readApiResponse<T>(res: Response, path: string): Promise<T> {
  let text: string;
  try {
    text = await res.text();
  } catch (err) {
    throw unreachable(err);
  }
  let body: unknown = null;
  try {
    body = text ? JSON.parse(text) : null;
  } catch {
    body = null;
  }
  if (!res.ok) {
    const e = (body as { error?: { code?: string; message?: string } & Record<string, unknown> } | null)?.error;
    throw new ApiError(res.status, e?.code ?? `http_${res.status}:api`, e?.message ?? `HTTP ${res.status} from ${path}`, e ?? {});
  }
  return body as T;
}

/** Never retry 4xx (401/403/404/409/422); retry 5xx, timeouts and network failures up to twice (Headlamp retry.ts). */
export function shouldRetry(failureCount: number, err: unknown): boolean {
  if (err instanceof ApiError && err.status >= 400 && err.status < 500) return false;
  return failureCount < 2;
}
