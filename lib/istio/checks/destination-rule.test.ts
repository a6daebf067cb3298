import { describe, expect, it } from 'vitest';
import { expectReport, findingsOf, istio, service, summarize, withConfig } from './test-helpers';

const dr = (name: string, spec: Record<string, unknown>, namespace = 'bookinfo') =>
  istio('DestinationRule', name, spec, namespace);
const pa = (name: string, mode: string, namespace: string) =>
  istio('PeerAuthentication', name, { mtls: { mode } }, namespace);

describe('DestinationRule host and subsets (IST0174, IST0173)', () => {
  it('accepts subsets that select pods behind the service', () => {
    expect(findingsOf(withConfig([]), ['IST0173', 'IST0174'])).toEqual([]);
  });

  it('reports an unknown host', () => {
    const findings = findingsOf(withConfig([dr('typo', { host: 'reveiws' })]), ['IST0174']);
    expect(findings.map((f) => [f.path, f.message])).toEqual([
      ['spec.host', 'The host reveiws defined in the DestinationRule does not match any services in the mesh.'],
    ]);
  });

  it('reports a subset whose labels select no pod of the service, even if another app has them', () => {
    const rule = dr('ratings', {
      host: 'ratings',
      subsets: [
        { name: 'v1', labels: { version: 'v1' } },
        { name: 'v2', labels: { version: 'v2' } },
      ],
    });
    expectReport(
      findingsOf(withConfig([rule]), ['IST0173']),
      ['IST0173 DestinationRule bookinfo/ratings spec.subsets[1]'],
      'The Subset v2 defined in the DestinationRule does not select any pods. Which may lead to 503 UH (NoHealthyUpstream).',
    );
  });

  it('counts workloads (Deployments) when their pods are not in the snapshot', () => {
    const snapshot = withConfig([dr('cart', { host: 'cart', subsets: [{ name: 'v1', labels: { version: 'v1' } }] })]);
    snapshot.services.push(service('cart', 'bookinfo', [{ name: 'http', port: 80 }]));
    expect(summarize(findingsOf(snapshot, ['IST0173']))).toEqual([
      'IST0173 DestinationRule bookinfo/cart spec.subsets[0]',
    ]);
    snapshot.workloads.push({
      namespace: 'bookinfo',
      name: 'cart-v1',
      kind: 'Deployment',
      labels: { app: 'cart', version: 'v1' },
      serviceAccount: null,
    });
    expect(findingsOf(snapshot, ['IST0173'])).toEqual([]);
  });
});

describe('DestinationRules for the same host (KIA0201)', () => {
  it('accepts rules for different hosts, or disjoint subsets', () => {
    const a = dr('a', { host: 'ratings', subsets: [{ name: 'v1', labels: { version: 'v1' } }] });
    const b = dr('b', { host: 'details' });
    expect(findingsOf(withConfig([a, b]), ['KIA0201'])).toEqual([]);
  });

  it('warns on both rules when a subset is defined twice for the same FQDN', () => {
    const dup = dr('reviews-again', {
      host: 'reviews.bookinfo.svc.cluster.local',
      subsets: [{ name: 'v1', labels: { version: 'v1' } }],
    });
    expect(summarize(findingsOf(withConfig([dup]), ['KIA0201']))).toEqual([
      'KIA0201 DestinationRule bookinfo/reviews spec.host',
      'KIA0201 DestinationRule bookinfo/reviews-again spec.host',
    ]);
  });
});

describe('DestinationRule disabling mTLS towards STRICT namespaces (KIA0207, KIA0208)', () => {
  const disable = dr('ratings-plain', { host: 'ratings', trafficPolicy: { tls: { mode: 'DISABLE' } } });

  it('accepts DISABLE when the destination namespace is PERMISSIVE', () => {
    expect(
      findingsOf(withConfig([disable, pa('default', 'PERMISSIVE', 'bookinfo'), pa('mesh', 'STRICT', 'istio-system')]), [
        'KIA0207',
        'KIA0208',
      ]),
    ).toEqual([]);
  });

  it('reports a namespace-wide STRICT PeerAuthentication (KIA0207) and a mesh-wide one (KIA0208)', () => {
    expect(
      summarize(findingsOf(withConfig([disable, pa('default', 'STRICT', 'bookinfo')]), ['KIA0207', 'KIA0208'])),
    ).toEqual(['KIA0207 DestinationRule bookinfo/ratings-plain spec.trafficPolicy.tls.mode']);
    const portLevel = dr('details-plain', {
      host: 'details',
      trafficPolicy: { portLevelSettings: [{ port: { number: 9080 }, tls: { mode: 'DISABLE' } }] },
    });
    expect(
      summarize(findingsOf(withConfig([portLevel, pa('mesh', 'STRICT', 'istio-system')]), ['KIA0207', 'KIA0208'])),
    ).toEqual(['KIA0208 DestinationRule bookinfo/details-plain spec.trafficPolicy.portLevelSettings[0].tls.mode']);
  });
});
