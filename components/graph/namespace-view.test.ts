import { describe, expect, it } from 'vitest';
import type { EdgeDataJson, KialiGraphJson, NodeDataJson } from '@/lib/graph/types';
import type { HealthStatus } from '@/lib/health/types';
import fixture from './testdata/bookinfo-versionedApp.json';
import { generateLargeGraph } from './testdata/generate-large';
import { computeFindHide } from './find-hide';
import { toNamespaceElements } from './namespace-elements';
import {
  aggregateByNamespace,
  graphNodeCount,
  NAMESPACE_VIEW_THRESHOLD,
  namespaceNodeId,
  namespaceViewOf,
  namespaceViewWanted,
  graphAnswerView,
  worseHealth,
} from '@/lib/graph/namespace-view';
import { topEdges } from './side-panel/namespace-panel';
import { graphSummary } from '@/lib/graph/summary';

const bookinfo = fixture as unknown as KialiGraphJson;
const C = 'Kubernetes';
const id = (ns: string) => namespaceNodeId(C, ns);

function node(nid: string, namespace: string, status?: HealthStatus, extra: Partial<NodeDataJson> = {}) {
  const healthData = status
    ? {
        requests: { inbound: {}, outbound: {}, healthAnnotations: {} },
        status: { status, errorRatio: 0, totalRequestRate: 1 },
      }
    : null;
  return {
    data: { id: nid, nodeType: 'workload', cluster: C, namespace, workload: nid, healthData, ...extra } as NodeDataJson,
  };
}

function edge(source: string, target: string, protocol: string, rates: Record<string, string>, extra = {}) {
  return {
    data: {
      id: `${source}-${target}-${protocol}`,
      source,
      target,
      traffic: { protocol, rates },
      ...extra,
    } as EdgeDataJson,
  };
}

/** Namespaces a (3 nodes), b (2), c (1); HTTP a→b twice, TCP a→b, HTTP a→c, HTTP within a. */
const small: KialiGraphJson = {
  timestamp: 1,
  duration: 60,
  graphType: 'workload',
  elements: {
    nodes: [
      { data: { id: 'box-a', nodeType: 'box', isBox: 'namespace', cluster: C, namespace: 'a', healthData: null } },
      node('a1', 'a', 'Healthy', { parent: 'box-a' }),
      node('a2', 'a', 'Degraded', { parent: 'box-a' }),
      node('a3', 'a', 'Failure', { parent: 'box-a', isIdle: true }),
      node('b1', 'b', 'Healthy'),
      node('b2', 'b', 'Healthy', { isOutside: true }),
      node('c1', 'c', undefined, { isOutside: true }),
    ],
    edges: [
      edge(
        'a1',
        'b1',
        'http',
        { http: '1.50', http5xx: '0.50', httpPercentErr: '33.3', httpPercentReq: '50.0' },
        {
          healthStatus: 'Failure',
          isMTLS: '100',
          responseTime: '40',
        },
      ),
      edge(
        'a2',
        'b2',
        'http',
        { http: '2.50', httpPercentReq: '100.0' },
        { healthStatus: 'Healthy', responseTime: '90' },
      ),
      edge('a1', 'b1', 'tcp', { tcp: '1000.00' }),
      edge('a2', 'c1', 'http', { http: '4.00', http4xx: '1.00' }, { healthStatus: 'Degraded' }),
      edge('a1', 'a2', 'http', { http: '7.00', http5xx: '0.70' }),
    ],
  },
};

describe('aggregateByNamespace', () => {
  const ns = aggregateByNamespace(small);
  const nodeOf = (n: string) => ns.json.elements.nodes.find((x) => x.data.id === id(n))!.data;
  const edgeOf = (s: string, t: string, p: string) =>
    ns.json.elements.edges.find(
      (e) => e.data.source === id(s) && e.data.target === id(t) && e.data.traffic.protocol === p,
    )?.data;

  it('makes one collapsed namespace box per namespace, with its members counted', () => {
    expect(ns.json.elements.nodes.map((n) => n.data.id)).toEqual([id('a'), id('b'), id('c')]);
    for (const { data } of ns.json.elements.nodes) {
      expect(data).toMatchObject({ nodeType: 'box', isBox: 'namespace', cluster: C });
      expect(data.parent).toBeUndefined();
    }
    expect(ns.summaries.get(id('a'))!.counts).toEqual({ apps: 0, services: 0, workloads: 3, other: 0, total: 3 });
    expect(ns.summaries.get(id('b'))!.counts.total).toBe(2);
  });

  it('sums the rates of the edges between two namespaces, one edge per protocol, and recomputes the percentages', () => {
    const http = edgeOf('a', 'b', 'http')!;
    expect(http.traffic.rates).toEqual({
      http: '4.00',
      http5xx: '0.50',
      httpPercentErr: '12.5',
      httpPercentReq: '50.0',
    });
    expect(edgeOf('a', 'b', 'tcp')!.traffic.rates).toEqual({ tcp: '1000.00' });
    // a's outbound HTTP to other namespaces: 4 to b + 4 to c, so each is half of it
    expect(edgeOf('a', 'c', 'http')!.traffic.rates).toMatchObject({
      http: '4.00',
      httpPercentErr: '25.0',
      httpPercentReq: '50.0',
    });
    expect(ns.json.elements.edges).toHaveLength(3);
  });

  it('keeps the worst member edge health, the slowest response time and the rate-weighted mTLS share', () => {
    const http = edgeOf('a', 'b', 'http')!;
    expect(http.healthStatus).toBe('Failure');
    expect(http.responseTime).toBe('90');
    expect(http.isMTLS).toBe('100');
    expect(edgeOf('a', 'c', 'http')!.healthStatus).toBe('Degraded');
  });

  it('draws no edge inside a namespace (no self-loop) and counts it as the namespace internal traffic', () => {
    expect(ns.json.elements.edges.some((e) => e.data.source === e.data.target)).toBe(false);
    expect(ns.summaries.get(id('a'))!.internal).toEqual({ http: { rate: 7, errorRate: 0.7 } });
    expect(ns.summaries.get(id('a'))!.outbound.http).toEqual({ rate: 8, errorRate: 1.5 });
    expect(ns.summaries.get(id('b'))!.inbound).toEqual({
      http: { rate: 4, errorRate: 0.5 },
      tcp: { rate: 1000, errorRate: 0 },
    });
    expect(nodeOf('a').traffic).toEqual([
      { protocol: 'http', rates: { httpOut: '8.00' } },
      { protocol: 'tcp', rates: { tcpOut: '1000.00' } },
    ]);
  });

  it("takes the worst health of the namespace's non-idle members, and no health when none has any", () => {
    expect(nodeOf('a').healthData?.status?.status).toBe('Degraded'); // a3's Failure is idle: not counted
    expect(nodeOf('b').healthData?.status?.status).toBe('Healthy');
    expect(nodeOf('c').healthData).toBeNull();
    expect(ns.summaries.get(id('a'))!.health).toEqual({ healthy: 1, degraded: 1, failure: 0, na: 0, idle: 1 });
    expect(worseHealth('Healthy', 'Not Ready')).toBe('Not Ready');
    expect(worseHealth('NA', 'Healthy')).toBe('Healthy');
    expect(worseHealth(undefined, 'Failure')).toBe('Failure');
  });

  it('marks a namespace outside only when every member is', () => {
    expect(nodeOf('b').isOutside).toBeUndefined();
    expect(nodeOf('c').isOutside).toBe(true);
  });

  it('keeps the totals of the bookinfo graph: every cross-namespace rate lands on one namespace edge', () => {
    const agg = aggregateByNamespace(bookinfo);
    const names = agg.json.elements.nodes.map((n) => n.data.namespace).sort();
    expect(names).toEqual(['bookinfo', 'istio-system', 'tcp-echo', 'unknown']);
    const nsOf = new Map(bookinfo.elements.nodes.map((n) => [n.data.id, n.data.namespace]));
    const sum = (edges: { data: EdgeDataJson }[], p: string) =>
      edges
        .filter((e) => e.data.traffic.protocol === p)
        .reduce((t, e) => t + Number(e.data.traffic.rates?.[p] ?? 0), 0);
    const cross = bookinfo.elements.edges.filter((e) => nsOf.get(e.data.source) !== nsOf.get(e.data.target));
    expect(sum(agg.json.elements.edges, 'http')).toBeCloseTo(sum(cross, 'http'), 1);
    expect(sum(agg.json.elements.edges, 'tcp')).toBeCloseTo(sum(cross, 'tcp'), 0);
    const total = [...agg.summaries.values()].reduce((t, s) => t + s.counts.total, 0);
    expect(total).toBe(graphNodeCount(bookinfo));
  });
});

describe('Find/Hide and the side panel on the namespace view', () => {
  const ns = aggregateByNamespace(small);

  it('finds namespace nodes by namespace, health and rank, and namespace edges by rate', () => {
    expect([...computeFindHide(ns.json, 'ns = b', '').findIds]).toEqual([id('b')]);
    expect([...computeFindHide(ns.json, 'healthy', '').findIds]).toEqual([id('b')]);
    // rank counts inbound edges: b has two (HTTP and TCP from a), c one, a none
    expect([...computeFindHide(ns.json, 'rank = 1', '').findIds]).toEqual([id('b')]);
    expect([...computeFindHide(ns.json, 'rank = 3', '').findIds]).toEqual([id('a')]);
    expect([...computeFindHide(ns.json, 'tcp > 100', '').findIds]).toEqual([`${id('a')}>${id('b')}:tcp`]);
    expect([...computeFindHide(ns.json, 'httpout > 5', '').findIds]).toEqual([id('a')]);
  });

  it('hides a namespace node with its edges, and a namespace whose every edge is hidden', () => {
    const hidden = computeFindHide(ns.json, '', 'ns = c').hiddenIds;
    expect([...hidden].sort()).toEqual([`${id('a')}>${id('c')}:http`, id('c')].sort());
    const byEdges = computeFindHide(ns.json, '', 'http < 5').hiddenIds;
    // every edge of c is hidden (b keeps its TCP edge)
    expect(byEdges.has(id('c'))).toBe(true);
    expect(byEdges.has(id('b'))).toBe(false);
  });

  it('still never finds a compound box of the normal graph', () => {
    expect(computeFindHide(small, 'ns = a', '').findIds.has('box-a')).toBe(false);
  });

  it("lists a namespace's busiest edges per direction, HTTP and gRPC before TCP", () => {
    expect(topEdges(ns.json, id('a'), 'out').map((e) => e.id)).toEqual([
      `${id('a')}>${id('b')}:http`,
      `${id('a')}>${id('c')}:http`,
      `${id('a')}>${id('b')}:tcp`,
    ]);
    expect(topEdges(ns.json, id('a'), 'in')).toEqual([]);
  });

  it('maps namespace nodes and edges to cytoscape elements with health and protocol classes', () => {
    const els = toNamespaceElements(ns, { edgeLabels: ['trafficRate'], showSecurity: false });
    expect(els.filter((e) => e.group === 'nodes').map((e) => [e.data.id, e.data.label, e.classes])).toEqual([
      [id('a'), 'a', 'nsnode degraded'],
      [id('b'), 'b', 'nsnode healthy'],
      [id('c'), 'c', 'nsnode na outside'],
    ]);
    const edges = els.filter((e) => e.group === 'edges');
    expect(edges.map((e) => e.classes)).toEqual(['http failure', 'tcp na', 'http degraded']);
    expect(edges[0]!.data.label).toBe('4rps\n12.5%');
  });
});

describe('namespaceViewWanted', () => {
  const big = generateLargeGraph({ nodes: NAMESPACE_VIEW_THRESHOLD + 200, namespaces: 10 });
  const smallGraph = generateLargeGraph({ nodes: 200, namespaces: 10 });

  it(`is on by itself above ${NAMESPACE_VIEW_THRESHOLD} nodes over several selected namespaces`, () => {
    expect(namespaceViewWanted(null, big, 10, false)).toBe(true);
    expect(namespaceViewWanted(null, smallGraph, 10, false)).toBe(false);
    expect(namespaceViewWanted(null, big, 1, false)).toBe(false);
  });

  it("follows the user's choice, and is never on for a node graph or without a graph", () => {
    expect(namespaceViewWanted(false, big, 10, false)).toBe(false);
    expect(namespaceViewWanted(true, smallGraph, 1, false)).toBe(true);
    expect(namespaceViewWanted(true, big, 10, true)).toBe(false);
    expect(namespaceViewWanted(true, undefined, 10, false)).toBe(false);
  });
});

describe('graphAnswerView (the graph API with namespaceView)', () => {
  const big = generateLargeGraph({ nodes: NAMESPACE_VIEW_THRESHOLD + 200, namespaces: 10 });

  it('answers the graph itself for false, for auto below the threshold and for a node graph', () => {
    expect(graphAnswerView(bookinfo, false, 3, false)).toBe(bookinfo);
    expect(graphAnswerView(bookinfo, 'auto', 3, false)).toBe(bookinfo);
    expect(graphAnswerView(big, true, 10, true)).toBe(big);
  });

  it('answers the namespace view with its summaries for true, and for auto above the threshold', () => {
    const answer = graphAnswerView(bookinfo, true, 1, false);
    const expected = aggregateByNamespace(bookinfo);
    expect(answer.elements).toEqual(expected.json.elements);
    expect(answer.namespaceView!.summaries).toEqual([...expected.summaries.values()]);
    // the side panel's summary is the full graph's (its namespaces, nodes and traffic), not the view's
    expect(answer.namespaceView!.graph).toEqual(graphSummary(bookinfo));
    expect(answer.namespaceView!.graph.nodes).toBeGreaterThan(answer.elements.nodes.length);
    const auto = graphAnswerView(big, 'auto', 10, false);
    expect(auto.elements.nodes).toHaveLength(aggregateByNamespace(big).summaries.size);
    expect(auto.namespaceView!.summaries.reduce((n, s) => n + s.counts.total, 0)).toBe(graphNodeCount(big));
  });

  it('keeps the warnings, and reads back on the page as the view the browser computed before', () => {
    const warned = { ...bookinfo, warnings: [{ namespace: 'tcp-echo', message: 'partial' }] };
    const answer = JSON.parse(JSON.stringify(graphAnswerView(warned, true, 2, false))) as KialiGraphJson;
    expect(answer.warnings).toEqual(warned.warnings);
    const page = namespaceViewOf(answer)!;
    const local = aggregateByNamespace(bookinfo);
    expect([...page.summaries.entries()]).toEqual([...local.summaries.entries()]);
    expect(page.json.elements).toEqual(local.json.elements);
    expect(page.graph).toEqual(graphSummary(warned));
    expect(namespaceViewOf(bookinfo)).toBeNull();
  });
});
