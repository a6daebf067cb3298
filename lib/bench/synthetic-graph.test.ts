import { describe, expect, it } from 'vitest';
import { syntheticVersionedAppGraph } from './synthetic-graph';

describe('syntheticVersionedAppGraph', () => {
  const g = syntheticVersionedAppGraph(2000);
  const nodes = g.elements.nodes.map((n) => n.data);

  it('has one versioned app node per workload over N/10 namespaces, boxed by app and namespace', () => {
    expect(nodes.filter((n) => n.nodeType === 'app' && n.namespace.startsWith('mesh-'))).toHaveLength(2000);
    expect(nodes.filter((n) => n.isBox === 'namespace')).toHaveLength(200);
    const ids = new Set(nodes.map((n) => n.id));
    for (const n of nodes) if (n.parent) expect(ids.has(n.parent)).toBe(true);
    for (const { data: e } of g.elements.edges) expect(ids.has(e.source) && ids.has(e.target)).toBe(true);
  });

  it('sends most calls within a namespace and some into the next one, and is the same on every call', () => {
    const nsOf = new Map(nodes.map((n) => [n.id, n.namespace]));
    const mesh = g.elements.edges.filter((e) => nsOf.get(e.data.source)!.startsWith('mesh-'));
    const cross = mesh.filter((e) => nsOf.get(e.data.source) !== nsOf.get(e.data.target)).length;
    expect(cross / mesh.length).toBeGreaterThan(0.03);
    expect(cross / mesh.length).toBeLessThan(0.25);
    expect(JSON.stringify(syntheticVersionedAppGraph(2000))).toBe(JSON.stringify(g));
  });
});
