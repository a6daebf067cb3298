import { describe, expect, it } from 'vitest';
import { namespaceMatches } from './authorization-policy';
import { findingsOf, istio, pod, summarize, withConfig } from './test-helpers';

const ap = (name: string, spec: Record<string, unknown>, namespace = 'bookinfo') =>
  istio('AuthorizationPolicy', name, spec, namespace);
const CODES = ['IST0127', 'IST0101', 'KIA0106', 'KIA0102', 'IST0106'];

describe('AuthorizationPolicy workloads (IST0127)', () => {
  it('accepts a selector matching an in-mesh pod, a namespace-wide policy, and a mesh-wide one', () => {
    const policies = [
      ap('ratings', { selector: { matchLabels: { app: 'ratings' } } }),
      ap('deny-all', {}),
      ap('mesh', { selector: { matchLabels: { app: 'reviews' } } }, 'istio-system'),
    ];
    expect(findingsOf(withConfig(policies), CODES)).toEqual([]);
  });

  it('reports a selector that matches only pods without a sidecar, and a namespace without mesh pods', () => {
    const snapshot = withConfig([
      ap('legacy', { selector: { matchLabels: { app: 'legacy' } } }),
      ap('empty', {}, 'shop'),
    ]);
    // opted out of injection in a namespace that injects (`util.PodInMesh`: the pod's label wins)
    snapshot.pods.push(
      pod('legacy-1', 'bookinfo', { app: 'legacy', 'sidecar.istio.io/inject': 'false' }, { sidecar: false }),
    );
    snapshot.namespaces.push({ name: 'shop', labels: {} });
    const findings = findingsOf(snapshot, ['IST0127']);
    expect(findings.map((f) => `${f.namespace}/${f.name} ${f.path} ${f.message}`)).toEqual([
      'bookinfo/legacy spec.selector No matching workloads for this resource with the following labels: app=legacy',
      'shop/empty metadata.name No matching workloads for this resource with the following labels: ',
    ]);
  });

  it('counts pods of a namespace that injects, and ambient pods, as in the mesh (util.PodInMesh, PodInAmbientMode)', () => {
    const snapshot = withConfig([
      ap('injected', { selector: { matchLabels: { app: 'fresh' } } }, 'shop'),
      ap('ambient', { selector: { matchLabels: { app: 'amb' } } }, 'amb'),
      ap('redirected', { selector: { matchLabels: { app: 'redir' } } }, 'plain'),
    ]);
    snapshot.namespaces.push(
      { name: 'shop', labels: { 'istio-injection': 'enabled' } },
      { name: 'amb', labels: { 'istio.io/dataplane-mode': 'ambient' } },
      { name: 'plain', labels: {} },
    );
    const redirected = pod('redir-1', 'plain', { app: 'redir' }, { sidecar: false });
    snapshot.pods.push(
      pod('fresh-1', 'shop', { app: 'fresh' }, { sidecar: false }),
      pod('amb-1', 'amb', { app: 'amb' }, { sidecar: false }),
      {
        ...redirected,
        metadata: { ...redirected.metadata, annotations: { 'ambient.istio.io/redirection': 'enabled' } },
      },
    );
    expect(findingsOf(snapshot, ['IST0127'])).toEqual([]);
    snapshot.pods[snapshot.pods.length - 1] = redirected;
    expect(findingsOf(snapshot, ['IST0127']).map((f) => f.name)).toEqual(['redirected']);
  });
});

describe('AuthorizationPolicy sources (IST0101 namespace, KIA0106)', () => {
  const from = (source: Record<string, unknown>) => ({ rules: [{ from: [{ source }] }] });

  it('accepts existing namespaces, wildcards and principals of existing service accounts', () => {
    const spec = from({
      namespaces: ['bookinfo', 'istio-*', '*'],
      principals: [
        'cluster.local/ns/bookinfo/sa/bookinfo-reviews',
        'cluster.local/ns/*/sa/x',
        'other.domain/ns/a/sa/b',
      ],
    });
    const accounts = ap('accounts', {
      rules: [{ from: [{ source: { serviceAccounts: ['bookinfo-ratings', 'istio-system/default'] } }] }],
    });
    expect(findingsOf(withConfig([ap('ok', spec), accounts]), CODES)).toEqual([]);
  });

  it('reports unknown namespaces and principals naming missing service accounts', () => {
    const spec = from({ notNamespaces: ['shop'], principals: ['cluster.local/ns/bookinfo/sa/ghost'] });
    const accounts = ap('accounts', { rules: [{ from: [{ source: { serviceAccounts: ['ghost'] } }] }] });
    const findings = findingsOf(withConfig([ap('bad', spec), accounts]), CODES);
    expect(summarize(findings)).toEqual([
      'KIA0106 AuthorizationPolicy bookinfo/accounts spec.rules[0].from[0].source.serviceAccounts[0]',
      'IST0101 AuthorizationPolicy bookinfo/bad spec.rules[0].from[0].source.notNamespaces[0]',
      'KIA0106 AuthorizationPolicy bookinfo/bad spec.rules[0].from[0].source.principals[0]',
    ]);
    expect(findings[1]?.message).toBe('Referenced namespace not found: "shop"');
    expect(findings[2]?.message).toBe('Service Account not found for this principal');
  });

  it('matches namespace expressions as istioctl does', () => {
    expect(namespaceMatches('istio-system', 'istio-*')).toBe(true);
    expect(namespaceMatches('istio-system', '*-system')).toBe(true);
    expect(namespaceMatches('bookinfo', 'BookInfo')).toBe(true);
    expect(namespaceMatches('bookinfo', 'book')).toBe(false);
  });
});

describe('AuthorizationPolicy operations (KIA0102, IST0106) and targetRefs (IST0101)', () => {
  it('accepts HTTP methods, wildcards and numeric ports', () => {
    const spec = {
      rules: [{ to: [{ operation: { methods: ['GET', 'POST', '*'], notMethods: ['DEL*'], ports: ['9080', '0'] } }] }],
    };
    expect(findingsOf(withConfig([ap('ok', spec)]), CODES)).toEqual([]);
  });

  it('reports non-HTTP methods, bad ports and missing target Services', () => {
    const spec = {
      targetRefs: [
        { group: '', kind: 'Service', name: 'reviews' },
        { group: '', kind: 'Service', name: 'gone' },
      ],
      rules: [{ to: [{ operation: { methods: ['get', 'FETCH'], notPorts: ['http', '70000'] } }] }],
    };
    const findings = findingsOf(withConfig([ap('ops', spec)]), CODES);
    expect(findings.map((f) => `${f.code} ${f.path} ${f.message}`)).toEqual([
      'IST0101 spec.targetRefs[1].name Referenced service not found: "bookinfo/gone"',
      'IST0106 spec.rules[0].to[0].operation.notPorts[0] Schema validation error: invalid port: http',
      'IST0106 spec.rules[0].to[0].operation.notPorts[1] Schema validation error: invalid port: 70000',
      'KIA0102 spec.rules[0].to[0].operation.methods[0] Only HTTP methods and Istio wildcards are allowed',
      'KIA0102 spec.rules[0].to[0].operation.methods[1] Only HTTP methods and Istio wildcards are allowed',
    ]);
  });
});
