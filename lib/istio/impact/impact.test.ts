import { describe, expect, it } from 'vitest';
import { authorize } from './authz';
import { edgesFromGraph, generatePolicies, impactOfChange, impactOfChanges, type GraphJsonLike } from './index';
import { fromPrincipals, object, selectApp, toMethods } from '../testdata/objects';

const SA = (ns: string, sa: string) => `spiffe://cluster.local/ns/${ns}/sa/${sa}`;
const wl = (id: string, namespace: string, workload: string, app: string, version: string, destServices?: string) => ({
  data: {
    id,
    nodeType: 'workload',
    namespace,
    workload,
    app,
    version,
    ...(destServices ? { destServices: [{ namespace, name: destServices }] } : {}),
  },
});
const edge = (source: string, target: string, rps: number, principal?: string) => ({
  data: {
    source,
    target,
    traffic: { protocol: 'http', rates: { http: rps.toFixed(2) } },
    ...(principal ? { isMTLS: '100', sourcePrincipal: principal } : { isMTLS: '0' }),
  },
});

/** Bookinfo as a workload graph (no service nodes) with the securityPolicy appender's principals. */
const graph: GraphJsonLike = {
  elements: {
    nodes: [
      { data: { id: 'unknown', nodeType: 'unknown', namespace: 'unknown' } },
      wl('ingress', 'istio-system', 'istio-ingressgateway', 'istio-ingressgateway', 'latest'),
      wl('pp', 'bookinfo', 'productpage-v1', 'productpage', 'v1', 'productpage'),
      wl('r1', 'bookinfo', 'reviews-v1', 'reviews', 'v1', 'reviews'),
      wl('r2', 'bookinfo', 'reviews-v2', 'reviews', 'v2', 'reviews'),
      wl('r3', 'bookinfo', 'reviews-v3', 'reviews', 'v3', 'reviews'),
      wl('ra', 'bookinfo', 'ratings-v1', 'ratings', 'v1', 'ratings'),
    ],
    edges: [
      edge('ingress', 'pp', 10, SA('istio-system', 'istio-ingressgateway-service-account')),
      edge('unknown', 'pp', 1),
      edge('pp', 'r1', 3.3, SA('bookinfo', 'bookinfo-productpage')),
      edge('pp', 'r2', 3.3, SA('bookinfo', 'bookinfo-productpage')),
      edge('pp', 'r3', 3.4, SA('bookinfo', 'bookinfo-productpage')),
      edge('r2', 'ra', 3.3, SA('bookinfo', 'bookinfo-reviews')),
      edge('r3', 'ra', 3.4, SA('bookinfo', 'bookinfo-reviews')),
    ],
  },
};

const edges = edgesFromGraph(graph);
const DR = object('DestinationRule', 'reviews', {
  host: 'reviews',
  subsets: ['v1', 'v2', 'v3'].map((v) => ({ name: v, labels: { version: v } })),
});
const ctx = { edges, config: [DR] as Record<string, unknown>[], rootNamespace: 'istio-system' };
const ap = (name: string, spec: unknown) => object('AuthorizationPolicy', name, spec);
/** The reviews VirtualService sending all traffic to `subset`. */
const reviewsTo = (subset: string) =>
  object('VirtualService', 'reviews', {
    hosts: ['reviews'],
    http: [{ route: [{ destination: { host: 'reviews', subset } }] }],
  });
const summary = (list: ReturnType<typeof impactOfChange>) =>
  list.map((i) => `${i.effect} ${i.source} -> ${i.destination}`);

describe('edgesFromGraph', () => {
  it('reads principals, rates and services', () => {
    const e = edges.find((x) => x.source.workload === 'reviews-v2')!;
    expect(e).toMatchObject({
      sourcePrincipal: 'cluster.local/ns/bookinfo/sa/bookinfo-reviews',
      rate: 3.3,
      mtlsShare: 1,
      service: { namespace: 'bookinfo', name: 'ratings' },
    });
    expect(e.destination.labels).toEqual({ app: 'ratings', version: 'v1' });
  });

  it('splits service → workload edges over the service callers', () => {
    const g: GraphJsonLike = {
      elements: {
        nodes: [
          wl('a', 'ns', 'a-v1', 'a', 'v1'),
          wl('b', 'ns', 'b-v1', 'b', 'v1'),
          { data: { id: 's', nodeType: 'service', namespace: 'ns', service: 'c' } },
          wl('c', 'ns', 'c-v1', 'c', 'v1'),
        ],
        edges: [edge('a', 's', 3), edge('b', 's', 1), edge('s', 'c', 4, SA('ns', 'x'))],
      },
    };
    expect(edgesFromGraph(g).map((e) => [e.source.workload, e.destination.workload, e.rate, e.service?.name])).toEqual([
      ['a-v1', 'c-v1', 3, 'c'],
      ['b-v1', 'c-v1', 1, 'c'],
    ]);
  });
});

describe('impact preview', () => {
  it('a DENY policy on ratings from reviews denies the reviews → ratings edges', () => {
    const deny = ap('deny-reviews', {
      selector: selectApp('ratings'),
      action: 'DENY',
      rules: fromPrincipals('cluster.local/ns/bookinfo/sa/bookinfo-reviews'),
    });
    const impact = impactOfChange(ctx, null, deny);
    expect(summary(impact)).toEqual([
      'deny bookinfo/reviews-v3 -> bookinfo/ratings-v1',
      'deny bookinfo/reviews-v2 -> bookinfo/ratings-v1',
    ]);
    expect(impact[0]!.affectedRate).toBeCloseTo(3.4);
  });

  it('a DENY that depends on the method is only a possible denial', () => {
    const deny = ap('deny-get', { selector: selectApp('ratings'), action: 'DENY', rules: toMethods('GET') });
    expect(impactOfChange(ctx, null, deny).map((i) => i.effect)).toEqual(['maybe-deny', 'maybe-deny']);
  });

  it('an ALLOW policy denies every caller it does not list, and callers without mTLS', () => {
    const allow = ap('productpage', {
      selector: selectApp('productpage'),
      rules: [
        {
          from: [{ source: { principals: ['cluster.local/ns/istio-system/sa/istio-ingressgateway-service-account'] } }],
        },
      ],
    });
    const impact = impactOfChange(ctx, null, allow);
    expect(summary(impact)).toEqual(['deny unknown -> bookinfo/productpage-v1']);
    expect(impact[0]!.detail).toMatch(/no mTLS identity/);
  });

  it('removing a DENY policy lists the edges it allows again', () => {
    const deny = ap('deny-all-ratings', { selector: selectApp('ratings'), action: 'DENY', rules: [{}] });
    const impact = impactOfChange({ ...ctx, config: [...ctx.config, deny] }, deny, null);
    expect(impact.map((i) => i.effect)).toEqual(['allow', 'allow']);
  });

  it('dry-run and AUDIT policies do not decide', () => {
    const dry = {
      ...ap('dry', { action: 'DENY', rules: [{}] }),
      metadata: { name: 'dry', namespace: 'bookinfo', annotations: { 'istio.io/dry-run': 'true' } },
    };
    expect(impactOfChange(ctx, null, dry)).toEqual([]);
    expect(impactOfChange(ctx, null, ap('audit', { action: 'AUDIT', rules: [{}] }))).toEqual([]);
  });

  it('STRICT mTLS breaks the plaintext edge only', () => {
    const pa = object('PeerAuthentication', 'default', { mtls: { mode: 'STRICT' } });
    expect(summary(impactOfChange(ctx, null, pa))).toEqual(['break unknown -> bookinfo/productpage-v1']);
  });

  it('Traffic Shifting 100% to v3: v1 and v2 lose their traffic, v3 gains it', () => {
    const vs = reviewsTo('v3');
    const impact = impactOfChange(ctx, null, vs);
    expect(impact.map((i) => [i.destination, i.detail.split(':')[0]])).toEqual([
      ['bookinfo/reviews-v3', 'gains 6.67/s'],
      ['bookinfo/reviews-v1', 'loses 3.33/s'],
      ['bookinfo/reviews-v2', 'loses 3.33/s'],
    ]);
    expect(impact.every((i) => i.effect === 'reroute' && i.source === 'bookinfo/productpage-v1')).toBe(true);
  });

  it('an unchanged VirtualService moves nothing, even when the window still shows older traffic', () => {
    const vs = reviewsTo('v3');
    expect(impactOfChange({ ...ctx, config: [...ctx.config, vs] }, vs, structuredClone(vs))).toEqual([]);
  });

  it('a DestinationRule and VirtualService saved together are judged together', () => {
    const vs = reviewsTo('v4');
    const dr = {
      ...DR,
      spec: { ...DR.spec, subsets: [...DR.spec.subsets, { name: 'v4', labels: { version: 'v3' } }] },
    };
    const impact = impactOfChanges(ctx, [
      { before: DR, after: dr },
      { before: null, after: vs },
    ]);
    expect(impact.some((i) => i.effect === 'break')).toBe(false);
    expect(impact.map((i) => i.destination)).toEqual([
      'bookinfo/reviews-v3',
      'bookinfo/reviews-v1',
      'bookinfo/reviews-v2',
    ]);
  });

  it('a VirtualService with only match rules breaks the requests that match none', () => {
    const match = [{ headers: { 'end-user': { exact: 'jason' } } }];
    const route = [{ destination: { host: 'reviews', subset: 'v2' } }];
    const vs = object('VirtualService', 'reviews', { hosts: ['reviews'], http: [{ match, route }] });
    const impact = impactOfChange(ctx, null, vs);
    expect(impact[0]).toMatchObject({ effect: 'break', destination: 'bookinfo/reviews (no matching rule)' });
  });

  it('a route to a subset no DestinationRule defines breaks', () => {
    const vs = reviewsTo('v9');
    const impact = impactOfChange(ctx, null, vs);
    expect(impact[0]).toMatchObject({ effect: 'break', destination: 'bookinfo/reviews (subset v9)' });
    expect(impact[0]!.affectedRate).toBeCloseTo(10);
  });
});

describe('generatePolicies', () => {
  it('writes deny-all plus one ALLOW per workload with the principals seen calling it', () => {
    const { policies, unidentified } = generatePolicies('bookinfo', edges);
    expect(policies.map((p) => (p.metadata as { name: string }).name)).toEqual([
      'deny-all',
      'productpage-v1',
      'ratings-v1',
      'reviews-v1',
      'reviews-v2',
      'reviews-v3',
    ]);
    expect(policies[0]!.spec).toEqual({});
    expect(policies[2]!.spec).toEqual({
      selector: { matchLabels: { app: 'ratings', version: 'v1' } },
      action: 'ALLOW',
      rules: fromPrincipals('cluster.local/ns/bookinfo/sa/bookinfo-reviews'),
    });
    expect(unidentified).toEqual([{ source: 'unknown', destination: 'bookinfo/productpage-v1', rate: 1 }]);
  });

  it('the generated policies still allow every observed caller with an identity, and only those', () => {
    const { policies } = generatePolicies('bookinfo', edges);
    const decisions = edges
      .filter((e) => e.destination.namespace === 'bookinfo')
      .map(
        (e) =>
          `${e.source.workload ?? 'unknown'}->${e.destination.workload}:${authorize(policies, { principal: e.sourcePrincipal, destination: e.destination }, 'istio-system')}`,
      );
    expect(decisions).toEqual([
      'istio-ingressgateway->productpage-v1:allow',
      'unknown->productpage-v1:deny',
      'productpage-v1->reviews-v1:allow',
      'productpage-v1->reviews-v2:allow',
      'productpage-v1->reviews-v3:allow',
      'reviews-v2->ratings-v1:allow',
      'reviews-v3->ratings-v1:allow',
    ]);
    // and a caller not observed (reviews calling productpage) would be denied
    const pp = edges.find((e) => e.destination.workload === 'productpage-v1')!.destination;
    expect(
      authorize(
        policies,
        { principal: 'cluster.local/ns/bookinfo/sa/bookinfo-reviews', destination: pp },
        'istio-system',
      ),
    ).toBe('deny');
  });
});

describe('least-privilege window and the traffic it is based on', () => {
  it('counts requests, callers and workloads of the namespace in the window', async () => {
    const { trafficBasis } = await import('./index');
    expect(trafficBasis('bookinfo', edges, 600)).toEqual({
      windowSeconds: 600,
      edges: 7,
      callers: 5,
      workloads: 5,
      requests: Math.round((10 + 1 + 3.3 + 3.3 + 3.4 + 3.3 + 3.4) * 600),
      tcpBytes: 0,
    });
    expect(trafficBasis('default', edges, 600).edges).toBe(0);
  });

  it('offers windows from 10 min up to the retention', async () => {
    const { policyWindows } = await import('./index');
    expect(policyWindows(15 * 86_400)).toEqual([600, 3600, 21_600, 86_400, 604_800, 1_296_000]);
    expect(policyWindows(2 * 86_400)).toEqual([600, 3600, 21_600, 86_400, 172_800]);
  });
});
