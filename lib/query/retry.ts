/**
 * How the browser retries and refreshes after a failed `/api/*` request (issue 12 item 4): a busy or slow server is
 * given room instead of a loop of new requests. Pure functions over the ApiError (lib/query/fetch.ts), used by the
 * react-query client (app/providers.tsx) and the polling queries (lib/query/graph.ts).
 *
 * - 4xx are never retried (401/403/404/409/422: asking again changes nothing; Headlamp `retry.ts`), except 429.
 * - 429 `overloaded:*`: retried twice, each after the server's `Retry-After`.
 * - 502 `too_large:*`: never retried (the same request gets the same answer).
 * - 503/504 and network failures: retried twice, after 2 s then 4 s (or `Retry-After` when the server gives one),
 *   with up to 20% jitter so tabs refreshing together spread out.
 * - A polling query whose last refresh failed waits `refreshMs` doubled per failure in a row (and at least the
 *   `Retry-After`), up to 5 minutes, and is back to `refreshMs` after a success.
 */
import { ApiError } from './fetch';

/** Retries after the first attempt. */
export const MAX_RETRIES = 2;
const BASE_DELAY_MS = 2_000;
const MAX_DELAY_MS = 60_000;
const MAX_REFRESH_MS = 5 * 60_000;

/** Whether react-query should retry after `failureCount` failures (0 after the first) ending in `err`. */
export function shouldRetry(failureCount: number, err: unknown): boolean {
  if (failureCount >= MAX_RETRIES) return false;
  if (!(err instanceof ApiError)) return true;
  if (err.status === 429) return true;
  if (err.status >= 400 && err.status < 500) return false;
  if (err.code.startsWith('too_large:')) return false;
  return true;
}

/**
 * Milliseconds before the next retry after `failureCount` earlier failures (react-query passes 0 before the first
 * retry, as to `shouldRetry`): the server's `Retry-After` when it sent
 * one, else 2 s doubled per retry; plus up to 20% jitter (`random` in [0, 1)). At most 60 s.
 */
export function retryDelay(failureCount: number, err: unknown, random: () => number = Math.random): number {
  const retryAfter = err instanceof ApiError ? err.retryAfterMs : null;
  const base = retryAfter ?? BASE_DELAY_MS * 2 ** Math.max(0, failureCount);
  return Math.round(Math.min(MAX_DELAY_MS, base) * (1 + 0.2 * random()));
}

/**
 * The wait before the next automatic refresh: `refreshMs` after a success; after `failuresInARow` failed refreshes,
 * `refreshMs` doubled per failure and at least the last error's `Retry-After`, at most 5 minutes. `false` when polling
 * is off (`refreshMs` 0).
 */
export function refreshDelay(refreshMs: number, failuresInARow: number, lastError: unknown): number | false {
  if (refreshMs <= 0) return false;
  if (failuresInARow <= 0) return refreshMs;
  const retryAfter = lastError instanceof ApiError ? (lastError.retryAfterMs ?? 0) : 0;
  return Math.min(MAX_REFRESH_MS, Math.max(refreshMs * 2 ** failuresInARow, retryAfter));
}

/** What react-query tells a `refetchInterval` function about its query. */
export interface RefreshState {
  status: 'pending' | 'error' | 'success';
  error: Error | null;
  errorUpdatedAt: number;
  dataUpdatedAt: number;
}

/**
 * A `refetchInterval` function for polling queries that backs off while refreshes fail (`refreshDelay`). It counts
 * failures in a row itself (react-query keeps no such count across refreshes): one per new error, reset by new data.
 */
export function backoffRefresh(refreshMs: number): (query: { state: RefreshState }) => number | false {
  let failures = 0;
  let seenError = 0;
  return ({ state }) => {
    if (state.status === 'error' && state.errorUpdatedAt > state.dataUpdatedAt) {
      if (state.errorUpdatedAt !== seenError) {
        seenError = state.errorUpdatedAt;
        failures++;
      }
    } else failures = 0;
    return refreshDelay(refreshMs, failures, state.error);
  };
}
