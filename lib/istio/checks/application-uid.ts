/**
 * IST0144 InvalidApplicationUID (istio/istio `analyzers/deployment/pod.go`, `ApplicationUIDAnalyzer`): a Pod, or a
 * Deployment's pod template, that runs as user ID 1337 (the pod's `securityContext.runAsUser`, or that of a container
 * other than `istio-proxy` and `istio-operator`), unless the object is Istio's own (a label `istio`, or
 * `release: istio`). UID 1337 is the proxy's: the sidecar's traffic capture lets its traffic through unredirected.
 */
import type { AnalysisContext } from './context';

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

export const PROXY_UID = 1337;

/** Whether a pod spec runs application code as UID 1337. */
export function runsAsProxyUid(podSpec: unknown): boolean {
  if (!isObject(podSpec)) return false;
  const uid = (v: unknown) => (isObject(v) ? v.runAsUser : undefined);
  if (uid(podSpec.securityContext) === PROXY_UID) return true;
  const containers = Array.isArray(podSpec.containers) ? podSpec.containers : [];
  return containers.some(
    (c) =>
      isObject(c) && c.name !== 'istio-proxy' && c.name !== 'istio-operator' && uid(c.securityContext) === PROXY_UID,
  );
}

/** `util.IsIstioControlPlane`: labelled `istio`, or `release: istio`. */
export const isIstioControlPlane = (labels: Record<string, string> | undefined): boolean =>
  labels?.istio !== undefined || labels?.release === 'istio';

/** IST0144 on Pods and Deployments. */
export function checkApplicationUid(ctx: AnalysisContext): void {
  for (const pod of ctx.snapshot.pods) {
    if (isIstioControlPlane(pod.metadata?.labels) || !runsAsProxyUid(pod.spec)) continue;
    const metadata = { name: pod.metadata?.name ?? '', namespace: pod.metadata?.namespace || 'default' };
    ctx.report({ kind: 'Pod', metadata }, 'IST0144', 'spec');
  }
  for (const w of ctx.snapshot.workloads) {
    if (w.kind !== 'Deployment' || !w.runsAsProxyUid) continue;
    ctx.report(
      { kind: 'Deployment', metadata: { name: w.name, namespace: w.namespace } },
      'IST0144',
      'spec.template.spec',
    );
  }
}
