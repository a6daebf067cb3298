import { describe, expect, it } from 'vitest';
import type { TrafficMap } from '../traffic-map';
import { meshCheckAppender } from './mesh-check';
import { ctx, workload } from './test-helpers';

describe('meshCheckAppender', () => {
  it('flags workloads without a sidecar, not Istio’s own namespace nor dead or unknown workloads', () => {
    const tm: TrafficMap = new Map();
    const mongo = workload(tm, 'bookinfo', 'mongodb-v1', 'mongodb', 'v1');
    const details = workload(tm, 'bookinfo', 'details-v1', 'details', 'v1');
    const gw = workload(tm, 'istio-system', 'istio-ingressgateway', 'istio-ingressgateway', 'latest');
    const dead = workload(tm, 'bookinfo', 'ratings-v2', 'ratings', 'v2');
    dead.meta.isDead = true;
    const c = ctx();
    c.inventory.workloads.find((w) => w.name === 'ratings-v2')!.sidecarInjected = false;
    meshCheckAppender.apply(tm, { ...c, index: ctx({}, c.inventory).index });
    expect(mongo.meta.isOutOfMesh).toBe(true);
    expect(details.meta.isOutOfMesh).toBeUndefined();
    expect(gw.meta.isOutOfMesh).toBeUndefined();
    expect(dead.meta.isOutOfMesh).toBeUndefined();
  });

  it('app nodes are out of mesh if any of their workloads is; ambient workloads are isAmbient instead', () => {
    const c = ctx({ graphType: 'app' });
    c.inventory.workloads.find((w) => w.name === 'reviews-v2')!.sidecarInjected = false;
    const c2 = ctx({ graphType: 'app' }, c.inventory);
    const tm: TrafficMap = new Map();
    const reviews = workload(tm, 'bookinfo', 'reviews-v1', 'reviews', 'v1', 'app');
    meshCheckAppender.apply(tm, c2);
    expect(reviews.meta.isOutOfMesh).toBe(true);

    c.inventory.workloads.find((w) => w.name === 'mongodb-v1')!.ambient = true;
    const tm2: TrafficMap = new Map();
    const mongo = workload(tm2, 'bookinfo', 'mongodb-v1', 'mongodb', 'v1');
    meshCheckAppender.apply(tm2, ctx({}, c.inventory));
    expect(mongo.meta).toMatchObject({ isAmbient: true });
    expect(mongo.meta.isOutOfMesh).toBeUndefined();
  });
});
