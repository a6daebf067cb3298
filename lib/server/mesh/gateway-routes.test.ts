import { describe, expect, it } from 'vitest';
import type { Inventory } from '@/lib/k8s/inventory';
import { routeReferences } from './gateway-routes';

const G = 'gateway.networking.k8s.io/v1';
const status = (parent: Record<string, unknown>, resolved: 'True' | 'False', reason: string) => ({
  parents: [
    {
      parentRef: parent,
      controllerName: 'istio.io/gateway-controller',
      conditions: [
        { type: 'Accepted', status: 'True', reason: 'Accepted', message: 'Route was valid' },
        { type: 'ResolvedRefs', status: resolved, reason, message: '' },
      ],
    },
  ],
});
const gammaParent = { group: '', kind: 'Service', name: 'reviews', port: 9080 };
const inventory = {
  gatewayApi: [
    {
      apiVersion: G,
      kind: 'HTTPRoute',
      metadata: { namespace: 'gw', name: 'reviews' },
      spec: {
        parentRefs: [gammaParent],
        rules: [
          {
            backendRefs: [
              { name: 'reviews-v1', port: 9080, weight: 90 },
              { name: 'reviews-v2', port: 9080 },
            ],
          },
        ],
      },
      status: status(gammaParent, 'True', 'ResolvedRefs'),
    },
    {
      apiVersion: G,
      kind: 'HTTPRoute',
      metadata: { namespace: 'gw', name: 'cross' },
      spec: {
        parentRefs: [gammaParent],
        rules: [{ backendRefs: [{ name: 'httpbin', namespace: 'default', port: 8000 }] }],
      },
      status: status(gammaParent, 'False', 'RefNotPermitted'),
    },
    { apiVersion: G, kind: 'Gateway', metadata: { namespace: 'gw', name: 'reviews' }, spec: {} },
  ],
} as unknown as Inventory;

describe('routes on detail pages', () => {
  it('lists the routes of a service with how they name it and the conditions the cluster reports', () => {
    const refs = routeReferences(inventory, [{ namespace: 'gw', name: 'reviews' }]);
    expect(refs.map((r) => [r.name, r.plural, r.parentOf, r.backendOf, r.status.health, r.status.summary])).toEqual([
      ['cross', 'k8shttproutes', ['reviews'], [], 'error', 'ResolvedRefs=False (RefNotPermitted)'],
      ['reviews', 'k8shttproutes', ['reviews'], [], 'ok', 'Accepted=True (Accepted), ResolvedRefs=True (ResolvedRefs)'],
    ]);
    expect(refs[0]?.status.scopes[0]?.scope).toBe('Parent Service gw/reviews:9080');
  });

  it('merges what a workload’s several services see of one route', () => {
    const refs = routeReferences(inventory, [
      { namespace: 'gw', name: 'reviews' },
      { namespace: 'gw', name: 'reviews-v1' },
    ]);
    expect(refs.find((r) => r.name === 'reviews')).toMatchObject({ parentOf: ['reviews'], backendOf: ['reviews-v1'] });
  });

  it('is empty without Gateway API objects', () => {
    expect(routeReferences({ gatewayApi: [] }, [{ namespace: 'gw', name: 'reviews' }])).toEqual([]);
  });
});
