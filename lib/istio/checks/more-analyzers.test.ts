/** IST0128/0129, IST0134, IST0138, IST0140, IST0167: each where istioctl reports it and where it stays silent. */
import { describe, expect, it } from 'vitest';
import { findingsOf, istio, pod, summarize, withConfig } from './test-helpers';

describe('IST0134 ServiceEntry addresses required for TCP', () => {
  const se = (spec: Record<string, unknown>, extra: Record<string, unknown> = {}) => ({
    ...istio('ServiceEntry', 'db', {
      hosts: ['db.example.com'],
      location: 'MESH_EXTERNAL',
      resolution: 'DNS',
      ...spec,
    }),
    ...extra,
  });
  const tcp = {
    ports: [
      { number: 5432, name: 'tcp', protocol: 'TCP' },
      { number: 443, name: 'https', protocol: 'HTTPS' },
    ],
  };

  it('reports each TCP or unset-protocol port of an entry without addresses', () => {
    const unset = { ports: [{ number: 5432, name: 'db' }] };
    expect(summarize(findingsOf(withConfig([se(tcp)]), ['IST0134']))).toEqual([
      'IST0134 ServiceEntry bookinfo/db spec.ports[0]',
    ]);
    expect(findingsOf(withConfig([se(unset)]), ['IST0134'])).toHaveLength(1);
  });

  it('is silent with addresses, allocated status addresses, HTTP ports, or address auto-allocation', () => {
    expect(findingsOf(withConfig([se({ ...tcp, addresses: ['240.0.0.1'] })]), ['IST0134'])).toEqual([]);
    expect(
      findingsOf(withConfig([se(tcp, { status: { addresses: [{ value: '240.240.0.1' }] } })]), ['IST0134']),
    ).toEqual([]);
    expect(
      findingsOf(withConfig([se({ ports: [{ number: 80, name: 'http', protocol: 'HTTP' }] })]), ['IST0134']),
    ).toEqual([]);
    expect(findingsOf(withConfig([se(tcp)]), ['IST0134'], { addressAutoAllocation: true })).toEqual([]);
  });
});

describe('IST0128/IST0129 TLS without caCertificates', () => {
  const dr = (trafficPolicy: unknown, extra: Record<string, unknown> = {}) =>
    istio('DestinationRule', 'ext', { host: 'ratings', trafficPolicy, ...extra });

  it('reports SIMPLE or MUTUAL without caCertificates, for the rule and per port', () => {
    const findings = findingsOf(
      withConfig([
        dr({ tls: { mode: 'SIMPLE' }, portLevelSettings: [{ port: { number: 9443 }, tls: { mode: 'MUTUAL' } }] }),
      ]),
      ['IST0128', 'IST0129'],
    );
    expect(findings.map((f) => [f.code, f.path, f.message])).toEqual([
      [
        'IST0128',
        'spec.trafficPolicy.tls',
        'DestinationRule bookinfo/ext in namespace bookinfo has TLS mode set to SIMPLE but no caCertificates are set to validate server identity for host: ratings',
      ],
      [
        'IST0129',
        'spec.trafficPolicy.portLevelSettings[0].tls',
        'DestinationRule bookinfo/ext in namespace bookinfo has TLS mode set to MUTUAL but no caCertificates are set to validate server identity for host: ratings at port number:9443',
      ],
    ]);
  });

  it('is silent with caCertificates, ISTIO_MUTUAL, or a credentialName with a workloadSelector', () => {
    const codes = ['IST0128', 'IST0129'];
    expect(findingsOf(withConfig([dr({ tls: { mode: 'SIMPLE', caCertificates: '/etc/ca.pem' } })]), codes)).toEqual([]);
    expect(findingsOf(withConfig([dr({ tls: { mode: 'ISTIO_MUTUAL' } })]), codes)).toEqual([]);
    const selected = dr(
      { tls: { mode: 'MUTUAL', credentialName: 'client' } },
      { workloadSelector: { matchLabels: { app: 'ratings' } } },
    );
    expect(findingsOf(withConfig([selected]), codes)).toEqual([]);
    expect(findingsOf(withConfig([dr({ tls: { mode: 'MUTUAL', credentialName: 'client' } })]), codes)).toHaveLength(1);
  });
});

describe('IST0138 duplicate certificate on gateways sharing proxies', () => {
  const gw = (name: string, selector: Record<string, string>, credentialName: string) =>
    istio('Gateway', name, {
      selector,
      servers: [
        {
          port: { number: 443, name: 'https', protocol: 'HTTPS' },
          hosts: [`${name}.example.com`],
          tls: { mode: 'SIMPLE', credentialName },
        },
      ],
    });

  it('reports the same credentialName on gateways whose selectors include one another', () => {
    const findings = findingsOf(
      withConfig([gw('a', { istio: 'ingressgateway' }, 'cert'), gw('b', { istio: 'ingressgateway' }, 'cert')]),
      ['IST0138'],
    );
    expect(findings.map((f) => `${f.name}: ${f.message}`)).toEqual([
      'a: Duplicate certificate in multiple gateways [bookinfo/a bookinfo/b] may cause 404s if clients re-use HTTP2 connections.',
      'b: Duplicate certificate in multiple gateways [bookinfo/b bookinfo/a] may cause 404s if clients re-use HTTP2 connections.',
    ]);
  });

  it('is silent on different certificates or disjoint selectors', () => {
    expect(
      findingsOf(withConfig([gw('a', { istio: 'ingressgateway' }, 'a'), gw('b', { istio: 'ingressgateway' }, 'b')]), [
        'IST0138',
      ]),
    ).toEqual([]);
    expect(
      findingsOf(withConfig([gw('a', { istio: 'ingressgateway' }, 'c'), gw('b', { istio: 'egressgateway' }, 'c')]), [
        'IST0138',
      ]),
    ).toEqual([]);
  });
});

describe('IST0140 subsets do not apply to ingress gateway requests', () => {
  const mesh = istio('VirtualService', 'reviews', {
    hosts: ['reviews'],
    http: [{ route: [{ destination: { host: 'reviews', subset: 'v1' } }] }],
  });
  const ingress = (subset?: string) =>
    istio('VirtualService', 'edge', {
      hosts: ['shop.example.com'],
      gateways: ['bookinfo-gateway'],
      http: [{ route: [{ destination: { host: 'reviews', ...(subset ? { subset } : {}) } }] }],
    });

  it('reports a gateway route without subset to a host another VirtualService splits by subsets', () => {
    expect(findingsOf(withConfig([mesh, ingress()]), ['IST0140']).map((f) => [f.path, f.message])).toEqual([
      [
        'spec.http[0].route[0].destination.host',
        'Subset in virtual service bookinfo/reviews has no effect on ingress gateway bookinfo/edge requests',
      ],
    ]);
  });

  it('is silent when the gateway route names a subset, or nothing splits the host', () => {
    expect(findingsOf(withConfig([mesh, ingress('v1')]), ['IST0140'])).toEqual([]);
    expect(findingsOf(withConfig([ingress()]), ['IST0140'])).toEqual([]);
  });
});

describe('IST0167 Sidecars with no effect in ambient', () => {
  const ambient = { name: 'amb', labels: { 'istio.io/dataplane-mode': 'ambient' } };
  const sidecar = (name: string, selector?: Record<string, string>) =>
    istio(
      'Sidecar',
      name,
      { ...(selector ? { workloadSelector: { labels: selector } } : {}), egress: [{ hosts: ['./*'] }] },
      'amb',
    );

  it('reports a Sidecar selecting ambient pods, and namespace-wide Sidecars of an ambient namespace', () => {
    const snapshot = withConfig([sidecar('one', { app: 'api' }), sidecar('all'), sidecar('all2')]);
    snapshot.namespaces.push(ambient);
    snapshot.pods.push(pod('api-1', 'amb', { app: 'api' }, { sidecar: false }));
    expect(summarize(findingsOf(snapshot, ['IST0167', 'IST0110', 'IST0111']))).toEqual([
      'IST0167 Sidecar amb/all metadata.name',
      'IST0167 Sidecar amb/all2 metadata.name',
      'IST0167 Sidecar amb/one spec.workloadSelector',
    ]);
  });

  it('is silent in a sidecar namespace, where IST0111 still applies', () => {
    const snapshot = withConfig([sidecar('one', { app: 'api' }), sidecar('all'), sidecar('all2')]);
    snapshot.namespaces.push({ name: 'amb', labels: { 'istio-injection': 'enabled' } });
    snapshot.pods.push(pod('api-1', 'amb', { app: 'api' }));
    expect(findingsOf(snapshot, ['IST0167'])).toEqual([]);
    expect(findingsOf(snapshot, ['IST0111'])).toHaveLength(2);
  });
});

describe('IST0002 deprecated fields', () => {
  const vs = (delay: Record<string, unknown>) =>
    istio('VirtualService', 'slow', {
      hosts: ['ratings'],
      http: [{ fault: { delay: { fixedDelay: '5s', ...delay } }, route: [{ destination: { host: 'ratings' } }] }],
    });

  it('reports fault.delay.percent and a Sidecar egressProxy', () => {
    const sidecar = istio('Sidecar', 'default', {
      outboundTrafficPolicy: { mode: 'REGISTRY_ONLY', egressProxy: { host: 'egress.example.com' } },
    });
    expect(findingsOf(withConfig([vs({ percent: 10 }), sidecar]), ['IST0002']).map((f) => [f.path, f.message])).toEqual(
      [
        ['spec.outboundTrafficPolicy.egressProxy', 'Deprecated: OutboundTrafficPolicy.EgressProxy ignored'],
        [
          'spec.http[0].fault.delay.percent',
          'Deprecated: HTTPRoute.fault.delay.percent is deprecated; use HTTPRoute.fault.delay.percentage',
        ],
      ],
    );
  });

  it('is silent on percentage and on a Sidecar without egressProxy', () => {
    const sidecar = istio('Sidecar', 'default', { outboundTrafficPolicy: { mode: 'REGISTRY_ONLY' } });
    expect(findingsOf(withConfig([vs({ percentage: { value: 10 } }), sidecar]), ['IST0002'])).toEqual([]);
  });
});
