/**
 * IST0175 JwksUriFetchUnrestricted (istio/istio `analyzers/authn/blockedcidrs.go`, `authn.BlockedCIDRsAnalyzer`):
 * RequestAuthentications exist, and a Deployment labelled `app: istiod` sets `BLOCKED_CIDRS_IN_JWKS_URIS` in none of
 * its template's containers: istiod would fetch any `jwksUri` the policies name, private ranges included. Reported on
 * each such istiod Deployment (never when the snapshot holds no istiod Deployment, as with files of applications
 * only), naming the first five RequestAuthentications (`namespace/name`, sorted) and how many more.
 */
import type { AnalysisContext } from './context';
import { fullName } from './context';

const MAX_NAMES = 5;

/** `formatRANames`. */
function formatNames(names: string[]): string {
  if (names.length <= MAX_NAMES) return names.join(', ');
  return `${names.slice(0, MAX_NAMES).join(', ')}, and ${names.length - MAX_NAMES} more`;
}

/** IST0175. */
export function checkJwksUriCidrs(ctx: AnalysisContext): void {
  const names = ctx.of('RequestAuthentication').map(fullName).sort();
  if (names.length === 0) return;
  for (const w of ctx.snapshot.workloads) {
    if (w.kind !== 'Deployment' || !w.istiod || w.istiod.blockedCidrsInJwksUris) continue;
    const obj = { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: w.name, namespace: w.namespace } };
    ctx.report(obj, 'IST0175', '', [names.length, formatNames(names)]);
  }
}
