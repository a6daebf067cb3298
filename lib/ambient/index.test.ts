import { describe, expect, it } from 'vitest';
import {
  isAmbientWorkload,
  listWaypoints,
  namespaceDataplaneMode,
  serviceWaypoint,
  waypointLabelOf,
  waypointExists,
  workloadMesh,
  type WorkloadMeshFacts,
} from './index';

const AMBIENT_NS = { 'istio.io/dataplane-mode': 'ambient' };
const facts = (over: Partial<WorkloadMeshFacts> = {}): WorkloadMeshFacts => ({
  namespace: 'bookinfo-ambient',
  labels: { app: 'reviews', version: 'v1' },
  hasSidecar: false,
  namespaceLabels: AMBIENT_NS,
  ...over,
});

describe('namespaceDataplaneMode', () => {
  it('reads the dataplane-mode label; sidecar injection wins (Istio NamespaceInAmbientMode)', () => {
    expect(namespaceDataplaneMode(AMBIENT_NS)).toBe('ambient');
    expect(namespaceDataplaneMode({ ...AMBIENT_NS, 'istio-injection': 'enabled' })).toBe('sidecar');
    expect(namespaceDataplaneMode({ ...AMBIENT_NS, 'istio.io/rev': 'canary' })).toBe('sidecar');
    expect(namespaceDataplaneMode({ 'istio-injection': 'enabled' })).toBe('sidecar');
    expect(namespaceDataplaneMode({})).toBe('none');
    expect(namespaceDataplaneMode(undefined)).toBe('none');
  });
});

describe('workloadMesh', () => {
  it('a sidecar workload is sidecar whatever the namespace says', () => {
    expect(workloadMesh(facts({ hasSidecar: true }))).toEqual({ mode: 'sidecar', waypoint: null });
  });

  it('an ambient namespace captures its pods (L4) until a waypoint is named', () => {
    expect(workloadMesh(facts())).toEqual({ mode: 'ambient', waypoint: null });
    expect(workloadMesh(facts({ namespaceLabels: {} }))).toEqual({ mode: 'none', waypoint: null });
  });

  it('the redirection annotation puts a pod in ambient outside an ambient namespace; disabled takes it out', () => {
    const on = facts({ namespaceLabels: {}, podAnnotations: [{ 'ambient.istio.io/redirection': 'enabled' }] });
    expect(isAmbientWorkload(on)).toBe(true);
    const off = facts({ podAnnotations: [{ 'ambient.istio.io/redirection': 'disabled' }] });
    expect(isAmbientWorkload(off)).toBe(false);
    expect(isAmbientWorkload(facts({ labels: { 'istio.io/dataplane-mode': 'none' } }))).toBe(false);
  });

  it('finds the waypoint on the workload, then its services, then the namespace; none stops it', () => {
    const svc = [{ 'istio.io/use-waypoint': 'reviews-wp' }];
    expect(workloadMesh(facts({ serviceLabels: svc }))).toEqual({
      mode: 'ambient-waypoint',
      waypoint: { namespace: 'bookinfo-ambient', name: 'reviews-wp' },
      waypointFrom: 'service',
    });
    const nsWp = { ...AMBIENT_NS, 'istio.io/use-waypoint': 'waypoint' };
    expect(workloadMesh(facts({ namespaceLabels: nsWp }))).toMatchObject({
      waypoint: { name: 'waypoint' },
      waypointFrom: 'namespace',
    });
    const own = { app: 'reviews', 'istio.io/use-waypoint': 'mine', 'istio.io/use-waypoint-namespace': 'infra' };
    expect(workloadMesh(facts({ labels: own, namespaceLabels: nsWp }))).toMatchObject({
      waypoint: { namespace: 'infra', name: 'mine' },
      waypointFrom: 'workload',
    });
    const optOut = { app: 'reviews', 'istio.io/use-waypoint': 'none' };
    expect(workloadMesh(facts({ labels: optOut, namespaceLabels: nsWp }))).toEqual({ mode: 'ambient', waypoint: null });
  });

  it('a waypoint workload is itself ambient, not served by a waypoint', () => {
    const labels = {
      'gateway.istio.io/managed': 'istio.io-mesh-controller',
      'gateway.networking.k8s.io/gateway-name': 'waypoint',
    };
    expect(
      workloadMesh(facts({ labels, namespaceLabels: { ...AMBIENT_NS, 'istio.io/use-waypoint': 'waypoint' } })),
    ).toEqual({
      mode: 'ambient',
      waypoint: null,
    });
  });
});

describe('use-waypoint labels', () => {
  it('parses name, namespace and none', () => {
    expect(waypointLabelOf({}, 'a')).toBeNull();
    expect(waypointLabelOf({ 'istio.io/use-waypoint': 'none' }, 'a')).toBe('none');
    expect(waypointLabelOf({ 'istio.io/use-waypoint': 'wp' }, 'a')).toEqual({ namespace: 'a', name: 'wp' });
    expect(serviceWaypoint({ 'istio.io/use-waypoint': 'none' }, 'a', { 'istio.io/use-waypoint': 'wp' })).toBeNull();
    expect(serviceWaypoint({}, 'a', { 'istio.io/use-waypoint': 'wp' })).toEqual({ namespace: 'a', name: 'wp' });
  });
});

describe('listWaypoints', () => {
  const gateway = (name: string, labels: Record<string, string> = {}, cls = 'istio-waypoint') => ({
    apiVersion: 'gateway.networking.k8s.io/v1',
    kind: 'Gateway',
    metadata: { name, namespace: 'bookinfo-ambient', labels },
    spec: { gatewayClassName: cls, listeners: [{ name: 'mesh', port: 15008, protocol: 'HBONE' }] },
  });

  it('lists Gateways of class istio-waypoint with waypoint-for and the services attached to each', () => {
    const list = listWaypoints({
      namespaces: [{ name: 'bookinfo-ambient', labels: AMBIENT_NS }],
      services: [
        { namespace: 'bookinfo-ambient', name: 'reviews', labels: { 'istio.io/use-waypoint': 'reviews-wp' } },
        { namespace: 'bookinfo-ambient', name: 'ratings', labels: { 'istio.io/use-waypoint': 'reviews-wp' } },
        { namespace: 'bookinfo-ambient', name: 'details', labels: {} },
        {
          namespace: 'bookinfo-ambient',
          name: 'reviews-wp',
          labels: { 'gateway.networking.k8s.io/gateway-name': 'reviews-wp' },
        },
      ],
      workloads: [
        {
          namespace: 'bookinfo-ambient',
          name: 'reviews-wp',
          labels: {
            'gateway.istio.io/managed': 'istio.io-mesh-controller',
            'gateway.networking.k8s.io/gateway-name': 'reviews-wp',
          },
        },
      ],
      config: [gateway('reviews-wp', { 'istio.io/waypoint-for': 'all' }), gateway('ingress', {}, 'istio')],
    });
    expect(list).toEqual([
      {
        namespace: 'bookinfo-ambient',
        name: 'reviews-wp',
        waypointFor: 'all',
        hasGateway: true,
        workload: 'reviews-wp',
        services: ['bookinfo-ambient/ratings', 'bookinfo-ambient/reviews'],
        workloads: [],
        namespaces: [],
      },
    ]);
    expect(waypointExists(list, { namespace: 'bookinfo-ambient', name: 'reviews-wp' })).toBe(true);
    expect(waypointExists(list, { namespace: 'bookinfo-ambient', name: 'waypoint' })).toBe(false);
  });

  it('a namespace label attaches every service of the namespace; a waypoint Deployment alone still lists it', () => {
    const list = listWaypoints({
      namespaces: [{ name: 'ns', labels: { ...AMBIENT_NS, 'istio.io/use-waypoint': 'waypoint' } }],
      services: [
        { namespace: 'ns', name: 'a', labels: {} },
        { namespace: 'ns', name: 'b', labels: { 'istio.io/use-waypoint': 'none' } },
      ],
      workloads: [
        { namespace: 'ns', name: 'waypoint', labels: { 'gateway.istio.io/managed': 'istio.io-mesh-controller' } },
      ],
      config: [],
    });
    expect(list).toEqual([
      expect.objectContaining({
        name: 'waypoint',
        hasGateway: false,
        waypointFor: 'service',
        services: ['ns/a'],
        namespaces: ['ns'],
      }),
    ]);
  });
});
