import { describe, expect, it } from 'vitest';
import type { Inventory } from '@/lib/k8s/inventory';
import { serviceTargets } from './services';

const service = (namespace: string, name: string, selector: Record<string, string>) => ({
  namespace,
  name,
  labels: {},
  annotations: {},
  selector,
  ports: [{ name: 'http', port: 9080, protocol: 'TCP', appProtocol: null, targetPort: 9080 }],
  type: 'ClusterIP',
  createdAt: null,
});
const route = (namespace: string, name: string, parentRefs: unknown[], kind = 'HTTPRoute') => ({
  apiVersion: 'gateway.networking.k8s.io/v1',
  kind,
  metadata: { namespace, name },
  spec: { parentRefs, rules: [{ backendRefs: [{ name: 'reviews-v1', port: 9080 }] }] },
});

const inventory = {
  namespaces: [],
  workloads: [],
  pods: [],
  services: [
    service('gw', 'reviews', { app: 'reviews' }),
    service('gw', 'reviews-v1', { app: 'reviews', version: 'v1' }),
  ],
  istioConfig: [],
  gatewayApi: [
    route('gw', 'reviews', [{ group: '', kind: 'Service', name: 'reviews', port: 9080 }]),
    route('shop', 'consumer', [{ group: '', kind: 'Service', name: 'reviews', namespace: 'gw' }]),
    route('gw', 'db', [{ group: '', kind: 'Service', name: 'reviews' }], 'TCPRoute'),
    route('gw', 'ingress', [{ name: 'reviews' }]),
  ],
} as unknown as Inventory;

describe('service targets of the wizards', () => {
  it('lists the Gateway API routes whose parentRef is the service (GAMMA), not those that only use it as backend', () => {
    const [reviews, v1] = serviceTargets(inventory, ['gw']);
    expect(reviews?.routes).toEqual([
      { kind: 'HTTPRoute', namespace: 'gw', name: 'reviews' },
      { kind: 'HTTPRoute', namespace: 'shop', name: 'consumer' },
      { kind: 'TCPRoute', namespace: 'gw', name: 'db' },
    ]);
    expect(v1?.name).toBe('reviews-v1');
    expect(v1?.routes).toEqual([]);
  });
});
