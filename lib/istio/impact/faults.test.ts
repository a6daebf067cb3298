import { describe, expect, it } from 'vitest';
import { durationMs, ruleFaults } from './faults';
import { edgesFromGraph, impactOfChange, impactOfChanges, type GraphJsonLike } from './index';

const wl = (id: string, workload: string, app: string, version: string) => ({
  data: {
    id,
    nodeType: 'workload',
    namespace: 'bookinfo',
    workload,
    app,
    version,
    destServices: [{ namespace: 'bookinfo', name: app }],
  },
});
const edge = (source: string, target: string, rps: number, http5xx = 0) => ({
  data: { source, target, traffic: { protocol: 'http', rates: { http: rps.toFixed(2), http5xx: http5xx.toFixed(2) } } },
});
/** ingress → productpage → reviews-v1/v2 (ratings behind v2), 4 rps into reviews. */
const graph: GraphJsonLike = {
  elements: {
    nodes: [
      {
        data: {
          id: 'in',
          nodeType: 'workload',
          namespace: 'istio-system',
          workload: 'istio-ingressgateway',
          app: 'istio-ingressgateway',
        },
      },
      wl('pp', 'productpage-v1', 'productpage', 'v1'),
      wl('r1', 'reviews-v1', 'reviews', 'v1'),
      wl('r2', 'reviews-v2', 'reviews', 'v2'),
      wl('ra', 'ratings-v1', 'ratings', 'v1'),
    ],
    edges: [edge('in', 'pp', 4), edge('pp', 'r1', 2, 0.2), edge('pp', 'r2', 2), edge('r2', 'ra', 2)],
  },
};
const ctx = { edges: edgesFromGraph(graph), config: [] as Record<string, unknown>[], rootNamespace: 'istio-system' };
const vs = (name: string, rule: Record<string, unknown>) => ({
  apiVersion: 'networking.istio.io/v1',
  kind: 'VirtualService',
  metadata: { name, namespace: 'bookinfo' },
  spec: { hosts: [name], http: [{ route: [{ destination: { host: name } }], ...rule }] },
});
const rows = (impact: ReturnType<typeof impactOfChange>) =>
  impact.map((i) => `${i.effect} ${i.source} -> ${i.destination} ${i.affectedRate.toFixed(2)}`);

describe('fault injection, timeouts and retries in the impact preview', () => {
  it('parses Istio durations and reads a missing percentage as 100 %', () => {
    expect([durationMs('5s'), durationMs('500ms'), durationMs('1.5s'), durationMs('2m'), durationMs('5 s')]).toEqual([
      5000,
      500,
      1500,
      120_000,
      null,
    ]);
    expect(ruleFaults({ fault: { abort: { httpStatus: 503 } } }).abort).toEqual({ share: 1, status: 'HTTP 503' });
  });

  it('a 100 % abort with 503 on reviews aborts every productpage → reviews request (was "no edge affected")', () => {
    const impact = impactOfChange(
      ctx,
      null,
      vs('reviews', { fault: { abort: { percentage: { value: 100 }, httpStatus: 503 } } }),
    );
    expect(rows(impact)).toEqual([
      'abort bookinfo/productpage-v1 -> bookinfo/reviews-v1 2.00',
      'abort bookinfo/productpage-v1 -> bookinfo/reviews-v2 2.00',
    ]);
    expect(impact[0]!.detail).toBe('fault injection: 100 % of requests aborted with HTTP 503');
  });

  it('a 5 s delay on reviews breaks ingress → productpage when productpage’s route times out at 3 s, not at 10 s', () => {
    const delayed = vs('reviews', { fault: { delay: { percentage: { value: 50 }, fixedDelay: '5s' } } });
    const short = { ...ctx, config: [vs('productpage', { timeout: '3s' })] };
    const impact = impactOfChange(short, null, delayed);
    expect(rows(impact)).toEqual([
      'break istio-system/istio-ingressgateway -> bookinfo/productpage-v1 2.00',
      'delay bookinfo/productpage-v1 -> bookinfo/reviews-v1 1.00',
      'delay bookinfo/productpage-v1 -> bookinfo/reviews-v2 1.00',
    ]);
    expect(impact[0]!.detail).toContain('route timeout 3s is not above the 5s delay');
    const long = { ...ctx, config: [vs('productpage', { timeout: '10s' })] };
    expect(impactOfChange(long, null, delayed).map((i) => i.effect)).toEqual(['delay', 'delay']);
  });

  it('a new timeout is listed with the delay it does not count', () => {
    const impact = impactOfChange(ctx, null, vs('reviews', { timeout: '1s', fault: { delay: { fixedDelay: '2s' } } }));
    const timeout = impact.filter((i) => i.effect === 'timeout');
    expect(timeout).toHaveLength(2);
    expect(timeout[0]!.detail).toContain(
      'requests slower than 1s fail with 504 (UT); the injected 2s delay is not counted',
    );
  });

  it('retries: extra requests are attempts × the observed 5xx rate', () => {
    const impact = impactOfChange(ctx, null, vs('reviews', { retries: { attempts: 3, retryOn: '5xx' } }));
    expect(rows(impact)).toEqual([
      'retry bookinfo/productpage-v1 -> bookinfo/reviews-v1 0.60',
      'retry bookinfo/productpage-v1 -> bookinfo/reviews-v2 0.00',
    ]);
    expect(impact[0]!.detail).toContain('3 attempts on 5xx (was Istio’s default of 2)');
  });

  it('an unchanged fault is no impact', () => {
    const v = vs('reviews', { fault: { abort: { httpStatus: 503 } } });
    expect(impactOfChange({ ...ctx, config: [v] }, v, structuredClone(v))).toEqual([]);
  });
});

describe('after a save the preview is empty, whatever the config list still holds', () => {
  it('before = after (the saved object) gives no impact even when the list has the pre-save version', () => {
    const old = vs('reviews', {});
    const saved = vs('reviews', { fault: { abort: { httpStatus: 503 } } });
    expect(impactOfChanges({ ...ctx, config: [old] }, [{ before: saved, after: structuredClone(saved) }])).toEqual([]);
  });

  it('the baseline is the object the user started from, not a stale copy in the list', () => {
    const stale = vs('reviews', {});
    const live = vs('reviews', { fault: { abort: { httpStatus: 503 } } });
    const edit = vs('reviews', { fault: { abort: { httpStatus: 503 } }, timeout: '2s' });
    const impact = impactOfChanges({ ...ctx, config: [stale] }, [{ before: live, after: edit }]);
    expect(impact.map((i) => i.effect)).toEqual(['timeout', 'timeout']);
  });
});
