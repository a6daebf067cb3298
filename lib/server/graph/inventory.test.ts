import { describe, expect, it } from 'vitest';
import type { Inventory } from '@/lib/k8s/inventory';
import { toGraphInventory } from './route';

const pod = (namespace: string, name: string, labels: Record<string, string>) => ({
  namespace,
  name,
  labels,
  annotations: {},
  phase: 'Running',
  ready: true,
  containers: ['app', 'istio-proxy'],
  hasSidecar: true,
  serviceAccount: null,
  podIP: null,
  createdAt: null,
});
const workload = (namespace: string, name: string, labels: Record<string, string>) => ({
  namespace,
  name,
  kind: 'Deployment' as const,
  labels,
  annotations: {},
  serviceAccount: 'sa',
  desiredReplicas: 2,
  currentReplicas: 2,
  availableReplicas: 2,
  sidecarInjected: true,
  createdAt: null,
});

describe('toGraphInventory', () => {
  it("counts a workload's pods by its template labels, in its own namespace only", () => {
    const inv: Inventory = {
      namespaces: [
        { name: 'a', labels: {}, createdAt: '2026-01-01T00:00:00.000Z' },
        { name: 'b', labels: {}, createdAt: null },
      ],
      workloads: [
        workload('a', 'reviews-v1', { app: 'reviews', version: 'v1' }),
        workload('b', 'reviews-v1', { app: 'reviews', version: 'v1' }),
      ],
      services: [],
      pods: [
        pod('a', 'r1', { app: 'reviews', version: 'v1', 'pod-template-hash': 'x' }),
        pod('a', 'r2', { app: 'reviews', version: 'v1', 'pod-template-hash': 'y' }),
        pod('a', 'r3', { app: 'reviews', version: 'v2' }),
        pod('b', 'r4', { app: 'reviews', version: 'v1' }),
      ],
      istioConfig: [],
      gatewayApi: [],
    };
    const g = toGraphInventory(inv, 'east', 'istio-system');
    expect(g.workloads.map((w) => [w.namespace, w.podCount])).toEqual([
      ['a', 2],
      ['b', 1],
    ]);
    expect(g.cluster).toBe('east');
    expect(g.namespaces[0]).toEqual({ name: 'a', labels: {}, creationTimestamp: '2026-01-01T00:00:00.000Z' });
    expect(g.namespaces[1]?.creationTimestamp).toBeUndefined();
  });

  it('flags ambient workloads (redirection annotation or ambient namespace, no sidecar) and waypoints', () => {
    const amb = {
      ...pod('amb', 'p1', { app: 'productpage' }),
      containers: ['app'],
      hasSidecar: false,
      annotations: { 'ambient.istio.io/redirection': 'enabled' },
    };
    const wpPod = {
      ...pod('amb', 'w1', { 'gateway.istio.io/managed': 'istio.io-mesh-controller' }),
      containers: ['istio-proxy'],
      hasSidecar: false,
    };
    const inv: Inventory = {
      namespaces: [
        { name: 'amb', labels: { 'istio.io/dataplane-mode': 'ambient' }, createdAt: null },
        { name: 'side', labels: {}, createdAt: null },
      ],
      workloads: [
        { ...workload('amb', 'productpage-v1', { app: 'productpage' }), sidecarInjected: false },
        {
          ...workload('amb', 'waypoint', { 'gateway.istio.io/managed': 'istio.io-mesh-controller' }),
          sidecarInjected: false,
        },
        workload('side', 'reviews-v1', { app: 'reviews' }),
      ],
      services: [],
      pods: [amb, wpPod, pod('side', 'r1', { app: 'reviews' })],
      istioConfig: [],
      gatewayApi: [],
    };
    const g = toGraphInventory(inv, 'east', 'istio-system');
    expect(g.workloads.map((w) => [w.name, !!w.ambient, !!w.waypoint])).toEqual([
      ['productpage-v1', true, false],
      ['waypoint', true, true],
      ['reviews-v1', false, false],
    ]);
  });
});
