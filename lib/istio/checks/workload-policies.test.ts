import { describe, expect, it } from 'vitest';
import { findingsOf, istio, summarize, withConfig } from './test-helpers';

const pa = (name: string, spec: Record<string, unknown>, namespace = 'bookinfo') =>
  istio('PeerAuthentication', name, spec, namespace);
const ra = (name: string, spec: Record<string, unknown>, namespace = 'bookinfo') =>
  istio('RequestAuthentication', name, spec, namespace);
const jwt = { jwtRules: [{ issuer: 'https://issuer.example.com' }] };

describe('PeerAuthentication selectors (KIA0004, KIA0002, KIA0003)', () => {
  it('accepts one namespace-wide policy and policies on distinct workloads', () => {
    const policies = [
      pa('default', { mtls: { mode: 'STRICT' } }),
      pa('ratings', { selector: { matchLabels: { app: 'ratings' } }, mtls: { mode: 'PERMISSIVE' } }),
    ];
    expect(findingsOf(withConfig(policies), ['KIA0002', 'KIA0003', 'KIA0004'])).toEqual([]);
  });

  it('reports a selector without workloads, two selector-less policies and two policies on one workload', () => {
    const policies = [
      pa('a', { mtls: { mode: 'STRICT' } }),
      pa('b', { mtls: { mode: 'PERMISSIVE' } }),
      pa('ghost', { selector: { matchLabels: { app: 'ghost' } } }),
      pa('reviews', { selector: { matchLabels: { app: 'reviews' } } }),
      pa('reviews-v1', { selector: { matchLabels: { version: 'v1', app: 'reviews' } } }),
    ];
    expect(summarize(findingsOf(withConfig(policies), ['KIA0002', 'KIA0003', 'KIA0004']))).toEqual([
      'KIA0002 PeerAuthentication bookinfo/a metadata.name',
      'KIA0002 PeerAuthentication bookinfo/b metadata.name',
      'KIA0004 PeerAuthentication bookinfo/ghost spec.selector',
      'KIA0003 PeerAuthentication bookinfo/reviews spec.selector',
      'KIA0003 PeerAuthentication bookinfo/reviews-v1 spec.selector',
    ]);
  });
});

describe('PeerAuthentication STRICT without mTLS DestinationRule (KIA0501, auto mTLS off)', () => {
  const strict = pa('default', { mtls: { mode: 'STRICT' } });

  it('reports nothing with auto mTLS (the default) or when a DestinationRule enables ISTIO_MUTUAL', () => {
    expect(findingsOf(withConfig([strict]), ['KIA0501'])).toEqual([]);
    const mutual = istio('DestinationRule', 'mtls', {
      host: '*.bookinfo.svc.cluster.local',
      trafficPolicy: { tls: { mode: 'ISTIO_MUTUAL' } },
    });
    expect(findingsOf(withConfig([strict, mutual]), ['KIA0501'], { autoMtls: false })).toEqual([]);
  });

  it('reports the namespace policy when auto mTLS is off and no rule enables mTLS', () => {
    expect(summarize(findingsOf(withConfig([strict]), ['KIA0501'], { autoMtls: false }))).toEqual([
      'KIA0501 PeerAuthentication bookinfo/default spec.mtls.mode',
    ]);
  });
});

describe('RequestAuthentication (KIA0004, IST0101 targetRef)', () => {
  it('accepts a matching selector, a mesh-wide selector and an existing target Service', () => {
    const policies = [
      ra('productpage', { selector: { matchLabels: { app: 'productpage' } }, ...jwt }),
      ra('ingress', { selector: { matchLabels: { istio: 'ingressgateway' } }, ...jwt }, 'istio-system'),
      ra('mesh-reviews', { selector: { matchLabels: { app: 'reviews' } }, ...jwt }, 'istio-system'),
      ra('svc', { targetRef: { group: '', kind: 'Service', name: 'reviews' }, ...jwt }),
    ];
    expect(findingsOf(withConfig(policies), ['KIA0004', 'IST0101'])).toEqual([]);
  });

  it('reports a selector without workloads and a missing target Service', () => {
    const policies = [
      ra('ghost', { selector: { matchLabels: { app: 'ghost' } }, ...jwt }),
      ra('svc', { targetRef: { group: '', kind: 'Service', name: 'nope' }, ...jwt }),
    ];
    expect(summarize(findingsOf(withConfig(policies), ['KIA0004', 'IST0101']))).toEqual([
      'KIA0004 RequestAuthentication bookinfo/ghost spec.selector',
      'IST0101 RequestAuthentication bookinfo/svc spec.targetRef.name',
    ]);
  });
});
