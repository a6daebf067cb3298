import { describe, expect, it } from 'vitest';
import type { ClusterSnapshot, IstioObject } from '../types';
import { firstL7Path } from './ambient';
import { findingsOf, istio, pod, service, summarize } from './test-helpers';

const NS = 'bookinfo-ambient';
const AMBIENT = { 'istio.io/dataplane-mode': 'ambient' };
const WAYPOINT_LABELS = {
  'gateway.istio.io/managed': 'istio.io-mesh-controller',
  'gateway.networking.k8s.io/gateway-name': 'waypoint',
};
const CODES = ['IST0127', 'KIA0109', 'KIA0110', 'KIA1313', 'KIA1317'];

/** Bookinfo's reviews and ratings in an ambient namespace: pods without sidecars. */
function ambientCluster(
  over: {
    nsLabels?: Record<string, string>;
    reviewsLabels?: Record<string, string>;
    config?: IstioObject[];
    waypoint?: boolean;
  } = {},
): ClusterSnapshot {
  const http = [{ name: 'http', port: 9080 }];
  return {
    namespaces: [
      { name: NS, labels: { ...AMBIENT, ...over.nsLabels } },
      { name: 'istio-system', labels: {} },
    ],
    services: [service('reviews', NS, http, { labels: over.reviewsLabels }), service('ratings', NS, http)],
    workloads: [],
    pods: [
      pod('reviews-v1-abc', NS, { app: 'reviews', version: 'v1' }, { sidecar: false }),
      pod('ratings-v1-abc', NS, { app: 'ratings', version: 'v1' }, { sidecar: false }),
      ...(over.waypoint ? [pod('waypoint-abc', NS, WAYPOINT_LABELS)] : []),
    ],
    serviceAccounts: [],
    istioConfig: over.config ?? [],
  };
}

const waypointGateway = (name = 'waypoint'): IstioObject =>
  ({
    apiVersion: 'gateway.networking.k8s.io/v1',
    kind: 'Gateway',
    metadata: { name, namespace: NS, labels: { 'istio.io/waypoint-for': 'service' } },
    spec: { gatewayClassName: 'istio-waypoint', listeners: [{ name: 'mesh', port: 15008, protocol: 'HBONE' }] },
  }) as unknown as IstioObject;

const l7Deny = (spec: Record<string, unknown> = {}) =>
  istio(
    'AuthorizationPolicy',
    'deny-delete',
    {
      selector: { matchLabels: { app: 'reviews' } },
      action: 'DENY',
      rules: [{ to: [{ operation: { methods: ['DELETE'] } }] }],
      ...spec,
    },
    NS,
  );

describe('ambient workloads are in the mesh (no IST0127)', () => {
  it('a policy selecting pods of an ambient namespace matches them', () => {
    const l4 = istio(
      'AuthorizationPolicy',
      'allow-ns',
      { selector: { matchLabels: { app: 'ratings' } }, rules: [{ from: [{ source: { namespaces: [NS] } }] }] },
      NS,
    );
    expect(findingsOf(ambientCluster({ config: [l4] }), CODES)).toEqual([]);
  });

  it('the redirection annotation puts a pod outside an ambient namespace in the mesh; without it IST0127', () => {
    const snapshot = ambientCluster({
      config: [istio('AuthorizationPolicy', 'p', { selector: { matchLabels: { app: 'ratings' } } }, 'plain')],
    });
    snapshot.namespaces.push({ name: 'plain', labels: {} });
    const ratings = pod('ratings-v1-x', 'plain', { app: 'ratings' }, { sidecar: false });
    snapshot.pods.push(ratings);
    expect(summarize(findingsOf(snapshot, ['IST0127']))).toEqual(['IST0127 AuthorizationPolicy plain/p spec.selector']);
    ratings.metadata!.annotations = { 'ambient.istio.io/redirection': 'enabled' };
    expect(findingsOf(snapshot, ['IST0127'])).toEqual([]);
  });

  it('a Deployment alone (no pods in the snapshot) in a namespace labelled istio-injection=enabled is in the mesh', () => {
    const snapshot = ambientCluster({
      config: [istio('AuthorizationPolicy', 'p', { selector: { matchLabels: { app: 'web' } } }, 'inj')],
    });
    snapshot.namespaces.push({ name: 'inj', labels: { 'istio-injection': 'enabled' } });
    snapshot.workloads.push({
      namespace: 'inj',
      name: 'web',
      kind: 'Deployment',
      labels: { app: 'web' },
      serviceAccount: null,
    });
    expect(findingsOf(snapshot, ['IST0127'])).toEqual([]);
  });
});

describe('L7 AuthorizationPolicy on ambient workloads (KIA0109, KIA1317, KIA0110)', () => {
  it('flags L7 rules on ambient workloads that no waypoint serves, at the first L7 field, and the workloads', () => {
    expect(summarize(findingsOf(ambientCluster({ config: [l7Deny()] }), CODES))).toEqual([
      'KIA0109 AuthorizationPolicy bookinfo-ambient/deny-delete spec.rules[0].to[0].operation.methods',
      'KIA1317 Workload bookinfo-ambient/reviews-v1-abc metadata.name',
    ]);
    const message = findingsOf(ambientCluster({ config: [l7Deny()] }), ['KIA0109'])[0]!;
    expect(message).toMatchObject({
      severity: 'warning',
      message: expect.stringContaining('requires waypoint enrollment'),
    });
  });

  it('leaves L4-only policies and sidecar workloads alone', () => {
    const l4 = istio(
      'AuthorizationPolicy',
      'l4',
      { selector: { matchLabels: { app: 'reviews' } }, rules: [{ to: [{ operation: { ports: ['9080'] } }] }] },
      NS,
    );
    const snapshot = ambientCluster({ config: [l4] });
    expect(findingsOf(snapshot, CODES)).toEqual([]);
    const sidecar = ambientCluster({ config: [l7Deny()], nsLabels: { 'istio-injection': 'enabled' } });
    sidecar.pods = sidecar.pods.map((p) => pod(p.metadata!.name!, NS, p.metadata!.labels!));
    expect(findingsOf(sidecar, CODES)).toEqual([]);
  });

  it('a targetRefs policy on a Service no waypoint serves enforces nothing: KIA0109 on the targetRef, KIA1317', () => {
    const attached = l7Deny({
      selector: undefined,
      targetRefs: [
        { kind: 'Gateway', group: 'gateway.networking.k8s.io', name: 'waypoint' },
        { kind: 'Service', group: '', name: 'reviews' },
      ],
    });
    const snapshot = ambientCluster({ config: [attached] });
    snapshot.workloads.push({
      namespace: NS,
      name: 'reviews-v1',
      kind: 'Deployment',
      labels: { app: 'reviews', version: 'v1' },
      serviceAccount: null,
    });
    expect(summarize(findingsOf(snapshot, CODES))).toEqual([
      'KIA0109 AuthorizationPolicy bookinfo-ambient/deny-delete spec.targetRefs[1].name',
      'KIA1317 Deployment bookinfo-ambient/reviews-v1 metadata.name',
    ]);
    // the Service's label naming a waypoint that does not exist does not help (KIA1313 says why)
    const missing = ambientCluster({ config: [attached], reviewsLabels: { 'istio.io/use-waypoint': 'gone' } });
    expect(summarize(findingsOf(missing, ['KIA0109']))).toEqual([
      'KIA0109 AuthorizationPolicy bookinfo-ambient/deny-delete spec.targetRefs[1].name',
    ]);
    // with the waypoint deployed, the waypoint enforces it
    const served = ambientCluster({
      config: [attached, waypointGateway()],
      reviewsLabels: { 'istio.io/use-waypoint': 'waypoint' },
      waypoint: true,
    });
    expect(findingsOf(served, CODES)).toEqual([]);
    // an L4-only targetRefs policy, or one in a sidecar namespace, is not the question
    const l4 = l7Deny({
      selector: undefined,
      targetRefs: [{ kind: 'Service', name: 'reviews' }],
      rules: [{ to: [{ operation: { ports: ['9080'] } }] }],
    });
    expect(findingsOf(ambientCluster({ config: [l4] }), CODES)).toEqual([]);
    const sidecar = ambientCluster({ config: [attached], nsLabels: { 'istio.io/dataplane-mode': 'none' } });
    sidecar.pods = sidecar.pods.map((p) => pod(p.metadata!.name!, NS, p.metadata!.labels!));
    expect(findingsOf(sidecar, CODES)).toEqual([]);
  });

  it('with a waypoint serving the workload, a selector policy is ignored by the waypoint (KIA0110)', () => {
    const snapshot = ambientCluster({
      config: [l7Deny(), waypointGateway()],
      reviewsLabels: { 'istio.io/use-waypoint': 'waypoint' },
      waypoint: true,
    });
    expect(summarize(findingsOf(snapshot, CODES))).toEqual([
      'KIA0110 AuthorizationPolicy bookinfo-ambient/deny-delete spec.selector',
    ]);
  });

  it('recognises every L7 attribute and no L4 one', () => {
    expect(
      firstL7Path([
        {
          to: [{ operation: { ports: ['80'] } }],
          from: [{ source: { principals: ['a'] } }],
          when: [{ key: 'source.ip' }],
        },
      ]),
    ).toBeNull();
    expect(firstL7Path([{ to: [{ operation: { paths: ['/admin'] } }] }])).toBe('spec.rules[0].to[0].operation.paths');
    expect(firstL7Path([{ to: [{ operation: { notHosts: ['x'] } }] }])).toBe('spec.rules[0].to[0].operation.notHosts');
    expect(firstL7Path([{}, { from: [{ source: { requestPrincipals: ['*'] } }] }])).toBe(
      'spec.rules[1].from[0].source.requestPrincipals',
    );
    expect(firstL7Path([{ when: [{ key: 'source.namespace' }, { key: 'request.headers[x-user]' }] }])).toBe(
      'spec.rules[0].when[1].key',
    );
  });
});

describe('istio.io/use-waypoint naming a missing waypoint (KIA1313)', () => {
  it('flags the namespace, service and workload labels that name no waypoint', () => {
    const snapshot = ambientCluster({
      nsLabels: { 'istio.io/use-waypoint': 'ns-wp' },
      reviewsLabels: { 'istio.io/use-waypoint': 'reviews-wp' },
    });
    snapshot.workloads.push({
      namespace: NS,
      name: 'details-v1',
      kind: 'Deployment',
      labels: { app: 'details', 'istio.io/use-waypoint': 'gone' },
      serviceAccount: null,
    });
    expect(summarize(findingsOf(snapshot, ['KIA1313'])).sort()).toEqual([
      'KIA1313 Deployment bookinfo-ambient/details-v1 metadata.labels.istio.io/use-waypoint',
      'KIA1313 Namespace bookinfo-ambient/bookinfo-ambient metadata.labels.istio.io/use-waypoint',
      'KIA1313 Service bookinfo-ambient/reviews metadata.labels.istio.io/use-waypoint',
    ]);
  });

  it('accepts a waypoint Gateway, a waypoint Deployment, and none', () => {
    const gw = ambientCluster({ reviewsLabels: { 'istio.io/use-waypoint': 'waypoint' } });
    gw.gatewayApi = [waypointGateway()]; // where the inventory keeps Gateway API kinds
    expect(findingsOf(gw, ['KIA1313'])).toEqual([]);
    const deployed = ambientCluster({ reviewsLabels: { 'istio.io/use-waypoint': 'waypoint' }, waypoint: true });
    expect(findingsOf(deployed, ['KIA1313'])).toEqual([]);
    expect(findingsOf(ambientCluster({ nsLabels: { 'istio.io/use-waypoint': 'none' } }), ['KIA1313'])).toEqual([]);
    const otherClass = ambientCluster({
      reviewsLabels: { 'istio.io/use-waypoint': 'waypoint' },
      config: [{ ...waypointGateway(), spec: { gatewayClassName: 'istio' } } as IstioObject],
    });
    expect(findingsOf(otherClass, ['KIA1313'])).toHaveLength(1);
  });
});
