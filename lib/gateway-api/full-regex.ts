/**
 * Whole-value regular expressions, as Envoy's RE2 `safe_regex` matches them: Gateway API `RegularExpression` path,
 * header and query matches, and Istio's `StringMatch.regex` (the demo engine, lib/demo/traffic/istio-match.ts).
 */

const cache = new Map<string, RegExp | null>();

/**
 * `source` anchored at both ends (`^(?:source)$`), compiled once and cached by source; null when it does not compile
 * (a pattern that does not compile matches nothing). JavaScript syntax stands in for RE2.
 */
export function fullRegex(source: string): RegExp | null {
  let re = cache.get(source);
  if (re === undefined) {
    try {
      re = new RegExp(`^(?:${source})$`);
    } catch {
      re = null;
    }
    cache.set(source, re);
  }
  return re;
}
