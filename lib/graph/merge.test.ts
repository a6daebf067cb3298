import { describe, expect, it } from 'vitest';
import { mergeTrafficMaps } from './merge';
import { addEdge, newNode, type GraphNode, type TrafficMap } from './traffic-map';

const wl = (namespace: string, workload: string): GraphNode =>
  newNode(
    `wl_east_${namespace}_${workload}`,
    'workload',
    { cluster: 'east', namespace, workload, app: workload, version: 'v1', service: '' },
    'workload',
  );

const mapOf = (...nodes: GraphNode[]): TrafficMap => new Map(nodes.map((n) => [n.id, n]));

/** `namespace`'s map: the gateway (of istio-system) calling the namespace's entry workload over `protocols`. */
function namespaceMap(namespace: string, protocols: string[]): TrafficMap {
  const gateway = wl('istio-system', 'istio-ingressgateway');
  const entry = wl(namespace, 'entry');
  for (const p of protocols) addEdge(gateway, entry, p).rates[p] = 1;
  return mapOf(gateway, entry);
}

describe('mergeTrafficMaps (MergeTrafficMaps)', () => {
  it('keeps one edge per destination and protocol of a node that every namespace map has, however many edges it has', () => {
    const merged: TrafficMap = new Map();
    // 40 namespaces: the gateway gets 40 edges; each namespace is merged
    // twice, the second time with one new protocol, so every other edge is a duplicate to drop
    for (let i = 0; i < 40; i++) mergeTrafficMaps(merged, `ns${i}`, namespaceMap(`ns${i}`, ['http']));
    for (let i = 0; i < 40; i++) mergeTrafficMaps(merged, `ns${i}`, namespaceMap(`ns${i}`, ['http', 'tcp']));

    const gateway = merged.get('wl_east_istio-system_istio-ingressgateway')!;
    expect(gateway.edges).toHaveLength(80);
    const keys = gateway.edges.map((e) => `${e.dest.id} ${e.protocol}`);
    expect(new Set(keys).size).toBe(80);
    expect(keys.filter((k) => k.endsWith(' tcp'))).toHaveLength(40);
    // each edge points at the node the merged map holds, and its source is the merged gateway
    for (const e of gateway.edges) {
      expect(merged.get(e.dest.id)).toBe(e.dest);
      expect(e.source).toBe(gateway);
    }
    // the gateway's outgoing rates count each edge added by a merge once (ns0's edge came with the gateway itself)
    expect(gateway.rates.httpOut).toBe(39);
    expect(gateway.rates.tcpOut).toBe(40);
  });

  it('still finds the edges of a node whose edge list was replaced between merges', () => {
    const merged: TrafficMap = new Map();
    for (let i = 0; i < 20; i++) mergeTrafficMaps(merged, `ns${i}`, namespaceMap(`ns${i}`, ['http']));
    const gateway = merged.get('wl_east_istio-system_istio-ingressgateway')!;
    gateway.edges = gateway.edges.filter((e) => e.dest.namespace !== 'ns3');
    mergeTrafficMaps(merged, 'ns3', namespaceMap('ns3', ['http']));
    mergeTrafficMaps(merged, 'ns4', namespaceMap('ns4', ['http']));
    expect(gateway.edges.map((e) => e.dest.namespace).sort()).toEqual(
      Array.from({ length: 20 }, (_, i) => `ns${i}`).sort(),
    );
  });
});
