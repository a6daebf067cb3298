/**
 * Sidecar checks (istio/istio `analyzers/sidecar/{selector,defaultselector}.go`):
 * - IST0101 the workloadSelector matches no pod in the Sidecar's namespace;
 * - IST0110 several Sidecars select the same pod (reported once per Sidecar);
 * - IST0111 more than one Sidecar without workloadSelector in a namespace;
 * - IST0167 IneffectivePolicy: a Sidecar selecting ambient workloads, or one without selector in an ambient
 *   namespace (there is no sidecar to configure); those are not reported as IST0110/IST0111.
 */
import type { Sidecar } from '../types';
import { nameOf, namespaceOf, type AnalysisContext } from './context';
import { objectsByPod, reportSharedPods } from './selected-pods';
import { isEmptySelector } from './selectors';

/** IST0101 (selector) and IST0110. */
export function checkSidecarSelectors(ctx: AnalysisContext): void {
  const sidecarsByPod = objectsByPod(
    ctx,
    ctx.of('Sidecar'),
    (sc) => sc.spec?.workloadSelector?.labels,
    'spec.workloadSelector',
  );
  const ambientPods = new Set(ctx.pods.filter((p) => p.ambient).map((p) => `${p.namespace}/${p.name}`));
  const ineffective = new Set<Sidecar>();
  const ambient = (pod: string, sidecars: Sidecar[]): boolean => {
    if (!ambientPods.has(pod)) return false;
    for (const sc of sidecars) {
      if (ineffective.has(sc)) continue;
      ineffective.add(sc);
      ctx.report(sc, 'IST0167', 'spec.workloadSelector', [
        'selected workload is in ambient mode, the policy has no impact',
      ]);
    }
    return true;
  };
  reportSharedPods(ctx, sidecarsByPod, 'IST0110', 'spec.workloadSelector', ambient);
}

/** `util.NamespaceInAmbientMode`: `istio.io/dataplane-mode=ambient` without a sidecar injection label. */
function namespaceInAmbientMode(labels: Record<string, string> | undefined): boolean {
  if (labels?.['istio-injection'] === 'enabled' || labels?.['istio.io/rev']) return false;
  return labels?.['istio.io/dataplane-mode'] === 'ambient';
}

/** IST0111 MultipleSidecarsWithoutWorkloadSelectors and IST0167 for Sidecars without selector. */
export function checkSidecarsWithoutSelector(ctx: AnalysisContext): void {
  const byNamespace = new Map<string, Sidecar[]>();
  for (const sc of ctx.of('Sidecar')) {
    if (!isEmptySelector(sc.spec?.workloadSelector?.labels)) continue;
    byNamespace.set(namespaceOf(sc), [...(byNamespace.get(namespaceOf(sc)) ?? []), sc]);
  }
  for (const [namespace, sidecars] of byNamespace) {
    if (namespaceInAmbientMode(ctx.namespaces.get(namespace))) {
      for (const sc of sidecars)
        ctx.report(sc, 'IST0167', 'metadata.name', ['namespace is in ambient mode, the policy has no impact']);
      continue;
    }
    if (sidecars.length < 2) continue;
    for (const sc of sidecars) ctx.report(sc, 'IST0111', 'metadata.name', [sidecars.map(nameOf), namespace]);
  }
}
