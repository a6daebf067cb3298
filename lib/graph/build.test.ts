import { describe, expect, it, vi } from 'vitest';
import { MeshscopeError } from '@/lib/errors';
import { buildGraph } from './build';
import { createQueryCache } from './query-cache';
import { bookinfoInventory, fakePrometheus, graphOptions, QUERY_TIME, vectors } from './testdata/fixtures';
import { nodeHash } from './to-json';
import type { EdgeDataJson, GraphOptions, KialiGraphJson, NodeDataJson } from './types';

/** `kind:name@namespace` for a node, `box-kind:…` for boxes. */
function label(d: NodeDataJson): string {
  const name = d.nodeType === 'service' ? d.service : d.nodeType === 'box' ? `box-${d.isBox}:${d.app ?? d.namespace}` : d.nodeType === 'app' ? (d.workload ?? d.app) : d.workload;
  return `${d.nodeType}:${name}@${d.namespace}`;
}

function view(g: KialiGraphJson) {
  const byId = new Map(g.elements.nodes.map((n) => [n.data.id, n.data]));
  const nodes = g.elements.nodes.map((n) => label(n.data));
  const edges = new Map<string, EdgeDataJson>();
  for (const e of g.elements.edges) edges.set(`${label(byId.get(e.data.source)!)} -> ${label(byId.get(e.data.target)!)} ${e.data.traffic.protocol}`, e.data);
  const node = (l: string) => g.elements.nodes.find((n) => label(n.data) === l)?.data;
  return { nodes, edges, node, byId };
}

async function build(over: Partial<GraphOptions>) {
  const o = graphOptions(over);
  return buildGraph(o, bookinfoInventory(), fakePrometheus(o));
}

/** Kiali's order: cluster box, namespace box, app box, then cluster, namespace, app, version, service, workload. */
function expectKialiNodeOrder(nodes: NodeDataJson[]) {
  const ranks: Record<string, number> = { cluster: 0, namespace: 1, app: 2 };
  const rank = (d: NodeDataJson) => ranks[d.isBox ?? ''] ?? 3;
  const key = (d: NodeDataJson) => [rank(d), d.cluster, d.namespace, d.app ?? '', d.version ?? '', d.service ?? '', d.workload ?? ''];
  for (let i = 1; i < nodes.length; i++) {
    const a = key(nodes[i - 1]!);
    const b = key(nodes[i]!);
    const cmp = a.findIndex((v, j) => v !== b[j]);
    if (cmp >= 0) expect(a[cmp]! < b[cmp]!, `${label(nodes[i - 1]!)} before ${label(nodes[i]!)}`).toBe(true);
  }
}

function expectEdgeOrder(edges: EdgeDataJson[]) {
  const key = (e: EdgeDataJson) => `${e.source} ${e.target} ${e.traffic.protocol}`;
  expect(edges.map(key)).toEqual([...edges.map(key)].sort());
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
    expect(pd.traffic.rates).toEqual({ http: '9.50', httpNoResponse: '0.10', httpPercentErr: '1.1', httpPercentReq: '49.0' });
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
    expect(v.edges.get('workload:curl-v1@echo -> workload:productpage-v1@bookinfo http')!.traffic.rates!.httpPercentReq).toBe('95.2');
  });

  it('applies every appender by default', async () => {
    const v = view((await build({})).graph);
    const gw = v.node('workload:istio-ingressgateway@istio-system')!;
    expect(gw).toMatchObject({ isOutside: true, isRoot: true, isGateway: { ingressInfo: { hostnames: ['*'] }, egressInfo: {}, gatewayAPIInfo: {} } });
    expect(v.node('workload:mongodb-v1@bookinfo')!.isOutOfMesh).toBe(true);
    expect(v.node('workload:ratings-v2@bookinfo')!.isIdle).toBe(true);
    expect(v.node('service:googleapis@bookinfo')!.isServiceEntry).toEqual({ hosts: ['www.googleapis.com'], location: 'MESH_EXTERNAL', namespace: 'bookinfo' });
    expect(v.node('service:reviews@bookinfo')!).toMatchObject({ hasVS: { hostnames: ['reviews'] }, hasTrafficShifting: true, hasRequestRouting: true, hasCB: true });
    const e = v.edges.get('workload:istio-ingressgateway@istio-system -> workload:productpage-v1@bookinfo http')!;
    expect(e).toMatchObject({ isMTLS: '100', responseTime: '48', throughput: '5120', healthStatus: 'Healthy' });
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
    expect(v.nodes).toEqual(expect.arrayContaining(['app:details@bookinfo', 'app:reviews@bookinfo', 'app:ratings@bookinfo', 'box:box-app:reviews@bookinfo']));
    expect(v.nodes).not.toContain('app:reviews-v1@bookinfo');
    expect(v.node('app:reviews@bookinfo')!.id).toBe(nodeHash('app_Kubernetes_bookinfo_reviews'));
    const pr = v.edges.get('app:productpage@bookinfo -> app:reviews@bookinfo http')!;
    expect(pr.traffic.rates).toEqual({ http: '9.90', httpPercentReq: '51.0' });
    const rr = v.edges.get('app:reviews@bookinfo -> app:ratings@bookinfo http')!;
    expect(rr.traffic.rates).toEqual({ http: '6.60', http5xx: '0.30', httpPercentErr: '4.5', httpPercentReq: '100.0' });
    // the unserviced service node carries its Service's app label, so it is boxed with the app
    const box = v.node('box:box-app:reviews@bookinfo')!;
    expect(box).toMatchObject({ nodeType: 'box', isBox: 'app', app: 'reviews', namespace: 'bookinfo', cluster: 'Kubernetes', id: nodeHash('box_Kubernetes_bookinfo_reviews') });
    expect(v.node('service:reviews@bookinfo')!.parent).toBe(box.id);
    expect(v.node('app:reviews@bookinfo')!.parent).toBe(box.id);
    expect(graph.elements.nodes[0]!.data.isBox).toBe('app');
    expectKialiNodeOrder(graph.elements.nodes.map((n) => n.data));
  });

  it('versionedApp graph keys nodes on workloads and boxes versions by app', async () => {
    const { graph } = await build({ graphType: 'versionedApp' });
    const v = view(graph);
    const r3 = v.node('app:reviews-v3@bookinfo')!;
    expect(r3).toMatchObject({ nodeType: 'app', app: 'reviews', version: 'v3', workload: 'reviews-v3', id: nodeHash('vapp_Kubernetes_bookinfo_reviews-v3') });
    expect(r3.parent).toBe(v.node('box:box-app:reviews@bookinfo')!.id);
    expect(v.node('app:ratings-v2@bookinfo')!.parent).toBe(v.node('box:box-app:ratings@bookinfo')!.id);
    expect(v.edges.get('app:reviews-v3@bookinfo -> app:ratings-v1@bookinfo http')!.traffic.rates).toEqual({
      http: '3.30',
      http5xx: '0.30',
      httpPercentErr: '9.1',
      httpPercentReq: '100.0',
    });
    // the app box gets the app's health (both ratings workloads), the node its own workload's
    expect(v.node('box:box-app:ratings@bookinfo')!.healthData).toMatchObject({ workloadStatuses: [{ name: 'ratings-v1' }, { name: 'ratings-v2' }] });
    expect(v.node('app:ratings-v1@bookinfo')!.healthData).toMatchObject({ workloadStatuses: [{ name: 'ratings-v1' }] });
    expectKialiNodeOrder(graph.elements.nodes.map((n) => n.data));
  });
});

describe('service graph', () => {
  it('keeps service nodes and root workloads, with service-to-service edges', async () => {
    const { graph } = await build({ graphType: 'service', namespaces: ['bookinfo', 'echo'] });
    const v = view(graph);
    expect(v.nodes.filter((n) => !n.startsWith('service:')).sort()).toEqual(['unknown:unknown@unknown', 'workload:curl-v1@echo', 'workload:istio-ingressgateway@istio-system']);
    expect(v.edges.get('service:productpage@bookinfo -> service:reviews@bookinfo http')!.traffic.rates).toEqual({ http: '9.90', httpPercentReq: '51.0' });
    expect(v.edges.get('service:reviews@bookinfo -> service:ratings@bookinfo http')!.traffic.rates).toEqual({
      http: '6.60',
      http5xx: '0.30',
      httpPercentErr: '4.5',
      httpPercentReq: '100.0',
    });
    expect(v.node('service:details@bookinfo')!.traffic).toEqual([{ protocol: 'http', rates: { httpIn: '9.50', httpInNoResponse: '0.10', httpOut: '0.20' } }]);
    expect(v.node('service:productpage@bookinfo')!.isInjected).toBe(true);
    expect([...v.edges.keys()].every((k) => k.split(' -> ')[1]!.startsWith('service:'))).toBe(true);
  });
});

describe('node graph', () => {
  it('shows a workload’s incoming and outgoing traffic, without idle nodes', async () => {
    const o = graphOptions({ node: { namespace: 'bookinfo', workload: 'details-v1' } });
    const incoming = vectors['bookinfo/traffic/istio_requests_total/1']!.filter((r) => r.metric.destination_workload === 'details-v1');
    const outgoing = vectors['bookinfo/traffic/istio_requests_total/2']!.filter((r) => r.metric.source_workload === 'details-v1');
    const sent: string[] = [];
    const query = async (q: string) => {
      sent.push(q);
      if (!q.includes('istio_requests_total{')) return [];
      if (q.includes('destination_workload="details-v1"')) return incoming;
      return q.includes('source_workload="details-v1"') ? outgoing : [];
    };
    const v = view((await buildGraph(o, bookinfoInventory(), query)).graph);
    expect(v.nodes.sort()).toEqual(['service:googleapis@bookinfo', 'workload:details-v1@bookinfo', 'workload:productpage-v1@bookinfo']);
    expect([...v.edges.keys()].sort()).toEqual([
      'workload:details-v1@bookinfo -> service:googleapis@bookinfo http',
      'workload:productpage-v1@bookinfo -> workload:details-v1@bookinfo http',
    ]);
    expect(v.node('workload:productpage-v1@bookinfo')!.isRoot).toBe(true);
    expect(sent.filter((q) => q.includes('details-v1'))).toHaveLength(4);
  });

  it('always contains the requested node', async () => {
    const o = graphOptions({ graphType: 'versionedApp', node: { namespace: 'bookinfo', app: 'ratings', version: 'v2' } });
    const v = view((await buildGraph(o, bookinfoInventory(), async () => [])).graph);
    expect(v.nodes).toEqual(['app:ratings@bookinfo']);
    expect(v.node('app:ratings@bookinfo')!.id).toBe(nodeHash('vapp_Kubernetes_bookinfo_ratings_v2'));
  });
});

describe('failures', () => {
  it('a namespace whose queries fail yields a partial graph and a warning', async () => {
    const o = graphOptions({ namespaces: ['bookinfo', 'echo'] });
    const base = fakePrometheus(o);
    const query = vi.fn(async (q: string, t: number) => {
      if (q.includes('"echo"')) throw Object.assign(new Error('Prometheus unreachable at http://prom:9090'), { code: 'unavailable:prometheus' });
      return base(q, t);
    });
    const { graph, warnings } = await buildGraph(o, bookinfoInventory(), query);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatchObject({ namespace: 'echo' });
    expect(warnings[0]!.message).toContain('Prometheus unreachable');
    expect(graph.warnings).toEqual(warnings);
    const v = view(graph);
    expect(v.nodes).toContain('workload:productpage-v1@bookinfo');
    expect(v.nodes).not.toContain('workload:tcp-echo-v1@echo');
  });

  it('a failed appender query drops only that decoration, with a warning', async () => {
    const o = graphOptions({});
    const base = fakePrometheus(o);
    const query = async (q: string, t: number) => {
      if (q.includes('histogram_quantile')) throw Object.assign(new Error('timeout'), { code: 'timeout:prometheus' });
      return base(q, t);
    };
    const { graph, warnings } = await buildGraph(o, bookinfoInventory(), query);
    expect(warnings.map((w) => w.message)).toEqual(['responseTime for namespace [bookinfo] is missing: timeout']);
    expect(graph.elements.edges.every((e) => e.data.responseTime === undefined)).toBe(true);
    expect(graph.elements.edges.some((e) => e.data.isMTLS === '100')).toBe(true);
  });

  it('throws the error when every namespace fails', async () => {
    const err = new MeshscopeError('unavailable:prometheus', 'Prometheus unreachable');
    const o = graphOptions({ namespaces: ['bookinfo', 'echo'] });
    await expect(buildGraph(o, bookinfoInventory(), async () => Promise.reject(err))).rejects.toBe(err);
  });

  it('refuses namespaces not in the inventory with 403 before any query', async () => {
    const query = vi.fn(async () => []);
    const o = graphOptions({ namespaces: ['bookinfo', 'secret'] });
    await expect(buildGraph(o, bookinfoInventory(), query)).rejects.toMatchObject({ code: 'forbidden:api', status: 403 });
    expect(query).not.toHaveBeenCalled();
  });

  it('skips a namespace that did not exist at queryTime, with a warning and no query', async () => {
    const inv = bookinfoInventory();
    inv.namespaces.find((n) => n.name === 'echo')!.creationTimestamp = '2030-01-01T00:00:00Z';
    const o = graphOptions({ namespaces: ['echo'] });
    const query = vi.fn(fakePrometheus(o));
    const r = await buildGraph(o, inv, query);
    expect(query).not.toHaveBeenCalled();
    expect(r.warnings[0]!.message).toContain('did not exist');
  });

  it('clips the window to the namespace lifetime', async () => {
    const inv = bookinfoInventory();
    inv.namespaces.find((n) => n.name === 'bookinfo')!.creationTimestamp = new Date((QUERY_TIME - 120) * 1000).toISOString();
    const seen: string[] = [];
    await buildGraph(graphOptions({}), inv, async (q) => (seen.push(q), []));
    expect(seen.every((q) => q.includes('[120s]'))).toBe(true);
  });
});

describe('query sharing and concurrency', () => {
  it('two concurrent identical builds send each query once', async () => {
    const o = graphOptions({ namespaces: ['bookinfo', 'echo'] });
    const base = fakePrometheus(o);
    const calls = new Map<string, number>();
    const query = async (q: string, t: number) => {
      calls.set(q, (calls.get(q) ?? 0) + 1);
      await new Promise((r) => setTimeout(r, 5));
      return base(q, t);
    };
    const cache = createQueryCache();
    const [a, b] = await Promise.all([buildGraph(o, bookinfoInventory(), query, { cache }), buildGraph(o, bookinfoInventory(), query, { cache })]);
    expect(a.graph).toEqual(b.graph);
    expect(calls.size).toBe(a.queryStats.length);
    expect([...calls.values()].every((n) => n === 1)).toBe(true);
    // and a third build within the TTL is served from the cache
    await buildGraph(o, bookinfoInventory(), query, { cache });
    expect([...calls.values()].every((n) => n === 1)).toBe(true);
  });

  it('never has more queries in flight than the concurrency bound', async () => {
    const o = graphOptions({ namespaces: ['bookinfo', 'echo', 'istio-system'] });
    const base = fakePrometheus(o);
    let inFlight = 0;
    let max = 0;
    const query = async (q: string, t: number) => {
      inFlight++;
      max = Math.max(max, inFlight);
      await new Promise((r) => setTimeout(r, 1));
      inFlight--;
      return base(q, t);
    };
    const r = await buildGraph(o, bookinfoInventory(), query, { concurrency: 3 });
    expect(r.queryStats.length).toBe(36);
    expect(max).toBe(3);
  });

  it('issues 6 traffic queries per namespace with UI defaults and no edge decorations', async () => {
    const o = graphOptions({ appenders: { all: false, names: ['deadNode', 'serviceEntry', 'meshCheck'] } });
    const r = await buildGraph(o, bookinfoInventory(), fakePrometheus(o));
    expect(r.queryStats).toHaveLength(6);
    expect(r.queryStats.every((s) => s.promql.startsWith('round(sum(rate(') && s.promql.endsWith(',0.001)'))).toBe(true);
  });
});
