import { describe, expect, it } from 'vitest';
import { addEdge, nodeFor, type GraphNode, type NodeIdentity, type TrafficMap } from './traffic-map';
import { addToMetadata } from './protocols';
import { nodeHash, toKialiJson } from './to-json';
import type { GraphType } from './params';

function wl(
  ns: string,
  name: string,
  app: string,
  version: string,
  cluster = 'east',
  graphType: GraphType = 'workload',
): GraphNode {
  const id: NodeIdentity = {
    cluster,
    serviceNamespace: ns,
    service: '',
    workloadNamespace: ns,
    workload: name,
    app,
    version,
  };
  return nodeFor(id, graphType)!;
}

function map(...nodes: GraphNode[]): TrafficMap {
  return new Map(nodes.map((n) => [n.id, n]));
}

const opts = { graphType: 'workload' as const, durationSeconds: 600, queryTime: 1000, boxBy: [] };

describe('toKialiJson', () => {
  it('emits nodes and edges with hashed ids, Kiali field names and string rates', () => {
    const a = wl('ns', 'a-v1', 'a', 'v1');
    const b = wl('ns', 'b-v1', 'b', 'v1');
    const e = addEdge(a, b, 'http');
    addToMetadata('http', 20, '200', '-', 'b.ns.svc.cluster.local', a, b, e);
    addToMetadata('http', 0.004, '503', 'UF', 'b.ns.svc.cluster.local', a, b, e);
    const g = toKialiJson(map(a, b), opts);
    expect(g).toMatchObject({ timestamp: 1000, duration: 600, graphType: 'workload' });
    const nb = g.elements.nodes.find((n) => n.data.workload === 'b-v1')!.data;
    expect(nb).toEqual({
      id: nodeHash('wl_east_ns_b-v1'),
      nodeType: 'workload',
      cluster: 'east',
      namespace: 'ns',
      workload: 'b-v1',
      app: 'b',
      version: 'v1',
      traffic: [{ protocol: 'http', rates: { httpIn: '20.00', httpIn5xx: '0.004' } }],
      healthData: null,
    });
    expect(Object.keys(nb)).toEqual([
      'id',
      'nodeType',
      'cluster',
      'namespace',
      'workload',
      'app',
      'version',
      'traffic',
      'healthData',
    ]);
    const ed = g.elements.edges[0]!.data;
    expect(ed.traffic.rates).toEqual({
      http: '20.00',
      http5xx: '0.004',
      httpPercentErr: '0.0',
      httpPercentReq: '100.0',
    });
    expect(ed.traffic.responses!['503']).toEqual({ flags: { UF: '0.0' }, hosts: { 'b.ns.svc.cluster.local': '0.0' } });
  });

  it('omits edge traffic rates without traffic (idle edges keep only the protocol)', () => {
    const a = wl('ns', 'a-v1', 'a', 'v1');
    const b = wl('ns', 'b-v1', 'b', 'v1');
    addEdge(a, b, 'tcp');
    expect(toKialiJson(map(a, b), opts).elements.edges[0]!.data.traffic).toEqual({ protocol: 'tcp' });
  });

  it('boxes by namespace and cluster only with more than one box, never unknown, and parents come first', () => {
    const nodes = [
      wl('ns1', 'a-v1', 'a', 'v1'),
      wl('ns1', 'b-v1', 'b', 'v1'),
      wl('ns2', 'c-v1', 'c', 'v1'),
      wl('ns2', 'd-v1', 'd', 'v1', 'west'),
    ];
    const g = toKialiJson(map(...nodes), { ...opts, boxBy: ['namespace', 'cluster'] });
    const data = g.elements.nodes.map((n) => n.data);
    const boxes = data.filter((d) => d.nodeType === 'box');
    expect(boxes.map((b) => b.isBox)).toEqual(['cluster', 'cluster', 'namespace']);
    expect(boxes[0]).toMatchObject({ id: nodeHash('box_east'), namespace: '', cluster: 'east' });
    expect(boxes[1]).toMatchObject({ id: nodeHash('box_west'), namespace: '', cluster: 'west' });
    expect(boxes[2]).toMatchObject({ id: nodeHash('box_east_ns1'), namespace: 'ns1' });
    // the namespace box of ns1 sits in the east cluster box; ns2's lone east node goes straight into it
    expect(boxes[2]!.parent).toBe(nodeHash('box_east'));
    expect(data.find((d) => d.workload === 'a-v1')!.parent).toBe(nodeHash('box_east_ns1'));
    expect(data.find((d) => d.workload === 'c-v1')!.parent).toBe(nodeHash('box_east'));
    // west's lone node still gets its cluster box: with two clusters every node shows its cluster
    expect(data.find((d) => d.workload === 'd-v1')!.parent).toBe(nodeHash('box_west'));
    expect(Object.keys(data.find((d) => d.workload === 'a-v1')!).slice(0, 2)).toEqual(['id', 'parent']);
  });

  it('boxBy=cluster,namespace: a cluster of one namespace gets its cluster box around that namespace box', () => {
    const nodes = [
      wl('bookinfo', 'productpage-v1', 'productpage', 'v1'),
      wl('bookinfo', 'reviews-v1', 'reviews', 'v1'),
      wl('other', 'sleep-v1', 'sleep', 'v1'),
      wl('bookinfo', 'reviews-v3', 'reviews', 'v3', 'west'),
      wl('bookinfo', 'ratings-v1', 'ratings', 'v1', 'west'),
    ];
    const data = toKialiJson(map(...nodes), { ...opts, boxBy: ['cluster', 'namespace'] }).elements.nodes.map(
      (n) => n.data,
    );
    const westNs = data.find((d) => d.isBox === 'namespace' && d.cluster === 'west')!;
    expect(westNs).toMatchObject({ id: nodeHash('box_west_bookinfo'), namespace: 'bookinfo' });
    // west holds one namespace box only, and still gets its cluster box around it
    expect(westNs.parent).toBe(nodeHash('box_west'));
    expect(data.filter((d) => d.isBox === 'cluster').map((d) => d.cluster)).toEqual(['east', 'west']);
    expect(data.find((d) => d.workload === 'reviews-v3')!.parent).toBe(nodeHash('box_west_bookinfo'));
    // one cluster only: no cluster box at all
    const one = toKialiJson(map(...nodes.slice(0, 3)), { ...opts, boxBy: ['cluster', 'namespace'] });
    expect(one.elements.nodes.some((n) => n.data.isBox === 'cluster')).toBe(false);
  });

  it('app and versionedApp graphs always box by app', () => {
    const n1 = wl('ns', 'r-v1', 'reviews', 'v1', 'east', 'versionedApp');
    const n2 = wl('ns', 'r-v2', 'reviews', 'v2', 'east', 'versionedApp');
    const g = toKialiJson(map(n1, n2), { ...opts, graphType: 'versionedApp' });
    expect(g.elements.nodes[0]!.data).toMatchObject({
      nodeType: 'box',
      isBox: 'app',
      app: 'reviews',
      id: nodeHash('box_east_ns_reviews'),
    });
  });
});
