/*
 * Meshscope: starts the graph API request named in this script element's data-url while the page's own JavaScript
 * loads, and parks the promise on window.__meshscopePrefetch[url] for the page to take once (lib/query/prefetch.ts).
 * Same request as the page's apiFetch: same origin, session cookie, Accept: application/json. Leaves the performance
 * mark 'meshscope:graph:prefetch' (DevTools, e2e/graph.spec.ts).
 */
(function () {
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
})();
