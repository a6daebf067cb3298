import { describe, expect, it } from 'vitest';
import { addDestService, type TrafficMap } from '../traffic-map';
import { istioAppender } from './istio';
import { ctx, service, traffic, workload } from './test-helpers';

describe('istioAppender (bookinfo config)', () => {
  it('badges service nodes with their VirtualService hostnames and features', () => {
    const tm: TrafficMap = new Map();
    const pp = workload(tm, 'bookinfo', 'productpage-v1', 'productpage', 'v1');
    const reviews = service(tm, 'bookinfo', 'reviews');
    const ratings = service(tm, 'bookinfo', 'ratings');
    const details = service(tm, 'bookinfo', 'details');
    const productpage = service(tm, 'bookinfo', 'productpage');
    for (const s of [reviews, ratings, details, productpage]) traffic(pp, s, 1);
    istioAppender.apply(tm, ctx());
    expect(reviews.meta.hasVS).toEqual(new Map([['reviews', ['reviews']]]));
    expect([...reviews.meta.virtualServices!.keys()]).toEqual(['bookinfo/reviews']);
    expect(reviews.meta).toMatchObject({ hasTrafficShifting: true, hasRequestRouting: true, hasCB: true });
    expect(ratings.meta).toMatchObject({ hasFaultInjection: true, hasCB: true });
    expect(ratings.meta.hasTrafficShifting).toBeUndefined();
    expect(details.meta).toMatchObject({
      hasRequestTimeout: true,
      hasMirroring: true,
      hasVS: new Map([['details', ['details.bookinfo.svc.cluster.local']]]),
    });
    expect(productpage.meta.hasVS).toEqual(new Map([['bookinfo', ['*']]]));
    expect(productpage.meta.hasCB).toBeUndefined();
    // service nodes get their Service's app label
    expect(reviews.app).toBe('reviews');
  });

  it('circuit breakers on versioned nodes follow the DestinationRule subset of their version', () => {
    const tm: TrafficMap = new Map();
    const pp = workload(tm, 'bookinfo', 'productpage-v1', 'productpage', 'v1');
    const r1 = workload(tm, 'bookinfo', 'reviews-v1', 'reviews', 'v1');
    const r3 = workload(tm, 'bookinfo', 'reviews-v3', 'reviews', 'v3');
    traffic(pp, r1, 1);
    traffic(pp, r3, 1);
    addDestService(r1, 'Kubernetes', 'bookinfo', 'reviews');
    addDestService(r3, 'Kubernetes', 'bookinfo', 'reviews');
    istioAppender.apply(tm, ctx());
    expect(r1.meta.hasCB).toBeUndefined();
    expect(r3.meta.hasCB).toBe(true);
    const app: TrafficMap = new Map();
    const reviewsApp = workload(app, 'bookinfo', 'reviews-v1', 'reviews', 'v1', 'app');
    addDestService(reviewsApp, 'Kubernetes', 'bookinfo', 'reviews');
    istioAppender.apply(app, ctx({ graphType: 'app' }));
    expect(reviewsApp.meta.hasCB).toBe(true);
  });

  it('marks ingress gateway nodes with the hosts of the Gateways selecting them', () => {
    const tm: TrafficMap = new Map();
    const gw = workload(tm, 'istio-system', 'istio-ingressgateway', 'istio-ingressgateway', 'latest');
    traffic(gw, workload(tm, 'bookinfo', 'productpage-v1', 'productpage', 'v1'), 1);
    istioAppender.apply(tm, ctx());
    expect(gw.meta.isIngressGateway).toEqual(new Map([['bookinfo-gateway', ['*']]]));
    expect(gw.meta.isEgressGateway).toBeUndefined();
  });

  it('only badges circuit breakers in the namespace being processed', () => {
    const tm: TrafficMap = new Map();
    const ratings = service(tm, 'bookinfo', 'ratings');
    traffic(workload(tm, 'echo', 'curl-v1', 'curl', 'v1'), ratings, 1);
    istioAppender.apply(tm, ctx({}, undefined, 'echo'));
    expect(ratings.meta.hasCB).toBeUndefined();
    expect(ratings.meta.hasVS).toEqual(new Map([['ratings', ['ratings']]])); // VirtualService badges are not limited to the namespace
  });
});
