/**
 * Starting a page's first API request while the HTML is still arriving, instead of after the JavaScript has loaded
 * and React has mounted (about a second on a loaded 2-core machine). The server renders a small inline script
 * (`prefetchScript`, carrying the page's CSP nonce) that calls `fetch` at once and parks the promise on `window`; the
 * page's query consumes it once (`takePrefetched`) when it asks for the same URL, and fetches normally otherwise.
 * A `<link rel="preload" as="fetch">` would need the later fetch to match it header for header, which Chromium checks
 * (Accept differs), so it is not used.
 */

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
 * The inline script body that starts `GET url` (same-origin, with the session cookie and `Accept:
 * application/json`, as `apiFetch` sends it). `url` is serialised with `<`, `>` and `&` escaped so no value can
 * close the script element.
 */
export function prefetchScript(url: string): string {
  const literal = JSON.stringify(url).replace(/[<>&\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
  return `(function(){try{var w=window,k=${JSON.stringify(PREFETCH_KEY)},u=${literal};var r=fetch(u,{credentials:"same-origin",headers:{Accept:"application/json"}});r.catch(function(){});(w[k]=w[k]||{})[u]={at:performance.now(),response:r};}catch(e){}})();`;
}

/**
 * The parked response for `url`, removed so it is used once; null when there is none, it is for another URL, or it
 * is older than PREFETCH_MAX_AGE_MS. `scope` is the global object (window in the browser; a test double in tests).
 */
export function takePrefetched(url: string, scope: object = globalThis, now: number = globalThis.performance?.now() ?? 0): Promise<Response> | null {
  const parked = (scope as PrefetchWindow)[PREFETCH_KEY];
  const entry = parked?.[url];
  if (!parked || !entry) return null;
  delete parked[url];
  return now - entry.at <= PREFETCH_MAX_AGE_MS ? entry.response : null;
}
