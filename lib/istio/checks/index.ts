/**
 * Cross-object validation of Istio configuration against a cluster snapshot: the checks `istioctl analyze` runs
 * (IST codes) and, where Istio has none, Kiali's (KIA codes). Pure and isomorphic; one file per kind of check.
 */
import type { ClusterSnapshot, Finding } from '../types';
import { checkAmbient } from './ambient';
import { checkAmbientConfig } from './ambient-config';
import { checkAmbientWorkloads } from './ambient-workloads';
import { checkAuthorizationPolicies } from './authorization-policy';
import { AnalysisContext, type AnalyzeOptions } from './context';
import {
  checkDestinationRuleHosts,
  checkDestinationRuleMtls,
  checkDestinationRuleMultiMatch,
} from './destination-rule';
import { checkExportTo } from './export-to';
import { checkConflictingGateways, checkGatewaySelectors } from './gateway';
import {
  checkGateways,
  checkInternalGatewayReferences,
  checkNegativeConditions,
  checkReferenceGrants,
  checkRouteBackends,
  checkRouteParents,
} from './gateway-api';
import { checkPeerAuthenticationMtls } from './peer-authentication';
import { checkServicePortNames } from './service';
import { checkServiceEntryProtocols, checkServiceEntrySelectors } from './service-entry';
import { checkSidecarSelectors, checkSidecarsWithoutSelector } from './sidecar';
import { checkConflictingMeshGatewayHosts, checkVirtualServiceRuleOrder } from './virtual-service-rules';
import {
  checkVirtualServiceDestinations,
  checkVirtualServiceGateways,
  checkVirtualServiceRoutes,
} from './virtual-service';
import { checkPeerAuthenticationSelectors, checkRequestAuthentications } from './workload-policies';

export type { AnalyzeOptions } from './context';
export { MESSAGES, type MessageCode } from './messages';

const CHECKS: ((ctx: AnalysisContext) => void)[] = [
  checkVirtualServiceDestinations,
  checkVirtualServiceGateways,
  checkVirtualServiceRoutes,
  checkVirtualServiceRuleOrder,
  checkConflictingMeshGatewayHosts,
  checkDestinationRuleHosts,
  checkDestinationRuleMultiMatch,
  checkDestinationRuleMtls,
  checkGatewaySelectors,
  checkConflictingGateways,
  checkServiceEntryProtocols,
  checkServiceEntrySelectors,
  checkSidecarSelectors,
  checkSidecarsWithoutSelector,
  checkAuthorizationPolicies,
  checkPeerAuthenticationSelectors,
  checkPeerAuthenticationMtls,
  checkRequestAuthentications,
  checkServicePortNames,
  checkExportTo,
  checkRouteParents,
  checkRouteBackends,
  checkGateways,
  checkReferenceGrants,
  checkNegativeConditions,
  checkInternalGatewayReferences,
  checkAmbient,
  checkAmbientConfig,
  checkAmbientWorkloads,
];

const SEVERITY_ORDER = { error: 0, warning: 1, info: 2 } as const;

/**
 * Run every cross-object check over the snapshot. Findings are grouped by object (namespace, kind, name), errors
 * first within an object. Options default to Istio's defaults (root namespace `istio-system`, trust domain and
 * cluster domain `cluster.local`, auto mTLS on).
 */
export function analyze(snapshot: ClusterSnapshot, options: AnalyzeOptions = {}): Finding[] {
  const ctx = new AnalysisContext(snapshot, options);
  for (const check of CHECKS) check(ctx);
  return ctx.findings
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
