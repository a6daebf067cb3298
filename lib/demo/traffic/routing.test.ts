import { describe, expect, it } from 'vitest';
import {
  apply,
  bookinfoStore,
  deployment,
  httpEdge,
  loadSample,
  put,
  requestLabels,
  requests,
  runTicks,
  simulate,
  virtualService,
} from './test-fixtures';
import type { CallGraph } from './types';
import type { ObjectStore } from '../store/object-store';

const BI = 'bookinfo';
const fromProductpage = {
  reporter: 'destination',
  source_workload: 'productpage-v1',
  destination_service_name: 'reviews',
};

/** Applies a VirtualService named after `host` that routes it by `http` (its http routes). */
function routeHost(store: ObjectStore, ns: string, host: string, http: Record<string, unknown>[]): void {
  apply(store, virtualService(ns, host, { hosts: [host], http }));
}

describe('VirtualService routing', () => {
  it('splits by route weights (reviews 80/20 → 80±5% to v1)', () => {
    const store = bookinfoStore();
    loadSample(store, 'bookinfo/networking/virtual-service-reviews-80-20.yaml', BI);
    const engine = simulate(store, 7, 120);
    const v1 = requests(engine.telemetry, { ...fromProductpage, destination_workload: 'reviews-v1' });
    const v2 = requests(engine.telemetry, { ...fromProductpage, destination_workload: 'reviews-v2' });
    const v3 = requests(engine.telemetry, { ...fromProductpage, destination_workload: 'reviews-v3' });
    expect(v1 + v2).toBeGreaterThan(500);
    expect(v3).toBe(0);
    expect(v1 / (v1 + v2)).toBeGreaterThan(0.75);
    expect(v1 / (v1 + v2)).toBeLessThan(0.85);
  });

  it('routes requests with header end-user: jason to v2 and the rest to v1', () => {
    const store = bookinfoStore();
    loadSample(store, 'bookinfo/networking/virtual-service-reviews-test-v2.yaml', BI);
    put(store, deployment('default', 'curl-jason', { app: 'curl-jason' }, 'curl'));
    const reviews = 'reviews.bookinfo.svc.cluster.local';
    const asUser = (user: string) => [{ method: 'GET', path: '/reviews/0', user }];
    const callGraph: CallGraph = {
      edges: [
        httpEdge({ namespace: 'default', app: 'curl-jason' }, reviews, 9080, 10, asUser('jason'), {
          endUserHeader: true,
        }),
        httpEdge({ namespace: 'default', app: 'curl' }, reviews, 9080, 10, asUser('alice'), { endUserHeader: true }),
      ],
    };
    const engine = simulate(store, 2, 30, callGraph);
    const t = engine.telemetry;
    const dest = { reporter: 'destination', destination_service_name: 'reviews' };
    expect(requests(t, { ...dest, source_workload: 'curl-jason', destination_workload: 'reviews-v2' })).toBeGreaterThan(
      200,
    );
    expect(requests(t, { ...dest, source_workload: 'curl-jason', destination_workload: 'reviews-v1' })).toBe(0);
    expect(requests(t, { ...dest, source_workload: 'curl', destination_workload: 'reviews-v1' })).toBeGreaterThan(200);
    expect(requests(t, { ...dest, source_workload: 'curl', destination_workload: 'reviews-v2' })).toBe(0);
  });

  it('propagates end-user through bookinfo: ratings-test-abort fails only jason’s ratings calls', () => {
    const store = bookinfoStore();
    loadSample(store, 'bookinfo/networking/virtual-service-all-v1.yaml', BI);
    loadSample(store, 'bookinfo/networking/virtual-service-reviews-test-v2.yaml', BI);
    loadSample(store, 'bookinfo/networking/virtual-service-ratings-test-abort.yaml', BI);
    const engine = simulate(store, 4, 60);
    const t = engine.telemetry;
    const fromV2 = { reporter: 'source', source_workload: 'reviews-v2', destination_service_name: 'ratings' };
    expect(
      requests(t, { ...fromV2, response_code: '500', response_flags: 'FI', destination_workload: 'unknown' }),
    ).toBeGreaterThan(50);
    expect(requests(t, { ...fromV2, response_code: '200' })).toBe(0);
    expect(requests(t, { reporter: 'destination', destination_service_name: 'ratings' })).toBe(0);
  });

  it('aborts the configured share with the fault code and flag FI (reported by the source only)', () => {
    const store = bookinfoStore();
    routeHost(store, BI, 'ratings', [
      {
        fault: { abort: { httpStatus: 500, percentage: { value: 50 } } },
        route: [{ destination: { host: 'ratings', subset: 'v1' } }],
      },
    ]);
    const engine = simulate(store, 11, 120);
    const t = engine.telemetry;
    const src = { reporter: 'source', destination_service_name: 'ratings' };
    const aborted = requests(t, { ...src, response_code: '500', response_flags: 'FI' });
    const all = requests(t, src);
    expect(all).toBeGreaterThan(500);
    expect(aborted / all).toBeGreaterThan(0.44);
    expect(aborted / all).toBeLessThan(0.56);
    for (const l of requestLabels(t, { response_flags: 'FI' })) {
      expect(l.reporter).toBe('source');
      expect(l.destination_workload).toBe('unknown');
      expect(l.destination_service).toBe('ratings.bookinfo.svc.cluster.local');
    }
  });

  it('adds fault delays (DI) and times out slow routes (504 UT at the source, 0 DC at the destination)', () => {
    const store = bookinfoStore();
    routeHost(store, BI, 'ratings', [
      {
        fault: { delay: { fixedDelay: '2s', percentage: { value: 100 } } },
        route: [{ destination: { host: 'ratings' } }],
      },
    ]);
    routeHost(store, BI, 'reviews', [{ timeout: '0.5s', route: [{ destination: { host: 'reviews', subset: 'v2' } }] }]);
    const engine = simulate(store, 5, 30);
    const t = engine.telemetry;
    const fromReviews = { reporter: 'source', source_workload: 'reviews-v2', destination_service_name: 'ratings' };
    expect(requests(t, { ...fromReviews, response_flags: 'DI', response_code: '200' })).toBeGreaterThan(50);
    const toReviews = { reporter: 'source', source_workload: 'productpage-v1', destination_service_name: 'reviews' };
    expect(requests(t, { ...toReviews, response_code: '504', response_flags: 'UT' })).toBeGreaterThan(50);
    expect(requests(t, { ...toReviews, response_code: '200' })).toBe(0);
    const dropped = {
      reporter: 'destination',
      destination_workload: 'reviews-v2',
      response_code: '0',
      response_flags: 'DC',
    };
    expect(requests(t, dropped)).toBeGreaterThan(50);
    const series = [...t.requestSeriesList()].find(
      (s) => s.reporter === 'source' && s.labels.includes('response_flags="UT"'),
    )!;
    expect(series.duration!.sum / series.duration!.count).toBeCloseTo(500, -1);
  });

  it('retries 5xx per the route (attempts + 1 requests reach the destination)', () => {
    const store = bookinfoStore();
    routeHost(store, 'default', 'httpbin', [
      { retries: { attempts: 3, retryOn: '5xx' }, route: [{ destination: { host: 'httpbin' } }] },
    ]);
    const callGraph: CallGraph = {
      edges: [
        httpEdge({ namespace: 'default', app: 'curl' }, 'httpbin', 8000, 5, [{ method: 'GET', path: '/status/500' }]),
      ],
      profiles: { httpbin: { latencyMs: 1, statusFromPath: true } },
    };
    const engine = simulate(store, 9, 20, callGraph);
    const t = engine.telemetry;
    const sent = requests(t, { reporter: 'source', source_workload: 'curl', response_code: '500' });
    const received = requests(t, { reporter: 'destination', destination_workload: 'httpbin', response_code: '500' });
    expect(sent).toBeGreaterThan(50);
    expect(received).toBe(sent * 4);
  });

  it('mirrors requests: the mirror reports them (reporter=destination), the source does not', () => {
    const store = bookinfoStore();
    routeHost(store, BI, 'reviews', [
      {
        route: [{ destination: { host: 'reviews', subset: 'v1' } }],
        mirror: { host: 'reviews', subset: 'v3' },
        mirrorPercentage: { value: 50 },
      },
    ]);
    const engine = simulate(store, 3, 60);
    const t = engine.telemetry;
    const v1 = requests(t, { ...fromProductpage, destination_workload: 'reviews-v1' });
    const mirrored = requests(t, { ...fromProductpage, destination_workload: 'reviews-v3' });
    expect(mirrored / v1).toBeGreaterThan(0.4);
    expect(mirrored / v1).toBeLessThan(0.6);
    expect(
      requests(t, { reporter: 'source', source_workload: 'productpage-v1', destination_workload: 'reviews-v3' }),
    ).toBe(0);
    expect(
      requests(t, { reporter: 'destination', source_workload: 'reviews-v3', destination_service_name: 'ratings' }),
    ).toBeGreaterThan(0);
  });

  it('applies a config change in the store on the next tick', () => {
    const store = bookinfoStore();
    const engine = simulate(store, 8, 10);
    const t = engine.telemetry;
    const before = [1, 2, 3].map((v) => requests(t, { ...fromProductpage, destination_workload: `reviews-v${v}` }));
    expect(before.every((n) => n > 0)).toBe(true);
    loadSample(store, 'bookinfo/networking/virtual-service-reviews-v3.yaml', BI);
    runTicks(engine, 1);
    const after = [1, 2, 3].map((v) => requests(t, { ...fromProductpage, destination_workload: `reviews-v${v}` }));
    expect(after[0]).toBe(before[0]);
    expect(after[1]).toBe(before[1]);
    expect(after[2]! - before[2]!).toBeGreaterThan(3);
  });

  it('answers 404 NR when a VirtualService has no matching route, and 503 NC for an undefined subset', () => {
    const store = bookinfoStore();
    routeHost(store, BI, 'details', [
      { match: [{ uri: { prefix: '/nothing' } }], route: [{ destination: { host: 'details' } }] },
    ]);
    routeHost(store, BI, 'reviews', [{ route: [{ destination: { host: 'reviews', subset: 'v9' } }] }]);
    const engine = simulate(store, 1, 10);
    const t = engine.telemetry;
    for (const [service, code, flags] of [
      ['details', '404', 'NR'],
      ['reviews', '503', 'NC'],
    ]) {
      const row = {
        reporter: 'source',
        destination_service_name: service!,
        response_code: code!,
        response_flags: flags!,
      };
      expect(requests(t, row)).toBeGreaterThan(10);
    }
    expect(requests(t, { reporter: 'destination', destination_service_name: 'reviews' })).toBe(0);
  });
});
