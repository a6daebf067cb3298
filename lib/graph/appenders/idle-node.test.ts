import { describe, expect, it } from 'vitest';
import type { TrafficMap } from '../traffic-map';
import { idleNodeAppender } from './idle-node';
import { ctx, ppToDetails } from './test-helpers';

describe('idleNodeAppender', () => {
  it('adds the namespace workloads without traffic as idle nodes', () => {
    const tm: TrafficMap = new Map();
    ppToDetails(tm, 1);
    idleNodeAppender.apply(tm, ctx());
    const idle = [...tm.values()]
      .filter((n) => n.meta.isIdle)
      .map((n) => n.workload)
      .sort();
    expect(idle).toEqual(['mongodb-v1', 'ratings-v1', 'ratings-v2', 'reviews-v1', 'reviews-v2', 'reviews-v3']);
    expect(tm.get('wl_Kubernetes_bookinfo_ratings-v2')!.rates).toEqual({ httpIn: 0, httpOut: 0 });
  });

  it('adds services when service nodes are injected, only services in a service graph', () => {
    const tm: TrafficMap = new Map();
    idleNodeAppender.apply(tm, ctx({ injectServiceNodes: true }));
    expect(tm.has('svc_Kubernetes_bookinfo_details')).toBe(true);
    expect(tm.has('wl_Kubernetes_bookinfo_details-v1')).toBe(true);
    const svcOnly: TrafficMap = new Map();
    idleNodeAppender.apply(svcOnly, ctx({ graphType: 'service', injectServiceNodes: true }));
    expect([...svcOnly.values()].every((n) => n.nodeType === 'service')).toBe(true);
    expect(svcOnly.size).toBe(5);
  });

  it('uses app nodes in app graphs and does nothing for node graphs', () => {
    const tm: TrafficMap = new Map();
    idleNodeAppender.apply(tm, ctx({ graphType: 'app' }));
    expect([...tm.keys()].sort()).toContain('app_Kubernetes_bookinfo_reviews');
    const node: TrafficMap = new Map();
    idleNodeAppender.apply(node, ctx({ node: { namespace: 'bookinfo', workload: 'details-v1' } }));
    expect(node.size).toBe(0);
  });
});
