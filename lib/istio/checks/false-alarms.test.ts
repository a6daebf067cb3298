/**
 * Valid configurations istioctl analyze is silent on (issue 15's false alarms), each beside the variant where Istio
 * does report.
 */
import { describe, expect, it } from 'vitest';
import { analyze } from './index';
import { findingsOf, istio, pod, service, summarize, withConfig } from './test-helpers';

const gateway = (port: number) =>
  istio('Gateway', 'web', {
    selector: { app: 'edge' },
    servers: [{ port: { number: port, name: 'http', protocol: 'HTTP' }, hosts: ['*'] }],
  });

describe('IST0162 reads the Service port’s targetPort (the port the gateway proxy listens on)', () => {
  const cluster = (targetPort: number | string | undefined) =>
    withConfig([], {
      services: [service('edge', 'edge', [{ name: 'http', port: 80, ...(targetPort ? { targetPort } : {}) }])],
      pods: [pod('edge-1', 'edge', { app: 'edge' })],
    });

  it('is silent on a Gateway port equal to the targetPort, and reports the Service port', () => {
    expect(findingsOf({ ...cluster(8080), istioConfig: [gateway(8080)] }, ['IST0162'])).toEqual([]);
    expect(summarize(findingsOf({ ...cluster(8080), istioConfig: [gateway(80)] }, ['IST0162']))).toEqual([
      'IST0162 Gateway bookinfo/web spec.servers[0].port.number',
    ]);
  });

  it('takes the port itself when the targetPort is absent or named (IntOrString.IntValue() is 0)', () => {
    expect(findingsOf({ ...cluster(undefined), istioConfig: [gateway(80)] }, ['IST0162'])).toEqual([]);
    expect(findingsOf({ ...cluster('http-web'), istioConfig: [gateway(80)] }, ['IST0162'])).toEqual([]);
    expect(findingsOf({ ...cluster('8080'), istioConfig: [gateway(8080)] }, ['IST0162'])).toEqual([]);
  });
});

describe('IST0118 skips the Services Istio’s gateway controllers generate', () => {
  const generated = (labels: Record<string, string>) =>
    withConfig([], {
      services: [service('gw-istio', 'shop', [{ name: 'default', port: 80 }], { labels })],
    });

  it('is silent on gateway.istio.io/managed, reports the same Service without the label', () => {
    expect(findingsOf(generated({ 'gateway.istio.io/managed': 'istio.io-gateway-controller' }), ['IST0118'])).toEqual(
      [],
    );
    expect(summarize(findingsOf(generated({}), ['IST0118']))).toEqual([
      'IST0118 Service shop/gw-istio spec.ports[0].name',
    ]);
  });
});

describe('IST0173 with the topology labels Istio adds from the Node', () => {
  const cluster = (zone: string) => ({
    ...withConfig([
      istio('DestinationRule', 'ratings', {
        host: 'ratings',
        subsets: [{ name: 'east', labels: { 'topology.kubernetes.io/zone': zone } }],
      }),
    ]),
    nodes: [
      {
        name: 'node-a',
        labels: { 'topology.kubernetes.io/zone': 'us-east-1a', 'topology.kubernetes.io/region': 'us-east' },
      },
    ],
  });
  const onNode = (snapshot: ReturnType<typeof cluster>) => ({
    ...snapshot,
    pods: snapshot.pods.map((p) =>
      p.metadata?.labels?.app === 'ratings'
        ? { ...p, spec: { ...p.spec, containers: p.spec?.containers ?? [], nodeName: 'node-a' } }
        : p,
    ),
  });

  it('matches a subset selecting the zone of the pod’s Node, reports another zone', () => {
    expect(findingsOf(onNode(cluster('us-east-1a')), ['IST0173'])).toEqual([]);
    expect(summarize(findingsOf(onNode(cluster('eu-west-1b')), ['IST0173']))).toEqual([
      'IST0173 DestinationRule bookinfo/ratings spec.subsets[0]',
    ]);
  });

  it('reports the subset when the pod’s Node is unknown', () => {
    expect(findingsOf(cluster('us-east-1a'), ['IST0173'])).toHaveLength(1);
  });

  it('is silent when the snapshot has no Nodes at all (not readable) but the pod names one, on topology keys only', () => {
    const { nodes: _nodes, ...noNodes } = onNode(cluster('eu-west-1b'));
    expect(findingsOf(noNodes, ['IST0173'])).toEqual([]);
    // the subset's other labels still count
    const wrongVersion = {
      ...noNodes,
      istioConfig: [
        istio('DestinationRule', 'ratings', {
          host: 'ratings',
          subsets: [{ name: 'east', labels: { 'topology.kubernetes.io/zone': 'eu-west-1b', version: 'v9' } }],
        }),
      ],
    };
    expect(findingsOf(wrongVersion, ['IST0173'])).toHaveLength(1);
  });
});

describe('VirtualService gateways that are Gateway API Gateways or generated internal ones', () => {
  const kubeGateway = (hostname?: string) => ({
    apiVersion: 'gateway.networking.k8s.io/v1',
    kind: 'Gateway',
    metadata: { name: 'public', namespace: 'bookinfo' },
    spec: {
      gatewayClassName: 'istio',
      listeners: [{ name: 'http', port: 80, protocol: 'HTTP', ...(hostname ? { hostname } : {}) }],
    },
  });
  const vs = (gateways: string[]) =>
    istio('VirtualService', 'shop', {
      hosts: ['shop.example.com'],
      gateways,
      http: [{ route: [{ destination: { host: 'ratings' } }] }],
    });
  const codes = ['IST0101', 'IST0132', 'IST0165'];

  it('finds a Gateway API Gateway by name and checks its listener hostnames (IST0132)', () => {
    const ok = withConfig([vs(['public'])], { gatewayApi: [kubeGateway('*.example.com')] as never });
    expect(findingsOf(ok, codes)).toEqual([]);
    const anyHost = withConfig([vs(['public'])], { gatewayApi: [kubeGateway()] as never });
    expect(findingsOf(anyHost, codes)).toEqual([]);
    const other = withConfig([vs(['public'])], { gatewayApi: [kubeGateway('api.other.org')] as never });
    expect(summarize(findingsOf(other, codes))).toEqual(['IST0132 VirtualService bookinfo/shop spec.gateways[0]']);
  });

  it('reports a generated internal Gateway as IST0165 only, a missing one as IST0101', () => {
    const internal = withConfig([vs(['public-istio-autogenerated-k8s-gateway', 'nowhere'])]);
    expect(summarize(findingsOf(internal, codes))).toEqual([
      'IST0101 VirtualService bookinfo/shop spec.gateways[1]',
      'IST0165 VirtualService bookinfo/shop spec.gateways[0]',
    ]);
  });
});

describe('galley.istio.io/analyze-suppress', () => {
  const vs = (annotations?: Record<string, string>) => ({
    ...istio('VirtualService', 'shop', { hosts: ['shop'], http: [{ route: [{ destination: { host: 'nowhere' } }] }] }),
    metadata: { name: 'shop', namespace: 'bookinfo', ...(annotations ? { annotations } : {}) },
  });

  it('leaves out the codes the object lists (or * for all), and only those', () => {
    const codesOf = (annotations?: Record<string, string>) =>
      analyze(withConfig([vs(annotations)]))
        .filter((f) => f.name === 'shop')
        .map((f) => f.code);
    expect(codesOf()).toContain('IST0101');
    expect(codesOf({ 'galley.istio.io/analyze-suppress': 'IST0101' })).not.toContain('IST0101');
    expect(codesOf({ 'galley.istio.io/analyze-suppress': 'IST0102,*' })).toEqual([]);
    expect(codesOf({ 'galley.istio.io/analyze-suppress': 'IST0102' })).toContain('IST0101');
  });
});
