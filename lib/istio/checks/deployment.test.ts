import { describe, expect, it } from 'vitest';
import {
  analyzerTestFile,
  fileFindings,
  findingLine,
  itReportsWhatIstioExpects,
  namespaceDoc as namespace,
} from './test-file-findings';

const CODES = ['IST0116', 'IST0137'];

const run = (text: string) => fileFindings(text, CODES);

const check = (text: string): string[] => run(text).map(findingLine);

// Istio's own analyzer test file (testdata/analyzers/deployment-multi-service.yaml, `serviceMultipleDeployments` in
// analyzers_test.go).
const ISTIO_MULTI_SERVICE = analyzerTestFile('deployment-multi-service.yaml');

const deployment = (name: string, ns: string, template = '{app: d}', containers = '[{name: d, image: d}]') =>
  `apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: ${name}, namespace: ${ns}}\nspec:\n` +
  `  selector: {matchLabels: {app: d}}\n  template: {metadata: {labels: ${template}}, spec: {containers: ${containers}}}\n`;
const service = (name: string, ns: string, ports: string, selector = '{app: d}') =>
  `apiVersion: v1\nkind: Service\nmetadata: {name: ${name}, namespace: ${ns}}\nspec: {selector: ${selector}, ports: ${ports}}\n`;

describe('deployments served by several services (deployment.MultiServiceAnalyzer)', () => {
  itReportsWhatIstioExpects('deployment-multi-service.yaml', CODES, [
    'IST0116 Deployment bookinfo/multiple-svc-multiple-prot :14',
    'IST0137 Deployment bookinfo/conflicting-ports :77',
    'IST0116 Deployment bookinfo/multiple-without-port :235',
  ]);

  it('words the messages as Istio', () => {
    expect(run(ISTIO_MULTI_SERVICE).map((f) => `${f.severity}: ${f.message}`)).toEqual([
      'warning: This deployment multiple-svc-multiple-prot is associated with multiple services using port 9080 but different protocols: [bookinfo/details-http-v1 bookinfo/details-tcp-v1]',
      'warning: This deployment conflicting-ports is associated with multiple services [bookinfo/conflicting-ports-1 bookinfo/conflicting-ports-2] using targetPort "9080" but different ports: [9080 9090].',
      'warning: This deployment multiple-without-port is associated with multiple services using port 9080 but different protocols: [bookinfo/productpage-http-v1 bookinfo/productpage-tcp-v1]',
    ]);
  });

  it('is silent on services of other namespaces, services without selector, and deployments out of the mesh', () => {
    const conflicting = (ns: string) => [
      service('a', ns, '[{name: tcp, port: 9080, protocol: TCP}]'),
      service('b', ns, '[{name: http, port: 9080, protocol: HTTP}]'),
    ];
    const docs = [
      // deployment-multi-service-different-ns.yaml: the same ports, but the services are in two namespaces
      namespace('bookinfo', '{istio-injection: enabled}'),
      namespace('bookinfo2', '{istio-injection: enabled}'),
      deployment('split', 'bookinfo'),
      service('a', 'bookinfo', '[{name: tcp, port: 9080, targetPort: 9080, protocol: TCP}]'),
      service('a', 'bookinfo2', '[{name: http, port: 9090, targetPort: 9080, protocol: HTTP}]'),
      // deployment-service-no-selector.yaml: a Service without selector selects nothing
      namespace('plain', '{istio-injection: enabled}'),
      deployment('helloworld', 'plain'),
      service('kubernetes', 'plain', '[{name: https, port: 443, targetPort: 6443}]', 'null'),
      service('kubernetes-tcp', 'plain', '[{name: tcp, port: 443, protocol: UDP}]', 'null'),
      // not injected: no Namespace object (files without one), an istio.io/rev namespace, an opt-out
      deployment('undeclared', 'files'),
      ...conflicting('files'),
      namespace('revisioned', '{istio.io/rev: canary}'),
      deployment('revisioned', 'revisioned'),
      ...conflicting('revisioned'),
      namespace('optout', '{istio-injection: enabled}'),
      deployment('optout', 'optout', '{app: d, sidecar.istio.io/inject: "false"}'),
      ...conflicting('optout'),
    ];
    expect(check(docs.join('---\n'))).toEqual([]);
  });

  it('counts a template with an istio-proxy container, or asking for injection, as in the mesh', () => {
    const proxy = '[{name: d, image: d}, {name: istio-proxy, image: proxyv2}]';
    const docs = [
      deployment('gateway', 'files', '{app: d}', proxy),
      deployment('asks', 'files', '{app: d, sidecar.istio.io/inject: "true"}'),
      service('a', 'files', '[{name: tcp, port: 80, targetPort: 8080}]'),
      service('b', 'files', '[{name: http, port: 81, targetPort: 8080}]'),
      // a StatefulSet is not looked at (Istio reads Deployments)
      deployment('sts', 'files', '{app: d}', proxy).replace('kind: Deployment', 'kind: StatefulSet'),
    ];
    expect(check(docs.join('---\n'))).toEqual([
      'IST0137 Deployment files/gateway :3',
      'IST0137 Deployment files/asks :10',
    ]);
  });
});
