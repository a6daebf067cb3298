import { describe, expect, it } from 'vitest';
import type { AppHealth, ServiceHealth, WorkloadHealth } from '@/lib/health/types';
import type { TrafficMap } from '../traffic-map';
import { healthAppender } from './health';
import { outsiderAppender } from './outsider';
import { ctx, service, traffic, unknownNode, workload } from './test-helpers';

describe('healthAppender', () => {
  it('adds requests from the graph edges, workload status, annotations and the calculated status', () => {
    const tm: TrafficMap = new Map();
    const r3 = workload(tm, 'bookinfo', 'reviews-v3', 'reviews', 'v3');
    const ratings = workload(tm, 'bookinfo', 'ratings-v1', 'ratings', 'v1');
    traffic(r3, ratings, 9);
    traffic(r3, ratings, 1, '503');
    healthAppender.apply(tm, ctx());
    const rh = ratings.meta.healthData as WorkloadHealth;
    expect(rh.requests).toEqual({
      inbound: { http: { '200': 9, '503': 1 } },
      outbound: {},
      healthAnnotations: { 'health.kiali.io/rate': '5XX,20,30,http,inbound' },
    });
    expect(rh.workloadStatus).toEqual({
      name: 'ratings-v1',
      desiredReplicas: 1,
      currentReplicas: 1,
      availableReplicas: 1,
      syncedProxies: -1,
    });
    // the annotation lifts the inbound 5xx thresholds to 20/30%: 10% is healthy
    expect(rh.status).toEqual({
      status: 'Healthy',
      errorRatio: 10,
      totalRequestRate: 10,
      ratioOf: { direction: 'inbound', protocol: 'http', requestRate: 10 },
    });
    expect(ratings.meta.hasHealthConfig).toEqual({ 'health.kiali.io/rate': '5XX,20,30,http,inbound' });
    const r3h = r3.meta.healthData as WorkloadHealth;
    // 10% 5xx outbound fails with the defaults; 1 of 2 pods available degrades; Failure wins
    expect(r3h.status!.status).toBe('Failure');
    expect(r3h.workloadStatus).toMatchObject({ desiredReplicas: 2, availableReplicas: 1 });
    // edge: destination inbound tolerance 20/30 and source outbound defaults (failure 10) → Failure
    expect(r3.edges[0]!.healthStatus).toBe('Failure');
  });

  it('apps get every workload status, versioned app nodes their own as well as the app health for the box', () => {
    const tm: TrafficMap = new Map();
    const app = workload(tm, 'bookinfo', 'reviews-v1', 'reviews', 'v1', 'app');
    const vapp = workload(tm, 'bookinfo', 'ratings-v1', 'ratings', 'v1', 'versionedApp');
    traffic(app, vapp, 1);
    healthAppender.apply(tm, ctx({ graphType: 'versionedApp' }));
    expect((app.meta.healthData as AppHealth).workloadStatuses.map((w) => w.name)).toEqual([
      'reviews-v1',
      'reviews-v2',
      'reviews-v3',
    ]);
    expect((vapp.meta.healthData as AppHealth).workloadStatuses.map((w) => w.name)).toEqual(['ratings-v1']);
    expect((vapp.meta.healthDataApp as AppHealth).workloadStatuses.map((w) => w.name)).toEqual([
      'ratings-v1',
      'ratings-v2',
    ]);
    expect((vapp.meta.healthDataApp as AppHealth).requests.inbound).toEqual({ http: { '200': 1 } });
  });

  it('inaccessible nodes get request data but no status; unknown nodes none; no traffic is NA', () => {
    const tm: TrafficMap = new Map();
    const unknown = unknownNode(tm);
    const foreign = service(tm, 'secret', 'vault');
    const idle = service(tm, 'bookinfo', 'mongodb');
    traffic(unknown, foreign, 1);
    const c = ctx();
    outsiderAppender.apply(tm, c);
    healthAppender.apply(tm, c);
    expect(unknown.meta.healthData).toBeUndefined();
    expect((foreign.meta.healthData as ServiceHealth).requests.inbound).toEqual({ http: { '200': 1 } });
    expect((foreign.meta.healthData as ServiceHealth).status).toBeUndefined();
    expect((idle.meta.healthData as ServiceHealth).status).toEqual({
      status: 'NA',
      errorRatio: -1,
      totalRequestRate: 0,
    });
  });
});
