import { describe, expect, it } from 'vitest';
import { x509Problem } from './certificate';
import { defaultResources } from '@/lib/istio/analyze-report';
import { EXPIRED_CERT, VALID_CERT } from '@/lib/istio/testdata/certificates';
import { validateSources } from '@/lib/istio/validate-files';

const b64 = (s: string) => Buffer.from(s).toString('base64');

const secret = (name: string, data: Record<string, string>, namespace = 'istio-system') =>
  `apiVersion: v1\nkind: Secret\nmetadata: {name: ${name}, namespace: ${namespace}}\ntype: kubernetes.io/tls\n` +
  `data:\n${Object.entries(data)
    .map(([k, v]) => `  ${k}: ${b64(v)}\n`)
    .join('')}`;

const gateway = (name: string, credentialName?: string, selector = 'istio: ingressgateway') =>
  `apiVersion: networking.istio.io/v1\nkind: Gateway\nmetadata: {name: ${name}, namespace: default}\nspec:\n` +
  `  selector: {${selector}}\n  servers:\n  - port: {number: 443, name: https, protocol: HTTPS}\n` +
  `    hosts: [httpbin.example.com]\n    tls: {mode: SIMPLE${credentialName ? `, credentialName: ${credentialName}` : ''}}\n`;

/** Findings of the files as `npm run validate` sees them (default resources, X.509 check), as `code origin path`. */
function findings(...docs: string[]): string[] {
  const run = validateSources([{ name: 'gw.yaml', text: docs.join('---\n') }], {
    defaults: defaultResources('istio-system'),
    checkDer: (der) => x509Problem(der),
  });
  if (!run.ok) throw new Error(run.errors[0]?.message);
  return run.findings.map((f) => `${f.code} ${f.kind} ${f.name} ${f.path}`);
}

// The cases of Istio's pkg/config/analysis/analyzers/testdata/gateway-secrets.yaml (`gatewaySecret` in
// analyzers_test.go), with a certificate of our own, and IST0161 for the Secrets that exist but cannot serve.
describe('Gateway credentialName (IST0101, IST0161: gateway.SecretAnalyzer)', () => {
  const good = secret('httpbin-credential', { 'tls.crt': VALID_CERT, 'tls.key': 'key' });

  it('is silent on a credential in the namespace of the gateway pods, and on a server without one', () => {
    expect(findings(good, gateway('defaultgateway-noerrors', 'httpbin-credential'))).toEqual([]);
    expect(findings(good, gateway('defaultgateway-nocredential'))).toEqual([]);
    // `namespace/name` names another namespace; generic `cert`/`key` keys count too
    const generic = secret('shop-cert', { cert: VALID_CERT, key: 'key' }, 'shop');
    expect(findings(generic, gateway('other-namespace', 'shop/shop-cert'))).toEqual([]);
  });

  it("reports a credential not found in the gateway pods' namespace as IST0101 on the credentialName", () => {
    expect(findings(good, gateway('defaultgateway-boguscredentialname', 'httpbin-credential-bogus'))).toEqual([
      'IST0101 Gateway defaultgateway-boguscredentialname spec.servers[0].tls.credentialName',
    ]);
    // the Secret in the Gateway's own namespace does not count: the gateway pods' namespace does
    const inDefault = secret('httpbin-credential', { 'tls.crt': VALID_CERT, 'tls.key': 'key' }, 'default');
    expect(findings(inDefault, gateway('wrong-namespace', 'httpbin-credential'))).toHaveLength(1);
  });

  it('reports only the selector when no pod matches (bogusgateway)', () => {
    expect(findings(good, gateway('bogusgateway', 'httpbin-credential', 'istio: custom-gateway'))).toEqual([
      'IST0101 Gateway bogusgateway spec.selector',
    ]);
  });

  it('reports IST0161 for a Secret without the keys, with a certificate that is not PEM, not X.509 or expired', () => {
    const cases = {
      'no-keys': { 'ca.crt': VALID_CERT },
      'empty-key': { 'tls.crt': VALID_CERT, 'tls.key': '' },
      'not-pem': { 'tls.crt': 'hello', 'tls.key': 'key' },
      'not-x509': { 'tls.crt': '-----BEGIN CERTIFICATE-----\naGVsbG8=\n-----END CERTIFICATE-----\n', 'tls.key': 'k' },
      expired: { 'tls.crt': EXPIRED_CERT, 'tls.key': 'key' },
    };
    for (const [name, data] of Object.entries(cases)) {
      expect(findings(secret(name, data), gateway('gw', name)), name).toEqual([
        'IST0161 Gateway gw spec.servers[0].tls.credentialName',
      ]);
    }
  });

  it('reads the message as Istio words it', () => {
    const run = validateSources([{ name: 'g.yaml', text: `${secret('x', {})}---\n${gateway('gw', 'x')}` }], {
      defaults: defaultResources('istio-system'),
    });
    expect(run.ok && run.findings.map((f) => f.message)).toEqual([
      'The credential referenced by the Gateway gw in namespace istio-system is invalid, which can cause the traffic not to work as expected.',
    ]);
  });

  it('says nothing when the Secrets are unknown (a live cluster: Meshscope does not read them)', () => {
    const live = { namespaces: [], services: [], workloads: [], pods: [], serviceAccounts: [], istioConfig: [] };
    const run = validateSources(
      [{ name: 'gw.yaml', text: [gateway('gw', 'missing')].join('') }],
      { defaults: defaultResources('istio-system') },
      live,
    );
    expect(run.ok && run.findings.map((f) => f.code)).not.toContain('IST0161');
    expect(run.ok && run.findings.filter((f) => f.path.endsWith('credentialName'))).toEqual([]);
  });
});
