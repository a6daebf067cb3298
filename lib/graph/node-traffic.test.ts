import { describe, expect, it } from 'vitest';
import type { KialiGraphJson, NodeDataJson } from '@/lib/graph/types';
import { trafficModel } from './node-traffic';

const node = (id: string, d: Partial<NodeDataJson>): { data: NodeDataJson } => ({
  data: { id, cluster: 'Kubernetes', namespace: 'bookinfo', nodeType: 'app', healthData: null, ...d } as NodeDataJson,
});
const edge = (id: string, source: string, target: string, traffic: object, extra: object = {}) => ({
  data: { id, source, target, traffic, ...extra },
});

/** The versionedApp node graph of `reviews`: productpage → reviews v1/v2, reviews v2 → ratings, plus a box. */
const graph = {
  timestamp: 0,
  duration: 600,
  graphType: 'versionedApp',
  elements: {
    nodes: [
      node('box', { nodeType: 'box', app: 'reviews', isBox: 'app' }),
      node('pp', {
        app: 'productpage',
        version: 'v1',
        healthData: { status: { status: 'Healthy', errorRatio: 0, totalRequestRate: 1 } } as never,
      }),
      node('r0', { app: 'reviews', parent: 'box' }),
      node('r1', { app: 'reviews', version: 'v1', parent: 'box' }),
      node('r2', { app: 'reviews', version: 'v2', parent: 'box' }),
      node('ra', { app: 'ratings', version: 'v1' }),
      node('unk', { nodeType: 'unknown', namespace: 'unknown' }),
    ],
    edges: [
      edge(
        'e1',
        'pp',
        'r1',
        { protocol: 'http', rates: { http: '3.00', httpPercentErr: '0.0' } },
        { healthStatus: 'Healthy', responseTime: '12.5' },
      ),
      edge(
        'e2',
        'pp',
        'r2',
        { protocol: 'http', rates: { http: '4.50', httpPercentErr: '20.0' } },
        { healthStatus: 'Failure' },
      ),
      edge('e3', 'r2', 'ra', { protocol: 'http', rates: { http: '4.50' } }),
      edge('e4', 'unk', 'pp', { protocol: 'tcp', rates: { tcp: '1024.0' } }),
    ],
  },
} as unknown as KialiGraphJson;

describe('trafficModel', () => {
  const m = trafficModel(graph, 'apps', 'bookinfo', 'reviews');

  it('finds the object nodes with traffic (every version of the app), not the box nor the idle app node', () => {
    expect(m.focal.map((n) => n.label)).toEqual(['reviews v1', 'reviews v2']);
  });

  it('lists inbound edges busiest first, with rate, error ratio, response time and health', () => {
    expect(
      m.inbound.map((r) => [r.peer.label, r.self.label, r.rate, r.errorRatio, r.responseTimeMs, r.health]),
    ).toEqual([
      ['productpage v1', 'reviews v2', 4.5, 0.2, null, 'Failure'],
      ['productpage v1', 'reviews v1', 3, 0, 12.5, 'Healthy'],
    ]);
    expect(m.inbound[0]!.peer.link).toEqual({ kind: 'apps', namespace: 'bookinfo', name: 'productpage' });
    expect(m.inbound[0]!.peer.health).toBe('Healthy');
  });

  it('lists outbound edges; a missing error rate with traffic is 0', () => {
    expect(m.outbound.map((r) => [r.peer.label, r.rate, r.errorRatio])).toEqual([['ratings v1', 4.5, 0]]);
  });

  it('reads TCP edges in bytes per second without an error ratio, and unknown sources without a link', () => {
    const pp = trafficModel(graph, 'apps', 'bookinfo', 'productpage');
    const tcp = pp.inbound.find((r) => r.protocol === 'tcp')!;
    expect(tcp).toMatchObject({ rate: 1024, unit: 'Bps', errorRatio: null });
    expect(tcp.peer.link).toBeNull();
    expect(pp.outbound).toHaveLength(2);
  });
});
