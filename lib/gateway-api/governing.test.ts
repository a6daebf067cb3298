import { describe, expect, it } from 'vitest';
import { hasServiceParent, routeBackendRefs, routesGoverningService } from './governing';
import type { AnyRoute } from './types';

const http = (name: string, spec: AnyRoute['route']['spec'], namespace = 'bookinfo'): AnyRoute => ({
  kind: 'HTTPRoute',
  route: { metadata: { name, namespace }, spec },
});

const gamma = http('reviews', {
  parentRefs: [{ group: '', kind: 'Service', name: 'reviews', port: 9080 }],
  rules: [
    {
      backendRefs: [
        { name: 'reviews-v1', port: 9080, weight: 90 },
        { name: 'reviews-v2', port: 9080, weight: 10 },
      ],
      filters: [{ type: 'RequestMirror', requestMirror: { backendRef: { name: 'reviews-v3', port: 9080 } } }],
    },
  ],
});
const ingress = http('bookinfo', {
  parentRefs: [{ name: 'bookinfo-gateway' }],
  rules: [{ backendRefs: [{ name: 'productpage', port: 9080 }] }],
});
const gatewayNamedReviews = http('gw', { parentRefs: [{ name: 'reviews' }], rules: [] });
const otherNs = http(
  'consumer',
  { parentRefs: [{ group: '', kind: 'Service', name: 'reviews', namespace: 'bookinfo' }] },
  'shop',
);
const tcp: AnyRoute = {
  kind: 'TCPRoute',
  route: {
    metadata: { name: 'db', namespace: 'bookinfo' },
    spec: { rules: [{ backendRefs: [{ name: 'reviews', port: 9080 }] }] },
  },
};

describe('routes governing a Service', () => {
  it('finds GAMMA parents, backends and mirror targets, each said how', () => {
    const all = [gamma, ingress, gatewayNamedReviews, otherNs, tcp];
    expect(routesGoverningService(all, { namespace: 'bookinfo', name: 'reviews' })).toEqual([
      { kind: 'HTTPRoute', namespace: 'bookinfo', name: 'reviews', parent: true, backend: false },
      { kind: 'HTTPRoute', namespace: 'shop', name: 'consumer', parent: true, backend: false },
      { kind: 'TCPRoute', namespace: 'bookinfo', name: 'db', parent: false, backend: true },
    ]);
    expect(routesGoverningService(all, { namespace: 'bookinfo', name: 'reviews-v3' })).toEqual([
      { kind: 'HTTPRoute', namespace: 'bookinfo', name: 'reviews', parent: false, backend: true },
    ]);
    expect(routesGoverningService(all, { namespace: 'bookinfo', name: 'productpage' })).toEqual([
      { kind: 'HTTPRoute', namespace: 'bookinfo', name: 'bookinfo', parent: false, backend: true },
    ]);
    expect(routesGoverningService(all, { namespace: 'other', name: 'reviews' })).toEqual([]);
  });

  it('reads a parentRef without group/kind as a Gateway, not a Service', () => {
    expect(hasServiceParent(gatewayNamedReviews, 'bookinfo', 'reviews')).toBe(false);
    expect(hasServiceParent(gamma, 'bookinfo', 'reviews')).toBe(true);
  });

  it('lists backendRefs with the mirror targets', () => {
    expect(routeBackendRefs(gamma).map((b) => b.name)).toEqual(['reviews-v1', 'reviews-v2', 'reviews-v3']);
  });
});
