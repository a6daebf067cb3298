import { describe, expect, it } from 'vitest';
import { analyzerTestFile, fileFindings } from './test-file-findings';

const run = (text: string) => fileFindings(text, ['IST0146', 'IST0147']);

// Istio's own analyzer test file (testdata/analyzers/image-auto.yaml, "Detect `image: auto` in non-injected pods").
const ISTIO_IMAGE_AUTO = analyzerTestFile('image-auto.yaml');

const gatewayDeployment = (namespace: string, labels = '{istio: ingressgateway}') =>
  `apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: gw, namespace: ${namespace}}\nspec:\n` +
  `  selector: {matchLabels: {istio: ingressgateway}}\n  template:\n    metadata: {labels: ${labels}}\n` +
  '    spec: {containers: [{name: istio-proxy, image: auto}]}\n';

describe('image: auto without injection (injection.ImageAutoAnalyzer)', () => {
  it("reports what Istio's test expects on its image-auto.yaml: the Pod (error) and the non-injected Deployment", () => {
    const findings = run(ISTIO_IMAGE_AUTO);
    expect(findings.map((f) => `${f.code} ${f.severity} ${f.kind} ${f.namespace}/${f.name} :${f.line}`)).toEqual([
      'IST0147 error Pod default/injected-pod :42',
      'IST0146 warning Deployment not-injected/non-injected-gateway-deployment :53',
    ]);
    expect(findings.map((f) => f.message)).toEqual([
      'Pod injected-pod contains `image: auto` but does not match any Istio injection webhook selectors.',
      'Deployment non-injected-gateway-deployment contains `image: auto` but does not match any Istio injection webhook selectors.',
    ]);
  });

  it("is silent on a Deployment an Istio webhook's selectors match, by namespace or by the template's labels", () => {
    const webhooks = ISTIO_IMAGE_AUTO.split('---\n').slice(0, 3).join('---\n');
    expect(run([webhooks, gatewayDeployment('injected')].join('---\n'))).toEqual([]);
    const optIn = gatewayDeployment('non-injected', '{istio: ingressgateway, sidecar.istio.io/inject: "true"}');
    expect(run([webhooks, optIn].join('---\n'))).toEqual([]);
    // without any injection webhook in the files, istioctl finds none to match either
    expect(run(gatewayDeployment('injected')).map((f) => f.code)).toEqual(['IST0146']);
  });
});
