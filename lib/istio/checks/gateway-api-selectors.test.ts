import { describe, expect, it } from 'vitest';
import { analyzerTestFile, fileFindings } from './test-file-findings';

const run = (text: string) => fileFindings(text, ['IST0166']);

// Istio's own analyzer test file (testdata/analyzers/k8sgateway-selector.yaml, `KubernetesGatewaySelector`).
const ISTIO_SELECTORS = analyzerTestFile('k8sgateway-selector.yaml');

describe('IST0166 IneffectiveSelector (k8sgateway.SelectorAnalyzer)', () => {
  it("reports the four policies of Istio's k8sgateway-selector.yaml that select a Gateway's pod, not the one with targetRef", () => {
    const findings = run(ISTIO_SELECTORS);
    expect(findings.map((f) => `${f.severity} ${f.kind} ${f.namespace}/${f.name} :${f.line}`)).toEqual([
      'warning RequestAuthentication default/ra-ineffective :14',
      'warning AuthorizationPolicy default/ap-ineffective :25',
      'warning WasmPlugin default/wasmplugin-ineffective :36',
      'warning Telemetry default/telemetry-ineffective :48',
    ]);
    expect(findings[0]?.message).toBe(
      'Ineffective selector on Kubernetes Gateway bookinfo-gateway. Use the TargetRef field instead.',
    );
  });

  it("is silent on selectors of other pods, policies of another namespace, and when no Gateway's pod is known", () => {
    const gatewayPod = ISTIO_SELECTORS.split('---\n')[0] ?? '';
    const policy = (name: string, ns: string, labels: string) =>
      `apiVersion: security.istio.io/v1\nkind: AuthorizationPolicy\nmetadata: {name: ${name}, namespace: ${ns}}\n` +
      `spec: {selector: {matchLabels: ${labels}}}\n`;
    const docs = [
      gatewayPod,
      policy('other-app', 'default', '{app: productpage}'),
      policy('other-gateway', 'default', '{gateway.networking.k8s.io/gateway-name: other}'),
      policy('other-namespace', 'shop', '{gateway.networking.k8s.io/gateway-name: bookinfo-gateway}'),
    ];
    expect(run(docs.join('---\n'))).toEqual([]);
    // the Gateway's Deployment alone (no Pod): Istio reads Pods
    expect(run(ISTIO_SELECTORS.split('---\n').slice(1).join('---\n'))).toEqual([]);
  });
});
