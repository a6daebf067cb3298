/**
 * Ambient checks on workloads (Kiali `business/checkers/ambient/ambient_workload_checker.go`), on each workload of
 * the snapshot with its pods (the pods of its namespace that carry its template labels):
 * - KIA1311 it asks for ambient (its own `istio.io/dataplane-mode: ambient`, or its namespace's unless it says
 *   `none`) and for a sidecar (namespace `istio-injection: enabled` or `istio.io/rev`, or its own
 *   `sidecar.istio.io/inject: "true"`; not when the namespace says `istio-injection: disabled` or it says
 *   `sidecar.istio.io/inject: "false"`). Kiali reads the inject label as `enabled`/`none`; Istio's values are used;
 * - KIA1312 it names a waypoint (`istio.io/use-waypoint`, its own or else its namespace's, not `none`) but is not
 *   captured by ambient (pods only);
 * - KIA1314 it asks for a sidecar and a pod carries the CNI's `ambient.istio.io/redirection: enabled`;
 * - KIA1315 it asks for ambient and a pod has the `istio-proxy` sidecar;
 * - KIA1316 a pod has the sidecar and the namespace is labelled `istio.io/dataplane-mode: ambient` (pods only).
 * Waypoints and ztunnel are skipped. Findings are on the workload (its kind), path `metadata.name`.
 */
import {
  DATAPLANE_MODE,
  REDIRECTION,
  USE_WAYPOINT,
  isAmbientWorkload,
  isWaypointLabels,
  isZtunnelLabels,
} from '@/lib/ambient';
import type { Labels, V1Pod, WorkloadRef } from '../types';
import type { AnalysisContext } from './context';
import type { MessageCode } from './messages';
import { isEmptySelector, matchesSelector } from './selectors';

const INJECT = 'sidecar.istio.io/inject';

const hasSidecar = (pod: V1Pod) =>
  [...(pod.spec?.containers ?? []), ...(pod.spec?.initContainers ?? [])].some((c) => c.name === 'istio-proxy') ||
  !!pod.metadata?.annotations?.['sidecar.istio.io/status'];

/** Kiali `hasAmbientLabel`: the workload's own ambient label, or its namespace's unless it opts out. */
function asksForAmbient(w: WorkloadRef, ns: Labels): boolean {
  const own = w.labels[DATAPLANE_MODE];
  return own === 'ambient' || (ns[DATAPLANE_MODE] === 'ambient' && own !== 'none');
}

/** Kiali `hasSidecarLabel` with Istio's values of `sidecar.istio.io/inject`. */
function asksForSidecar(w: WorkloadRef, ns: Labels): boolean {
  const inject = w.labels[INJECT] ?? w.annotations?.[INJECT];
  const enabled = ns['istio-injection'] === 'enabled' || (ns['istio.io/rev'] ?? '') !== '' || inject === 'true';
  const disabled = ns['istio-injection'] === 'disabled' || inject === 'false';
  return enabled && !disabled;
}

/** Kiali `hasWaypointLabel`: the workload's own `istio.io/use-waypoint`, else its namespace's; `none` is none. */
function namesWaypoint(w: WorkloadRef, ns: Labels): boolean {
  if (w.labels[DATAPLANE_MODE] === 'none') return false;
  const own = w.labels[USE_WAYPOINT];
  if (own !== undefined) return own !== '' && own !== 'none';
  const nsValue = ns[USE_WAYPOINT];
  return nsValue !== undefined && nsValue !== '' && nsValue !== 'none';
}

/** The KIA131x checks of one workload, in Kiali's order. */
export function workloadAmbientCodes(w: WorkloadRef, nsLabels: Labels, pods: V1Pod[]): MessageCode[] {
  if (isWaypointLabels(w.labels) || isZtunnelLabels(w.labels)) return [];
  const out: MessageCode[] = [];
  const ambientLabel = asksForAmbient(w, nsLabels);
  const sidecarLabel = asksForSidecar(w, nsLabels);
  const sidecarPods = pods.filter(hasSidecar);
  if (ambientLabel && sidecarLabel) out.push('KIA1311');
  if (pods.length > 0 && namesWaypoint(w, nsLabels)) {
    const captured = isAmbientWorkload({
      namespace: w.namespace,
      labels: w.labels,
      podAnnotations: pods.map((p) => p.metadata?.annotations ?? {}),
      hasSidecar: sidecarPods.length > 0,
      namespaceLabels: nsLabels,
    });
    if (!captured) out.push('KIA1312');
  }
  if (sidecarLabel && pods.some((p) => p.metadata?.annotations?.[REDIRECTION] === 'enabled')) out.push('KIA1314');
  if (ambientLabel && sidecarPods.length > 0) out.push('KIA1315');
  if (sidecarPods.length > 0 && nsLabels[DATAPLANE_MODE] === 'ambient') out.push('KIA1316');
  return out;
}

/** KIA1311–KIA1316 on every workload of the snapshot. */
export function checkAmbientWorkloads(ctx: AnalysisContext): void {
  for (const w of ctx.snapshot.workloads) {
    const ns = w.namespace || 'default';
    const pods = isEmptySelector(w.labels)
      ? []
      : ctx.snapshot.pods.filter(
          (p) => (p.metadata?.namespace || 'default') === ns && matchesSelector(w.labels, p.metadata?.labels ?? {}),
        );
    for (const code of workloadAmbientCodes(w, ctx.namespaces.get(ns) ?? {}, pods))
      ctx.report({ kind: w.kind || 'Workload', metadata: { name: w.name, namespace: ns } }, code, 'metadata.name');
  }
}
