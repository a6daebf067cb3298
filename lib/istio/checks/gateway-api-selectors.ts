/**
 * IST0166 IneffectiveSelector (istio/istio `analyzers/k8sgateway/workloadselector.go`, `k8sgateway.SelectorAnalyzer`):
 * an AuthorizationPolicy, RequestAuthentication, Telemetry or WasmPlugin without `targetRef` whose
 * `selector.matchLabels` are all carried by a Pod of its namespace deployed for a Kubernetes Gateway (labelled
 * `gateway.networking.k8s.io/gateway-name`): Istio ignores selectors on such pods, the policy must name the Gateway in
 * `targetRef`. Reported once per Gateway (Istio reports per pod; identical messages collapse), on the whole object.
 */
import type { Labels } from '../types';
import { namespaceOf, type AnalysisContext } from './context';

const GATEWAY_NAME = 'gateway.networking.k8s.io/gateway-name';
const POLICY_KINDS = new Set(['AuthorizationPolicy', 'RequestAuthentication', 'Telemetry', 'WasmPlugin']);

interface PolicySpec {
  selector?: { matchLabels?: Labels } | null;
  targetRef?: unknown;
}

/** IST0166. */
export function checkIneffectiveSelectors(ctx: AnalysisContext): void {
  const gatewayPods = new Map<string, Labels[]>();
  for (const pod of ctx.snapshot.pods) {
    const labels = pod.metadata?.labels ?? {};
    if (labels[GATEWAY_NAME] === undefined) continue;
    const ns = pod.metadata?.namespace || 'default';
    gatewayPods.set(ns, [...(gatewayPods.get(ns) ?? []), labels]);
  }
  if (gatewayPods.size === 0) return;
  for (const policy of ctx.snapshot.istioConfig) {
    if (!POLICY_KINDS.has(policy.kind)) continue;
    const spec = (policy.spec ?? {}) as PolicySpec;
    if (spec.targetRef || !spec.selector || typeof spec.selector !== 'object') continue;
    const wanted = Object.entries(spec.selector.matchLabels ?? {});
    const gateways = new Set<string>();
    for (const labels of gatewayPods.get(namespaceOf(policy)) ?? [])
      if (wanted.every(([k, v]) => labels[k] === v)) gateways.add(labels[GATEWAY_NAME] ?? '');
    for (const gateway of [...gateways].sort()) ctx.report(policy, 'IST0166', '', [gateway]);
  }
}
