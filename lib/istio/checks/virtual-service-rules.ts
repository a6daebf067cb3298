/**
 * Rule ordering and host conflicts of VirtualServices:
 * - IST0130/IST0131: istiod's `analyzeUnreachableHTTPRules` (pkg/config/validation, surfaced by istioctl analyze's
 *   schema analyzer): a match identical to an earlier rule's match is ineffective; a rule whose matches are all
 *   duplicates, or a second rule without matches, is unreachable. We also flag rules placed after a rule without
 *   matches, which catches all traffic.
 * - IST0109: `ConflictingMeshGatewayHostsAnalyzer`, several VirtualServices bound to the mesh gateway define the
 *   same host (in the same export scope).
 */
import { indexPath } from '../path';
import type { VirtualService } from '../types';
import { fullName, namespaceOf, type AnalysisContext } from './context';
import { exportScopes, toFqdn } from './hosts';

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

function analyzeRules(ctx: AnalysisContext, vs: VirtualService, kind: 'http' | 'tcp' | 'tls'): void {
  const rules: { name?: string; match?: unknown[] }[] = vs.spec?.[kind] ?? [];
  const seen = new Map<string, number>();
  let catchAll = -1;
  rules.forEach((rule, i) => {
    const path = indexPath(`spec.${kind}`, i);
    const matches = rule?.match ?? [];
    if (catchAll >= 0) {
      const reason =
        matches.length === 0
          ? 'only the last rule can have no matches'
          : `rule ${ruleName(rules[catchAll], catchAll)} has no matches and catches all traffic`;
      ctx.report(vs, 'IST0130', path, [ruleName(rule, i), reason]);
      return;
    }
    if (matches.length === 0) {
      catchAll = i;
      return;
    }
    let duplicates = 0;
    matches.forEach((match, j) => {
      const key = matchKey(match);
      const earlier = seen.get(key);
      if (earlier !== undefined) {
        const matchName = (match as { name?: string } | null)?.name
          ? JSON.stringify((match as { name: string }).name)
          : `#${j}`;
        ctx.report(vs, 'IST0131', indexPath(`${path}.match`, j), [
          ruleName(rule, i),
          matchName,
          ruleName(rules[earlier], earlier),
        ]);
        duplicates++;
      } else {
        seen.set(key, i);
      }
    });
    if (duplicates === matches.length)
      ctx.report(vs, 'IST0130', path, [ruleName(rule, i), 'all matches used by prior rules']);
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

/** IST0109 ConflictingMeshGatewayVirtualServiceHosts. */
export function checkConflictingMeshGatewayHosts(ctx: AnalysisContext): void {
  const byScopedHost = new Map<string, { vs: VirtualService; hostIndex: number }[]>();
  for (const vs of ctx.of('VirtualService')) {
    const gateways = vs.spec?.gateways ?? [];
    if (gateways.length > 0 && !gateways.includes('mesh')) continue;
    const ns = namespaceOf(vs);
    for (const scope of exportScopes(vs.spec?.exportTo, ns)) {
      vs.spec?.hosts?.forEach((host, hostIndex) => {
        const key = `${scope}/${toFqdn(host, ns, ctx.registry.clusterDomain)}`;
        byScopedHost.set(key, [...(byScopedHost.get(key) ?? []), { vs, hostIndex }]);
      });
    }
  }
  const reported = new Set<string>();
  for (const list of byScopedHost.values()) {
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
