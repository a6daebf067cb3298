/**
 * Checks shared by workload-scoped policies, from Kiali's common checkers (`business/checkers/common/*`):
 * - KIA0004 the selector matches no workload in the policy's namespace (PeerAuthentication, RequestAuthentication,
 *   ServiceEntry workloadSelector); Istio has no analyzer for these kinds;
 * - KIA0002 more than one selector-less PeerAuthentication in a namespace, KIA0003 more than one selecting the same
 *   workload (Istio applies only one, which one is unspecified);
 * - IST0101 a `targetRef`/`targetRefs` Service that does not exist (the generic "referenced resource not found").
 */
import { indexPath } from '../path';
import type { Labels, PeerAuthentication, PolicyTargetReference } from '../types';
import { namespaceOf, type AnalysisContext, type ObjectRef } from './context';
import { isEmptySelector, matchesSelector } from './selectors';

/** KIA0004 when a non-empty selector matches no pod or workload of the namespace. */
export function reportUnmatchedSelector(
  ctx: AnalysisContext,
  obj: ObjectRef,
  selector: Labels | undefined,
  path: string,
  meshWide = false,
): void {
  if (isEmptySelector(selector)) return;
  const pods = meshWide ? ctx.pods : ctx.podsIn(namespaceOf(obj));
  if (!pods.some((p) => matchesSelector(selector, p.labels))) ctx.report(obj, 'KIA0004', path);
}

/** IST0101 for targetRef(s) to Services missing from the snapshot (other target kinds are not checked). */
export function reportMissingTargetRefs(
  ctx: AnalysisContext,
  obj: ObjectRef & { spec?: { targetRef?: PolicyTargetReference; targetRefs?: PolicyTargetReference[] } },
): void {
  const refs: [PolicyTargetReference | undefined, string][] = [
    [obj.spec?.targetRef, 'spec.targetRef'],
    ...(obj.spec?.targetRefs ?? []).map(
      (r, i) => [r, indexPath('spec.targetRefs', i)] as [PolicyTargetReference, string],
    ),
  ];
  for (const [ref, path] of refs) {
    if (!ref || ref.kind !== 'Service' || (ref.group ?? '') !== '') continue;
    const ns = ref.namespace || namespaceOf(obj);
    const exists = ctx.services.some(
      (s) => (s.metadata?.namespace || 'default') === ns && s.metadata?.name === ref.name,
    );
    if (!exists) ctx.report(obj, 'IST0101', `${path}.name`, ['service', `${ns}/${ref.name}`]);
  }
}

/** KIA0004, KIA0002 and KIA0003 for PeerAuthentications. */
export function checkPeerAuthenticationSelectors(ctx: AnalysisContext): void {
  const policies = ctx.of('PeerAuthentication');
  const selectorless = new Map<string, PeerAuthentication[]>();
  const byWorkload = new Map<string, Set<PeerAuthentication>>();
  for (const pa of policies) {
    const ns = namespaceOf(pa);
    const labels = pa.spec?.selector?.matchLabels;
    if (isEmptySelector(labels)) {
      selectorless.set(ns, [...(selectorless.get(ns) ?? []), pa]);
      continue;
    }
    reportUnmatchedSelector(ctx, pa, labels, 'spec.selector');
    for (const pod of ctx.podsIn(ns).filter((p) => matchesSelector(labels, p.labels))) {
      const key = `${ns}/${pod.name}`;
      byWorkload.set(key, (byWorkload.get(key) ?? new Set()).add(pa));
    }
  }
  for (const list of selectorless.values())
    if (list.length > 1) for (const pa of list) ctx.report(pa, 'KIA0002', 'metadata.name');
  const reported = new Set<PeerAuthentication>();
  for (const set of byWorkload.values()) {
    if (set.size < 2) continue;
    for (const pa of set) if (!reported.has(pa)) ctx.report(pa, 'KIA0003', 'spec.selector');
    for (const pa of set) reported.add(pa);
  }
}

/** KIA0004 and IST0101 (targetRef) for RequestAuthentications. */
export function checkRequestAuthentications(ctx: AnalysisContext): void {
  for (const ra of ctx.of('RequestAuthentication')) {
    // In the root namespace a RequestAuthentication applies to matching workloads of every namespace.
    const meshWide = namespaceOf(ra) === ctx.rootNamespace;
    reportUnmatchedSelector(ctx, ra, ra.spec?.selector?.matchLabels, 'spec.selector', meshWide);
    reportMissingTargetRefs(ctx, ra);
  }
}
