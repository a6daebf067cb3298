import { describe, expect, it } from 'vitest';
import { edgesFromGraph, impactOfChanges, type GraphJsonLike, type ImpactContext, type ImpactService } from './index';

const NS = 'bookinfo-gateway-api';
const wl = (id: string, workload: string, app: string, version: string, service: string) => ({
  data: {
    id,
    nodeType: 'workload',
    namespace: NS,
    workload,
    app,
    version,
    destServices: [{ namespace: NS, name: service }],
  },
});
const edge = (source: string, target: string, rps: number) => ({
  data: { source, target, traffic: { protocol: 'http', rates: { http: rps.toFixed(2) } } },
});

/** The Gateway API bookinfo at rest under route-reviews-90-10: telemetry names the backend Services. */
const graph: GraphJsonLike = {
  elements: {
    nodes: [
      wl('pp', 'productpage-v1', 'productpage', 'v1', 'productpage'),
      wl('r1', 'reviews-v1', 'reviews', 'v1', 'reviews-v1'),
      wl('r2', 'reviews-v2', 'reviews', 'v2', 'reviews-v2'),
    ],
    edges: [edge('pp', 'r1', 9), edge('pp', 'r2', 1)],
  },
};

const svc = (name: string, workloads: string[]): ImpactService => ({ namespace: NS, name, ports: [9080], workloads });
const services = [
  svc('reviews', ['reviews-v1', 'reviews-v2', 'reviews-v3']),
  svc('reviews-v1', ['reviews-v1']),
  svc('reviews-v2', ['reviews-v2']),
  svc('reviews-v3', ['reviews-v3']),
  svc('reviews-empty', []),
];
const workloads = ['v1', 'v2', 'v3'].map((v) => ({
  namespace: NS,
  name: `reviews-${v}`,
  labels: { app: 'reviews', version: v },
}));

const route = (backendRefs: unknown[], extra: Record<string, unknown> = {}, namespace = NS) => ({
  apiVersion: 'gateway.networking.k8s.io/v1',
  kind: 'HTTPRoute',
  metadata: { name: 'reviews', namespace },
  spec: {
    parentRefs: [
      { group: '', kind: 'Service', name: 'reviews', ...(namespace !== NS ? { namespace: NS } : {}), port: 9080 },
    ],
    rules: [{ backendRefs, ...extra }],
  },
});
const ninetyTen = route([
  { name: 'reviews-v1', port: 9080, weight: 90 },
  { name: 'reviews-v2', port: 9080, weight: 10 },
]);
const ctx: ImpactContext = {
  edges: edgesFromGraph(graph),
  config: [ninetyTen],
  rootNamespace: 'istio-system',
  workloads,
  services,
};
const summary = (
  c: ImpactContext,
  after: Record<string, unknown> | null,
  before: Record<string, unknown> | null = ninetyTen,
) => impactOfChanges(c, [{ before, after }]).map((e) => `${e.effect} ${e.destination} ${e.affectedRate.toFixed(1)}`);

describe('impact of Gateway API routes (GAMMA)', () => {
  it('50/50 v1/v3: v1 loses 4/s, v2 loses 1/s, v3 (no traffic yet) gains 5/s', () => {
    const after = route([
      { name: 'reviews-v1', port: 9080, weight: 50 },
      { name: 'reviews-v3', port: 9080, weight: 50 },
    ]);
    expect(summary(ctx, after)).toEqual([
      'reroute bookinfo-gateway-api/reviews-v3 5.0',
      'reroute bookinfo-gateway-api/reviews-v1 4.0',
      'reroute bookinfo-gateway-api/reviews-v2 1.0',
    ]);
  });

  it('an unchanged split moves nothing; relative weights count, not their sum', () => {
    const same = route([
      { name: 'reviews-v1', port: 9080, weight: 9 },
      { name: 'reviews-v2', port: 9080, weight: 1 },
    ]);
    expect(summary(ctx, same)).toEqual([]);
  });

  it('a backend that does not resolve breaks its share with 500, one that selects nothing with 503', () => {
    const missing = route([
      { name: 'reviews-v1', port: 9080, weight: 50 },
      { name: 'reviews-v9', port: 9080, weight: 50 },
    ]);
    const impact = impactOfChanges(ctx, [{ before: ninetyTen, after: missing }]);
    const broken = impact.find((e) => e.effect === 'break');
    expect(broken?.affectedRate).toBeCloseTo(5);
    expect(broken?.detail).toMatch(/reviews-v9.*not found.*\(500\)$/);
    const empty = impactOfChanges(ctx, [{ before: ninetyTen, after: route([{ name: 'reviews-empty', port: 9080 }]) }]);
    expect(empty.find((e) => e.effect === 'break')?.detail).toBe(
      'Service reviews-empty selects no workload: these requests would fail (503)',
    );
  });

  it('a backend in another namespace without a ReferenceGrant fails (RefNotPermitted)', () => {
    const cross = route([{ name: 'reviews-v1', namespace: 'other', port: 9080 }]);
    const c = {
      ...ctx,
      services: [...services, { namespace: 'other', name: 'reviews-v1', ports: [9080], workloads: [] }],
    };
    const impact = impactOfChanges(c, [{ before: ninetyTen, after: cross }]);
    expect(impact.find((e) => e.effect === 'break')?.detail).toMatch(/missing a ReferenceGrant/);
    expect(impact.find((e) => e.effect === 'break')?.affectedRate).toBeCloseTo(10);
  });

  it('deleting the route spreads the traffic over the parent Service’s workloads again', () => {
    expect(summary(ctx, null)).toEqual([
      'reroute bookinfo-gateway-api/reviews-v1 5.7',
      'reroute bookinfo-gateway-api/reviews-v3 3.3',
      'reroute bookinfo-gateway-api/reviews-v2 2.3',
    ]);
  });

  it('rules that all have matches leave other requests without a route (404)', () => {
    const onlyMatches = {
      ...ninetyTen,
      spec: {
        ...ninetyTen.spec,
        rules: [
          {
            matches: [{ headers: [{ name: 'end-user', value: 'jason' }] }],
            backendRefs: [{ name: 'reviews-v2', port: 9080 }],
          },
        ],
      },
    };
    const impact = impactOfChanges(ctx, [{ before: ninetyTen, after: onlyMatches }]);
    expect(impact[0]).toMatchObject({
      effect: 'break',
      destination: 'bookinfo-gateway-api/reviews (no matching rule)',
    });
    expect(impact[0]?.detail).toMatch(/\(404\)$/);
  });

  it('a consumer route in the caller’s namespace does not govern callers of other namespaces', () => {
    const consumer = route([{ name: 'reviews-v3', namespace: NS, port: 9080 }], {}, 'shop');
    expect(summary(ctx, consumer, null)).toEqual([]);
  });

  it('reports nothing when the Services are not known', () => {
    expect(summary({ ...ctx, services: undefined }, route([{ name: 'reviews-v3', port: 9080 }]))).toEqual([]);
  });
});
