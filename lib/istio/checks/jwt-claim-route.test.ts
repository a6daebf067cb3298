import { describe, expect, it } from 'vitest';
import { defaultResources } from '../analyze-report';
import { analyzerTestFile, fileFindings } from './test-file-findings';

// As `istioctl analyze -f` runs, with Istio's default resources (the ingress gateway's pod in istio-system).
const run = (text: string) => fileFindings(text, ['IST0149'], { defaults: defaultResources('istio-system') });

// Istio's own analyzer test file (testdata/analyzers/virtualservice_jwtclaimroute.yaml, `virtualServiceJWTClaimRoute`).
const ISTIO_JWT_ROUTE = analyzerTestFile('virtualservice_jwtclaimroute.yaml');

const requestAuthentication = (namespace: string, selector: string) =>
  `apiVersion: security.istio.io/v1\nkind: RequestAuthentication\nmetadata: {name: jwt, namespace: ${namespace}}\n` +
  `spec: {selector: ${selector}, jwtRules: [{issuer: testing@secure.istio.io}]}\n`;

describe('IST0149 JwtClaimBasedRoutingWithoutRequestAuthN (virtualservice.JWTClaimRouteAnalyzer)', () => {
  it("reports Istio's virtualservice_jwtclaimroute.yaml: claim routing on a gateway whose pod has no RequestAuthentication", () => {
    const findings = run(ISTIO_JWT_ROUTE);
    expect(findings.map((f) => `${f.severity} ${f.kind} ${f.namespace}/${f.name} :${f.line}`)).toEqual([
      'error VirtualService default/foo :3',
    ]);
    expect(findings[0]?.message).toBe(
      'The virtual service uses the JWT claim based routing (key: @request.auth.claims.foo) but found no request authentication for the gateway (default/foo-gateway) pod (istio-ingressgateway-dummypod). The request authentication must first be applied for the gateway pods to validate the JWT token and make the claims available for routing.',
    );
  });

  it("is silent with a RequestAuthentication in istio-system selecting the gateway's pods (Istio's JWT claim routing task)", () => {
    const docs = [ISTIO_JWT_ROUTE, requestAuthentication('istio-system', '{matchLabels: {istio: ingressgateway}}')];
    expect(run(docs.join('---\n'))).toEqual([]);
    // one selecting other pods, or in another namespace, does not count
    expect(
      run([ISTIO_JWT_ROUTE, requestAuthentication('istio-system', '{matchLabels: {app: x}}')].join('---\n')),
    ).toHaveLength(1);
    expect(run([ISTIO_JWT_ROUTE, requestAuthentication('default', '{}')].join('---\n'))).toHaveLength(1);
  });

  it('is silent on routes that match no claim, mesh-only routes and gateways the snapshot lacks', () => {
    expect(run(ISTIO_JWT_ROUTE.replace('"@request.auth.claims.foo"', 'x-user'))).toEqual([]);
    expect(run(ISTIO_JWT_ROUTE.replace('- foo-gateway', '- mesh'))).toEqual([]);
    expect(run(ISTIO_JWT_ROUTE.replace('- foo-gateway', '- other/gateway'))).toEqual([]);
  });
});
