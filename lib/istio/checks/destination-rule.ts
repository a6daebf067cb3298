/**
 * DestinationRule checks:
 * - IST0174 UnknownDestinationRuleHost and IST0173 DestinationRuleSubsetNotSelectPods (istio/istio
 *   `analyzers/destinationrule/subset.go`). Subset labels are matched against the pods behind the host (Service
 *   selector or ServiceEntry workloadSelector, in its namespace), as Kiali's KIA0203 does; istioctl matches them
 *   against every pod of the cluster, which hides typos when another app happens to carry the label. Hosts whose
 *   endpoints are not selected by labels (ExternalName, ServiceEntry endpoints/DNS) are skipped. A pod's labels include
 *   the topology labels of its Node (region, zone, subzone, hostname), as Istio's endpoints carry them.
 * - IST0128 / IST0129 TLS mode SIMPLE or MUTUAL without `caCertificates`, for the rule or a port
 *   (`analyzers/destinationrule/ca-certificates.go`; silent when a `credentialName` and a `workloadSelector` are set).
 * - KIA0201 more than one DestinationRule for the same host and subset (Kiali `destinationrules/multi_match_checker.go`).
 * - KIA0207 / KIA0208 the rule disables mTLS towards a namespace whose PeerAuthentication is STRICT (Kiali
 *   `disabled_namespacewide_mtls_checker.go`, `disabled_meshwide_mtls_checker.go`): those requests are rejected.
 */
import { indexPath } from '../path';
import type { DestinationRule, Labels, TrafficPolicy } from '../types';
import { isTopologyLabel, namespaceOf, type AnalysisContext, type PodLike } from './context';
import { exportScopes, toFqdn } from './hosts';
import { namespaceMtlsMode } from './mtls';
import { matchesSelector } from './selectors';

/** IST0174 and IST0173. */
export function checkDestinationRuleHosts(ctx: AnalysisContext): void {
  for (const dr of ctx.of('DestinationRule')) {
    const host = dr.spec?.host ?? '';
    const entry = ctx.registry.resolve(namespaceOf(dr), dr.spec?.exportTo, host);
    if (!entry) {
      ctx.report(dr, 'IST0174', 'spec.host', [host]);
      continue;
    }
    if (!entry.selector) continue;
    const selector = entry.selector;
    const backing = ctx.podsIn(entry.namespace).filter((p) => matchesSelector(selector, p.labels));
    dr.spec?.subsets?.forEach((subset, i) => {
      if (!backing.some((p) => matchesSelector(subsetLabels(subset?.labels, p), podLabels(p)))) {
        ctx.report(dr, 'IST0173', indexPath('spec.subsets', i), [subset?.name]);
      }
    });
  }
}

/** A pod's labels as its endpoints carry them: with its Node's topology labels. */
const podLabels = (p: PodLike): Labels => (p.topology ? { ...p.labels, ...p.topology } : p.labels);

/** A subset's labels, less the topology ones when the pod's Node is unknown (they might match: no false alarm). */
function subsetLabels(labels: Labels | undefined, p: PodLike): Labels | undefined {
  if (!labels || !p.topologyUnknown) return labels;
  return Object.fromEntries(Object.entries(labels).filter(([key]) => !isTopologyLabel(key)));
}

const overlaps = (a: string[], b: string[]): boolean =>
  a.includes('*') || b.includes('*') || a.some((s) => b.includes(s));

/** KIA0201: two rules for the same host, visible in a common namespace, with no subsets or a subset in common. */
export function checkDestinationRuleMultiMatch(ctx: AnalysisContext): void {
  const rules = ctx
    .of('DestinationRule')
    .filter((dr) => !dr.spec?.workloadSelector && !(dr.spec?.host ?? '*').startsWith('*'));
  const key = (dr: DestinationRule) => toFqdn(dr.spec?.host ?? '', namespaceOf(dr), ctx.registry.clusterDomain);
  const conflicting = new Set<DestinationRule>();
  rules.forEach((a, i) => {
    for (const b of rules.slice(i + 1)) {
      if (
        key(a) !== key(b) ||
        !overlaps(exportScopes(a.spec?.exportTo, namespaceOf(a)), exportScopes(b.spec?.exportTo, namespaceOf(b)))
      )
        continue;
      const subsetsA = (a.spec?.subsets ?? []).map((s) => s?.name);
      const subsetsB = (b.spec?.subsets ?? []).map((s) => s?.name);
      if (subsetsA.length === 0 || subsetsB.length === 0 || subsetsA.some((s) => subsetsB.includes(s))) {
        conflicting.add(a);
        conflicting.add(b);
      }
    }
  });
  for (const dr of conflicting) ctx.report(dr, 'KIA0201', 'spec.host');
}

/** Every `tls.mode: DISABLE` of a rule, with its path. */
function disabledTlsPaths(dr: DestinationRule): string[] {
  const out: string[] = [];
  const visit = (policy: TrafficPolicy | undefined, base: string): void => {
    if (policy?.tls?.mode === 'DISABLE') out.push(`${base}.tls.mode`);
    policy?.portLevelSettings?.forEach((p, i) => {
      if (p?.tls?.mode === 'DISABLE') out.push(`${indexPath(`${base}.portLevelSettings`, i)}.tls.mode`);
    });
  };
  visit(dr.spec?.trafficPolicy, 'spec.trafficPolicy');
  dr.spec?.subsets?.forEach((s, i) => visit(s?.trafficPolicy, `${indexPath('spec.subsets', i)}.trafficPolicy`));
  return out;
}

/** The namespace a rule's host lives in; null for mesh-wide hosts (`*.local`, `*`). */
function destinationNamespace(ctx: AnalysisContext, dr: DestinationRule): string | null {
  const host = dr.spec?.host ?? '';
  const wildcardNs = /^\*\.([^.]+)\.svc\./.exec(host)?.[1];
  if (wildcardNs) return wildcardNs;
  if (host.startsWith('*')) return null;
  return ctx.registry.resolve(namespaceOf(dr), dr.spec?.exportTo, host)?.namespace ?? namespaceOf(dr);
}

/** KIA0207 (namespace STRICT) and KIA0208 (mesh-wide STRICT) for rules that disable mTLS. */
export function checkDestinationRuleMtls(ctx: AnalysisContext): void {
  const meshMode = namespaceMtlsMode(ctx, ctx.rootNamespace);
  for (const dr of ctx.of('DestinationRule')) {
    const paths = disabledTlsPaths(dr);
    if (paths.length === 0) continue;
    const ns = destinationNamespace(ctx, dr);
    const nsMode = ns === null ? undefined : namespaceMtlsMode(ctx, ns);
    const code = nsMode === 'STRICT' ? 'KIA0207' : !nsMode && meshMode === 'STRICT' ? 'KIA0208' : null;
    if (code) for (const path of paths) ctx.report(dr, code, path);
  }
}

/** IST0128 NoServerCertificateVerificationDestinationLevel and IST0129 NoServerCertificateVerificationPortLevel. */
export function checkDestinationRuleCaCertificates(ctx: AnalysisContext): void {
  for (const dr of ctx.of('DestinationRule')) {
    const ns = namespaceOf(dr);
    const name = `${ns}/${dr.metadata.name}`;
    const host = dr.spec?.host ?? '';
    const unverified = (tls: TrafficPolicy['tls']): boolean =>
      (tls?.mode === 'SIMPLE' || tls?.mode === 'MUTUAL') &&
      !tls.caCertificates &&
      !(tls.credentialName && dr.spec?.workloadSelector);
    const tls = dr.spec?.trafficPolicy?.tls;
    if (unverified(tls)) ctx.report(dr, 'IST0128', 'spec.trafficPolicy.tls', [name, ns, tls?.mode, host]);
    dr.spec?.trafficPolicy?.portLevelSettings?.forEach((p, i) => {
      if (unverified(p?.tls))
        ctx.report(dr, 'IST0129', `${indexPath('spec.trafficPolicy.portLevelSettings', i)}.tls`, [
          name,
          ns,
          p?.tls?.mode,
          host,
          `number:${p?.port?.number ?? 0}`,
        ]);
    });
  }
}
