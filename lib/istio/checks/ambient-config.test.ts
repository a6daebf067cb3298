import { describe, expect, it } from 'vitest';
import type { ClusterSnapshot, IstioObject } from '../types';
import { isL7DestinationRule, isL7Telemetry, isMeshL7VirtualService } from './ambient-config';
import { findingsOf, istio, pod, service, summarize } from './test-helpers';

const NS = 'ambient';
const AMBIENT = { 'istio.io/dataplane-mode': 'ambient' };
const WAYPOINT_LABELS = {
  'gateway.istio.io/managed': 'istio.io-mesh-controller',
  'gateway.networking.k8s.io/gateway-name': 'waypoint',
};
const CODES = [
  'KIA0210',
  'KIA0211',
  'KIA0212',
  'KIA1109',
  'KIA1110',
  'KIA1111',
  'KIA1112',
  'KIA1113',
  'KIA1114',
  'KIA1115',
  'KIA1116',
  'KIA1117',
  'MS1320',
];

/** reviews (served by the `waypoint` when `reviewsWaypoint`) and ratings in an ambient namespace, plus `plain`. */
function cluster(over: { nsLabels?: Record<string, string>; config?: IstioObject[]; reviewsWaypoint?: boolean } = {}) {
  const http = [{ name: 'http', port: 9080 }];
  const snapshot: ClusterSnapshot = {
    namespaces: [
      { name: NS, labels: { ...AMBIENT, ...over.nsLabels } },
      { name: 'plain', labels: {} },
      { name: 'istio-system', labels: {} },
    ],
    services: [
      service('reviews', NS, http, {
        labels: over.reviewsWaypoint ? { 'istio.io/use-waypoint': 'waypoint' } : undefined,
      }),
      service('ratings', NS, http),
      service('web', 'plain', http),
    ],
    workloads: [],
    pods: [
      pod('reviews-v1-a', NS, { app: 'reviews', version: 'v1' }, { sidecar: false }),
      pod('ratings-v1-a', NS, { app: 'ratings', version: 'v1' }, { sidecar: false }),
      pod('waypoint-a', NS, WAYPOINT_LABELS, { sidecar: false }),
      pod('web-a', 'plain', { app: 'web' }, { sidecar: false }),
    ],
    serviceAccounts: [],
    istioConfig: [
      {
        apiVersion: 'gateway.networking.k8s.io/v1',
        kind: 'Gateway',
        metadata: { name: 'waypoint', namespace: NS },
        spec: { gatewayClassName: 'istio-waypoint', listeners: [{ name: 'mesh', port: 15008, protocol: 'HBONE' }] },
      } as unknown as IstioObject,
      ...(over.config ?? []),
    ],
  };
  return snapshot;
}

const codes = (snapshot: ClusterSnapshot) => summarize(findingsOf(snapshot, CODES)).sort();

describe('RequestAuthentication, WasmPlugin and L7 Telemetry in ambient (KIA1110–1112, KIA1115–1117)', () => {
  const jwt = { jwtRules: [{ issuer: 'https://example.com' }] };

  it('selector attachment: KIA1115 (waypoints need targetRefs), KIA1110 when the selected workload has no waypoint', () => {
    const ra = istio('RequestAuthentication', 'jwt', { selector: { matchLabels: { app: 'ratings' } }, ...jwt }, NS);
    expect(codes(cluster({ config: [ra] }))).toEqual([
      'KIA1110 RequestAuthentication ambient/jwt spec.selector',
      'KIA1115 RequestAuthentication ambient/jwt spec.selector',
    ]);
    const onReviews = istio(
      'RequestAuthentication',
      'jwt',
      { selector: { matchLabels: { app: 'reviews' } }, ...jwt },
      NS,
    );
    expect(codes(cluster({ config: [onReviews], reviewsWaypoint: true }))).toEqual([
      'KIA1115 RequestAuthentication ambient/jwt spec.selector',
    ]);
  });

  it('targetRefs to a Service: KIA1110 only while no existing waypoint serves it', () => {
    const ra = istio(
      'RequestAuthentication',
      'jwt',
      { targetRefs: [{ kind: 'Service', group: '', name: 'reviews' }], ...jwt },
      NS,
    );
    expect(codes(cluster({ config: [ra] }))).toEqual(['KIA1110 RequestAuthentication ambient/jwt spec.targetRefs']);
    expect(codes(cluster({ config: [ra], reviewsWaypoint: true }))).toEqual([]);
    const onGateway = istio(
      'RequestAuthentication',
      'jwt',
      { targetRefs: [{ kind: 'Gateway', group: 'gateway.networking.k8s.io', name: 'waypoint' }], ...jwt },
      NS,
    );
    expect(codes(cluster({ config: [onGateway] }))).toEqual([]);
  });

  it('namespace-wide: judged on the namespace’s ambient workloads; nothing outside ambient namespaces', () => {
    const ra = istio('RequestAuthentication', 'jwt', jwt, NS);
    expect(codes(cluster({ config: [ra], reviewsWaypoint: true }))).toEqual([
      'KIA1110 RequestAuthentication ambient/jwt metadata.name',
      'KIA1115 RequestAuthentication ambient/jwt metadata.name',
    ]);
    // every workload served (the namespace's label): only the targetRefs warning remains
    const enrolled = cluster({ config: [ra], nsLabels: { 'istio.io/use-waypoint': 'waypoint' } });
    expect(codes(enrolled)).toEqual(['KIA1115 RequestAuthentication ambient/jwt metadata.name']);
    expect(codes(cluster({ config: [istio('RequestAuthentication', 'jwt', jwt, 'plain')] }))).toEqual([]);
  });

  it('WasmPlugin always, Telemetry only with L7 settings', () => {
    const wasm = {
      apiVersion: 'extensions.istio.io/v1alpha1',
      kind: 'WasmPlugin',
      metadata: { name: 'filter', namespace: NS },
      spec: { selector: { matchLabels: { app: 'ratings' } }, url: 'oci://x' },
    } as unknown as IstioObject;
    const tracing = {
      apiVersion: 'telemetry.istio.io/v1',
      kind: 'Telemetry',
      metadata: { name: 't', namespace: NS },
      spec: { tracing: [{ randomSamplingPercentage: 10 }] },
    } as unknown as IstioObject;
    const l4 = {
      ...tracing,
      metadata: { name: 'l4', namespace: NS },
      spec: { metrics: [{ providers: [{ name: 'prometheus' }] }] },
    } as IstioObject;
    expect(codes(cluster({ config: [wasm, tracing, l4] }))).toEqual([
      'KIA1111 WasmPlugin ambient/filter spec.selector',
      'KIA1112 Telemetry ambient/t metadata.name',
      'KIA1116 WasmPlugin ambient/filter spec.selector',
      'KIA1117 Telemetry ambient/t metadata.name',
    ]);
    expect(isL7Telemetry({ metrics: [{ overrides: [{ match: { metric: 'REQUEST_COUNT' } }] }] })).toBe(true);
    expect(isL7Telemetry({ accessLogging: [{}] })).toBe(true);
    expect(isL7Telemetry({ metrics: [{ providers: [] }] })).toBe(false);
  });
});

describe('L7 VirtualService and DestinationRule on ambient Services (KIA1109, KIA1113, KIA1114, KIA0210–0212)', () => {
  const vs = (name: string, ns: string, hosts: string[], extra: Record<string, unknown> = {}) =>
    istio('VirtualService', name, { hosts, http: [{ route: [{ destination: { host: hosts[0] } }] }], ...extra }, ns);

  it('a mesh VirtualService for a Service without waypoint: KIA1113; from another namespace: KIA1114 too', () => {
    expect(codes(cluster({ config: [vs('ratings', NS, ['ratings'])] }))).toEqual([
      'KIA1113 VirtualService ambient/ratings spec.hosts[0]',
    ]);
    expect(codes(cluster({ config: [vs('reviews', NS, ['reviews'])], reviewsWaypoint: true }))).toEqual([]);
    const remote = vs('reviews', 'plain', ['reviews.ambient.svc.cluster.local']);
    expect(codes(cluster({ config: [remote], reviewsWaypoint: true }))).toEqual([
      'KIA1114 VirtualService plain/reviews spec.hosts[0]',
    ]);
  });

  it('only HTTP/TLS routes for mesh traffic count; a host outside ambient or unknown falls back to the namespace', () => {
    const gatewayOnly = vs('ratings', NS, ['ratings'], { gateways: ['istio-system/ingress'] });
    expect(codes(cluster({ config: [gatewayOnly] }))).toEqual([]);
    expect(isMeshL7VirtualService({ hosts: ['a'], tcp: [{}] })).toBe(false);
    expect(isMeshL7VirtualService({ hosts: ['a'], tls: [{}], gateways: ['gw', 'mesh'] })).toBe(true);
    const external = vs('ext', NS, ['api.example.com']);
    expect(codes(cluster({ config: [external] }))).toEqual(['KIA1109 VirtualService ambient/ext spec.hosts[0]']);
    expect(codes(cluster({ config: [external], nsLabels: { 'istio.io/use-waypoint': 'waypoint' } }))).toEqual([]);
    expect(codes(cluster({ config: [vs('web', 'plain', ['web'])] }))).toEqual([]);
  });

  it('DestinationRules with L7 traffic policy: KIA0211/KIA0212/KIA0210; L4 ones are left alone', () => {
    const outlier = { outlierDetection: { consecutive5xxErrors: 5 } };
    const dr = (name: string, ns: string, host: string, spec: Record<string, unknown>) =>
      istio('DestinationRule', name, { host, ...spec }, ns);
    expect(
      codes(
        cluster({
          config: [
            dr('ratings', NS, 'ratings', { trafficPolicy: outlier }),
            dr('reviews', 'plain', 'reviews.ambient.svc.cluster.local', {
              subsets: [
                {
                  name: 'v1',
                  labels: { version: 'v1' },
                  trafficPolicy: { connectionPool: { http: { http1MaxPendingRequests: 1 } } },
                },
              ],
            }),
            dr('tcp-only', NS, 'ratings', { trafficPolicy: { connectionPool: { tcp: { maxConnections: 1 } } } }),
            dr('ext', NS, 'api.example.com', {
              trafficPolicy: { loadBalancer: { consistentHash: { httpHeaderName: 'x-user' } } },
            }),
          ],
          reviewsWaypoint: true,
        }),
      ),
    ).toEqual([
      'KIA0210 DestinationRule ambient/ext spec.host',
      'KIA0211 DestinationRule ambient/ratings spec.host',
      'KIA0212 DestinationRule plain/reviews spec.host',
    ]);
    expect(isL7DestinationRule({ trafficPolicy: { loadBalancer: { consistentHash: { useSourceIp: true } } } })).toBe(
      false,
    );
    expect(
      isL7DestinationRule({ trafficPolicy: { loadBalancer: { consistentHash: { httpCookie: { name: 'c' } } } } }),
    ).toBe(true);
  });
});

describe('PeerAuthentication DISABLE on ambient workloads (MS1320)', () => {
  const pa = (name: string, ns: string, spec: Record<string, unknown>) => istio('PeerAuthentication', name, spec, ns);

  it('is flagged on each DISABLE mode that reaches ambient workloads, naming them', () => {
    const snapshot = cluster({
      config: [
        pa('ns-off', NS, { mtls: { mode: 'DISABLE' } }),
        pa('port-off', NS, {
          selector: { matchLabels: { app: 'ratings' } },
          mtls: { mode: 'STRICT' },
          portLevelMtls: { '9080': { mode: 'DISABLE' } },
        }),
      ],
    });
    const found = findingsOf(snapshot, ['MS1320']);
    expect(summarize(found).sort()).toEqual([
      'MS1320 PeerAuthentication ambient/ns-off spec.mtls.mode',
      'MS1320 PeerAuthentication ambient/port-off spec.portLevelMtls["9080"].mode',
    ]);
    expect(found.find((f) => f.name === 'ns-off')!.message).toBe(
      'mTLS mode DISABLE is ignored for ambient workloads (ambient/ratings-v1-a, ambient/reviews-v1-a): ztunnel ' +
        'always uses mutual TLS (HBONE), they stay PERMISSIVE; to turn mTLS off, take them out of ambient mode',
    );
  });

  it('leaves STRICT/PERMISSIVE, non-ambient namespaces and selectors that miss ambient pods alone', () => {
    const snapshot = cluster({
      config: [
        pa('strict', NS, { mtls: { mode: 'STRICT' } }),
        pa('plain-off', 'plain', { mtls: { mode: 'DISABLE' } }),
        pa('miss', NS, { selector: { matchLabels: { app: 'nothing' } }, mtls: { mode: 'DISABLE' } }),
      ],
    });
    expect(findingsOf(snapshot, ['MS1320'])).toEqual([]);
    // mesh-wide (root namespace): every ambient workload
    const mesh = cluster({ config: [pa('mesh-off', 'istio-system', { mtls: { mode: 'DISABLE' } })] });
    expect(summarize(findingsOf(mesh, ['MS1320']))).toEqual([
      'MS1320 PeerAuthentication istio-system/mesh-off spec.mtls.mode',
    ]);
  });
});
