/** Test support: a readable view of graph JSON (`kind:name@namespace` labels) and Kiali's ordering checks. */
import { expect } from 'vitest';
import type { EdgeDataJson, KialiGraphJson, NodeDataJson } from '../types';

/** `kind:name@namespace` for a node, `box-kind:…` for boxes. */
export function label(d: NodeDataJson): string {
  const name =
    d.nodeType === 'service'
      ? d.service
      : d.nodeType === 'box'
        ? `box-${d.isBox}:${d.app ?? d.namespace}`
        : d.nodeType === 'app'
          ? (d.workload ?? d.app)
          : d.workload;
  return `${d.nodeType}:${name}@${d.namespace}`;
}

export function view(g: KialiGraphJson) {
  const byId = new Map(g.elements.nodes.map((n) => [n.data.id, n.data]));
  const nodes = g.elements.nodes.map((n) => label(n.data));
  const edges = new Map<string, EdgeDataJson>();
  for (const e of g.elements.edges)
    edges.set(
      `${label(byId.get(e.data.source)!)} -> ${label(byId.get(e.data.target)!)} ${e.data.traffic.protocol}`,
      e.data,
    );
  const node = (l: string) => g.elements.nodes.find((n) => label(n.data) === l)?.data;
  return { nodes, edges, node, byId };
}

/** Kiali's order: cluster box, namespace box, app box, then cluster, namespace, app, version, service, workload. */
export function expectKialiNodeOrder(nodes: NodeDataJson[]) {
  const ranks: Record<string, number> = { cluster: 0, namespace: 1, app: 2 };
  const rank = (d: NodeDataJson) => ranks[d.isBox ?? ''] ?? 3;
  const key = (d: NodeDataJson) => [
    rank(d),
    d.cluster,
    d.namespace,
    d.app ?? '',
    d.version ?? '',
    d.service ?? '',
    d.workload ?? '',
  ];
  for (let i = 1; i < nodes.length; i++) {
    const a = key(nodes[i - 1]!);
    const b = key(nodes[i]!);
    const cmp = a.findIndex((v, j) => v !== b[j]);
    if (cmp >= 0) expect(a[cmp]! < b[cmp]!, `${label(nodes[i - 1]!)} before ${label(nodes[i]!)}`).toBe(true);
  }
}

export function expectEdgeOrder(edges: EdgeDataJson[]) {
  const key = (e: EdgeDataJson) => `${e.source} ${e.target} ${e.traffic.protocol}`;
  expect(edges.map(key)).toEqual([...edges.map(key)].sort());
}
