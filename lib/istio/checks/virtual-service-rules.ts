/**
 * Rule ordering and host conflicts of VirtualServices:
 * - IST0130/IST0131: istiod's `analyzeUnreachableHTTPRules` (pkg/config/validation, surfaced by istioctl analyze's
 *   schema analyzer): a match identical to an earlier rule's match, or a URI prefix an earlier prefix covers, is
 *   ineffective; a rule whose matches are all duplicates, a second rule without matches, or a rule after a rule
 *   without matches is unreachable.
 * - IST0109: `ConflictingMeshGatewayHostsAnalyzer`, several VirtualServices bound to the mesh gateway define the
 *   same host (in the same export scope).
 */
import { indexPath } from '../path';
import type { VirtualService } from '../types';
import { fullName, namespaceOf, type AnalysisContext } from './context';
import { EXPORT_TO_ALL, exportScopes, hostMatches, toFqdn } from './hosts';

/** JSON with sorted keys and without `name`, the identity istiod uses to compare matches. */
function matchKey(match: unknown): string {
  const canonical = (value: unknown): unknown => {
    if (Array.isArray(value)) return value.map(canonical);
    if (value === null || typeof value !== 'object') return value;
    const entries = Object.entries(value as Record<string, unknown>).filter(([k]) => k !== 'name');
    return Object.fromEntries(entries.sort(([a], [b]) => a.localeCompare(b)).map(([k, v]) => [k, canonical(v)]));
  };
  return JSON.stringify(canonical(match));
}

const ruleName = (rule: { name?: string } | undefined, i: number): string =>
  rule?.name ? JSON.stringify(rule.name) : `#${i}`;

const matchName = (match: unknown, j: number): string =>
  (match as { name?: string } | null)?.name ? JSON.stringify((match as { name: string }).name) : `#${j}`;

interface StringMatch {
  exact?: string;
  prefix?: string;
}

/** `assignExactOrPrefix`: `exact:v`, `prefix:v`, or empty (regex and absent). */
const exactOrPrefix = (m: StringMatch | undefined): string =>
  m?.exact ? `exact:${m.exact}` : m?.prefix ? `prefix:${m.prefix}` : '';

/** A prefix match as istiod compares them for overlaps (`OverlappingMatchValidationForHTTPRoute`). */
interface PrefixMatch {
  rule: string;
  match: string;
  path: string;
  prefix: string;
  port: number | undefined;
  method: string;
  authority: string;
  headers: Map<string, string>;
  queryParams: Map<string, string>;
  withoutHeaders: Map<string, string>;
}

interface HttpMatch {
  uri?: StringMatch;
  port?: number;
  method?: StringMatch;
  authority?: StringMatch;
  headers?: Record<string, StringMatch>;
  queryParams?: Record<string, StringMatch>;
  withoutHeaders?: Record<string, StringMatch>;
}

const toMap = (m: Record<string, StringMatch> | undefined): Map<string, string> =>
  new Map(Object.entries(m ?? {}).map(([k, v]) => [k, exactOrPrefix(v)] as const));

/** `genMatchHTTPRoutes`: only matches with a URI prefix take part; a match without a method counts as `GET`. */
function prefixMatch(rule: string, match: HttpMatch | null, j: number, path: string): PrefixMatch | null {
  const prefix = match?.uri?.prefix;
  if (!match || !prefix) return null;
  return {
    rule,
    match: matchName(match, j),
    path,
    prefix,
    port: match.port,
    method: exactOrPrefix(match.method) || 'exact:GET',
    authority: exactOrPrefix(match.authority),
    headers: toMap(match.headers),
    queryParams: toMap(match.queryParams),
    withoutHeaders: toMap(match.withoutHeaders),
  };
}

/** `coveredValidation(a, b)`: the earlier prefix match `a` takes every request the later `b` would. */
function covers(a: PrefixMatch, b: PrefixMatch): boolean {
  if (!b.prefix.startsWith(a.prefix) || a.port !== b.port) return false;
  if (a.method !== b.method && !a.method.startsWith(b.method)) return false;
  if (a.authority !== b.authority && !a.authority.startsWith(b.authority)) return false;
  const mapCovers = (x: Map<string, string>, y: Map<string, string>): boolean =>
    x.size === y.size && [...x].every(([k, v]) => y.has(k) && (v === y.get(k) || v.startsWith(y.get(k) ?? '')));
  return (
    mapCovers(a.headers, b.headers) &&
    mapCovers(a.queryParams, b.queryParams) &&
    mapCovers(a.withoutHeaders, b.withoutHeaders)
  );
}

/**
 * istiod's `analyzeUnreachable{HTTP,TCP,TLS}Rules`: IST0130 for a second rule without matches and for each match of
 * a rule after a rule without matches, and for a rule whose matches all duplicate earlier ones; IST0131 for a match
 * identical (name aside) to an earlier one, and, for HTTP, for a URI-prefix match an earlier prefix match covers
 * (same port, method, authority, header/query/withoutHeaders keys, each earlier value equal or a prefix).
 */
function analyzeRules(ctx: AnalysisContext, vs: VirtualService, kind: 'http' | 'tcp' | 'tls'): void {
  const rules: { name?: string; match?: unknown[] }[] = vs.spec?.[kind] ?? [];
  const seen = new Map<string, number>();
  const prefixes: PrefixMatch[] = [];
  let catchAll = -1;
  rules.forEach((rule, i) => {
    const path = indexPath(`spec.${kind}`, i);
    const matches = rule?.match ?? [];
    if (matches.length === 0) {
      if (catchAll >= 0) ctx.report(vs, 'IST0130', path, [ruleName(rule, i), 'only the last rule can have no matches']);
      catchAll = i;
      return;
    }
    let duplicates = 0;
    matches.forEach((match, j) => {
      const matchPath = indexPath(`${path}.match`, j);
      if (catchAll >= 0) {
        ctx.report(vs, 'IST0130', path, [ruleName(rule, i), 'route without matches defined before']);
        return;
      }
      const key = matchKey(match);
      const earlier = seen.get(key);
      if (earlier !== undefined) {
        ctx.report(vs, 'IST0131', matchPath, [
          ruleName(rule, i),
          matchName(match, j),
          ruleName(rules[earlier], earlier),
        ]);
        duplicates++;
        return;
      }
      seen.set(key, i);
      const prefix = kind === 'http' ? prefixMatch(ruleName(rule, i), match as HttpMatch | null, j, matchPath) : null;
      if (prefix) prefixes.push(prefix);
    });
    if (duplicates === matches.length)
      ctx.report(vs, 'IST0130', path, [ruleName(rule, i), 'all matches used by prior rules']);
  });
  prefixes.forEach((a, i) => {
    for (const b of prefixes.slice(i + 1)) {
      if (b.prefix === a.prefix || !covers(a, b)) continue;
      ctx.report(vs, 'IST0131', b.path, [
        b.rule,
        `${b.match} of prefix ${b.prefix}`,
        `${a.match} of prefix ${a.prefix} on ${a.rule}`,
      ]);
    }
  });
}

/** IST0130 VirtualServiceUnreachableRule and IST0131 VirtualServiceIneffectiveMatch for http, tcp and tls rules. */
export function checkVirtualServiceRuleOrder(ctx: AnalysisContext): void {
  for (const vs of ctx.of('VirtualService')) {
    analyzeRules(ctx, vs, 'http');
    analyzeRules(ctx, vs, 'tcp');
    analyzeRules(ctx, vs, 'tls');
  }
}

/**
 * IST0109 ConflictingMeshGatewayVirtualServiceHosts. Hosts are grouped by export scope (`exportTo`; none or `*` is
 * every namespace): VirtualServices conflict when they define the same host in the same scope, or when one exported
 * to some namespaces defines a host that a VirtualService exported everywhere matches (`host.Name.Matches`, wildcards
 * included), since both are visible there (`getExportToAllNamespacesVSListForScopedHost`).
 */
export function checkConflictingMeshGatewayHosts(ctx: AnalysisContext): void {
  interface Entry {
    vs: VirtualService;
    hostIndex: number;
  }
  const byScopedHost = new Map<string, { scope: string; fqdn: string; entries: Entry[] }>();
  for (const vs of ctx.of('VirtualService')) {
    const gateways = vs.spec?.gateways ?? [];
    if (gateways.length > 0 && !gateways.includes('mesh')) continue;
    const ns = namespaceOf(vs);
    for (const scope of exportScopes(vs.spec?.exportTo, ns)) {
      vs.spec?.hosts?.forEach((host, hostIndex) => {
        const fqdn = toFqdn(host, ns, ctx.registry.clusterDomain);
        const key = `${scope}/${fqdn}`;
        const group = byScopedHost.get(key) ?? { scope, fqdn, entries: [] };
        group.entries.push({ vs, hostIndex });
        byScopedHost.set(key, group);
      });
    }
  }
  const exportedEverywhere = [...byScopedHost.values()].filter((g) => g.scope === EXPORT_TO_ALL);
  const reported = new Set<string>();
  for (const { scope, fqdn, entries } of byScopedHost.values()) {
    const list =
      scope === EXPORT_TO_ALL
        ? entries
        : [...entries, ...exportedEverywhere.filter((g) => hostMatches(fqdn, g.fqdn)).flatMap((g) => g.entries)];
    const distinct = [...new Set(list.map((e) => e.vs))];
    if (distinct.length < 2) continue;
    const names = distinct.map(fullName).join(',');
    for (const { vs, hostIndex } of list) {
      const key = `${fullName(vs)}|${hostIndex}`;
      if (reported.has(key)) continue;
      reported.add(key);
      ctx.report(vs, 'IST0109', indexPath('spec.hosts', hostIndex), [names, vs.spec?.hosts?.[hostIndex]]);
    }
  }
}
