/**
 * IST0176 GatewayAPICRDVersionBelowMinimum (istio/istio `analyzers/k8sgateway/crdversion.go`,
 * `k8sgateway.CRDVersionAnalyzer`), on the CustomResourceDefinitions of the snapshot (files): a Gateway API CRD whose
 * `gateway.networking.k8s.io/bundle-version` annotation, read as a semantic version without its pre-release, is below
 * the minimum Istio's CRD watcher accepts (`gatewayapi.MinimumCRDVersions`); istiod then never watches the kind and
 * its resources are not processed. A CRD without the annotation, or with a version that does not parse, is left alone
 * (as Istio does).
 */
import type { AnalysisContext } from './context';

const BUNDLE_VERSION = 'gateway.networking.k8s.io/bundle-version';

/** `gatewayapi.MinimumCRDVersions`, by CRD name: [major, minor, patch]. */
const MINIMUM_CRD_VERSIONS: Record<string, [number, number, number]> = {
  'grpcroutes.gateway.networking.k8s.io': [1, 1, 0],
  'backendtlspolicies.gateway.networking.k8s.io': [1, 4, 0],
  'tlsroutes.gateway.networking.k8s.io': [1, 5, 0],
};

interface SemVer {
  core: [number, number, number];
  /** Masterminds `Version.String()`: `1.4.1`, `1.5.0-rc.1`, without the leading `v`. */
  text: string;
}

/** Masterminds `semver.NewVersion` (lenient: `v` prefix, missing minor or patch are 0); null when it does not parse. */
export function parseSemVer(value: string): SemVer | null {
  const m = /^v?(\d+)(?:\.(\d+))?(?:\.(\d+))?(?:-([0-9A-Za-z.-]+))?(?:\+([0-9A-Za-z.-]+))?$/.exec(value.trim());
  if (!m) return null;
  const core: [number, number, number] = [Number(m[1]), Number(m[2] ?? 0), Number(m[3] ?? 0)];
  const text = core.join('.') + (m[4] ? `-${m[4]}` : '') + (m[5] ? `+${m[5]}` : '');
  return { core, text };
}

const below = (a: readonly number[], b: readonly number[]): boolean => {
  for (let i = 0; i < 3; i++) if ((a[i] ?? 0) !== (b[i] ?? 0)) return (a[i] ?? 0) < (b[i] ?? 0);
  return false;
};

/** IST0176. */
export function checkGatewayApiCrdVersions(ctx: AnalysisContext): void {
  for (const crd of ctx.snapshot.customResourceDefinitions ?? []) {
    const minimum = MINIMUM_CRD_VERSIONS[crd.name];
    const bundle = crd.annotations[BUNDLE_VERSION];
    if (!minimum || bundle === undefined) continue;
    const installed = parseSemVer(bundle);
    if (!installed || !below(installed.core, minimum)) continue;
    const obj = {
      apiVersion: 'apiextensions.k8s.io/v1',
      kind: 'CustomResourceDefinition',
      metadata: { name: crd.name },
    };
    ctx.report(obj, 'IST0176', '', [crd.name, installed.text, minimum.join('.')]);
  }
}
