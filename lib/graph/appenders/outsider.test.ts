import { describe, expect, it } from 'vitest';
import type { TrafficMap } from '../traffic-map';
import { outsiderAppender } from './outsider';
import { ctx, service, traffic, unknownNode, workload } from './test-helpers';
import { trafficGeneratorAppender } from './traffic-generator';

describe('outsider and traffic generator finalizers', () => {
  it('marks outsiders, inaccessible nodes and roots', () => {
    const tm: TrafficMap = new Map();
    const unknown = unknownNode(tm);
    const pp = workload(tm, 'bookinfo', 'productpage-v1', 'productpage', 'v1');
    const gw = workload(tm, 'istio-system', 'istio-ingressgateway', 'istio-ingressgateway', 'latest');
    const foreign = workload(tm, 'secret', 'spy-v1', 'spy', 'v1');
    const pass = service(tm, 'bookinfo', 'PassthroughCluster');
    traffic(unknown, pp, 1);
    traffic(gw, pp, 1);
    traffic(pp, foreign, 1);
    traffic(pp, pass, 1);
    outsiderAppender.apply(tm, ctx({ namespaces: ['bookinfo'] }));
    trafficGeneratorAppender.apply(tm, ctx());
    expect(unknown.meta).toMatchObject({ isInaccessible: true, isRoot: true });
    expect(unknown.meta.isOutside).toBeUndefined();
    expect(gw.meta).toMatchObject({ isOutside: true, isRoot: true });
    expect(gw.meta.isInaccessible).toBeUndefined();
    expect(foreign.meta).toMatchObject({ isOutside: true, isInaccessible: true });
    expect(pass.meta.isInaccessible).toBe(true);
    expect(pp.meta).toEqual({});
  });

  it('uses the node namespace for node graphs', () => {
    const tm: TrafficMap = new Map();
    const pp = workload(tm, 'bookinfo', 'productpage-v1', 'productpage', 'v1');
    outsiderAppender.apply(tm, ctx({ namespaces: ['bookinfo'], node: { namespace: 'echo', workload: 'curl-v1' } }));
    expect(pp.meta.isOutside).toBe(true);
  });
});
