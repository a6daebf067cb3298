/**
 * Ambient checks on L7 configuration other than AuthorizationPolicy (Kiali `business/checkers/ambient_policy_checker.go`
 * and `ambient/l7_classification.go`), and PeerAuthentication in ambient (Istio):
 * - RequestAuthentication, WasmPlugin, and Telemetry with L7 settings (tracing, access logging, metric overrides) in
 *   an ambient namespace: KIA1115/KIA1116/KIA1117 when attached by selector or namespace-wide instead of `targetRefs`
 *   (waypoints apply only `targetRefs` ones); KIA1110/KIA1111/KIA1112 when what they target has no waypoint: the
 *   `targetRefs` Services (none has a waypoint), else the selected ambient workloads (one has none), else, when
 *   nothing is selected, the namespace (no `istio.io/use-waypoint`). Kiali judges workloads by their own or their
 *   namespace's label; here the Services' labels count too, as for KIA0109 (`lib/ambient` `workloadMesh`).
 * - VirtualService with HTTP or TLS routes for mesh traffic (`gateways` empty or naming `mesh`) and DestinationRule
 *   with L7 traffic policy (consistent hash on a header or cookie, HTTP connection pool, outlier detection, at the
 *   top or in a subset), for each host that is a Service of an ambient namespace: KIA1114/KIA0212 when the object is
 *   not in the Service's namespace (a waypoint applies only its own namespace's), KIA1113/KIA0211 when the Service is
 *   not enrolled with a waypoint (its label, else its namespace's); when no host is such a Service and the object's
 *   own namespace is ambient and not enrolled, KIA1109/KIA0210.
 * - MS1320 (Meshscope's own: neither Kiali nor Istio's analyzer has one) a PeerAuthentication whose mode or a port's
 *   mode is DISABLE and that applies to ambient workloads: ztunnel always speaks mutual TLS (HBONE), so istiod
 *   ignores DISABLE for them and they stay PERMISSIVE (Istio docs "Use Layer 4 security policy"; istiod
 *   `convertedSelectorPeerAuthentications` treats DISABLE as not STRICT).
 */
import { isWaypointLabels, namespaceDataplaneMode, serviceWaypoint, waypointLabelOf } from '@/lib/ambient';
import { childPath, indexPath } from '../path';
import type { IstioObject, Labels } from '../types';
import { knownWaypoints } from './ambient';
import { namespaceOf, type AnalysisContext, type PodLike } from './context';
import type { MessageCode } from './messages';
import { isEmptySelector, matchesSelector } from './selectors';
import { arr, rec, type Json } from '../json';

const isAmbientNamespace = (ctx: AnalysisContext, ns: string) =>
  namespaceDataplaneMode(ctx.namespaces.get(ns)) === 'ambient';

/** The namespace names a waypoint (`istio.io/use-waypoint`, not `none`): Kiali `IsEnrolledForWaypoint`. */
const namespaceEnrolled = (ctx: AnalysisContext, ns: string) => {
  const ref = waypointLabelOf(ctx.namespaces.get(ns), ns);
  return !!ref && ref !== 'none';
};

const hasTargetRefs = (spec: Json) => spec.targetRef !== undefined || arr(spec.targetRefs).length > 0;

/** The ambient pods (not waypoints) a selector (or, without one, the namespace) covers. */
function ambientPodsOf(ctx: AnalysisContext, ns: string, selector: Labels | undefined): PodLike[] {
  return ctx
    .podsIn(ns)
    .filter((p) => p.ambient && !p.isWaypoint && (isEmptySelector(selector) || matchesSelector(selector, p.labels)));
}

/**
 * True when what a workload-scoped L7 object targets has no waypoint: its `targetRefs` Services (none served by an
 * existing waypoint; Gateway targets are waypoints or gateways themselves), else the ambient workloads it selects
 * (one without a waypoint), else the namespace (not enrolled).
 */
function needsWaypoint(ctx: AnalysisContext, obj: IstioObject): boolean {
  const ns = namespaceOf(obj);
  const spec = rec(obj.spec);
  if (hasTargetRefs(spec)) {
    const known = knownWaypoints(ctx);
    const services = [...arr(spec.targetRefs), ...(spec.targetRef ? [spec.targetRef] : [])]
      .map(rec)
      .filter((r) => r.kind === 'Service' && ['', 'core'].includes(String(r.group ?? '')));
    if (services.length === 0) return false;
    return !services.some((r) => {
      const svc = ctx.services.find((s) => (s.metadata?.namespace || 'default') === ns && s.metadata?.name === r.name);
      const wp = svc ? serviceWaypoint(svc.metadata?.labels, ns, ctx.namespaces.get(ns)) : null;
      return !!wp && known.has(`${wp.namespace}/${wp.name}`);
    });
  }
  const selector = rec(rec(spec.selector).matchLabels) as Labels;
  const pods = ambientPodsOf(ctx, ns, selector);
  if (pods.length > 0) return pods.some((p) => !p.waypoint);
  return !namespaceEnrolled(ctx, ns);
}

/** The path of how an object is attached by selector: its selector, or (namespace-wide) its name. */
const attachmentPath = (spec: Json) => (spec.selector !== undefined ? 'spec.selector' : 'metadata.name');

/** True when a Telemetry configures L7 (tracing, access logging or metric overrides: Kiali `IsL7Telemetry`). */
export function isL7Telemetry(spec: Json): boolean {
  return (
    arr(spec.tracing).length > 0 ||
    arr(spec.accessLogging).length > 0 ||
    arr(spec.metrics).some((m) => arr(rec(m).overrides).length > 0)
  );
}

function checkWorkloadScopedL7(ctx: AnalysisContext): void {
  const kinds: [string, MessageCode, MessageCode, (spec: Json) => boolean][] = [
    ['RequestAuthentication', 'KIA1115', 'KIA1110', () => true],
    ['WasmPlugin', 'KIA1116', 'KIA1111', () => true],
    ['Telemetry', 'KIA1117', 'KIA1112', isL7Telemetry],
  ];
  for (const [kind, noTargetRefs, noWaypoint, isL7] of kinds) {
    for (const obj of ctx.snapshot.istioConfig.filter((o) => o.kind === kind)) {
      const ns = namespaceOf(obj);
      const spec = rec(obj.spec);
      if (ns === ctx.rootNamespace || !isAmbientNamespace(ctx, ns) || !isL7(spec)) continue;
      if (!hasTargetRefs(spec)) ctx.report(obj, noTargetRefs, attachmentPath(spec));
      if (needsWaypoint(ctx, obj))
        ctx.report(obj, noWaypoint, hasTargetRefs(spec) ? 'spec.targetRefs' : attachmentPath(spec));
    }
  }
}

/** True when a traffic policy needs L7 (Kiali `trafficPolicyHasL7`). */
function trafficPolicyIsL7(tp: Json): boolean {
  const hash = rec(rec(tp.loadBalancer).consistentHash);
  return (
    !!hash.httpHeaderName ||
    hash.httpCookie !== undefined ||
    rec(tp.connectionPool).http !== undefined ||
    tp.outlierDetection !== undefined
  );
}

/** A DestinationRule with an L7 traffic policy, at the top or in a subset (Kiali `IsL7DestinationRule`). */
export function isL7DestinationRule(spec: Json): boolean {
  return (
    (spec.trafficPolicy !== undefined && trafficPolicyIsL7(rec(spec.trafficPolicy))) ||
    arr(spec.subsets).some((s) => rec(s).trafficPolicy !== undefined && trafficPolicyIsL7(rec(rec(s).trafficPolicy)))
  );
}

/** A VirtualService whose HTTP or TLS routes apply to mesh traffic (Kiali `ClassifyVirtualService`). */
export function isMeshL7VirtualService(spec: Json): boolean {
  const gateways = arr(spec.gateways).map(String);
  return (
    (arr(spec.http).length > 0 || arr(spec.tls).length > 0) && (gateways.length === 0 || gateways.includes('mesh'))
  );
}

function checkHostBased(
  ctx: AnalysisContext,
  obj: IstioObject,
  hosts: [string, string][],
  codes: { notInNamespace: MessageCode; notCaptured: MessageCode; noEnrollment: MessageCode },
): void {
  const ns = namespaceOf(obj);
  const exportTo = arr(rec(obj.spec).exportTo).map(String);
  const seen = new Set<string>();
  let resolved = false;
  for (const [host, path] of hosts) {
    if (!host || host.startsWith('*')) continue;
    const entry = ctx.registry.resolve(ns, exportTo.length ? exportTo : undefined, host);
    if (!entry || entry.kind !== 'Service' || !isAmbientNamespace(ctx, entry.namespace)) continue;
    const svc = ctx.services.find(
      (s) => (s.metadata?.namespace || 'default') === entry.namespace && s.metadata?.name === entry.name,
    );
    if (!svc) continue;
    resolved = true;
    const key = `${entry.namespace}/${entry.name}`;
    if (seen.has(key)) continue;
    seen.add(key);
    if (ns !== entry.namespace) ctx.report(obj, codes.notInNamespace, path);
    if (!serviceWaypoint(svc.metadata?.labels, entry.namespace, ctx.namespaces.get(entry.namespace)))
      ctx.report(obj, codes.notCaptured, path);
  }
  if (!resolved && isAmbientNamespace(ctx, ns) && !namespaceEnrolled(ctx, ns))
    ctx.report(obj, codes.noEnrollment, hosts[0]?.[1] ?? 'metadata.name');
}

function checkRoutingL7(ctx: AnalysisContext): void {
  for (const vs of ctx.of('VirtualService')) {
    const spec = rec(vs.spec);
    if (!isMeshL7VirtualService(spec)) continue;
    const hosts = arr(spec.hosts).map((h, i): [string, string] => [String(h), indexPath('spec.hosts', i)]);
    checkHostBased(ctx, vs, hosts, { notInNamespace: 'KIA1114', notCaptured: 'KIA1113', noEnrollment: 'KIA1109' });
  }
  for (const dr of ctx.of('DestinationRule')) {
    const spec = rec(dr.spec);
    if (!isL7DestinationRule(spec)) continue;
    checkHostBased(ctx, dr, [[String(spec.host ?? ''), 'spec.host']], {
      notInNamespace: 'KIA0212',
      notCaptured: 'KIA0211',
      noEnrollment: 'KIA0210',
    });
  }
}

/** MS1320 on the DISABLE modes of PeerAuthentications that apply to ambient workloads. */
function checkPeerAuthenticationDisable(ctx: AnalysisContext): void {
  for (const pa of ctx.of('PeerAuthentication')) {
    const paths: string[] = [];
    if (pa.spec?.mtls?.mode === 'DISABLE') paths.push('spec.mtls.mode');
    for (const [port, m] of Object.entries(pa.spec?.portLevelMtls ?? {}))
      if (m?.mode === 'DISABLE') paths.push(`${childPath('spec.portLevelMtls', port)}.mode`);
    if (paths.length === 0) continue;
    const ns = namespaceOf(pa);
    const selector = pa.spec?.selector?.matchLabels;
    const pods = (ns === ctx.rootNamespace ? ctx.pods : ctx.podsIn(ns)).filter(
      (p) =>
        p.ambient &&
        !p.isWaypoint &&
        !isWaypointLabels(p.labels) &&
        (isEmptySelector(selector) || matchesSelector(selector, p.labels)),
    );
    if (pods.length === 0) continue;
    const names = [...new Set(pods.map((p) => `${p.namespace}/${p.name}`))].sort();
    const list = names.length > 3 ? `${names.slice(0, 3).join(', ')} and ${names.length - 3} more` : names.join(', ');
    for (const path of paths) ctx.report(pa, 'MS1320', path, [list]);
  }
}

/** The checks above, in that order. */
export function checkAmbientConfig(ctx: AnalysisContext): void {
  checkWorkloadScopedL7(ctx);
  checkRoutingL7(ctx);
  checkPeerAuthenticationDisable(ctx);
}
