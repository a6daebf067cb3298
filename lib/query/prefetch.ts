/**
 * Starting a page's first API request while the HTML is still arriving, instead of after the JavaScript has loaded
 * and React has mounted (about a second on a loaded 2-core machine). The server renders
 * `<script nonce data-url="…">PREFETCH_CODE</script>`: constant code (nothing from data ever becomes script; the URL
 * is an attribute the code reads) allowed by the request's CSP nonce, that calls `fetch` at once and parks the promise
 * on `window`; the page's query takes it once (`takePrefetched`) when it asks for the same URL, and fetches normally
 * otherwise. Inline rather than a static file: the file's own round trip held the graph request back by 0.2–0.3 s
 * even on the small demo (Chromium resource timing; 0.6 s at 10,000 workloads, `npm run bench:graph`). A
 * `<link rel="preload" as="fetch">` would need the later fetch to match it header for header, which Chromium checks
 * (Accept differs), so it is not used.
 */

/**
 * The script's code: starts the graph API request named in its element's `data-url`, with the page's own request's
 * credentials and Accept, and parks it on `window[PREFETCH_KEY][url]`; leaves the performance mark
 * `meshscope:graph:prefetch` (DevTools, e2e/graph.spec.ts). Never throws (the page then fetches for itself).
 */
export const PREFETCH_CODE = `(function () {
  try {
    var script = document.currentScript;
    var url = script && script.getAttribute('data-url');
    if (!url) return;
    if (performance.mark) performance.mark('meshscope:graph:prefetch');
    var response = fetch(url, { credentials: 'same-origin', headers: { Accept: 'application/json' } });
    response.catch(function () {});
    var parked = (window.__meshscopePrefetch = window.__meshscopePrefetch || {});
    parked[url] = { at: performance.now(), response: response };
  } catch {
    /* the page fetches for itself */
  }
})();`;

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
