import { describe, expect, it } from 'vitest';
import { validateSources } from '../validate-files';

/** A MutatingWebhookConfiguration with webhooks `[name, namespaceSelector, service name]`. */
function mwc(name: string, hooks: [string, unknown, string][], labels: Record<string, string> = {}): string {
  return JSON.stringify({
    apiVersion: 'admissionregistration.k8s.io/v1',
    kind: 'MutatingWebhookConfiguration',
    metadata: { name, labels },
    webhooks: hooks.map(([hook, namespaceSelector, service]) => ({
      name: hook,
      namespaceSelector,
      clientConfig: { service: { name: service, namespace: 'istio-system', path: '/inject' } },
    })),
  });
}
const istiod =
  'apiVersion: v1\nkind: Service\nmetadata: {name: istiod, namespace: istio-system}\nspec: {ports: [{name: https-webhook, port: 443}]}\n';
const byLabel = { matchLabels: { 'istio-injection': 'enabled' } };
const byRev = (rev: string) => ({
  matchExpressions: [
    { key: 'istio.io/rev', operator: 'In', values: [rev] },
    { key: 'istio-injection', operator: 'DoesNotExist' },
  ],
});

function messages(...docs: string[]): string[] {
  const run = validateSources([{ name: 'w.yaml', text: docs.join('\n---\n') }]);
  if (!run.ok) throw new Error(run.errors[0]?.message);
  return run.findings.filter((f) => f.code === 'IST0139').map((f) => `${f.kind} ${f.name}: ${f.message}`);
}

// After the cases of Istio's webhook analyzer test (`webook` in analyzers_test.go: an overlapping configuration, and
// one that also names a missing Service).
describe('IST0139 InvalidWebhook (webhook.Analyzer)', () => {
  it("is silent on Istio's own injector: one webhook per label, the Service present", () => {
    const injector = mwc('istio-sidecar-injector', [
      ['namespace.sidecar-injector.istio.io', byLabel, 'istiod'],
      ['rev.namespace.sidecar-injector.istio.io', byRev('default'), 'istiod'],
    ]);
    expect(messages(istiod, injector)).toEqual([]);
    // webhooks that are not Istio's are not looked at
    expect(
      messages(
        mwc('other', [
          ['a.example.com', {}, 'x'],
          ['b.example.com', {}, 'y'],
        ]),
      ),
    ).toEqual([]);
  });

  it('reports two injectors matching the same namespace, on each', () => {
    const a = mwc('istio-sidecar-injector', [['namespace.sidecar-injector.istio.io', byLabel, 'istiod']]);
    const b = mwc('istio-sidecar-injector-overlap', [['namespace.sidecar-injector.istio.io', byLabel, 'istiod']]);
    expect(messages(istiod, a, b)).toEqual([
      'MutatingWebhookConfiguration istio-sidecar-injector: Webhook overlaps with others: [istio-sidecar-injector-overlap/namespace.sidecar-injector.istio.io]. This may cause injection to occur twice.',
      'MutatingWebhookConfiguration istio-sidecar-injector-overlap: Webhook overlaps with others: [istio-sidecar-injector/namespace.sidecar-injector.istio.io]. This may cause injection to occur twice.',
    ]);
  });

  it('reports a webhook calling a Service that does not exist', () => {
    const missing = mwc('istio-sidecar-injector-missing', [
      ['namespace.sidecar-injector.istio.io', byLabel, 'istiod-canary'],
    ]);
    expect(messages(istiod, missing)).toEqual([
      'MutatingWebhookConfiguration istio-sidecar-injector-missing: Injector refers to a control plane service that does not exist: istio-system/istiod-canary.',
    ]);
  });
});
