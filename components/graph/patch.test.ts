import { describe, expect, it } from 'vitest';
import cytoscape from 'cytoscape';
import type { ElementDefinition } from 'cytoscape';
import type { KialiGraphJson } from '@/lib/graph/types';
import fixture from './testdata/bookinfo-versionedApp.json';
import { toCyElements } from './elements';
import { patchElements } from './patch';

const graph = fixture as unknown as KialiGraphJson;
const opts = { edgeLabels: ['trafficRate'], showSecurity: false, large: false } as const;

function headless(els: ElementDefinition[]) {
  return cytoscape({ headless: true, styleEnabled: false, elements: els });
}

describe('patchElements', () => {
  it('is a no-op for the same graph and keeps positions', () => {
    const els = toCyElements(graph, opts);
    const cy = headless(els);
    const leaf = cy.nodes().filter((n) => n.isChildless())[0]!;
    leaf.position({ x: 123, y: 456 });
    const r = patchElements(cy, toCyElements(graph, opts));
    expect(r).toEqual({ added: 0, removed: 0, updated: 0, nodesChanged: false });
    expect(leaf.position()).toEqual({ x: 123, y: 456 });
  });

  it('updates labels and classes in place when only the data changes (no relayout)', () => {
    const cy = headless(toCyElements(graph, opts));
    const next = toCyElements(graph, { ...opts, edgeLabels: ['rt95'], showSecurity: true });
    const edge = next.find((e) => e.group === 'edges' && String(e.data.label).includes('ms'));
    const r = patchElements(cy, next);
    expect(r.nodesChanged).toBe(false);
    expect(r.updated).toBeGreaterThan(0);
    expect(cy.getElementById(String(edge?.data.id)).data('label')).toBe(edge?.data.label);
  });

  it('keeps runtime classes (find, hidden) across a patch', () => {
    const els = toCyElements(graph, opts);
    const cy = headless(els);
    const id = String(els.find((e) => e.group === 'edges')?.data.id);
    cy.getElementById(id).addClass('find');
    patchElements(cy, toCyElements(graph, { ...opts, edgeLabels: [] }));
    expect(cy.getElementById(id).hasClass('find')).toBe(true);
  });

  it('adds new nodes and edges, removes gone ones, and reports a node-set change', () => {
    const els = toCyElements(graph, opts);
    const cy = headless(els);
    const goneEdge = els.find((e) => e.group === 'edges')!;
    const next: ElementDefinition[] = [
      ...els.filter((e) => e !== goneEdge),
      { group: 'nodes', data: { id: 'new-node', label: 'new' }, classes: 'workload healthy' },
      {
        group: 'edges',
        data: { id: 'new-edge', source: 'new-node', target: String(goneEdge.data.target), label: '' },
        classes: 'http healthy',
      },
    ];
    const r = patchElements(cy, next);
    expect(r.added).toBe(2);
    expect(r.removed).toBe(1);
    expect(r.nodesChanged).toBe(true);
    expect(cy.getElementById(String(goneEdge.data.id)).empty()).toBe(true);
    expect(cy.getElementById('new-edge').source().id()).toBe('new-node');
  });

  it('re-parents children when boxes disappear (large mode) without losing them', () => {
    const cy = headless(toCyElements(graph, opts));
    const leaves = cy.nodes().filter((n) => n.isChildless() && !n.hasClass('box')).length;
    const r = patchElements(cy, toCyElements(graph, { ...opts, large: true }));
    expect(r.nodesChanged).toBe(true);
    expect(cy.nodes('.box')).toHaveLength(0);
    expect(cy.nodes()).toHaveLength(leaves);
    expect(cy.nodes().filter((n) => n.isChild())).toHaveLength(0);
    expect(cy.edges()).toHaveLength(graph.elements.edges.length);
  });

  it('boxes nodes again when boxes come back', () => {
    const cy = headless(toCyElements(graph, { ...opts, large: true }));
    patchElements(cy, toCyElements(graph, opts));
    const v3 = graph.elements.nodes.find((n) => n.data.workload === 'reviews-v3')!.data;
    expect(cy.getElementById(v3.id).data('parent')).toBe(v3.parent);
    expect(cy.getElementById(String(v3.parent)).isParent()).toBe(true);
    expect(cy.edges()).toHaveLength(graph.elements.edges.length);
  });
});
