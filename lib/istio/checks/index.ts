/**
 * Cross-object validation of Istio configuration against a cluster snapshot: the checks `istioctl analyze` runs
 * (IST codes) and, where Istio has none, Kiali's (KIA codes). Pure and isomorphic; one file per kind of check.
 */
import type { ClusterSnapshot, Finding } from '../types';
import { checkAmbient } from './ambient';
import { checkAmbientConfig } from './ambient-config';
import { checkAmbientWorkloads } from './ambient-workloads';
import { checkAlphaAnnotations, checkAnnotations } from './annotations';
import { checkApplicationUid } from './application-uid';
import { checkAuthorizationPolicies, checkAuthorizationPolicyMtls } from './authorization-policy';
import { AnalysisContext, type AnalyzeOptions } from './context';
import { checkDeploymentServices } from './deployment';
import { checkDeprecatedFields } from './deprecation';
import {
  checkDestinationRuleCaCertificates,
  checkDestinationRuleHosts,
  checkDestinationRuleMtls,
  checkDestinationRuleMultiMatch,
} from './destination-rule';
import { checkEnvoyFilterPatches } from './envoy-filter';
import { checkExportTo } from './export-to';
import { checkExternalControlPlane } from './external-control-plane';
import {
  checkConflictingGateways,
  checkDuplicateCertificates,
  checkGatewaySecrets,
  checkGatewaySelectors,
} from './gateway';
import {
  checkGateways,
  checkInternalGatewayReferences,
  checkNegativeConditions,
  checkReferenceGrants,
  checkRouteBackends,
  checkRouteParents,
} from './gateway-api';
import { checkGatewayApiCrdVersions } from './gateway-api-crds';
import { checkGatewayMultiMatch } from './gateway-api-multimatch';
import { checkIneffectiveSelectors } from './gateway-api-selectors';
import { checkImageAuto } from './image-auto';
import { checkInjection } from './injection';
import { checkProxyImages } from './injection-image';
import { checkJwksUriCidrs } from './jwks-cidrs';
import { checkJwtClaimRoutes } from './jwt-claim-route';
import { checkMeshNetworks } from './mesh-networks';
import { checkPeerAuthenticationDisabledMtls, checkPeerAuthenticationMtls } from './peer-authentication';
import { checkServicePortNames } from './service';
import { checkServiceEntryAddresses, checkServiceEntryProtocols, checkServiceEntrySelectors } from './service-entry';
import { checkSidecarSelectors, checkSidecarsWithoutSelector } from './sidecar';
import { checkTelemetriesWithoutSelector, checkTelemetryProviders, checkTelemetrySelectors } from './telemetry';
import { checkConflictingMeshGatewayHosts, checkVirtualServiceRuleOrder } from './virtual-service-rules';
import {
  checkIngressSubsetRouting,
  checkVirtualServiceDestinations,
  checkVirtualServiceGateways,
  checkVirtualServiceMatchGateways,
  checkVirtualServiceRoutes,
} from './virtual-service';
import { checkWebhooks } from './webhook';
import { checkPeerAuthenticationSelectors, checkRequestAuthentications } from './workload-policies';

export type { AnalyzeOptions } from './context';
export { MESSAGES, type MessageCode } from './messages';
export { analyzeMultiClusterServices, type ClusterServices } from './multicluster-service';

const CHECKS: ((ctx: AnalysisContext) => void)[] = [
  checkVirtualServiceDestinations,
  checkVirtualServiceGateways,
  checkVirtualServiceMatchGateways,
  checkVirtualServiceRoutes,
  checkJwtClaimRoutes,
  checkVirtualServiceRuleOrder,
  checkConflictingMeshGatewayHosts,
  checkDestinationRuleHosts,
  checkDestinationRuleMultiMatch,
  checkDestinationRuleMtls,
  checkDestinationRuleCaCertificates,
  checkGatewaySelectors,
  checkConflictingGateways,
  checkDuplicateCertificates,
  checkGatewaySecrets,
  checkIngressSubsetRouting,
  checkServiceEntryAddresses,
  checkServiceEntryProtocols,
  checkServiceEntrySelectors,
  checkSidecarSelectors,
  checkSidecarsWithoutSelector,
  checkAuthorizationPolicies,
  checkAuthorizationPolicyMtls,
  checkPeerAuthenticationSelectors,
  checkPeerAuthenticationMtls,
  checkPeerAuthenticationDisabledMtls,
  checkRequestAuthentications,
  checkJwksUriCidrs,
  checkServicePortNames,
  checkExportTo,
  checkRouteParents,
  checkRouteBackends,
  checkGateways,
  checkGatewayMultiMatch,
  checkReferenceGrants,
  checkNegativeConditions,
  checkInternalGatewayReferences,
  checkGatewayApiCrdVersions,
  checkIneffectiveSelectors,
  checkAmbient,
  checkDeprecatedFields,
  checkEnvoyFilterPatches,
  checkInjection,
  checkProxyImages,
  checkImageAuto,
  checkWebhooks,
  checkExternalControlPlane,
  checkMeshNetworks,
  checkApplicationUid,
  checkDeploymentServices,
  checkTelemetrySelectors,
  checkTelemetriesWithoutSelector,
  checkTelemetryProviders,
  checkAmbientConfig,
  checkAmbientWorkloads,
  checkAnnotations,
  checkAlphaAnnotations,
];

const SEVERITY_ORDER = { error: 0, warning: 1, info: 2 } as const;

/** `annotation.GalleyAnalyzeSuppress`: codes (comma-separated, `*` for all) not to report on the annotated object. */
export const SUPPRESS_ANNOTATION = 'galley.istio.io/analyze-suppress';

interface Annotated {
  kind?: string;
  metadata?: { name?: string; namespace?: string; annotations?: Record<string, string> | undefined };
}

/** `Kind|namespace|name` → suppressed codes, for every object of the snapshot that carries the annotation. */
function suppressedCodes(snapshot: ClusterSnapshot): Map<string, string[]> {
  const out = new Map<string, string[]>();
  const add = (kind: string, o: Annotated) => {
    const value = o.metadata?.annotations?.[SUPPRESS_ANNOTATION];
    if (!value) return;
    const key = `${kind}|${o.metadata?.namespace || 'default'}|${o.metadata?.name ?? ''}`;
    out.set(key, [...(out.get(key) ?? []), ...value.split(',').map((c) => c.trim())]);
  };
  for (const o of [...snapshot.istioConfig, ...(snapshot.gatewayApi ?? [])]) add(o.kind, o);
  for (const s of snapshot.services) add('Service', s as Annotated);
  for (const p of snapshot.pods) add('Pod', p as Annotated);
  return out;
}

/** Istio's `filterMessages`: the annotation on the finding's object lists its code or `*`. */
function isSuppressedByAnnotation(f: Finding, suppressed: Map<string, string[]>): boolean {
  const codes = suppressed.get(`${f.kind}|${f.namespace}|${f.name}`);
  return codes !== undefined && codes.some((c) => c === '*' || c === f.code);
}

/**
 * Run every cross-object check over the snapshot. Findings are grouped by object (namespace, kind, name), errors
 * first within an object. Options default to Istio's defaults (root namespace `istio-system`, trust domain and
 * cluster domain `cluster.local`, auto mTLS on). Findings on an object annotated `galley.istio.io/analyze-suppress`
 * with their code (or `*`) are left out, as istioctl and istiod leave them out.
 */
export function analyze(snapshot: ClusterSnapshot, options: AnalyzeOptions = {}): Finding[] {
  const ctx = new AnalysisContext(snapshot, options);
  for (const check of CHECKS) check(ctx);
  const suppressed = suppressedCodes(snapshot);
  return ctx.findings
    .filter((f) => !isSuppressedByAnnotation(f, suppressed))
    .map((finding, order) => ({ finding, order }))
    .sort(
      (a, b) =>
        a.finding.namespace.localeCompare(b.finding.namespace) ||
        a.finding.kind.localeCompare(b.finding.kind) ||
        a.finding.name.localeCompare(b.finding.name) ||
        SEVERITY_ORDER[a.finding.severity] - SEVERITY_ORDER[b.finding.severity] ||
        a.order - b.order,
    )
    .map(({ finding }) => finding);
}
