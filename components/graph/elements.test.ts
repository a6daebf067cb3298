import { describe, expect, it } from 'vitest';
import type { ElementDefinition } from 'cytoscape';
import type { EdgeDataJson, KialiGraphJson, NodeDataJson } from '@/lib/graph/types';
import fixture from './testdata/bookinfo-versionedApp.json';
import { generateLargeGraph } from './testdata/generate-large';
import { edgeHealth, edgeLabel, elementCount, nodeHealth, toCyElements } from './elements';
import { ICON } from './glyphs';

const graph = fixture as unknown as KialiGraphJson;
const small = { edgeLabels: ['trafficRate'], showSecurity: false, large: false } as const;

function nodeData(pred: (d: NodeDataJson) => boolean): NodeDataJson {
  const n = graph.elements.nodes.find((x) => pred(x.data));
  if (!n) throw new Error('fixture node not found');
  return n.data;
}
function edgeBetween(src: NodeDataJson, dst: NodeDataJson): EdgeDataJson {
  const e = graph.elements.edges.find((x) => x.data.source === src.id && x.data.target === dst.id);
  if (!e) throw new Error('fixture edge not found');
  return e.data;
}
function el(els: ElementDefinition[], id: string): ElementDefinition {
  const found = els.find((e) => e.data.id === id);
  if (!found) throw new Error(`element ${id} missing`);
  return found;
}

const productpageV1 = nodeData((d) => d.workload === 'productpage-v1');
const reviewsSvc = nodeData((d) => d.nodeType === 'service' && d.service === 'reviews');
const reviewsV3 = nodeData((d) => d.workload === 'reviews-v3');
const github = nodeData((d) => !!d.isServiceEntry);
const tcpSvc = nodeData((d) => d.service === 'tcp-echo');
const tcpV1 = nodeData((d) => d.workload === 'tcp-echo-v1');

describe('toCyElements', () => {
  const els = toCyElements(graph, small);

  it('keeps every node and edge of the fixture, boxes before the nodes they contain', () => {
    expect(els).toHaveLength(elementCount(graph));
    const firstPlain = els.findIndex((e) => e.group === 'nodes' && !String(e.classes).includes('box'));
    const lastBox = els.findLastIndex((e) => String(e.classes).includes('box'));
    expect(lastBox).toBeLessThan(firstPlain);
    const nsBoxIdx = els.findIndex((e) => String(e.classes).includes('box-namespace'));
    const appBoxIdx = els.findIndex((e) => String(e.classes).includes('box-app'));
    expect(nsBoxIdx).toBeLessThan(appBoxIdx);
  });

  it('classes nodes by type (shape), health and flags', () => {
    const detailsV1 = nodeData((d) => d.workload === 'details-v1');
    expect(el(els, detailsV1.id).classes).toBe('app healthy');
    expect(el(els, productpageV1.id).classes).toBe('app degraded');
    expect(el(els, reviewsSvc.id).classes).toContain('service');
    expect(el(els, reviewsV3.id).classes).toContain('failure');
    expect(el(els, github.id).classes).toContain('serviceentry');
    const ingress = nodeData((d) => d.workload === 'istio-ingressgateway');
    expect(el(els, ingress.id).classes).toEqual(expect.stringContaining('gateway'));
    expect(el(els, ingress.id).classes).toEqual(expect.stringContaining('outside'));
    const unknown = nodeData((d) => d.nodeType === 'unknown');
    expect(el(els, unknown.id).classes).toBe('unknown na root');
  });

  it('labels versions inside app boxes by version only, and prefixes badge glyphs', () => {
    expect(el(els, reviewsV3.id).data.label).toBe('v3');
    expect(el(els, reviewsV3.id).data.parent).toBe(reviewsV3.parent);
    expect(el(els, reviewsSvc.id).data.label).toBe(`${ICON.vs}${ICON.ts}${ICON.cb} reviews`);
    const appBox = nodeData((d) => d.isBox === 'app' && d.app === 'reviews');
    expect(el(els, appBox.id).data.label).toBe('reviews');
  });

  it('colours TCP edges as tcp and labels them in bytes per second', () => {
    const e = edgeBetween(tcpSvc, tcpV1);
    expect(el(els, e.id).classes).toBe('tcp healthy');
    expect(el(els, e.id).data.label).toBe('2.34KiB/s');
  });

  it('shows the HTTP error percentage under the rate', () => {
    const e = edgeBetween(productpageV1, reviewsSvc);
    expect(el(els, e.id).data.label).toBe('10.17rps\n4.5%');
    expect(el(els, e.id).classes).toBe('http degraded');
  });

  it('in large mode drops the compound boxes and their parent links', () => {
    const large = toCyElements(graph, { ...small, large: true });
    expect(large.some((e) => String(e.classes).includes('box'))).toBe(false);
    expect(large.every((e) => e.data.parent === undefined)).toBe(true);
    expect(el(large, reviewsV3.id).data.label).toBe('reviews\nv3');
  });

  it('drops edges whose endpoints are missing instead of letting cytoscape throw', () => {
    const broken: KialiGraphJson = {
      ...graph,
      elements: {
        nodes: graph.elements.nodes,
        edges: [{ data: { ...graph.elements.edges[0]!.data, target: 'nope' } }],
      },
    };
    expect(toCyElements(broken, small).filter((e) => e.group === 'edges')).toHaveLength(0);
  });
});

describe('edge labels', () => {
  const e = edgeBetween(productpageV1, reviewsSvc);

  it('follows the label modes, one line each in menu order, whatever order they are given in', () => {
    expect(edgeLabel(e, [], false)).toBe('');
    expect(edgeLabel(e, ['trafficDistribution'], false)).toBe('48.1%');
    expect(edgeLabel(e, ['rt95'], false)).toBe('38ms');
    expect(edgeLabel(e, ['throughputResponse'], false)).toBe('4.3KiB/s');
    expect(edgeLabel(edgeBetween(reviewsSvc, reviewsV3), ['rt99'], false)).toBe('1.24s');
    expect(edgeLabel(e, ['rt95', 'trafficRate'], false)).toBe('10.17rps\n4.5%\n38ms');
    expect(edgeLabel(e, ['trafficRate', 'trafficDistribution', 'rt95', 'throughputResponse'], false)).toBe(
      '10.17rps\n4.5%\n48.1%\n38ms\n4.3KiB/s',
    );
  });

  it("adds the lock (the icon font's glyph, no emoji) only with security badges on and mTLS traffic", () => {
    expect(edgeLabel(e, [], true)).toBe(ICON.lock);
    expect(edgeLabel(e, ['rt95'], true)).toBe(`${ICON.lock} 38ms`);
    expect(edgeLabel(edgeBetween(productpageV1, github), [], true)).toBe('');
    expect(ICON.lock).toBe('\uf023');
  });

  it('shows nothing rather than zero when there is no value, and skips the empty lines', () => {
    expect(edgeLabel({ ...e, responseTime: undefined }, ['rt95'], false)).toBe('');
    expect(edgeLabel({ ...e, responseTime: undefined }, ['trafficRate', 'rt95'], false)).toBe('10.17rps\n4.5%');
    expect(edgeLabel({ ...e, traffic: { protocol: 'http', rates: { http: '0.00' } } }, ['trafficRate'], false)).toBe(
      '',
    );
  });
});

describe('health classes', () => {
  it('never reads missing health as healthy', () => {
    expect(nodeHealth({ ...productpageV1, healthData: null })).toBe('na');
    expect(nodeHealth({ ...productpageV1, isIdle: true })).toBe('idle');
    expect(edgeHealth({ ...edgeBetween(productpageV1, reviewsSvc), healthStatus: undefined })).toBe('na');
    expect(edgeHealth({ id: 'x', source: 'a', target: 'b', traffic: { protocol: 'http', rates: {} } })).toBe('idle');
  });
});

describe('large graphs', () => {
  it('maps a 2,000-node graph quickly enough to run on every refresh', () => {
    const big = generateLargeGraph({ nodes: 2000 });
    expect(big.elements.nodes.filter((n) => n.data.nodeType !== 'box')).toHaveLength(2000);
    const t0 = performance.now();
    const els = toCyElements(big, { ...small, large: true });
    const ms = performance.now() - t0;
    expect(els.length).toBeGreaterThan(3000);
    // generous bound (a slow CI box): the mapping is linear, a few ms on a laptop
    expect(ms).toBeLessThan(2000);
  });
});

describe('ambient nodes and waypoint edges', () => {
  const wp: NodeDataJson = {
    id: 'w',
    nodeType: 'workload',
    cluster: 'K',
    namespace: 'a',
    workload: 'waypoint',
    healthData: null,
    isWaypoint: true,
    isAmbient: true,
  };
  const pp: NodeDataJson = {
    id: 'p',
    nodeType: 'workload',
    cluster: 'K',
    namespace: 'a',
    workload: 'productpage-v1',
    healthData: null,
    isAmbient: true,
  };
  const back: EdgeDataJson = {
    id: 'b',
    source: 'w',
    target: 'p',
    traffic: { protocol: 'tcp', rates: { tcp: '10.00' } },
    waypoint: { direction: 'from' },
  };
  const to: EdgeDataJson = {
    id: 't',
    source: 'p',
    target: 'w',
    traffic: { protocol: 'tcp', rates: { tcp: '20.00' } },
    waypoint: { direction: 'to', fromEdge: back },
  };
  const json: KialiGraphJson = {
    timestamp: 1,
    duration: 600,
    graphType: 'workload',
    elements: { nodes: [{ data: wp }, { data: pp }], edges: [{ data: to }] },
  };

  it('badges an ambient workload and a waypoint differently, and draws a paired waypoint edge both ways', () => {
    const els = toCyElements(json, small);
    expect(String(el(els, 'w').data.label)).toContain(ICON.waypoint);
    expect(String(el(els, 'w').data.label)).not.toContain(ICON.ambient);
    expect(String(el(els, 'p').data.label)).toContain(ICON.ambient);
    expect(el(els, 't').classes).toBe('tcp na waypoint-both');
  });
});
