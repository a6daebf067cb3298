import { describe, expect, it } from 'vitest';
import { expectReport, findingsOf, istio, summarize, withConfig } from './test-helpers';

const to = (host: string) => [{ destination: { host } }];
/** The FQDN of the reviews service. */
const REVIEWS = 'reviews.bookinfo.svc.cluster.local';
const vs = (spec: Record<string, unknown>, name = 'reviews', namespace = 'bookinfo') =>
  istio('VirtualService', name, { hosts: ['reviews'], ...spec }, namespace);

describe('VirtualService rule order (IST0130, IST0131)', () => {
  it('accepts distinct matches followed by one catch-all rule', () => {
    const http = [
      { match: [{ headers: { 'end-user': { exact: 'jason' } } }], route: to('reviews') },
      { match: [{ uri: { prefix: '/v2' } }], route: to('reviews') },
      { route: to('reviews') },
    ];
    expect(findingsOf(withConfig([vs({ http })]), ['IST0130', 'IST0131'])).toEqual([]);
  });

  it('reports a duplicated match (ignoring its name) and a rule whose matches are all used', () => {
    const http = [
      { name: 'first', match: [{ uri: { prefix: '/a' } }, { uri: { exact: '/b' } }], route: to('reviews') },
      { match: [{ name: 'again', uri: { prefix: '/a' } }, { uri: { prefix: '/c' } }], route: to('reviews') },
      { match: [{ uri: { exact: '/b' } }], route: to('reviews') },
    ];
    const findings = findingsOf(withConfig([vs({ http })]), ['IST0130', 'IST0131']);
    expect(findings.map((f) => [f.code, f.path, f.message])).toEqual([
      ['IST0130', 'spec.http[2]', 'VirtualService rule #2 not used (all matches used by prior rules).'],
      [
        'IST0131',
        'spec.http[1].match[0]',
        'VirtualService rule #1 match "again" is not used (duplicate/overlapping match in rule "first").',
      ],
      [
        'IST0131',
        'spec.http[2].match[0]',
        'VirtualService rule #2 match #0 is not used (duplicate/overlapping match in rule "first").',
      ],
    ]);
  });

  it('reports rules after a rule without matches', () => {
    const tcp = [{ route: to('reviews') }, { match: [{ port: 9080 }], route: to('reviews') }, { route: to('reviews') }];
    const findings = findingsOf(withConfig([vs({ tcp })]), ['IST0130']);
    expect(findings.map((f) => [f.path, f.message])).toEqual([
      ['spec.tcp[1]', 'VirtualService rule #1 not used (route without matches defined before).'],
      ['spec.tcp[2]', 'VirtualService rule #2 not used (only the last rule can have no matches).'],
    ]);
  });
});

describe('URI prefixes an earlier prefix covers (IST0131, istiod coveredValidation)', () => {
  const rule = (name: string, match: Record<string, unknown>) => ({ name, match: [match], route: to('reviews') });
  const ineffective = (http: unknown[]) =>
    findingsOf(withConfig([vs({ http })]), ['IST0131']).map((f) => [f.path, f.message]);

  it('reports a longer prefix after a shorter one, with the same method (absent counts as GET)', () => {
    expect(
      ineffective([
        rule('api', { uri: { prefix: '/api' } }),
        rule('v2', { uri: { prefix: '/api/v2' }, method: { exact: 'GET' } }),
      ]),
    ).toEqual([
      [
        'spec.http[1].match[0]',
        'VirtualService rule "v2" match #0 of prefix /api/v2 is not used (duplicate/overlapping match in rule #0 of prefix /api on "api").',
      ],
    ]);
  });

  it('is silent when the longer prefix comes first, or the method, port or headers differ', () => {
    expect(ineffective([rule('v2', { uri: { prefix: '/api/v2' } }), rule('api', { uri: { prefix: '/api' } })])).toEqual(
      [],
    );
    expect(
      ineffective([
        rule('api', { uri: { prefix: '/api' } }),
        rule('post', { uri: { prefix: '/api/v2' }, method: { exact: 'POST' } }),
      ]),
    ).toEqual([]);
    expect(
      ineffective([rule('api', { uri: { prefix: '/api' } }), rule('port', { uri: { prefix: '/api/v2' }, port: 8080 })]),
    ).toEqual([]);
    expect(
      ineffective([
        rule('api', { uri: { prefix: '/api' } }),
        rule('jason', { uri: { prefix: '/api/v2' }, headers: { 'end-user': { exact: 'jason' } } }),
      ]),
    ).toEqual([]);
    expect(
      ineffective([rule('exact', { uri: { exact: '/api' } }), rule('v2', { uri: { prefix: '/api/v2' } })]),
    ).toEqual([]);
  });
});

describe('VirtualServices sharing a host on the mesh gateway (IST0109)', () => {
  it('accepts the same host when only one VirtualService is bound to the mesh', () => {
    const ingress = vs({ gateways: ['bookinfo-gateway'], http: [{ route: to('reviews') }] }, 'ingress');
    expect(findingsOf(withConfig([vs({ http: [{ route: to('reviews') }] }), ingress]), ['IST0109'])).toEqual([]);
  });

  it('accepts the same host exported to different namespaces', () => {
    const a = vs({ exportTo: ['.'], http: [{ route: to('reviews') }] }, 'a');
    const b = vs({ hosts: [REVIEWS], exportTo: ['.'], http: [{ route: to(REVIEWS) }] }, 'b', 'shop');
    expect(findingsOf(withConfig([a, b]), ['IST0109'])).toEqual([]);
  });

  it('reports a VirtualService exported to one namespace against one exported everywhere, wildcards included', () => {
    const local = vs({ exportTo: ['.'], http: [{ route: to('reviews') }] }, 'local');
    const everywhere = vs({ hosts: ['*.bookinfo.svc.cluster.local'], http: [{ route: to('reviews') }] }, 'all', 'shop');
    expect(summarize(findingsOf(withConfig([local, everywhere]), ['IST0109']))).toEqual([
      'IST0109 VirtualService bookinfo/local spec.hosts[0]',
      'IST0109 VirtualService shop/all spec.hosts[0]',
    ]);
    const elsewhere = vs({ hosts: ['*.shop.svc.cluster.local'], http: [{ route: to('reviews') }] }, 'all', 'shop');
    expect(findingsOf(withConfig([local, elsewhere]), ['IST0109'])).toEqual([]);
  });

  it('reports every VirtualService defining the same FQDN', () => {
    const a = vs({ http: [{ route: to('reviews') }] }, 'a');
    const b = vs({ hosts: [REVIEWS], gateways: ['mesh'], http: [{ route: to(REVIEWS) }] }, 'b', 'shop');
    expectReport(
      findingsOf(withConfig([a, b]), ['IST0109']),
      ['IST0109 VirtualService bookinfo/a spec.hosts[0]', 'IST0109 VirtualService shop/b spec.hosts[0]'],
      'The VirtualServices bookinfo/a,shop/b associated with mesh gateway define the same host reviews which can lead to undefined behavior. This can be fixed by merging the conflicting VirtualServices into a single resource.',
    );
  });
});
