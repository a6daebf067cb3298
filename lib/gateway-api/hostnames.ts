/**
 * Gateway API hostname rules (HTTPRoute `spec.hostnames`, Listener `hostname`): a wildcard `*.example.com` is a
 * suffix match on whole labels (it matches `a.example.com` and `a.b.example.com`, never `example.com`); a missing
 * hostname matches everything.
 */

/** True when `pattern` (exact, `*.suffix`, or undefined/empty = any) matches the concrete host `host`. */
export function hostnameMatches(pattern: string | undefined, host: string): boolean {
  if (!pattern || pattern === '*') return true;
  const h = host.toLowerCase();
  const p = pattern.toLowerCase();
  if (p.startsWith('*.')) return h.endsWith(p.slice(1)) && h.length > p.length - 1;
  return h === p;
}

/**
 * The hostnames a route gets on a listener, per the HTTPRoute `hostnames` rules: route hostnames that match the
 * listener's (an exact one, or one covered by the listener's wildcard, or a wildcard covering the listener's
 * exact hostname, which then narrows to it); the listener's hostname (or `*`) when the route names none; the
 * route's own when the listener names none. Null when both name hostnames and none intersect (the route is then
 * not accepted: NoMatchingListenerHostname).
 *
 * Examples from the specification: listener `test.example.com` accepts routes with `test.example.com` or
 * `*.example.com`; listener `*.example.com` accepts `*.example.com`, `test.example.com`, `foo.test.example.com`,
 * not `example.com` nor `test.example.net`.
 */
export function intersectHostnames(
  listenerHost: string | undefined,
  routeHosts: readonly string[] | undefined,
): string[] | null {
  const route = routeHosts ?? [];
  if (!listenerHost) return route.length > 0 ? [...route] : ['*'];
  if (route.length === 0) return [listenerHost];
  const out: string[] = [];
  const listenerWild = listenerHost.startsWith('*.');
  for (const r of route) {
    const routeWild = r.startsWith('*.');
    if (!routeWild) {
      if (hostnameMatches(listenerHost, r)) out.push(r);
    } else if (!listenerWild) {
      if (hostnameMatches(r, listenerHost)) out.push(listenerHost);
    } else if (r.toLowerCase().endsWith(listenerHost.slice(1).toLowerCase())) {
      out.push(r);
    } else if (listenerHost.toLowerCase().endsWith(r.slice(1).toLowerCase())) {
      out.push(listenerHost);
    }
  }
  return out.length > 0 ? [...new Set(out)] : null;
}

/**
 * Listener hostname precedence for choosing among listeners that share a port: exact hostnames first, then
 * wildcards with more labels to the right of the `*`, then no hostname (Gateway `listeners` documentation).
 * Higher is more specific.
 */
export function listenerHostnameRank(hostname: string | undefined): number {
  if (!hostname) return 0;
  if (hostname.startsWith('*.')) return 1 + hostname.split('.').length;
  return 10_000;
}

/**
 * Route hostname precedence when several routes' hostnames match a request (HTTPRoute `hostnames`): the largest
 * number of characters in a matching non-wildcard hostname, then of characters in a matching hostname. Returns
 * `[nonWildcardChars, chars]` of the best hostname of `hostnames` that matches `host` (`[0, 0]` when the route names
 * none, i.e. matches any host), or null when none matches.
 */
export function routeHostnameScore(hostnames: readonly string[], host: string): [number, number] | null {
  if (hostnames.length === 0 || hostnames.includes('*')) return [0, 0];
  let best: [number, number] | null = null;
  for (const h of hostnames) {
    if (!hostnameMatches(h, host)) continue;
    const score: [number, number] = [h.startsWith('*') ? 0 : h.length, h.length];
    if (!best || score[0] > best[0] || (score[0] === best[0] && score[1] > best[1])) best = score;
  }
  return best;
}
