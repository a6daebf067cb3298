import { describe, expect, it } from 'vitest';
import type { KialiGraphJson } from '@/lib/graph/types';
import fixture from './testdata/bookinfo-versionedApp.json';
import { completeOperand, computeFindHide, rankNodes } from './find-hide';

const graph = fixture as unknown as KialiGraphJson;
const nodes = graph.elements.nodes.map((n) => n.data);
const edges = graph.elements.edges.map((e) => e.data);
const idOf = (pred: (d: (typeof nodes)[number]) => boolean) => nodes.find(pred)!.id;

describe('computeFindHide', () => {
  it('finds unhealthy nodes', () => {
    const s = computeFindHide(graph, '! healthy', '');
    expect(s.findError).toBeNull();
    expect(s.findIds.has(idOf((d) => d.workload === 'reviews-v3'))).toBe(true);
    expect(s.findIds.has(idOf((d) => d.workload === 'details-v1'))).toBe(false);
  });

  it('finds slow edges', () => {
    const s = computeFindHide(graph, 'rt > 1000', '');
    expect(s.findIds.size).toBe(1);
    const edge = edges.find((e) => s.findIds.has(e.id))!;
    expect(edge.target).toBe(idOf((d) => d.workload === 'reviews-v3'));
  });

  it('hides a node together with its edges, and never reports hidden elements as found', () => {
    const unknown = idOf((d) => d.nodeType === 'unknown');
    const s = computeFindHide(graph, 'name = unknown', 'name = unknown');
    expect(s.hiddenIds.has(unknown)).toBe(true);
    const unknownEdges = edges.filter((e) => e.source === unknown);
    expect(unknownEdges.length).toBeGreaterThan(0);
    for (const e of unknownEdges) expect(s.hiddenIds.has(e.id)).toBe(true);
    expect(s.findIds.size).toBe(0);
  });

  it('hides a box whose members are all hidden', () => {
    const s = computeFindHide(graph, '', 'ns = tcp-echo');
    expect(s.hiddenIds.has(idOf((d) => d.isBox === 'namespace' && d.namespace === 'tcp-echo'))).toBe(true);
    expect(s.hiddenIds.has(idOf((d) => d.isBox === 'namespace' && d.namespace === 'bookinfo'))).toBe(false);
  });

  it('reports parse errors per field and applies nothing for the bad one', () => {
    const s = computeFindHide(graph, 'bogus > 3', 'healthy');
    expect(s.findError).toMatch(/bogus/i);
    expect(s.findIds.size).toBe(0);
    expect(s.hideError).toBeNull();
    expect(s.hiddenIds.size).toBeGreaterThan(0);
  });
});

describe('rankNodes', () => {
  it('ranks by inbound edges, 1 = most', () => {
    const ranked = rankNodes(nodes, edges);
    const rank = (pred: (d: (typeof ranked)[number]) => boolean) => ranked.find(pred)!.rank;
    // productpage and ratings services each have 2 inbound edges: the most in the fixture
    expect(rank((d) => d.nodeType === 'service' && d.service === 'ratings')).toBe(1);
    expect(rank((d) => d.workload === 'reviews-v1')).toBe(2);
    expect(rank((d) => d.nodeType === 'unknown')).toBe(3);
    expect(ranked.find((d) => d.nodeType === 'box')?.rank).toBeUndefined();
  });
});

describe('completeOperand', () => {
  it('completes a unique operand and adds a space', () => {
    expect(completeOperand('resp')).toBe('responsetime ');
    expect(completeOperand('ns = a AND work')).toBe('ns = a AND workload'); // workload, workloadentry
  });

  it('completes to the common prefix when several operands match, and does nothing when none does', () => {
    expect(completeOperand('http')).toBeNull(); // http, httpin, httpout: nothing to add
    expect(completeOperand('zzz')).toBeNull();
  });
});
