/**
 * Ambient checks (Kiali `business/checkers/ambient_policy_checker.go` and `ambient/ambient_workload_checker.go`;
 * Istio's ambient documentation on which policy attributes need a waypoint):
 * - KIA0109 an AuthorizationPolicy with L7 rules (`to.operation` hosts/methods/paths and their `not` forms,
 *   `from.source.requestPrincipals`, `when` keys on `request.*`) selects ambient workloads that no waypoint serves:
 *   ztunnel enforces only L4 attributes, so the L7 rules are not applied as written; KIA1317 on each such workload
 *   (Kiali's workload-side code);
 * - KIA0110 the same policy selects (by `selector`) ambient workloads that a waypoint does serve: a waypoint applies
 *   only policies attached with `targetRefs`, so the L7 rules still enforce nothing;
 * - KIA1313 `istio.io/use-waypoint` on a namespace, service or workload names a waypoint that does not exist (no
 *   Gateway of class `istio-waypoint`, and no waypoint Deployment, of that name in that namespace).
 * Istio's analyzer has no code for the first two (its IST0167 `IneffectivePolicy` covers Sidecars on ambient pods).
 */
import { isWaypointGateway, isWaypointLabels, waypointLabelOf, GATEWAY_NAME, type WaypointRef } from '@/lib/ambient';
import type { AuthorizationPolicy } from '../types';
import { namespaceOf, type AnalysisContext, type PodLike } from './context';
import { matchesSelector } from './selectors';

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

function checkL7PoliciesWithoutWaypoint(ctx: AnalysisContext): void {
  for (const ap of ctx.of('AuthorizationPolicy')) {
    if (ap.spec?.targetRef || ap.spec?.targetRefs?.length) continue; // attached to a waypoint or gateway
    const l7 = firstL7Path(ap.spec?.rules);
    if (!l7) continue;
    const ambient = selectedPods(ctx, ap).filter((p) => p.ambient && !p.isWaypoint);
    if (ambient.length === 0) continue;
    const withoutWaypoint = ambient.filter((p) => !p.waypoint);
    if (withoutWaypoint.length > 0) {
      ctx.report(ap, 'KIA0109', l7);
      const seen = new Set<string>();
      for (const p of withoutWaypoint) {
        const key = `${p.namespace}/${p.name}`;
        if (seen.has(key)) continue;
        seen.add(key);
        ctx.report(
          { kind: 'Workload', metadata: { name: p.name, namespace: p.namespace } },
          'KIA1317',
          'metadata.name',
        );
      }
    } else {
      ctx.report(ap, 'KIA0110', ap.spec?.selector ? 'spec.selector' : 'metadata.name');
    }
  }
}

/** Waypoints of the snapshot: `namespace/name` of the waypoint Gateways and of the waypoint Deployments. */
function knownWaypoints(ctx: AnalysisContext): Set<string> {
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
