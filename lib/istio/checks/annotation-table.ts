/**
 * Istio's resource annotations (istio/api `annotation/annotations.gen.go`, `annotation.AllResourceAnnotations()`):
 * name, feature status, deprecation and the resource types each applies to, as Istio's annotation analyzers read them
 * (IST0107/0108/0125/0135/0136, lib/istio/checks/annotations.ts).
 *
 * Data transcribed from istio/api (Apache License 2.0, Copyright Istio Authors), `annotation/annotations.gen.go` at
 * the v1.22.0 generation (the file of 999 lines / 29.2 KB that declares `SidecarNativeSidecar`; istio/api commit not
 * recorded by the source index, tag v1.22.0), plus three Pod annotations later istio/api releases added that
 * istio/istio's sources read (`ambient.istio.io/dns-capture` in cni's pod-level overrides,
 * `istio.io/reroute-virtual-interfaces` there too, `sidecar.istio.io/statsCompression` in the bootstrap options),
 * entered as Alpha, not deprecated, Pod, so that configurations using them are not reported unknown.
 */

/** `annotation.FeatureStatus`. */
export type FeatureStatus = 'Alpha' | 'Beta' | 'Stable';

/** `annotation.ResourceTypes` names (`Any` applies to every kind). */
export type AnnotationResource =
  | 'Any'
  | 'AuthorizationPolicy'
  | 'Gateway'
  | 'GatewayClass'
  | 'Ingress'
  | 'Namespace'
  | 'Pod'
  | 'Service'
  | 'ServiceEntry'
  | 'WorkloadEntry';

/** `annotation.Instance` without its description. */
export interface AnnotationDef {
  name: string;
  featureStatus: FeatureStatus;
  deprecated: boolean;
  resources: AnnotationResource[];
}

type Row = [name: string, status: FeatureStatus, deprecated: boolean, resources: AnnotationResource[]];

const ROWS: Row[] = [
  ['alpha.istio.io/canonical-serviceaccounts', 'Alpha', true, ['Service']],
  ['alpha.istio.io/kubernetes-serviceaccounts', 'Alpha', true, ['Service']],
  ['ambient.istio.io/bypass-inbound-capture', 'Alpha', false, ['Pod']],
  ['ambient.istio.io/redirection', 'Beta', false, ['Pod']],
  ['ambient.istio.io/waypoint-inbound-binding', 'Alpha', false, ['GatewayClass', 'Gateway']],
  ['galley.istio.io/analyze-suppress', 'Alpha', false, ['Any']],
  ['gateway.istio.io/controller-version', 'Alpha', false, ['Any']],
  ['gateway.istio.io/name-override', 'Alpha', false, ['Gateway']],
  ['gateway.istio.io/service-account', 'Alpha', false, ['Gateway']],
  ['inject.istio.io/templates', 'Alpha', false, ['Pod']],
  ['istio.io/autoRegistrationGroup', 'Alpha', false, ['WorkloadEntry']],
  ['istio.io/connectedAt', 'Alpha', false, ['WorkloadEntry']],
  ['istio.io/disconnectedAt', 'Alpha', false, ['WorkloadEntry']],
  ['istio.io/dry-run', 'Alpha', false, ['AuthorizationPolicy']],
  ['istio.io/rev', 'Alpha', false, ['Pod']],
  ['istio.io/workloadController', 'Alpha', false, ['WorkloadEntry']],
  ['kubernetes.io/ingress.class', 'Stable', false, ['Ingress']],
  ['networking.istio.io/exportTo', 'Alpha', false, ['Service']],
  ['networking.istio.io/service-type', 'Alpha', false, ['Gateway']],
  ['networking.istio.io/traffic-distribution', 'Alpha', false, ['Service', 'ServiceEntry']],
  ['prometheus.istio.io/merge-metrics', 'Alpha', false, ['Pod']],
  ['proxy.istio.io/config', 'Beta', false, ['Pod']],
  ['proxy.istio.io/overrides', 'Alpha', false, ['Pod']],
  ['readiness.status.sidecar.istio.io/applicationPorts', 'Alpha', false, ['Pod']],
  ['readiness.status.sidecar.istio.io/failureThreshold', 'Alpha', false, ['Pod']],
  ['readiness.status.sidecar.istio.io/initialDelaySeconds', 'Alpha', false, ['Pod']],
  ['readiness.status.sidecar.istio.io/periodSeconds', 'Alpha', false, ['Pod']],
  ['sidecar.istio.io/agentLogLevel', 'Alpha', false, ['Pod']],
  ['sidecar.istio.io/bootstrapOverride', 'Alpha', false, ['Pod']],
  ['sidecar.istio.io/componentLogLevel', 'Alpha', false, ['Pod']],
  ['sidecar.istio.io/discoveryAddress', 'Alpha', true, ['Pod']],
  ['sidecar.istio.io/enableCoreDump', 'Alpha', false, ['Pod']],
  ['sidecar.istio.io/extraStatTags', 'Alpha', true, ['Pod']],
  ['sidecar.istio.io/inject', 'Beta', true, ['Pod']],
  ['sidecar.istio.io/interceptionMode', 'Alpha', false, ['Pod']],
  ['sidecar.istio.io/logLevel', 'Alpha', false, ['Pod']],
  ['sidecar.istio.io/nativeSidecar', 'Alpha', false, ['Pod']],
  ['sidecar.istio.io/proxyCPU', 'Alpha', false, ['Pod']],
  ['sidecar.istio.io/proxyCPULimit', 'Alpha', false, ['Pod']],
  ['sidecar.istio.io/proxyImage', 'Alpha', false, ['Pod']],
  ['sidecar.istio.io/proxyImageType', 'Alpha', false, ['Pod']],
  ['sidecar.istio.io/proxyMemory', 'Alpha', false, ['Pod']],
  ['sidecar.istio.io/proxyMemoryLimit', 'Alpha', false, ['Pod']],
  ['sidecar.istio.io/rewriteAppHTTPProbers', 'Alpha', false, ['Pod']],
  ['sidecar.istio.io/statsHistogramBuckets', 'Alpha', false, ['Pod']],
  ['sidecar.istio.io/statsInclusionPrefixes', 'Alpha', true, ['Pod']],
  ['sidecar.istio.io/statsInclusionRegexps', 'Alpha', true, ['Pod']],
  ['sidecar.istio.io/statsInclusionSuffixes', 'Alpha', true, ['Pod']],
  ['sidecar.istio.io/status', 'Alpha', false, ['Pod']],
  ['sidecar.istio.io/userVolume', 'Alpha', false, ['Pod']],
  ['sidecar.istio.io/userVolumeMount', 'Alpha', false, ['Pod']],
  ['status.sidecar.istio.io/port', 'Alpha', false, ['Pod']],
  ['topology.istio.io/controlPlaneClusters', 'Alpha', false, ['Namespace']],
  ['traffic.istio.io/nodeSelector', 'Stable', false, ['Service']],
  ['traffic.sidecar.istio.io/excludeInboundPorts', 'Alpha', false, ['Pod']],
  ['traffic.sidecar.istio.io/excludeInterfaces', 'Alpha', false, ['Pod']],
  ['traffic.sidecar.istio.io/excludeOutboundIPRanges', 'Alpha', false, ['Pod']],
  ['traffic.sidecar.istio.io/excludeOutboundPorts', 'Alpha', false, ['Pod']],
  ['traffic.sidecar.istio.io/includeInboundPorts', 'Alpha', false, ['Pod']],
  ['traffic.sidecar.istio.io/includeOutboundIPRanges', 'Alpha', false, ['Pod']],
  ['traffic.sidecar.istio.io/includeOutboundPorts', 'Alpha', false, ['Pod']],
  ['traffic.sidecar.istio.io/kubevirtInterfaces', 'Alpha', false, ['Pod']],
  // Later istio/api releases (see the header).
  ['ambient.istio.io/dns-capture', 'Alpha', false, ['Pod']],
  ['istio.io/reroute-virtual-interfaces', 'Alpha', false, ['Pod']],
  ['sidecar.istio.io/statsCompression', 'Alpha', false, ['Pod']],
];

/** Every annotation by name (`lookupAnnotation`). */
export const ISTIO_ANNOTATIONS: ReadonlyMap<string, AnnotationDef> = new Map(
  ROWS.map(([name, featureStatus, deprecated, resources]) => [name, { name, featureStatus, deprecated, resources }]),
);
