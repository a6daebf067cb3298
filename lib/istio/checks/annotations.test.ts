import { describe, expect, it } from 'vitest';
import { validateSources } from '../validate-files';
import type { ValidateOptions } from '../validate-files';

const CODES = ['IST0107', 'IST0108', 'IST0125', 'IST0135', 'IST0136'];

function findings(yaml: string, options: ValidateOptions = {}): string[] {
  const run = validateSources([{ name: 'a.yaml', text: yaml }], options);
  if (!run.ok) throw new Error(run.errors[0]?.message);
  return run.findings
    .filter((f) => CODES.includes(f.code))
    .map((f) => `${f.code} ${f.kind} ${f.name} ${f.path}: ${f.message}`);
}

const pod = (annotations: Record<string, string>, extra = '') => `apiVersion: v1
kind: Pod
metadata:
  name: web
  namespace: shop
  annotations: ${JSON.stringify(annotations)}
spec:
  containers: [{name: web, image: nginx}]${extra}
`;

// After the cases of Istio's `misannoted` analyzer test (analyzers_test.go): an unknown annotation on a Service, an
// invalid one on a Pod, misplaced ones on a Pod, a Deployment and a Namespace, a deprecated one on a Deployment.
describe('annotations.K8sAnalyzer (IST0107, IST0108, IST0125, IST0135)', () => {
  it('is silent on valid Istio annotations and on annotations of other domains', () => {
    const yaml = [
      pod({
        'sidecar.istio.io/proxyCPU': '100m',
        'proxy.istio.io/config': '{}',
        'traffic.sidecar.istio.io/includeOutboundIPRanges': '10.0.0.0/8,fd00::/8',
        'traffic.sidecar.istio.io/excludeInboundPorts': '15020, 9090',
        'readiness.status.sidecar.istio.io/periodSeconds': '10',
        'prometheus.istio.io/merge-metrics': 'false',
        'sidecar.istio.io/interceptionMode': 'TPROXY',
        'helm.sh/hook': 'test-success',
        'kubernetes.io/psp': 'privileged',
        'galley.istio.io/analyze-suppress': 'IST0103',
      }),
      'apiVersion: v1\nkind: Service\nmetadata: {name: web, namespace: shop, annotations: {networking.istio.io/exportTo: "."}}\nspec: {ports: [{name: http, port: 80}], selector: {app: web}}',
      'apiVersion: v1\nkind: Namespace\nmetadata: {name: istio-system, annotations: {topology.istio.io/controlPlaneClusters: "*"}}',
    ].join('\n---\n');
    expect(findings(yaml)).toEqual([]);
  });

  it('reports an istio.io annotation Istio does not know (IST0108)', () => {
    const yaml =
      'apiVersion: v1\nkind: Service\nmetadata: {name: httpbin, namespace: shop, annotations: {networking.istio.io/exportThree: bar, networking.istio.io/exportTo: "*"}}\nspec: {ports: [{name: http, port: 8000}]}';
    expect(findings(yaml)).toEqual([
      'IST0108 Service httpbin metadata.annotations["networking.istio.io/exportThree"]: Unknown annotation: networking.istio.io/exportThree',
    ]);
  });

  it('reports a value the injector refuses (IST0125) with Go’s error text', () => {
    expect(findings(pod({ 'readiness.status.sidecar.istio.io/initialDelaySeconds': 'bar' }))).toEqual([
      'IST0125 Pod web metadata.annotations["readiness.status.sidecar.istio.io/initialDelaySeconds"]: Invalid annotation readiness.status.sidecar.istio.io/initialDelaySeconds: strconv.ParseUint: parsing "bar": invalid syntax',
    ]);
    expect(findings(pod({ 'sidecar.istio.io/interceptionMode': 'redirect' }))).toEqual([
      'IST0125 Pod web metadata.annotations["sidecar.istio.io/interceptionMode"]: Invalid annotation sidecar.istio.io/interceptionMode: interceptionMode invalid, use REDIRECT,TPROXY,NONE: redirect',
    ]);
    // Istio does not trim CIDR lists: a space after the comma is an invalid prefix
    expect(findings(pod({ 'traffic.sidecar.istio.io/excludeOutboundIPRanges': '10.0.0.0/8, 10.1.0.0/16' }))).toEqual([
      'IST0125 Pod web metadata.annotations["traffic.sidecar.istio.io/excludeOutboundIPRanges"]: Invalid annotation traffic.sidecar.istio.io/excludeOutboundIPRanges: excludeIPRanges invalid: failed parsing cidr \' 10.1.0.0/16\': netip.ParsePrefix(" 10.1.0.0/16"): ParseAddr(" 10.1.0.0"): unable to parse IP',
    ]);
    expect(findings(pod({ 'traffic.sidecar.istio.io/includeInboundPorts': '80,http' }))).toEqual([
      'IST0125 Pod web metadata.annotations["traffic.sidecar.istio.io/includeInboundPorts"]: Invalid annotation traffic.sidecar.istio.io/includeInboundPorts: includeInboundPorts invalid: failed parsing port \'http\': failed parsing port \'http\': strconv.ParseUint: parsing "http": invalid syntax',
    ]);
  });

  it('reports annotations on kinds they do not apply to (IST0107), and deprecated ones (IST0135)', () => {
    const yaml = [
      pod({ 'kubernetes.io/ingress.class': 'istio', 'proxy.istio.io/config': '{}' }),
      'apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: fortio, namespace: shop, annotations: {sidecar.istio.io/statsInclusionPrefixes: cluster.outbound}}\nspec: {selector: {matchLabels: {app: fortio}}, template: {metadata: {labels: {app: fortio}}, spec: {containers: [{name: fortio}]}}}',
      'apiVersion: v1\nkind: Namespace\nmetadata: {name: staging, annotations: {kubernetes.io/ingress.class: foo}}',
    ].join('\n---\n');
    expect(findings(yaml)).toEqual([
      'IST0107 Pod web metadata.annotations["kubernetes.io/ingress.class"]: Misplaced annotation: kubernetes.io/ingress.class can only be applied to Ingress',
      'IST0107 Deployment fortio metadata.annotations["sidecar.istio.io/statsInclusionPrefixes"]: Misplaced annotation: sidecar.istio.io/statsInclusionPrefixes can only be applied to Pod',
      'IST0135 Deployment fortio metadata.annotations["sidecar.istio.io/statsInclusionPrefixes"]: Annotation "sidecar.istio.io/statsInclusionPrefixes" has been deprecated and may not work in future Istio versions.',
      'IST0107 Namespace staging metadata.annotations["kubernetes.io/ingress.class"]: Misplaced annotation: kubernetes.io/ingress.class can only be applied to Ingress',
    ]);
  });

  it('reports the sidecar.istio.io/inject annotation as deprecated unless the label is there too', () => {
    const annotated = pod({ 'sidecar.istio.io/inject': 'false' });
    expect(findings(annotated)).toEqual([
      'IST0135 Pod web metadata.annotations["sidecar.istio.io/inject"]: Annotation "sidecar.istio.io/inject" has been deprecated in favor of the "sidecar.istio.io/inject" label and may not work in future Istio versions.',
    ]);
    expect(
      findings(annotated.replace('  name: web\n', '  name: web\n  labels: {sidecar.istio.io/inject: "false"}\n')),
    ).toEqual([]);
  });

  it('does not read pod templates: annotations there are the pods’ (Istio’s Deployment check is on its metadata)', () => {
    const yaml =
      'apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: fortio, namespace: shop}\nspec: {selector: {matchLabels: {app: fortio}}, template: {metadata: {labels: {app: fortio}, annotations: {sidecar.istio.io/bogus: x}}, spec: {containers: [{name: fortio}]}}}';
    expect(findings(yaml)).toEqual([]);
  });
});

describe('maturity.AlphaAnalyzer (IST0136), opt-in as istioctl x precheck runs it', () => {
  const alpha = pod({
    'sidecar.istio.io/proxyCPU': '100m',
    'sidecar.istio.io/status': '{}',
    'sidecar.istio.io/interceptionMode': 'REDIRECT',
    'proxy.istio.io/config': '{}',
  });

  it('is off by default (istioctl analyze leaves the analyzer out)', () => {
    expect(findings(alpha)).toEqual([]);
  });

  it('reports alpha annotations, not the ones istiod sets (status; capture ones on a CNI pod), nor beta ones', () => {
    expect(findings(alpha, { alphaAnnotations: true })).toEqual([
      'IST0136 Pod web metadata.annotations["sidecar.istio.io/proxyCPU"]: Annotation "sidecar.istio.io/proxyCPU" is part of an alpha-phase feature and may be incompletely supported.',
    ]);
    const withInit = alpha.replace('  containers:', '  initContainers: [{name: istio-init}]\n  containers:');
    expect(findings(withInit, { alphaAnnotations: true }).map((l) => l.split(':')[0])).toEqual([
      'IST0136 Pod web metadata.annotations["sidecar.istio.io/interceptionMode"]',
      'IST0136 Pod web metadata.annotations["sidecar.istio.io/proxyCPU"]',
    ]);
  });
});
