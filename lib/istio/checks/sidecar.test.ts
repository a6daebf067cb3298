import { describe, expect, it } from 'vitest';
import { expectReport, findingsOf, istio, withConfig } from './test-helpers';

const sidecar = (name: string, labels?: Record<string, string>, namespace = 'bookinfo') =>
  istio(
    'Sidecar',
    name,
    { ...(labels ? { workloadSelector: { labels } } : {}), egress: [{ hosts: ['./*'] }] },
    namespace,
  );

describe('Sidecar selectors (IST0101, IST0110)', () => {
  it('accepts sidecars selecting distinct pods', () => {
    expect(
      findingsOf(withConfig([sidecar('ratings', { app: 'ratings' }), sidecar('details', { app: 'details' })]), [
        'IST0101',
        'IST0110',
      ]),
    ).toEqual([]);
  });

  it('reports a selector matching no pod of the namespace (pods elsewhere do not count)', () => {
    const findings = findingsOf(withConfig([sidecar('gw', { istio: 'ingressgateway' })]), ['IST0101']);
    expect(findings.map((f) => [f.path, f.message])).toEqual([
      ['spec.workloadSelector', 'Referenced selector not found: "istio=ingressgateway"'],
    ]);
  });

  it('reports sidecars selecting the same pod, once each', () => {
    expectReport(
      findingsOf(withConfig([sidecar('reviews', { app: 'reviews' }), sidecar('v2', { version: 'v2' })]), ['IST0110']),
      ['IST0110 Sidecar bookinfo/reviews spec.workloadSelector', 'IST0110 Sidecar bookinfo/v2 spec.workloadSelector'],
      'The Sidecars [reviews v2] in namespace "bookinfo" select the same workload pod "reviews-v2-abc", which can lead to undefined behavior.',
    );
  });
});

describe('Sidecars without selector (IST0111)', () => {
  it('accepts one default sidecar per namespace', () => {
    expect(
      findingsOf(withConfig([sidecar('default'), sidecar('default', undefined, 'istio-system')]), ['IST0111']),
    ).toEqual([]);
  });

  it('reports every selector-less sidecar when there are two in a namespace', () => {
    expectReport(
      findingsOf(withConfig([sidecar('a'), sidecar('b')]), ['IST0111']),
      ['IST0111 Sidecar bookinfo/a metadata.name', 'IST0111 Sidecar bookinfo/b metadata.name'],
      'The Sidecars [a b] in namespace "bookinfo" have no workload selector, which can lead to undefined behavior.',
    );
  });
});
