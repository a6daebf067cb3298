import { describe, expect, it } from 'vitest';
import type { Inventory, WorkloadInfo } from '@/lib/k8s/inventory';
import { serviceWaypointOf, waypointsOf, workloadMembership } from './ambient';

const wl = (
  namespace: string,
  name: string,
  labels: Record<string, string>,
  over: Partial<WorkloadInfo> = {},
): WorkloadInfo => ({
  namespace,
  name,
  kind: 'Deployment',
  labels,
  annotations: {},
  serviceAccount: null,
  desiredReplicas: 1,
  currentReplicas: 1,
  availableReplicas: 1,
  sidecarInjected: false,
  createdAt: null,
  ...over,
});
const svc = (
  namespace: string,
  name: string,
  selector: Record<string, string>,
  labels: Record<string, string> = {},
) => ({
  namespace,
  name,
  labels,
  annotations: {},
  selector,
  ports: [],
  type: 'ClusterIP',
  createdAt: null,
});
const WP = {
  'gateway.istio.io/managed': 'istio.io-mesh-controller',
  'gateway.networking.k8s.io/gateway-name': 'waypoint',
};

function inventory(): Inventory {
  return {
    namespaces: [
      { name: 'bookinfo-ambient', labels: { 'istio.io/dataplane-mode': 'ambient' }, createdAt: null },
      { name: 'bookinfo', labels: { 'istio-injection': 'enabled' }, createdAt: null },
      { name: 'istio-system', labels: {}, createdAt: null },
    ],
    workloads: [
      wl('bookinfo-ambient', 'reviews-v1', { app: 'reviews' }),
      wl('bookinfo-ambient', 'details-v1', { app: 'details' }),
      wl('bookinfo-ambient', 'ratings-v1', { app: 'ratings' }),
      wl('bookinfo-ambient', 'waypoint', WP),
      wl('bookinfo', 'reviews-v1', { app: 'reviews' }, { sidecarInjected: true }),
      wl('istio-system', 'ztunnel', { app: 'ztunnel' }, { kind: 'DaemonSet' }),
    ],
    services: [
      svc('bookinfo-ambient', 'reviews', { app: 'reviews' }, { 'istio.io/use-waypoint': 'waypoint' }),
      svc('bookinfo-ambient', 'ratings', { app: 'ratings' }, { 'istio.io/use-waypoint': 'ratings-wp' }),
      svc('bookinfo-ambient', 'details', { app: 'details' }),
    ],
    pods: [],
    istioConfig: [],
    gatewayApi: [],
  };
}

describe('workloadMembership', () => {
  it('says how each workload is in the mesh, with its waypoint and ztunnel', () => {
    const inv = inventory();
    const of = (ns: string, name: string) =>
      workloadMembership(
        inv,
        inv.workloads.find((w) => w.namespace === ns && w.name === name)!,
      );
    const ztunnel = { namespace: 'istio-system', name: 'ztunnel' };
    expect(of('bookinfo-ambient', 'reviews-v1')).toEqual({
      mode: 'ambient-waypoint',
      waypoint: { namespace: 'bookinfo-ambient', name: 'waypoint', exists: true },
      ztunnel,
    });
    expect(of('bookinfo-ambient', 'ratings-v1')).toMatchObject({
      mode: 'ambient-waypoint',
      waypoint: { name: 'ratings-wp', exists: false },
    });
    expect(of('bookinfo-ambient', 'details-v1')).toEqual({ mode: 'ambient', waypoint: null, ztunnel });
    expect(of('bookinfo-ambient', 'waypoint')).toEqual({ mode: 'waypoint', waypoint: null, ztunnel });
    expect(of('bookinfo', 'reviews-v1')).toEqual({ mode: 'sidecar', waypoint: null, ztunnel: null });
    expect(of('istio-system', 'ztunnel').mode).toBe('ztunnel');
  });

  it('names a service’s waypoint and lists the waypoints with their services', () => {
    const inv = inventory();
    expect(serviceWaypointOf(inv, inv.services[0]!)).toEqual({
      namespace: 'bookinfo-ambient',
      name: 'waypoint',
      exists: true,
    });
    expect(serviceWaypointOf(inv, inv.services[2]!)).toBeNull();
    expect(waypointsOf(inv).map((w) => [w.name, w.services])).toEqual([['waypoint', ['bookinfo-ambient/reviews']]]);
  });
});
