/**
 * Ambient checks (Kiali `business/checkers/ambient_policy_checker.go` and `ambient/ambient_workload_checker.go`;
 * Istio's ambient documentation on which policy attributes need a waypoint):
 * - KIA0109 an AuthorizationPolicy with L7 rules (`to.operation` hosts/methods/paths and their `not` forms,
 *   `from.source.requestPrincipals`, `when` keys on `request.*`) selects ambient workloads that no waypoint serves:
 *   ztunnel enforces only L4 attributes, so the L7 rules are not applied as written; KIA1317 on each such workload
 *   (Kiali's workload-side code). The same for a policy attached with `targetRefs` to a Service of an ambient
 *   namespace (or with ambient pods) that no existing waypoint serves: nothing enforces it (path: that targetRef);
 *   KIA1317 on the Service's ambient workloads (Kiali `workloadMatchedByServiceTargetRefs`);
 * - KIA0110 the same policy selects (by `selector`) ambient workloads that a waypoint does serve: a waypoint applies
 *   only policies attached with `targetRefs`, so the L7 rules still enforce nothing;
 * - KIA1313 `istio.io/use-waypoint` on a namespace, service or workload names a waypoint that does not exist (no
 *   Gateway of class `istio-waypoint`, and no waypoint Deployment, of that name in that namespace).
 * Istio's analyzer has no code for the first two (its IST0167 `IneffectivePolicy` covers Sidecars on ambient pods).
 */
import {
  isWaypointGateway,
  isWaypointLabels,
  namespaceDataplaneMode,
  serviceWaypoint,
  waypointLabelOf,
  GATEWAY_NAME,
  type WaypointRef,
} from '@/lib/ambient';
import { indexPath } from '../path';
import type { AuthorizationPolicy } from '../types';
import { namespaceOf, type AnalysisContext, type PodLike } from './context';
import { isEmptySelector, matchesSelector } from './selectors';

type Rule = NonNullable<NonNullable<AuthorizationPolicy['spec']>['rules']>[number];

const L7_OPERATION = ['hosts', 'notHosts', 'methods', 'notMethods', 'paths', 'notPaths'] as const;
const L7_SOURCE = ['requestPrincipals', 'notRequestPrincipals'] as const;

/** The path of the first L7 attribute of the policy's rules, or null when every rule is L4-only. */
export function firstL7Path(rules: readonly Rule[] | undefined): string | null {
  for (const [i, rule] of (rules ?? []).entries()) {
    for (const [j, to] of (rule.to ?? []).entries()) {
      const field = L7_OPERATION.find((f) => (to.operation?.[f]?.length ?? 0) > 0);
      if (field) return `spec.rules[${i}].to[${j}].operation.${field}`;
    }
    for (const [j, from] of (rule.from ?? []).entries()) {
      const field = L7_SOURCE.find((f) => (from.source?.[f]?.length ?? 0) > 0);
      if (field) return `spec.rules[${i}].from[${j}].source.${field}`;
    }
    for (const [j, when] of (rule.when ?? []).entries()) {
      if (when.key?.startsWith('request.')) return `spec.rules[${i}].when[${j}].key`;
    }
  }
  return null;
}

/** The in-mesh pods a workload-selector policy applies to (its namespace; the root namespace's apply mesh-wide). */
function selectedPods(ctx: AnalysisContext, ap: AuthorizationPolicy): PodLike[] {
  const ns = namespaceOf(ap);
  const labels = ap.spec?.selector?.matchLabels;
  const pods = ctx.pods.filter((p) => p.inMesh && (ns === ctx.rootNamespace || p.namespace === ns));
  return ap.spec?.selector ? pods.filter((p) => matchesSelector(labels, p.labels)) : pods;
}

/**
 * The workload a pod belongs to, for findings on workloads: the snapshot's workload of the pod's namespace whose
 * template labels the pod carries (the most specific one), else the pod itself under kind `Workload`.
 */
export function workloadOf(ctx: AnalysisContext, p: PodLike): { kind: string; name: string; namespace: string } {
  const owners = ctx.snapshot.workloads
    .filter(
      (w) =>
        (w.namespace || 'default') === p.namespace && !isEmptySelector(w.labels) && matchesSelector(w.labels, p.labels),
    )
    .sort((a, b) => Object.keys(b.labels).length - Object.keys(a.labels).length);
  const w = owners[0];
  return w
    ? { kind: w.kind || 'Workload', name: w.name, namespace: p.namespace }
    : { kind: 'Workload', name: p.name, namespace: p.namespace };
}

/** KIA1317 once per workload of `pods`. */
function reportWorkloadsWithoutWaypoint(ctx: AnalysisContext, pods: PodLike[]): void {
  const seen = new Set<string>();
  for (const p of pods) {
    const w = workloadOf(ctx, p);
    const key = `${w.kind}/${w.namespace}/${w.name}`;
    if (seen.has(key)) continue;
    seen.add(key);
    ctx.report({ kind: w.kind, metadata: { name: w.name, namespace: w.namespace } }, 'KIA1317', 'metadata.name');
  }
}

/** KIA0109 (and KIA1317) for an L7 policy attached with targetRefs to Services that no existing waypoint serves. */
function checkTargetRefsWithoutWaypoint(ctx: AnalysisContext, ap: AuthorizationPolicy, known: Set<string>): void {
  const ns = namespaceOf(ap);
  type Ref = NonNullable<NonNullable<AuthorizationPolicy['spec']>['targetRef']>;
  const refs: [Ref, string][] = [
    ...(ap.spec?.targetRef ? [[ap.spec.targetRef, 'spec.targetRef'] as [Ref, string]] : []),
    ...(ap.spec?.targetRefs ?? []).map((r, i): [Ref, string] => [r, indexPath('spec.targetRefs', i)]),
  ];
  const nsLabels = ctx.namespaces.get(ns);
  for (const [ref, path] of refs) {
    if (!ref || ref.kind !== 'Service' || !['', 'core'].includes(ref.group ?? '')) continue;
    const svc = ctx.services.find((s) => (s.metadata?.namespace || 'default') === ns && s.metadata?.name === ref.name);
    if (!svc) continue; // IST0101
    const selector = svc.spec?.selector;
    const pods =
      selector && !isEmptySelector(selector) ? ctx.podsIn(ns).filter((p) => matchesSelector(selector, p.labels)) : [];
    const ambientPods = pods.filter((p) => p.ambient && !p.isWaypoint);
    if (ambientPods.length === 0 && namespaceDataplaneMode(nsLabels) !== 'ambient') continue;
    const wp = serviceWaypoint(svc.metadata?.labels, ns, nsLabels);
    if (wp && known.has(`${wp.namespace}/${wp.name}`)) continue;
    ctx.report(ap, 'KIA0109', `${path}.name`);
    reportWorkloadsWithoutWaypoint(ctx, ambientPods);
  }
}

function checkL7PoliciesWithoutWaypoint(ctx: AnalysisContext): void {
  const known = knownWaypoints(ctx);
  for (const ap of ctx.of('AuthorizationPolicy')) {
    const l7 = firstL7Path(ap.spec?.rules);
    if (!l7) continue;
    if (ap.spec?.targetRef || ap.spec?.targetRefs?.length) {
      checkTargetRefsWithoutWaypoint(ctx, ap, known);
      continue;
    }
    const ambient = selectedPods(ctx, ap).filter((p) => p.ambient && !p.isWaypoint);
    if (ambient.length === 0) continue;
    const withoutWaypoint = ambient.filter((p) => !p.waypoint);
    if (withoutWaypoint.length > 0) {
      ctx.report(ap, 'KIA0109', l7);
      reportWorkloadsWithoutWaypoint(ctx, withoutWaypoint);
    } else {
      ctx.report(ap, 'KIA0110', ap.spec?.selector ? 'spec.selector' : 'metadata.name');
    }
  }
}

/** Waypoints of the snapshot: `namespace/name` of the waypoint Gateways and of the waypoint Deployments. */
export function knownWaypoints(ctx: AnalysisContext): Set<string> {
  const out = new Set<string>();
  for (const o of [...ctx.snapshot.istioConfig, ...(ctx.snapshot.gatewayApi ?? [])])
    if (isWaypointGateway(o)) out.add(`${namespaceOf(o)}/${o.metadata?.name ?? ''}`);
  for (const w of ctx.snapshot.workloads) {
    if (isWaypointLabels(w.labels)) out.add(`${w.namespace || 'default'}/${w.labels[GATEWAY_NAME] || w.name}`);
  }
  for (const p of ctx.snapshot.pods) {
    const labels = p.metadata?.labels ?? {};
    if (isWaypointLabels(labels) && labels[GATEWAY_NAME])
      out.add(`${p.metadata?.namespace || 'default'}/${labels[GATEWAY_NAME]}`);
  }
  return out;
}

function checkMissingWaypoints(ctx: AnalysisContext): void {
  const known = knownWaypoints(ctx);
  const missing = (ref: WaypointRef | 'none' | null): ref is WaypointRef =>
    !!ref && ref !== 'none' && !known.has(`${ref.namespace}/${ref.name}`);
  const path = 'metadata.labels.istio.io/use-waypoint';
  for (const ns of ctx.snapshot.namespaces) {
    if (missing(waypointLabelOf(ns.labels, ns.name))) {
      ctx.report({ kind: 'Namespace', metadata: { name: ns.name, namespace: ns.name } }, 'KIA1313', path);
    }
  }
  for (const s of ctx.snapshot.services) {
    const ns = s.metadata?.namespace || 'default';
    if (missing(waypointLabelOf(s.metadata?.labels, ns)))
      ctx.report({ kind: 'Service', metadata: s.metadata }, 'KIA1313', path);
  }
  for (const w of ctx.snapshot.workloads) {
    const ns = w.namespace || 'default';
    if (missing(waypointLabelOf(w.labels, ns)))
      ctx.report({ kind: w.kind || 'Workload', metadata: { name: w.name, namespace: ns } }, 'KIA1313', path);
  }
}

/** The ambient checks, in the order above. */
export function checkAmbient(ctx: AnalysisContext): void {
  checkL7PoliciesWithoutWaypoint(ctx);
  checkMissingWaypoints(ctx);
}
