import { describe, expect, it } from 'vitest';
import { fileFindings } from './test-file-findings';

const run = (...docs: string[]) => fileFindings(docs.join('---\n'), ['IST0175']);

const requestAuthentication = (name: string, namespace: string) =>
  `apiVersion: security.istio.io/v1\nkind: RequestAuthentication\nmetadata: {name: ${name}, namespace: ${namespace}}\n` +
  'spec:\n  jwtRules:\n    - issuer: "https://example.com"\n      jwksUri: "https://example.com/.well-known/jwks.json"\n';
const istiod = (env: string) =>
  'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: istiod\n  namespace: istio-system\n  labels: {app: istiod}\n' +
  'spec:\n  selector: {matchLabels: {app: istiod}}\n  template:\n    metadata: {labels: {app: istiod}}\n' +
  `    spec:\n      containers:\n        - name: discovery\n          image: registry.istio.io/testing/pilot:latest\n          env: ${env}\n`;

// The cases of Istio's blocked-cidrs-missing.yaml, blocked-cidrs-configured.yaml and blocked-cidrs-no-ra.yaml
// (`authn.BlockedCIDRsAnalyzer`).
describe('IST0175 JwksUriFetchUnrestricted (authn.BlockedCIDRsAnalyzer)', () => {
  it('reports an istiod Deployment without BLOCKED_CIDRS_IN_JWKS_URIS when RequestAuthentications exist', () => {
    const findings = run(
      requestAuthentication('jwt-auth', 'default'),
      requestAuthentication('jwt-auth-2', 'istio-system'),
      istiod('[{name: PILOT_ENABLE_ANALYSIS, value: "true"}]'),
    );
    expect(findings.map((f) => `${f.severity} ${f.kind} ${f.namespace}/${f.name} :${f.line}`)).toEqual([
      'warning Deployment istio-system/istiod :17',
    ]);
    expect(findings[0]?.message).toBe(
      'BLOCKED_CIDRS_IN_JWKS_URIS is not configured but 2 RequestAuthentication resource(s) exist (default/jwt-auth, istio-system/jwt-auth-2). Consider configuring it to restrict JWKS URI fetches to trusted networks.',
    );
  });

  it('names five RequestAuthentications and counts the others', () => {
    const docs = ['a', 'b', 'c', 'd', 'e', 'f', 'g'].map((n) => requestAuthentication(n, 'default'));
    expect(run(...docs, istiod('[]'))[0]?.message).toContain(
      '7 RequestAuthentication resource(s) exist (default/a, default/b, default/c, default/d, default/e, and 2 more)',
    );
  });

  it('is silent when istiod sets the variable, without RequestAuthentications, or without an istiod Deployment', () => {
    const configured = '[{name: BLOCKED_CIDRS_IN_JWKS_URIS, value: "10.0.0.0/8,192.168.0.0/16,172.16.0.0/12"}]';
    expect(run(requestAuthentication('jwt-auth', 'default'), istiod(configured))).toEqual([]);
    expect(run(istiod('[]'))).toEqual([]);
    expect(run(requestAuthentication('jwt-auth', 'default'))).toEqual([]);
    // an empty value does not configure it
    expect(
      run(requestAuthentication('jwt-auth', 'default'), istiod('[{name: BLOCKED_CIDRS_IN_JWKS_URIS, value: ""}]')),
    ).toHaveLength(1);
  });
});
