/**
 * Istio's authorization decision for observed traffic (Istio docs, "Authorization Policy": CUSTOM, then DENY, then
 * ALLOW; a workload with ALLOW policies denies what none of them allows; AUDIT and `istio.io/dry-run` policies do
 * not decide). The graph knows who called whom (principal, namespace) but not each request's method, path, headers
 * or IP, so matching is three-valued: a rule that depends on those is `maybe`. Pure and isomorphic.
 */
import { principalNamespace, type Endpoint } from './edges';
import { rec, type Json } from '../json';

export type Tri = 'yes' | 'no' | 'maybe';
export type Decision = 'allow' | 'deny' | 'maybe';

const list = (v: unknown): string[] | undefined => (Array.isArray(v) ? v.map(String) : undefined);

export function and(values: Tri[]): Tri {
  if (values.includes('no')) return 'no';
  return values.includes('maybe') ? 'maybe' : 'yes';
}

export function or(values: Tri[]): Tri {
  if (values.includes('yes')) return 'yes';
  return values.includes('maybe') ? 'maybe' : 'no';
}

/** Istio string matching: exact, `prefix*`, `*suffix` or `*` (presence). */
export function matchesPattern(value: string, pattern: string): boolean {
  if (pattern === '*') return value !== '';
  if (pattern.endsWith('*')) return value.startsWith(pattern.slice(0, -1));
  if (pattern.startsWith('*')) return value.endsWith(pattern.slice(1));
  return value === pattern;
}

/** What is known about the requests of one edge. */
export interface RequestFacts {
  /** `cluster.local/ns/x/sa/y`, null without mTLS (plaintext or unknown source). */
  principal: string | null;
  destination: Endpoint;
}

const known = (value: string | null, patterns: string[] | undefined): Tri | null => {
  if (patterns === undefined) return null;
  return value !== null && patterns.some((p) => matchesPattern(value, p)) ? 'yes' : 'no';
};
const negate = (t: Tri | null): Tri | null => (t === null ? null : t === 'yes' ? 'no' : t === 'no' ? 'yes' : 'maybe');
const unknownField = (v: unknown): Tri | null => (list(v) === undefined ? null : 'maybe');

function sourceMatches(source: Json, f: RequestFacts): Tri {
  const ns = principalNamespace(f.principal);
  const sa = f.principal ? (/\/ns\/([^/]+)\/sa\/([^/]+)$/.exec(f.principal) ?? null) : null;
  const serviceAccount = sa ? `${sa[1]}/${sa[2]}` : null;
  const trustDomain = f.principal ? (f.principal.split('/')[0] ?? null) : null;
  const saMatch = (patterns: string[] | undefined): Tri | null =>
    patterns === undefined
      ? null
      : serviceAccount !== null &&
          patterns.some((p) =>
            p.includes('/') ? p === serviceAccount : ns === null ? false : `${ns}/${p}` === serviceAccount,
          )
        ? 'yes'
        : 'no';
  const parts = [
    known(f.principal, list(source.principals)),
    negate(known(f.principal ?? '', list(source.notPrincipals))),
    known(ns, list(source.namespaces)),
    negate(known(ns ?? '', list(source.notNamespaces))),
    saMatch(list(source.serviceAccounts)),
    negate(saMatch(list(source.notServiceAccounts))),
    known(trustDomain, list(source.trustDomains)),
    negate(known(trustDomain ?? '', list(source.notTrustDomains))),
    unknownField(source.requestPrincipals),
    unknownField(source.notRequestPrincipals),
    unknownField(source.ipBlocks),
    unknownField(source.notIpBlocks),
    unknownField(source.remoteIpBlocks),
    unknownField(source.notRemoteIpBlocks),
  ].filter((t): t is Tri => t !== null);
  return and(parts);
}

function conditionMatches(c: Json, f: RequestFacts): Tri {
  const key = String(c.key ?? '');
  const ns = principalNamespace(f.principal);
  const value = key === 'source.principal' ? f.principal : key === 'source.namespace' ? ns : undefined;
  if (value === undefined) return 'maybe';
  const parts = [known(value, list(c.values)), negate(known(value ?? '', list(c.notValues)))].filter(
    (t): t is Tri => t !== null,
  );
  return and(parts);
}

/** Whether one rule matches the edge's requests. */
export function ruleMatches(rule: Json, f: RequestFacts): Tri {
  const from =
    list(rule.from) === undefined
      ? null
      : or((rule.from as unknown[]).map((x) => sourceMatches(rec(rec(x).source), f)));
  // Operations (methods, paths, ports, hosts) are per request: the graph cannot tell.
  const to = Array.isArray(rule.to)
    ? rule.to.some((x) => Object.keys(rec(rec(x).operation)).length > 0)
      ? 'maybe'
      : 'yes'
    : null;
  const when = Array.isArray(rule.when) ? and(rule.when.map((c) => conditionMatches(rec(c), f))) : null;
  return and([from, to as Tri | null, when].filter((t): t is Tri => t !== null));
}

/** Whether a policy selects the destination (root namespace = every namespace; `targetRef(s)` = waypoints, ignored). */
export function policySelects(policy: Json, dest: Endpoint, rootNamespace: string): boolean {
  const meta = rec(policy.metadata);
  const spec = rec(policy.spec);
  const ns = String(meta.namespace ?? 'default');
  if (spec.targetRef !== undefined || spec.targetRefs !== undefined) return false;
  if (ns !== rootNamespace && ns !== dest.namespace) return false;
  const labels = rec(rec(spec.selector).matchLabels);
  return Object.entries(labels).every(([k, v]) => dest.labels[k] === String(v));
}

/** True for a policy marked `istio.io/dry-run: "true"` (it records its decision but does not enforce it). */
export function isDryRun(policy: Json): boolean {
  return rec(rec(policy.metadata).annotations)['istio.io/dry-run'] === 'true';
}

/**
 * Istio's decision among the policies that apply at one enforcement point (already selected): CUSTOM, then DENY,
 * then ALLOW; an ALLOW policy that matches nothing denies.
 */
export function decide(applying: Json[], f: RequestFacts): Decision {
  const action = (p: Json) => String(rec(p.spec).action ?? 'ALLOW');
  const matches = (p: Json) =>
    Array.isArray(rec(p.spec).rules) ? or((rec(p.spec).rules as unknown[]).map((r) => ruleMatches(rec(r), f))) : 'no';
  const custom = or(applying.filter((p) => action(p) === 'CUSTOM').map(matches));
  const deny = or(applying.filter((p) => action(p) === 'DENY').map(matches));
  if (deny === 'yes') return 'deny';
  const allowPolicies = applying.filter((p) => action(p) === 'ALLOW');
  const allow = allowPolicies.length ? or(allowPolicies.map(matches)) : 'yes';
  if (allow === 'no') return 'deny';
  return deny === 'maybe' || allow === 'maybe' || custom !== 'no' ? 'maybe' : 'allow';
}

/** Istio's decision for the edge under a set of AuthorizationPolicies (at a sidecar: selector policies only). */
export function authorize(policies: Json[], f: RequestFacts, rootNamespace: string): Decision {
  return decide(
    policies.filter((p) => !isDryRun(p) && policySelects(p, f.destination, rootNamespace)),
    f,
  );
}
