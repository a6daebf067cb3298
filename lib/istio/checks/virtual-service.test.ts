import { describe, expect, it } from 'vitest';
import { findingsOf, istio, service, summarize, withConfig } from './test-helpers';

const route = (destination: Record<string, unknown>, weight?: number) => ({
  destination,
  ...(weight === undefined ? {} : { weight }),
});
const vs = (spec: Record<string, unknown>, name = 'reviews') =>
  istio('VirtualService', name, { hosts: ['reviews'], ...spec });

describe('VirtualService destinations (IST0101, IST0112)', () => {
  it('accepts short, FQDN and ServiceEntry hosts', () => {
    const se = istio('ServiceEntry', 'google', {
      hosts: ['www.google.com'],
      ports: [{ number: 443, name: 'https', protocol: 'HTTPS' }],
      resolution: 'DNS',
    });
    const routes = [
      route({ host: 'reviews' }),
      route({ host: 'ratings.bookinfo.svc.cluster.local' }),
      route({ host: 'www.google.com' }),
    ];
    expect(findingsOf(withConfig([se, vs({ http: [{ route: routes }] })]), ['IST0101', 'IST0112'])).toEqual([]);
  });

  it('reports an unknown host, mirror host and a host in another namespace given as a short name', () => {
    const spec = {
      http: [
        {
          route: [route({ host: 'reviewz' })],
          mirror: { host: 'shadow' },
          mirrors: [{ destination: { host: 'ratings' } }],
        },
      ],
    };
    const elsewhere = istio(
      'VirtualService',
      'other',
      { hosts: ['x'], tcp: [{ route: [route({ host: 'reviews' })] }] },
      'shop',
    );
    const findings = findingsOf(withConfig([vs(spec), elsewhere]), ['IST0101']);
    expect(summarize(findings)).toEqual([
      'IST0101 VirtualService bookinfo/reviews spec.http[0].route[0].destination.host',
      'IST0101 VirtualService bookinfo/reviews spec.http[0].mirror.host',
      'IST0101 VirtualService shop/other spec.tcp[0].route[0].destination.host',
    ]);
    expect(findings.map((f) => f.message)).toEqual([
      'Referenced host not found: "reviewz"',
      'Referenced mirror host not found: "shadow"',
      'Referenced host not found: "reviews"',
    ]);
  });

  it('honours the networking.istio.io/exportTo annotation of Services', () => {
    const hidden = service('secret', 'vault', [{ name: 'http', port: 80 }], {
      annotations: { 'networking.istio.io/exportTo': '.' },
    });
    const snapshot = withConfig([vs({ http: [{ route: [route({ host: 'secret.vault.svc.cluster.local' })] }] })]);
    snapshot.services.push(hidden);
    expect(summarize(findingsOf(snapshot, ['IST0101']))).toEqual([
      'IST0101 VirtualService bookinfo/reviews spec.http[0].route[0].destination.host',
    ]);
  });

  it('requires a port when the service exposes several, and checks the port exists', () => {
    const snapshot = withConfig([
      vs({
        http: [
          { route: [route({ host: 'multi' })] },
          { route: [route({ host: 'multi', port: { number: 8080 } })] },
          { route: [route({ host: 'multi', port: { number: 9090 } })] },
        ],
      }),
    ]);
    snapshot.services.push(
      service('multi', 'bookinfo', [
        { name: 'http', port: 8080 },
        { name: 'grpc', port: 9090 },
      ]),
    );
    snapshot.services.push(service('other', 'bookinfo', [{ name: 'http', port: 80 }]));
    const findings = findingsOf(snapshot, ['IST0101', 'IST0112']);
    expect(summarize(findings)).toEqual(['IST0112 VirtualService bookinfo/reviews spec.http[0].route[0].destination']);
    expect(findings[0]?.message).toBe(
      'This VirtualService routes to a service "multi" that exposes multiple ports [8080 9090]. Specifying a port in the destination is required to disambiguate.',
    );
    const wrongPort = withConfig([vs({ http: [{ route: [route({ host: 'reviews', port: { number: 80 } })] }] })]);
    expect(findingsOf(wrongPort, ['IST0101']).map((f) => [f.path, f.message])).toEqual([
      ['spec.http[0].route[0].destination.port.number', 'Referenced host:port not found: "reviews:80"'],
    ]);
  });
});

describe('VirtualService subsets (IST0101 host+subset in destinationrule)', () => {
  it('accepts subsets defined by a DestinationRule for the same FQDN', () => {
    const spec = { http: [{ route: [route({ host: 'reviews.bookinfo.svc.cluster.local', subset: 'v3' })] }] };
    expect(findingsOf(withConfig([vs(spec)]), ['IST0101'])).toEqual([]);
  });

  it('reports a subset no DestinationRule defines, at the subset field', () => {
    const spec = {
      http: [{ route: [route({ host: 'reviews', subset: 'v9' }), route({ host: 'ratings', subset: 'v1' })] }],
    };
    const findings = findingsOf(withConfig([vs(spec)]), ['IST0101']);
    expect(findings.map((f) => [f.path, f.message])).toEqual([
      ['spec.http[0].route[0].destination.subset', 'Referenced host+subset in destinationrule not found: "reviews+v9"'],
      ['spec.http[0].route[1].destination.subset', 'Referenced host+subset in destinationrule not found: "ratings+v1"'],
    ]);
  });
});

describe('VirtualService gateways (IST0101 gateway, IST0132)', () => {
  const gateway = istio('Gateway', 'bookinfo-gateway', {
    selector: { istio: 'ingressgateway' },
    servers: [{ port: { number: 80, name: 'http', protocol: 'HTTP' }, hosts: ['bookinfo.example.com'] }],
  });
  const ingressVs = (gateways: string[], hosts = ['bookinfo.example.com']) =>
    istio('VirtualService', 'ingress', { hosts, gateways, http: [{ route: [route({ host: 'productpage' })] }] });

  it('accepts mesh, short and namespace/name gateway references whose hosts match', () => {
    expect(
      findingsOf(withConfig([gateway, ingressVs(['mesh', 'bookinfo-gateway', 'bookinfo/bookinfo-gateway'])]), [
        'IST0101',
        'IST0132',
      ]),
    ).toEqual([]);
  });

  it('reports a missing gateway and a host the gateway does not serve', () => {
    const findings = findingsOf(withConfig([gateway, ingressVs(['nope', 'bookinfo-gateway'], ['other.example.com'])]), [
      'IST0101',
      'IST0132',
    ]);
    expect(findings.map((f) => [f.code, f.path, f.message])).toEqual([
      ['IST0101', 'spec.gateways[0]', 'Referenced gateway not found: "nope"'],
      [
        'IST0132',
        'spec.gateways[1]',
        'one or more host [other.example.com] defined in VirtualService bookinfo/ingress not found in Gateway bookinfo/bookinfo-gateway.',
      ],
    ]);
  });

  it('matches wildcard gateway hosts and namespace-qualified hosts', () => {
    const wildcard = istio('Gateway', 'wild', {
      selector: { istio: 'ingressgateway' },
      servers: [{ port: { number: 80, name: 'http', protocol: 'HTTP' }, hosts: ['./*.example.com'] }],
    });
    expect(findingsOf(withConfig([wildcard, ingressVs(['wild'])]), ['IST0132'])).toEqual([]);
    const otherNs = istio('Gateway', 'wild', {
      selector: { istio: 'ingressgateway' },
      servers: [{ port: { number: 80, name: 'http', protocol: 'HTTP' }, hosts: ['shop/*'] }],
    });
    expect(summarize(findingsOf(withConfig([otherNs, ingressVs(['wild'])]), ['IST0132']))).toEqual([
      'IST0132 VirtualService bookinfo/ingress spec.gateways[0]',
    ]);
  });
});

describe('VirtualService route weights (KIA1104, KIA1105)', () => {
  it('accepts a single destination without weight or with 100, and distinct subsets', () => {
    const spec = {
      http: [
        { route: [route({ host: 'reviews', subset: 'v1' }, 100)] },
        { route: [route({ host: 'reviews', subset: 'v1' }, 50), route({ host: 'reviews', subset: 'v2' }, 50)] },
      ],
    };
    expect(findingsOf(withConfig([vs(spec)]), ['KIA1104', 'KIA1105'])).toEqual([]);
  });

  it('warns on a lone destination weighted below 100 and on a repeated host+subset', () => {
    const spec = {
      http: [
        { route: [route({ host: 'reviews', subset: 'v1' }, 40)] },
        {
          route: [
            route({ host: 'reviews', subset: 'v1' }, 50),
            route({ host: 'reviews.bookinfo.svc.cluster.local', subset: 'v1' }, 50),
          ],
        },
      ],
    };
    expect(summarize(findingsOf(withConfig([vs(spec)]), ['KIA1104', 'KIA1105']))).toEqual([
      'KIA1104 VirtualService bookinfo/reviews spec.http[0].route[0].weight',
      'KIA1105 VirtualService bookinfo/reviews spec.http[1].route[1].destination',
    ]);
  });
});
