import { describe, expect, it } from 'vitest';
import { analyzerTestFile, fileFindings } from './test-file-findings';
import { parseSemVer } from './gateway-api-crds';

const run = (text: string) => fileFindings(text, ['IST0176'], {}, 'crds.yaml');

// Istio's own analyzer test file (testdata/analyzers/gateway-api-crd-version-old.yaml): TLSRoute at v1.4.1 is below
// the v1.5.0 Istio watches; GRPCRoute at v1.4.1 is above its v1.1.0.
const ISTIO_CRDS = analyzerTestFile('gateway-api-crd-version-old.yaml');

const crd = (name: string, annotations: string) =>
  `apiVersion: apiextensions.k8s.io/v1\nkind: CustomResourceDefinition\nmetadata: {name: ${name}, annotations: ${annotations}}\n` +
  'spec: {group: gateway.networking.k8s.io, names: {kind: K, plural: k}, scope: Namespaced, versions: []}\n';

describe('IST0176 GatewayAPICRDVersionBelowMinimum (k8sgateway.CRDVersionAnalyzer)', () => {
  it("reports the TLSRoute CRD of Istio's gateway-api-crd-version-old.yaml, on the CRD, and not the GRPCRoute one", () => {
    const findings = run(ISTIO_CRDS);
    expect(findings.map((f) => `${f.severity} ${f.kind} ${f.name} :${f.line}`)).toEqual([
      'warning CustomResourceDefinition tlsroutes.gateway.networking.k8s.io :1',
    ]);
    expect(findings[0]?.message).toBe(
      'Gateway API CRD "tlsroutes.gateway.networking.k8s.io" is at version "1.4.1" but Istio requires at least "1.5.0"; resources of this kind will not be processed. Upgrade the Gateway API CRDs to satisfy the minimum version.',
    );
  });

  it('compares without the pre-release, and leaves alone CRDs without a bundle version, unparsable, or not listed', () => {
    const docs = [
      crd('tlsroutes.gateway.networking.k8s.io', '{gateway.networking.k8s.io/bundle-version: v1.5.0-rc.1}'),
      crd('grpcroutes.gateway.networking.k8s.io', '{}'),
      crd('backendtlspolicies.gateway.networking.k8s.io', '{gateway.networking.k8s.io/bundle-version: latest}'),
      crd('httproutes.gateway.networking.k8s.io', '{gateway.networking.k8s.io/bundle-version: v0.5.0}'),
    ];
    expect(run(docs.join('---\n'))).toEqual([]);
    const old = run(
      crd('backendtlspolicies.gateway.networking.k8s.io', '{gateway.networking.k8s.io/bundle-version: v1.3.0-rc.2}'),
    );
    expect(old.map((f) => f.message.split(';')[0])).toEqual([
      'Gateway API CRD "backendtlspolicies.gateway.networking.k8s.io" is at version "1.3.0-rc.2" but Istio requires at least "1.4.0"',
    ]);
  });

  it('reads versions as Masterminds semver does', () => {
    expect(parseSemVer('v1.4')?.text).toBe('1.4.0');
    expect(parseSemVer('1.2.3+build.5')?.core).toEqual([1, 2, 3]);
    expect(parseSemVer('1.2.3.4')).toBeNull();
  });
});
