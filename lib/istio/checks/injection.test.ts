import { describe, expect, it } from 'vitest';
import {
  analyzerTestFile,
  fileFindings,
  findingLine,
  itReportsWhatIstioExpects,
  namespaceDoc as ns,
} from './test-file-findings';

const CODES = ['IST0102', 'IST0103', 'IST0123'];

const check = (text: string): string[] => fileFindings(text, CODES).map(findingLine);

// Istio's own analyzer test file (testdata/analyzers/injection.yaml, `istioInjection` in analyzers_test.go).
const ISTIO_INJECTION = analyzerTestFile('injection.yaml');

describe('sidecar injection (injection.Analyzer)', () => {
  itReportsWhatIstioExpects(
    'injection.yaml',
    CODES,
    [
      'IST0102 Namespace default/bar :24',
      'IST0123 Namespace default/busted :47',
      'IST0103 Pod default/noninjectedpod :71',
    ],
    ': bar, busted, default/noninjectedpod',
  );

  it('words the messages as Istio', () => {
    expect(fileFindings(ISTIO_INJECTION, CODES).map((f) => f.message)).toEqual([
      "The namespace is not enabled for Istio injection. Run 'kubectl label namespace bar istio-injection=enabled' to enable it, or 'kubectl label namespace bar istio-injection=disabled' to explicitly mark it as not needing injection.",
      'The namespace has more than one type of injection labels [istio-injection=enabled istio.io/rev=canary], which may lead to undefined behavior. Make sure only one injection label exists.',
      'The pod default/noninjectedpod is missing the Istio proxy. This can often be resolved by restarting or redeploying the workload.',
    ]);
  });

  it('is silent on ambient and system namespaces, native sidecars, injected-status pods and host-network pods', () => {
    const pod = (name: string, spec: string, annotations = '{}') =>
      `apiVersion: v1\nkind: Pod\nmetadata: {name: ${name}, namespace: shop, annotations: ${annotations}}\nspec: ${spec}\n`;
    const app = '{name: app, image: app}';
    const docs = [
      ns('istio-system'),
      ns('kube-system'),
      ns('ambient', '{istio.io/dataplane-mode: ambient}'),
      ns('shop', '{istio-injection: enabled}'),
      pod(
        'native',
        `{containers: [${app}], initContainers: [{name: istio-proxy, image: proxyv2, restartPolicy: Always}]}`,
      ),
      pod('status', `{containers: [${app}]}`, '{sidecar.istio.io/status: "{}"}'),
      pod('host', `{hostNetwork: true, containers: [${app}]}`),
      // Deployments are not looked at (Istio reads Pods)
      'apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: d, namespace: shop}\nspec:\n  selector: {matchLabels: {app: d}}\n  template: {metadata: {labels: {app: d}}, spec: {containers: [{name: d, image: d}]}}\n',
    ];
    expect(check(docs.join('---\n'))).toEqual([]);
    // ambient together with sidecar injection: IST0123
    expect(check(ns('mixed', '{istio-injection: enabled, istio.io/dataplane-mode: ambient}'))).toEqual([
      'IST0123 Namespace default/mixed :3',
    ]);
  });
});
