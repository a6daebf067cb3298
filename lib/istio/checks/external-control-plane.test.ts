import { describe, expect, it } from 'vitest';
import { validateSources } from '../validate-files';
import { goUrlHostname } from './external-control-plane';

function findings(...docs: string[]): string[] {
  const run = validateSources([{ name: 'w.yaml', text: docs.join('\n---\n') }]);
  if (!run.ok) throw new Error(run.errors[0]?.message);
  return run.findings
    .filter((f) => f.code === 'IST0163' || f.code === 'IST0164')
    .map((f) => `${f.code} ${f.kind} ${f.name} ${f.path}: ${f.message}`);
}

const configuration = (kind: string, name: string, clientConfig: unknown) =>
  JSON.stringify({
    apiVersion: 'admissionregistration.k8s.io/v1',
    kind,
    metadata: { name },
    webhooks: [{ name: 'rev.validation.istio.io', clientConfig, sideEffects: 'None' }],
  });

// After Istio's `externalControlPlane*` analyzer tests: webhooks of a remote cluster pointing at an external istiod.
describe('ExternalControlPlaneAnalyzer (IST0163, IST0164)', () => {
  it('is silent on an in-cluster Service, a hostname URL, and webhook configurations that are not Istio’s', () => {
    expect(
      findings(
        configuration('ValidatingWebhookConfiguration', 'istiod-default-validator', {
          service: { name: 'istiod', namespace: 'istio-system' },
        }),
        configuration('MutatingWebhookConfiguration', 'istio-sidecar-injector', {
          url: 'https://istiod.external.example.com:15017/inject/cluster/remote/net/net1',
        }),
        configuration('ValidatingWebhookConfiguration', 'other-validator', { url: 'https://10.0.0.1/validate' }),
      ),
    ).toEqual([]);
  });

  it('reports an IP address URL (IST0164) and a malformed one or none at all (IST0163)', () => {
    expect(
      findings(
        configuration('ValidatingWebhookConfiguration', 'istio-validator-istio-system', {
          url: 'https://10.10.10.10:15017/validate',
        }),
        configuration('MutatingWebhookConfiguration', 'istio-sidecar-injector', { url: 'https://istiod:port/x' }),
        configuration('MutatingWebhookConfiguration', 'istio-sidecar-injector-canary', {}),
      ),
    ).toEqual([
      'IST0164 ValidatingWebhookConfiguration istio-validator-istio-system webhooks[0].clientConfig.url: The address (https://10.10.10.10:15017/validate) that was provided for the webhook (rev.validation.istio.io) to reach the ingress gateway on the external control plane cluster is an IP address. This is not recommended for a production environment.',
      'IST0163 MutatingWebhookConfiguration istio-sidecar-injector webhooks[0].clientConfig.url: The hostname (https://istiod:port/x) that was provided for the webhook (rev.validation.istio.io) to reach the ingress gateway on the external control plane cluster was provided in an invalid format. Traffic may not flow properly.',
      'IST0163 MutatingWebhookConfiguration istio-sidecar-injector-canary webhooks[0].clientConfig: The hostname () that was provided for the webhook (rev.validation.istio.io) to reach the ingress gateway on the external control plane cluster is blank. Traffic may not flow properly.',
    ]);
  });

  it('reads hosts as Go’s url.Parse does', () => {
    expect(goUrlHostname('https://[fd00::1]:15017/inject')).toBe('fd00::1');
    expect(goUrlHostname('https://user@istiod.example.com/x')).toBe('istiod.example.com');
    expect(goUrlHostname('istiod.example.com/inject')).toBe('');
    expect(goUrlHostname('10.0.0.1:15017/inject')).toBeUndefined();
    expect(goUrlHostname('https://istiod/%zz')).toBeUndefined();
  });
});
