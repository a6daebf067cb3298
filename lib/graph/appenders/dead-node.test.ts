import { describe, expect, it } from 'vitest';
import { addEdge, type TrafficMap } from '../traffic-map';
import { deadNodeAppender } from './dead-node';
import { ctx, service, traffic, unknownNode, workload } from './test-helpers';

describe('deadNodeAppender', () => {
  it('removes traffic-less nodes whose workload is gone (and unknown), keeps others', () => {
    const tm: TrafficMap = new Map();
    const pp = workload(tm, 'bookinfo', 'productpage-v1', 'productpage', 'v1');
    const gone = workload(tm, 'bookinfo', 'reviews-v9', 'reviews', 'v9');
    const unknown = unknownNode(tm);
    addEdge(unknown, gone, 'http'); // idle edge (includeIdleEdges)
    addEdge(pp, gone, 'http');
    const details = workload(tm, 'bookinfo', 'details-v1', 'details', 'v1');
    traffic(pp, details, 1);
    deadNodeAppender.apply(tm, ctx());
    expect([...tm.values()].map((n) => n.workload).sort()).toEqual(['details-v1', 'productpage-v1']);
    expect(pp.edges.map((e) => e.dest.workload)).toEqual(['details-v1']);
  });

  it('flags workloads without pods as dead, and skips inaccessible namespaces', () => {
    const inv = ctx().inventory;
    inv.workloads.find((w) => w.name === 'ratings-v2')!.podCount = 0;
    const tm: TrafficMap = new Map();
    const r2 = workload(tm, 'bookinfo', 'ratings-v2', 'ratings', 'v2');
    const foreign = workload(tm, 'secret', 'x-v1', 'x', 'v1');
    deadNodeAppender.apply(tm, ctx({}, inv));
    expect(r2.meta.isDead).toBe(true);
    expect(tm.has(foreign.id)).toBe(true);
  });

  it('removes unused service nodes, iterating until nothing changes, but keeps service entries and egress clusters', () => {
    const tm: TrafficMap = new Map();
    const svc = service(tm, 'bookinfo', 'old');
    const se = service(tm, 'bookinfo', 'ext');
    se.meta.isServiceEntry = { hosts: ['ext.com'], location: 'MESH_EXTERNAL', namespace: 'bookinfo' };
    const pass = service(tm, 'bookinfo', 'PassthroughCluster');
    // a workload that only points at the dead service becomes removable once the service is gone
    const gone = workload(tm, 'bookinfo', 'gone-v1', 'gone', 'v1');
    addEdge(gone, svc, 'http');
    deadNodeAppender.apply(tm, ctx());
    expect(tm.has(svc.id)).toBe(false);
    expect(tm.has(gone.id)).toBe(false);
    expect(tm.has(se.id)).toBe(true);
    expect(tm.has(pass.id)).toBe(true);
  });
});
