/**
 * Starting a page's first API request while the HTML is still arriving, instead of after the JavaScript has loaded
 * and React has mounted (about a second on a loaded 2-core machine). The server renders
 * `<script nonce src="/graph-prefetch.js" data-url="…">` (PREFETCH_SCRIPT, a static file: no inline code, nothing
 * from data ever becomes script) that calls `fetch` at once and parks the promise on `window`; the page's query takes
 * it once (`takePrefetched`) when it asks for the same URL, and fetches normally otherwise. A
 * `<link rel="preload" as="fetch">` would need the later fetch to match it header for header, which Chromium checks
 * (Accept differs), so it is not used.
 */

/** Path (below the base path) of the static script that starts the request. */
export const PREFETCH_SCRIPT = '/graph-prefetch.js';

/** The `window` property holding parked requests, by URL. */
export const PREFETCH_KEY = '__meshscopePrefetch';

/** A parked request older than this is not used (the page is long past its first render). */
export const PREFETCH_MAX_AGE_MS = 30_000;

export interface ParkedRequest {
  /** `performance.now()` when the request started. */
  at: number;
  response: Promise<Response>;
}

type PrefetchWindow = { [PREFETCH_KEY]?: Record<string, ParkedRequest> };

/**
 * The parked response for `url`, removed so it is used once; null when there is none, it is for another URL, or it
 * is older than PREFETCH_MAX_AGE_MS. `scope` is the global object (window in the browser; a test double in tests).
 */
export function takePrefetched(
  url: string,
  scope: object = globalThis,
  now: number = globalThis.performance?.now() ?? 0,
): Promise<Response> | null {
  const parked = (scope as PrefetchWindow)[PREFETCH_KEY];
  const entry = parked?.[url];
  if (!parked || !entry) return null;
  delete parked[url];
  return now - entry.at <= PREFETCH_MAX_AGE_MS ? entry.response : null;
}
