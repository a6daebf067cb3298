/**
 * AuthorizationPolicy checks:
 * - IST0127 no in-mesh workload matches the policy (istio/istio `analyzers/authz/authorizationpolicies.go`; in the
 *   root namespace the policy is mesh-wide and any namespace counts);
 * - IST0101 a `source.namespaces`/`notNamespaces` entry matches no namespace (same analyzer);
 * - KIA0106 a SPIFFE principal (`<trust domain>/ns/<ns>/sa/<sa>`) or `serviceAccounts` entry names a service account
 *   that does not exist (Kiali `authorization/principals_checker.go`; wildcards and other trust domains skipped);
 * - KIA0102 `to.operation.methods` must be HTTP methods or Istio wildcards (Kiali `namespace_method_checker.go`);
 * - IST0106 `to.operation.ports` must be port numbers (istiod's webhook `security.ValidatePorts`);
 * - IST0101 targetRef(s) Services that do not exist;
 * - KIA0105 a field that only a peer's mTLS identity can fill, on workloads that do not receive mTLS (Kiali
 *   `authorization/mtls_enabled_checker.go`; the status with auto mTLS on or off in `./mtls`).
 */
import { indexPath } from '../path';
import type { AuthorizationPolicy, AuthorizationPolicySource } from '../types';
import { namespaceOf, type AnalysisContext } from './context';
import { receivesMtls } from './mtls';
import { matchesSelector, selectorString } from './selectors';
import { reportMissingTargetRefs } from './workload-policies';

const HTTP_METHODS = new Set(['GET', 'HEAD', 'POST', 'PUT', 'DELETE', 'CONNECT', 'OPTIONS', 'TRACE', 'PATCH']);
const PRINCIPAL = /^([^/]+)\/ns\/([^/]+)\/sa\/([^/]+)$/;

/** `namespaceMatch`: exact, `*`, `prefix*` or `*suffix`. */
export function namespaceMatches(namespace: string, expression: string): boolean {
  if (expression === '*') return true;
  if (expression.startsWith('*')) return namespace.endsWith(expression.slice(1));
  if (expression.endsWith('*')) return namespace.startsWith(expression.slice(0, -1));
  return namespace.toLowerCase() === expression.toLowerCase();
}

function checkNoMatchingWorkloads(ctx: AnalysisContext, ap: AuthorizationPolicy): void {
  if (ap.spec?.targetRef || ap.spec?.targetRefs?.length) return;
  const ns = namespaceOf(ap);
  const labels = ap.spec?.selector?.matchLabels;
  const inMesh = ctx.pods.filter((p) => p.inMesh);
  if (ns === ctx.rootNamespace) {
    if (ap.spec?.selector && !inMesh.some((p) => matchesSelector(labels, p.labels))) {
      ctx.report(ap, 'IST0127', 'spec.selector', [selectorString(labels)]);
    }
    return;
  }
  const candidates = inMesh.filter((p) => p.namespace === ns);
  if (!ap.spec?.selector) {
    if (candidates.length === 0) ctx.report(ap, 'IST0127', 'metadata.name', ['']);
  } else if (!candidates.some((p) => matchesSelector(labels, p.labels))) {
    ctx.report(ap, 'IST0127', 'spec.selector', [selectorString(labels)]);
  }
}

function checkSource(
  ctx: AnalysisContext,
  ap: AuthorizationPolicy,
  source: AuthorizationPolicySource,
  base: string,
): void {
  for (const field of ['namespaces', 'notNamespaces'] as const) {
    source[field]?.forEach((ns, k) => {
      if (![...ctx.namespaces.keys()].some((known) => namespaceMatches(known, ns))) {
        ctx.report(ap, 'IST0101', indexPath(`${base}.${field}`, k), ['namespace', ns]);
      }
    });
  }
  for (const field of ['principals', 'notPrincipals'] as const) {
    source[field]?.forEach((principal, k) => {
      const match = PRINCIPAL.exec(principal);
      if (!match || principal.includes('*') || match[1] !== ctx.trustDomain) return;
      if (!ctx.serviceAccounts.has(`${match[2]}/${match[3]}`))
        ctx.report(ap, 'KIA0106', indexPath(`${base}.${field}`, k));
    });
  }
  for (const field of ['serviceAccounts', 'notServiceAccounts'] as const) {
    source[field]?.forEach((sa, k) => {
      if (sa.includes('*')) return;
      const qualified = sa.includes('/') ? sa : `${namespaceOf(ap)}/${sa}`;
      if (!ctx.serviceAccounts.has(qualified)) ctx.report(ap, 'KIA0106', indexPath(`${base}.${field}`, k));
    });
  }
}

const validMethod = (method: string): boolean =>
  HTTP_METHODS.has(method) || method === '*' || method.startsWith('*') || method.endsWith('*');

function validPort(port: string): boolean {
  return /^\d+$/.test(port) && Number(port) <= 65535;
}

/** All AuthorizationPolicy checks. */
export function checkAuthorizationPolicies(ctx: AnalysisContext): void {
  for (const ap of ctx.of('AuthorizationPolicy')) {
    checkNoMatchingWorkloads(ctx, ap);
    reportMissingTargetRefs(ctx, ap);
    ap.spec?.rules?.forEach((rule, i) => {
      const ruleBase = indexPath('spec.rules', i);
      rule?.from?.forEach((from, j) => {
        if (from?.source) checkSource(ctx, ap, from.source, `${indexPath(`${ruleBase}.from`, j)}.source`);
      });
      rule?.to?.forEach((to, j) => {
        const base = `${indexPath(`${ruleBase}.to`, j)}.operation`;
        for (const field of ['methods', 'notMethods'] as const) {
          to?.operation?.[field]?.forEach((m, k) => {
            if (!validMethod(m)) ctx.report(ap, 'KIA0102', indexPath(`${base}.${field}`, k));
          });
        }
        for (const field of ['ports', 'notPorts'] as const) {
          to?.operation?.[field]?.forEach((p, k) => {
            if (!validPort(String(p)))
              ctx.report(ap, 'IST0106', indexPath(`${base}.${field}`, k), [`invalid port: ${p}`]);
          });
        }
      });
    });
  }
}

/** `when` keys whose values come from the peer's certificate (Kiali `conditionNeedsMtls`). */
const MTLS_CONDITION_KEYS = new Set(['source.namespace', 'source.principal', 'connection.sni']);

/** Source fields read from the peer's mTLS identity: Kiali's four, and `serviceAccounts` (newer than its checker). */
const MTLS_SOURCE_FIELDS = [
  'principals',
  'notPrincipals',
  'namespaces',
  'notNamespaces',
  'serviceAccounts',
  'notServiceAccounts',
] as const;

/** Kiali `needsMtls`: the paths of a policy's fields that need mTLS, per rule its `from` sources then its `when`. */
function mtlsOnlyPaths(ap: AuthorizationPolicy): string[] {
  const out: string[] = [];
  ap.spec?.rules?.forEach((rule, i) => {
    const base = indexPath('spec.rules', i);
    rule?.from?.forEach((from, j) => {
      for (const field of MTLS_SOURCE_FIELDS)
        if ((from?.source?.[field]?.length ?? 0) > 0) out.push(`${indexPath(`${base}.from`, j)}.source.${field}`);
    });
    rule?.when?.forEach((condition, k) => {
      if (condition?.key && MTLS_CONDITION_KEYS.has(condition.key)) out.push(indexPath(`${base}.when`, k));
    });
  });
  return out;
}

/**
 * KIA0105 "This field requires mTLS to be enabled" (error), on each `rules[i].from[j].source.principals`,
 * `notPrincipals`, `namespaces`, `notNamespaces` (and `serviceAccounts`, `notServiceAccounts`) and each `when[k]` on
 * `source.namespace`, `source.principal` or `connection.sni`, when the workloads the policy selects do not receive
 * mTLS: Kiali's `IsMtlsEnabledFor` (a workload PeerAuthentication, else the namespace's and the mesh's
 * PeerAuthentication and DestinationRule, `lib/istio/checks/mtls.ts`). With auto mTLS on (the default) only a
 * DISABLE, or a DestinationRule sending plain text, draws it; with auto mTLS off, so does a namespace without a
 * STRICT or PERMISSIVE PeerAuthentication and an ISTIO_MUTUAL DestinationRule.
 */
export function checkAuthorizationPolicyMtls(ctx: AnalysisContext): void {
  for (const ap of ctx.of('AuthorizationPolicy')) {
    const paths = mtlsOnlyPaths(ap);
    if (paths.length === 0) continue;
    const labels = ap.spec?.selector ? ap.spec.selector.matchLabels : {};
    if (receivesMtls(ctx, namespaceOf(ap), labels)) continue;
    for (const path of paths) ctx.report(ap, 'KIA0105', path);
  }
}
