import { describe, expect, it } from 'vitest';
import { buildGraph } from './build';
import { bookinfoInventory, fakePrometheus, graphOptions, QUERY_TIME, vectors } from './testdata/fixtures';
import { expectEdgeOrder, expectKialiNodeOrder, view } from './testdata/graph-view';
import { nodeHash } from './to-json';
import type { GraphOptions } from './types';

async function build(over: Partial<GraphOptions>) {
  const o = graphOptions(over);
  return buildGraph(o, bookinfoInventory(), fakePrometheus(o));
}

describe('workload graph', () => {
  it('has the bookinfo nodes, Kiali ids and sort order', async () => {
    const { graph, warnings } = await build({});
    expect(warnings).toEqual([]);
    expect(graph).toMatchObject({ timestamp: QUERY_TIME, duration: 600, graphType: 'workload' });
    expect(graph).not.toHaveProperty('warnings');
    const v = view(graph);
    expect(v.nodes.sort()).toEqual(
      [
        'service:googleapis@bookinfo',
        'service:reviews@bookinfo',
        'unknown:unknown@unknown',
        'workload:curl-v1@echo',
        'workload:details-v1@bookinfo',
        'workload:istio-ingressgateway@istio-system',
        'workload:mongodb-v1@bookinfo',
        'workload:productpage-v1@bookinfo',
        'workload:ratings-v1@bookinfo',
        'workload:ratings-v2@bookinfo',
        'workload:reviews-v1@bookinfo',
        'workload:reviews-v2@bookinfo',
        'workload:reviews-v3@bookinfo',
      ].sort(),
    );
    expect(v.node('workload:details-v1@bookinfo')!.id).toBe(nodeHash('wl_Kubernetes_bookinfo_details-v1'));
    expect(v.node('unknown:unknown@unknown')!.id).toBe(nodeHash('unknown_unknown_source'));
    expect(v.node('workload:details-v1@bookinfo')!.id).toMatch(/^[0-9a-f]{64}$/);
    expectKialiNodeOrder(graph.elements.nodes.map((n) => n.data));
    expectEdgeOrder(graph.elements.edges.map((e) => e.data));
  });

  it('has rates as strings, httpPercentReq of the source httpOut, and responses as % of the edge', async () => {
    const v = view((await build({})).graph);
    expect(v.edges.size).toBe(12);
    const pd = v.edges.get('workload:productpage-v1@bookinfo -> workload:details-v1@bookinfo http')!;
    // productpage sends 9.5 + 3×3.3 = 19.4 rps
    expect(pd.traffic.rates).toEqual({
      http: '9.50',
      httpNoResponse: '0.10',
      httpPercentErr: '1.1',
      httpPercentReq: '49.0',
    });
    expect(pd.traffic.responses).toEqual({
      '200': { flags: { '-': '98.9' }, hosts: { 'details.bookinfo.svc.cluster.local': '98.9' } },
      '-': { flags: { DC: '1.1' }, hosts: { 'details.bookinfo.svc.cluster.local': '1.1' } },
    });
    expect(pd.id).toMatch(/^[0-9a-f]{64}$/);
    const pp = v.node('workload:productpage-v1@bookinfo')!;
    // 9.8 + 0.2 from the gateway, 0.5 from unknown, 1.0 from curl; the source-reported duplicates are dropped
    expect(pp.traffic).toEqual([{ protocol: 'http', rates: { httpIn: '11.50', httpIn5xx: '0.20', httpOut: '19.40' } }]);
    const tcp = v.edges.get('workload:ratings-v1@bookinfo -> workload:mongodb-v1@bookinfo tcp')!;
    expect(tcp.traffic.rates).toEqual({ tcp: '512.30' });
    expect(
      v.edges.get('workload:curl-v1@echo -> workload:productpage-v1@bookinfo http')!.traffic.rates!.httpPercentReq,
    ).toBe('95.2');
  });

  it('applies every appender by default', async () => {
    const v = view((await build({})).graph);
    const gw = v.node('workload:istio-ingressgateway@istio-system')!;
    expect(gw).toMatchObject({
      isOutside: true,
      isRoot: true,
      isGateway: { ingressInfo: { hostnames: ['*'] }, egressInfo: {}, gatewayAPIInfo: {} },
    });
    expect(v.node('workload:mongodb-v1@bookinfo')!.isOutOfMesh).toBe(true);
    expect(v.node('workload:ratings-v2@bookinfo')!.isIdle).toBe(true);
    expect(v.node('service:googleapis@bookinfo')!.isServiceEntry).toEqual({
      hosts: ['www.googleapis.com'],
      location: 'MESH_EXTERNAL',
      namespace: 'bookinfo',
    });
    expect(v.node('service:reviews@bookinfo')!).toMatchObject({
      hasVS: { hostnames: ['reviews'] },
      hasTrafficShifting: true,
      hasRequestRouting: true,
      hasCB: true,
    });
    const e = v.edges.get('workload:istio-ingressgateway@istio-system -> workload:productpage-v1@bookinfo http')!;
    // the fixture's ingress → productpage traffic carries a few 5xx: Degraded with the default tolerance (degraded 0)
    expect(e).toMatchObject({ isMTLS: '100', responseTime: '48', throughput: '5120', healthStatus: 'Degraded' });
    expect(e.sourcePrincipal).toBe('spiffe://cluster.local/ns/istio-system/sa/istio-ingressgateway-service-account');
    expect(v.node('workload:reviews-v3@bookinfo')!.healthData).toMatchObject({
      workloadStatus: { desiredReplicas: 2, availableReplicas: 1 },
      status: { status: 'Degraded' },
    });
    expect(v.node('unknown:unknown@unknown')!.healthData).toBeNull();
  });

  it('present-but-empty appenders runs none (only outsider and traffic generator)', async () => {
    const v = view((await build({ appenders: { all: false, names: [] } })).graph);
    expect(v.nodes).not.toContain('workload:ratings-v2@bookinfo');
    expect(v.nodes).toContain('service:www.googleapis.com@bookinfo');
    const pp = v.node('workload:productpage-v1@bookinfo')!;
    expect(pp.healthData).toBeNull();
    expect([...v.edges.values()].every((e) => e.responseTime === undefined && e.isMTLS === undefined)).toBe(true);
    expect(v.node('workload:istio-ingressgateway@istio-system')).toMatchObject({ isOutside: true, isRoot: true });
  });
});

describe('app and versionedApp graphs', () => {
  it('app graph aggregates versions and boxes apps', async () => {
    const { graph } = await build({ graphType: 'app' });
    const v = view(graph);
    expect(v.nodes).toEqual(
      expect.arrayContaining([
        'app:details@bookinfo',
        'app:reviews@bookinfo',
        'app:ratings@bookinfo',
        'box:box-app:reviews@bookinfo',
      ]),
    );
    expect(v.nodes).not.toContain('app:reviews-v1@bookinfo');
    expect(v.node('app:reviews@bookinfo')!.id).toBe(nodeHash('app_Kubernetes_bookinfo_reviews'));
    const pr = v.edges.get('app:productpage@bookinfo -> app:reviews@bookinfo http')!;
    expect(pr.traffic.rates).toEqual({ http: '9.90', httpPercentReq: '51.0' });
    const rr = v.edges.get('app:reviews@bookinfo -> app:ratings@bookinfo http')!;
    expect(rr.traffic.rates).toEqual({ http: '6.60', http5xx: '0.30', httpPercentErr: '4.5', httpPercentReq: '100.0' });
    // the unserviced service node carries its Service's app label, so it is boxed with the app
    const box = v.node('box:box-app:reviews@bookinfo')!;
    expect(box).toMatchObject({
      nodeType: 'box',
      isBox: 'app',
      app: 'reviews',
      namespace: 'bookinfo',
      cluster: 'Kubernetes',
      id: nodeHash('box_Kubernetes_bookinfo_reviews'),
    });
    expect(v.node('service:reviews@bookinfo')!.parent).toBe(box.id);
    expect(v.node('app:reviews@bookinfo')!.parent).toBe(box.id);
    expect(graph.elements.nodes[0]!.data.isBox).toBe('app');
    expectKialiNodeOrder(graph.elements.nodes.map((n) => n.data));
  });

  it('versionedApp graph keys nodes on workloads and boxes versions by app', async () => {
    const { graph } = await build({ graphType: 'versionedApp' });
    const v = view(graph);
    const r3 = v.node('app:reviews-v3@bookinfo')!;
    expect(r3).toMatchObject({
      nodeType: 'app',
      app: 'reviews',
      version: 'v3',
      workload: 'reviews-v3',
      id: nodeHash('vapp_Kubernetes_bookinfo_reviews-v3'),
    });
    expect(r3.parent).toBe(v.node('box:box-app:reviews@bookinfo')!.id);
    expect(v.node('app:ratings-v2@bookinfo')!.parent).toBe(v.node('box:box-app:ratings@bookinfo')!.id);
    expect(v.edges.get('app:reviews-v3@bookinfo -> app:ratings-v1@bookinfo http')!.traffic.rates).toEqual({
      http: '3.30',
      http5xx: '0.30',
      httpPercentErr: '9.1',
      httpPercentReq: '100.0',
    });
    // the app box gets the app's health (both ratings workloads), the node its own workload's
    expect(v.node('box:box-app:ratings@bookinfo')!.healthData).toMatchObject({
      workloadStatuses: [{ name: 'ratings-v1' }, { name: 'ratings-v2' }],
    });
    expect(v.node('app:ratings-v1@bookinfo')!.healthData).toMatchObject({ workloadStatuses: [{ name: 'ratings-v1' }] });
    expectKialiNodeOrder(graph.elements.nodes.map((n) => n.data));
  });
});

describe('service graph', () => {
  it('keeps service nodes and root workloads, with service-to-service edges', async () => {
    const { graph } = await build({ graphType: 'service', namespaces: ['bookinfo', 'echo'] });
    const v = view(graph);
    expect(v.nodes.filter((n) => !n.startsWith('service:')).sort()).toEqual([
      'unknown:unknown@unknown',
      'workload:curl-v1@echo',
      'workload:istio-ingressgateway@istio-system',
    ]);
    expect(v.edges.get('service:productpage@bookinfo -> service:reviews@bookinfo http')!.traffic.rates).toEqual({
      http: '9.90',
      httpPercentReq: '51.0',
    });
    expect(v.edges.get('service:reviews@bookinfo -> service:ratings@bookinfo http')!.traffic.rates).toEqual({
      http: '6.60',
      http5xx: '0.30',
      httpPercentErr: '4.5',
      httpPercentReq: '100.0',
    });
    expect(v.node('service:details@bookinfo')!.traffic).toEqual([
      { protocol: 'http', rates: { httpIn: '9.50', httpInNoResponse: '0.10', httpOut: '0.20' } },
    ]);
    expect(v.node('service:productpage@bookinfo')!.isInjected).toBe(true);
    expect([...v.edges.keys()].every((k) => k.split(' -> ')[1]!.startsWith('service:'))).toBe(true);
  });
});

describe('node graph', () => {
  it('shows a workload’s incoming and outgoing traffic, without idle nodes', async () => {
    const o = graphOptions({ node: { namespace: 'bookinfo', workload: 'details-v1' } });
    const incoming = vectors['bookinfo/traffic/istio_requests_total/1']!.filter(
      (r) => r.metric.destination_workload === 'details-v1',
    );
    const outgoing = vectors['bookinfo/traffic/istio_requests_total/2']!.filter(
      (r) => r.metric.source_workload === 'details-v1',
    );
    const sent: string[] = [];
    const query = async (q: string) => {
      sent.push(q);
      if (!q.includes('istio_requests_total{')) return [];
      if (q.includes('destination_workload="details-v1"')) return incoming;
      return q.includes('source_workload="details-v1"') ? outgoing : [];
    };
    const v = view((await buildGraph(o, bookinfoInventory(), query)).graph);
    expect(v.nodes.sort()).toEqual([
      'service:googleapis@bookinfo',
      'workload:details-v1@bookinfo',
      'workload:productpage-v1@bookinfo',
    ]);
    expect([...v.edges.keys()].sort()).toEqual([
      'workload:details-v1@bookinfo -> service:googleapis@bookinfo http',
      'workload:productpage-v1@bookinfo -> workload:details-v1@bookinfo http',
    ]);
    expect(v.node('workload:productpage-v1@bookinfo')!.isRoot).toBe(true);
    expect(sent.filter((q) => q.includes('details-v1'))).toHaveLength(4);
  });

  it('always contains the requested node', async () => {
    const o = graphOptions({
      graphType: 'versionedApp',
      node: { namespace: 'bookinfo', app: 'ratings', version: 'v2' },
    });
    const v = view((await buildGraph(o, bookinfoInventory(), async () => [])).graph);
    expect(v.nodes).toEqual(['app:ratings@bookinfo']);
    expect(v.node('app:ratings@bookinfo')!.id).toBe(nodeHash('vapp_Kubernetes_bookinfo_ratings_v2'));
  });

  it('does not add the requested versioned app twice when its traffic names the workload', async () => {
    const o = graphOptions({
      graphType: 'versionedApp',
      node: { namespace: 'bookinfo', app: 'details', version: 'v1' },
    });
    const incoming = vectors['bookinfo/traffic/istio_requests_total/1']!.filter(
      (r) => r.metric.destination_canonical_service === 'details',
    );
    const query = async (q: string) =>
      q.includes('istio_requests_total{') && q.includes('destination_canonical_service="details"') ? incoming : [];
    const g = (await buildGraph(o, bookinfoInventory(), query)).graph;
    const details = g.elements.nodes.filter(
      (n) => n.data.nodeType === 'app' && n.data.app === 'details' && n.data.version === 'v1',
    );
    expect(details).toHaveLength(1);
    expect(details[0]!.data.id).toBe(nodeHash('vapp_Kubernetes_bookinfo_details-v1'));
    expect(g.elements.edges.some((e) => e.data.target === details[0]!.data.id)).toBe(true);
  });
});
