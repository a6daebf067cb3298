import { describe, expect, it } from 'vitest';
import { validateSources } from '../validate-files';

function findings(codes: string[], ...docs: string[]): string[] {
  const run = validateSources([{ name: 'i.yaml', text: docs.join('\n---\n') }]);
  if (!run.ok) throw new Error(run.errors[0]?.message);
  return run.findings.filter((f) => codes.includes(f.code)).map((f) => `${f.code} ${f.kind} ${f.name}: ${f.message}`);
}

/** The injector ConfigMap with the chart values Istio's injector reads. */
const injector = (name: string, values: unknown) =>
  JSON.stringify({
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: { name, namespace: 'istio-system' },
    data: { values: JSON.stringify(values), config: 'policy: enabled' },
  });
const values = (global: unknown, enableNamespacesByDefault = false) => ({
  global,
  sidecarInjectorWebhook: { enableNamespacesByDefault },
});
const namespace = (name: string, labels: Record<string, string>) =>
  JSON.stringify({ apiVersion: 'v1', kind: 'Namespace', metadata: { name, labels } });
const pod = (name: string, ns: string, image: string, annotations: Record<string, string> = {}) =>
  JSON.stringify({
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, namespace: ns, annotations },
    spec: {
      containers: [
        { name: 'app', image: 'app:1' },
        { name: 'istio-proxy', image },
      ],
    },
  });

const HUB = { hub: 'docker.io/istio', tag: '1.22.0', proxy: { image: 'proxyv2' } };
/** The default injector, injecting HUB's proxy image, and a namespace it injects. */
const HUB_INJECTOR = injector('istio-sidecar-injector', values(HUB));
const INJECTED_SHOP = namespace('shop', { 'istio-injection': 'enabled' });
/** The IST0158 findings of the documents. */
const imageMismatch = (...docs: string[]) => findings(['IST0158'], ...docs);

// After Istio's `istioProxyImageMismatch*` analyzer tests: pods of injected namespaces whose proxy image is not the
// injector's.
describe('IST0158 PodsIstioProxyImageMismatchInNamespace (injection.ImageAnalyzer)', () => {
  it('is silent when the proxies run the injector’s image (hub/image:tag, or a full image)', () => {
    expect(imageMismatch(HUB_INJECTOR, INJECTED_SHOP, pod('web', 'shop', 'docker.io/istio/proxyv2:1.22.0'))).toEqual(
      [],
    );
    const fullImage = injector('istio-sidecar-injector', values({ proxy: { image: 'gcr.io/x/proxy:9' } }));
    expect(imageMismatch(fullImage, INJECTED_SHOP, pod('web', 'shop', 'gcr.io/x/proxy:9'))).toEqual([]);
    // no injector ConfigMap: nothing to compare with
    expect(imageMismatch(INJECTED_SHOP, pod('web', 'shop', 'old:1'))).toEqual([]);
  });

  it('reports the namespace of pods with another image, with their names; skips a pod that names its image', () => {
    expect(
      imageMismatch(
        HUB_INJECTOR,
        INJECTED_SHOP,
        namespace('plain', {}),
        pod('web-b', 'shop', 'docker.io/istio/proxyv2:1.21.0'),
        pod('web-a', 'shop', 'docker.io/istio/proxyv2:1.21.0'),
        pod('custom', 'shop', 'mine:1', { 'sidecar.istio.io/proxyImage': 'mine:1' }),
        pod('other', 'plain', 'docker.io/istio/proxyv2:1.21.0'),
      ),
    ).toEqual([
      'IST0158 Namespace shop: The Istio proxy images of the pods running in the namespace do not match the image defined in the injection configuration (pod names: [web-a web-b]). This often happens after upgrading the Istio control-plane and can be fixed by redeploying the pods.',
    ]);
  });

  it('compares with the revision’s injector ConfigMap in an istio.io/rev namespace', () => {
    const docs = [
      HUB_INJECTOR,
      injector('istio-sidecar-injector-canary', values({ ...HUB, tag: '1.23.0' })),
      namespace('shop', { 'istio.io/rev': 'canary' }),
    ];
    expect(imageMismatch(...docs, pod('web', 'shop', 'docker.io/istio/proxyv2:1.23.0'))).toEqual([]);
    expect(imageMismatch(...docs, pod('web', 'shop', 'docker.io/istio/proxyv2:1.22.0'))).toHaveLength(1);
  });
});

describe('IST0148 NamespaceInjectionEnabledByDefault (injection.Analyzer)', () => {
  it('replaces IST0102 on unlabelled namespaces when the injector enables namespaces by default', () => {
    const ns = namespace('shop', {});
    expect(findings(['IST0102', 'IST0148'], injector('istio-sidecar-injector', values(HUB, true)), ns)).toEqual([
      'IST0148 Namespace shop: is enabled for Istio injection, as Istio is installed with enableNamespacesByDefault as true.',
    ]);
    expect(
      findings(['IST0102', 'IST0148'], injector('istio-sidecar-injector', values(HUB, false)), ns).map(
        (l) => l.split(':')[0],
      ),
    ).toEqual(['IST0102 Namespace shop']);
    // a labelled namespace is not reported either way
    const labelled = namespace('shop', { 'istio-injection': 'disabled' });
    expect(findings(['IST0102', 'IST0148'], injector('istio-sidecar-injector', values(HUB, true)), labelled)).toEqual(
      [],
    );
  });
});
