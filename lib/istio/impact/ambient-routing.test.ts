/**
 * Routing rules in ambient mode in the impact preview, on the graph built from recorded telemetry (the real Istio 1.24
 * ztunnel scrape of bookinfo and waypoint-reported requests, `lib/graph/testdata/ambient-fixtures.ts`): `reviews` is
 * served by the `waypoint` in `default`, the other services by ztunnel only.
 */
import { describe, expect, it } from 'vitest';
import { object } from '../testdata/objects';
import { AMBIENT, ambientImpactContext } from './test-ambient-graph';
import { bypassesRoutes, routedServices } from './ambient-routing';
import { impactNotes, impactOfChange } from './index';

type Json = Record<string, unknown>;

const ctx = ambientImpactContext();
const abortAll = (host: string): Json =>
  object(
    'VirtualService',
    host,
    {
      hosts: [host],
      http: [{ fault: { abort: { httpStatus: 503, percentage: { value: 100 } } }, route: [{ destination: { host } }] }],
    },
    'default',
  );
const gammaRoute = (service: string): Json =>
  object(
    'HTTPRoute',
    service,
    {
      parentRefs: [{ group: '', kind: 'Service', name: service, port: 9080 }],
      rules: [{ backendRefs: [{ name: service, port: 9080 }] }],
    },
    'default',
  );

describe('routing rules for ambient services', () => {
  it('names the Services a route governs: VirtualService hosts for the mesh, GAMMA parentRefs', () => {
    expect(routedServices(abortAll('reviews'))).toEqual([{ namespace: 'default', name: 'reviews' }]);
    const vs = object(
      'VirtualService',
      'x',
      { hosts: ['ratings.bookinfo.svc.cluster.local', '*.example.com', 'details.other'] },
      'default',
    );
    expect(routedServices(vs)).toEqual([
      { namespace: 'bookinfo', name: 'ratings' },
      { namespace: 'other', name: 'details' },
    ]);
    expect(
      routedServices(object('VirtualService', 'y', { hosts: ['reviews'], gateways: ['ingress'] }, 'default')),
    ).toEqual([]);
    expect(routedServices(gammaRoute('ratings'))).toEqual([{ namespace: 'default', name: 'ratings' }]);
  });

  it('a route for a Service a waypoint serves: the preview says the waypoint enforces it, and shows its effect', () => {
    const change = { before: null, after: abortAll('reviews') };
    const notes = impactNotes(ctx(), [change]);
    expect(notes).toEqual([
      expect.objectContaining({ object: 'VirtualService/default/reviews', kind: 'route-at-waypoint' }),
    ]);
    expect(notes[0]!.detail).toContain('waypoint default/waypoint');
    expect(notes[0]!.detail).toContain('productpage-v1');
    const aborted = impactOfChange(ctx(), null, abortAll('reviews')).filter((i) => i.effect === 'abort');
    expect(aborted.map((i) => i.source)).toContain('default/productpage-v1');
  });

  it('a route for an ambient Service with no waypoint: a warning, and no edge of an ambient client is affected', () => {
    for (const route of [abortAll('ratings'), gammaRoute('ratings')]) {
      const notes = impactNotes(ctx(), [{ before: null, after: route }]);
      expect(notes.map((n) => n.kind)).toEqual(['route-not-enforced']);
      expect(notes[0]!.detail).toContain('not enforced');
    }
    const intoRatings = ctx().edges.filter((e) => e.service?.name === 'ratings');
    expect(intoRatings.length).toBeGreaterThan(0);
    expect(intoRatings.every((e) => bypassesRoutes(e, AMBIENT))).toBe(true);
    expect(impactOfChange(ctx(), null, abortAll('ratings'))).toEqual([]);
  });

  it('without ambient context (no waypoint list) nothing is judged', () => {
    expect(impactNotes(ctx({ ambient: undefined }), [{ before: null, after: abortAll('ratings') }])).toEqual([]);
    expect(ctx().edges.some((e) => bypassesRoutes(e, undefined))).toBe(false);
  });
});
