import { describe, expect, it } from 'vitest';
import { validateSources } from '../validate-files';

function check(...docs: string[]): string[] {
  const run = validateSources([{ name: 'p.yaml', text: docs.join('---\n') }]);
  if (!run.ok) throw new Error(run.errors[0]?.message);
  return run.findings
    .filter((f) => f.code === 'IST0144')
    .map((f) => `${f.kind} ${f.namespace}/${f.name}`)
    .sort();
}

const pod = (name: string, spec: string, labels = '{}') =>
  `apiVersion: v1\nkind: Pod\nmetadata: {name: ${name}, labels: ${labels}}\nspec: ${spec}\n`;
const deployment = (name: string, podSpec: string, labels = '{}') =>
  `apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: ${name}, labels: ${labels}}\nspec:\n` +
  `  selector: {matchLabels: {app: ${name}}}\n  template:\n    metadata: {labels: {app: ${name}}}\n    spec: ${podSpec}\n`;

// The cases of Istio's pod-sec-uid.yaml, pod-con-sec-uid.yaml, deployment-pod-sec-uid.yaml and
// deployment-con-sec-uid.yaml (`ApplicationUIDAnalyzer` in analyzers_test.go).
describe('IST0144 InvalidApplicationUID', () => {
  it('reports a Pod or a Deployment running as UID 1337, at pod or container level, once each', () => {
    expect(
      check(
        pod('pod-sec-uid', '{securityContext: {runAsUser: 1337}, containers: [{name: app, image: a}]}'),
        pod('con-sec-uid', '{containers: [{name: app, image: a, securityContext: {runAsUser: 1337}}]}'),
        deployment(
          'deploy-pod-sec-uid',
          '{securityContext: {runAsUser: 1337}, containers: [{name: app, image: a, securityContext: {runAsUser: 1337}}]}',
        ),
        deployment('deploy-con-sec-uid', '{containers: [{name: app, image: a, securityContext: {runAsUser: 1337}}]}'),
      ),
    ).toEqual([
      'Deployment default/deploy-con-sec-uid',
      'Deployment default/deploy-pod-sec-uid',
      'Pod default/con-sec-uid',
      'Pod default/pod-sec-uid',
    ]);
  });

  it('is silent on other UIDs, on the proxy container itself, and on Istio’s own workloads', () => {
    expect(
      check(
        pod('app', '{securityContext: {runAsUser: 1000}, containers: [{name: app, image: a}]}'),
        pod(
          'proxy',
          '{containers: [{name: app, image: a}, {name: istio-proxy, image: p, securityContext: {runAsUser: 1337}}]}',
        ),
        pod(
          'gateway',
          '{securityContext: {runAsUser: 1337}, containers: [{name: istio-proxy, image: p}]}',
          '{istio: ingressgateway}',
        ),
        deployment(
          'istiod',
          '{securityContext: {runAsUser: 1337}, containers: [{name: discovery, image: d}]}',
          '{release: istio}',
        ),
      ),
    ).toEqual([]);
  });
});
