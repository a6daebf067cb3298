import { describe, expect, it } from 'vitest';
import { startControllers } from '../controllers';
import { gatewayDeploymentObjects } from '../controllers/gateway-api';
import { seedDemoCluster } from '../seed';
import { ObjectStore, type KubeObject } from '../store/object-store';
import {
  apply,
  bookinfoStore,
  httpEdge,
  httpRoute,
  loadSample,
  put,
  requestLabels,
  requests,
  sampleObjects,
  simulate,
  tcp,
} from './test-fixtures';
import type { CallGraph } from './types';
import { DEFAULT_CALL_GRAPH } from './default-call-graph';

/** Bookinfo with the per-version Services Istio's Gateway API tasks apply first (bookinfo-versions.yaml), then `objects`. */
function store(...objects: KubeObject[]): ObjectStore {
  const s = bookinfoStore();
  loadSample(s, 'bookinfo/platform/kube/bookinfo-versions.yaml', 'bookinfo');
  for (const o of objects) apply(s, o);
  return s;
}

/** Requests productpage sent to reviews (reporter=source), by destination workload. */
function reviewsByWorkload(s: ObjectStore, ticks = 60, seed = 1): Record<string, number> {
  const engine = simulate(s, seed, ticks);
  const out: Record<string, number> = {};
  for (const l of requestLabels(engine.telemetry, { reporter: 'source', source_workload: 'productpage-v1' })) {
    if (!l.destination_service_name?.startsWith('reviews')) continue;
    const k = `${l.destination_workload}|${l.response_code}`;
    out[k] = (out[k] ?? 0) + 1;
  }
  const counts: Record<string, number> = {};
  for (const k of Object.keys(out)) {
    const [w, code] = k.split('|');
    counts[`${w}|${code}`] = requests(engine.telemetry, {
      reporter: 'source',
      source_workload: 'productpage-v1',
      destination_workload: w!,
      response_code: code!,
    });
  }
  return counts;
}

/** A ReferenceGrant in `namespace` letting `routeKind`s of `fromNamespace` name its Services (Gateway API). */
function serviceGrant(namespace: string, name: string, routeKind: string, fromNamespace: string): KubeObject {
  return {
    apiVersion: 'gateway.networking.k8s.io/v1beta1',
    kind: 'ReferenceGrant',
    metadata: { name, namespace },
    spec: {
      from: [{ group: 'gateway.networking.k8s.io', kind: routeKind, namespace: fromNamespace }],
      to: [{ group: '', kind: 'Service' }],
    },
  };
}

const reviewsParent = [{ group: '', kind: 'Service', name: 'reviews', port: 9080 }];

describe('Gateway API routes in the traffic engine', () => {
  it('without routes, reviews traffic spreads over v1, v2 and v3', () => {
    const c = reviewsByWorkload(store());
    expect(new Set(Object.keys(c).map((k) => k.split('|')[0]))).toEqual(
      new Set(['reviews-v1', 'reviews-v2', 'reviews-v3']),
    );
  });

  it("Istio's route-reviews-v3.yaml (GAMMA, parent Service reviews) sends all reviews traffic to reviews-v3", () => {
    const s = store();
    loadSample(s, 'bookinfo/gateway-api/route-reviews-v3.yaml', 'bookinfo');
    const engine = simulate(s, 1, 60);
    const t = engine.telemetry;
    const toReviews = requestLabels(t, { reporter: 'source', source_workload: 'productpage-v1' }).filter((l) =>
      l.destination_service_name?.startsWith('reviews'),
    );
    expect(toReviews.length).toBeGreaterThan(0);
    // Istio reports the backend Service the route chose, as for a VirtualService to another host.
    expect(new Set(toReviews.map((l) => `${l.destination_service}|${l.destination_workload}`))).toEqual(
      new Set(['reviews-v3.bookinfo.svc.cluster.local|reviews-v3']),
    );
    expect(requests(t, { reporter: 'destination', destination_workload: 'reviews-v1' })).toBe(0);
    expect(requests(t, { reporter: 'destination', destination_workload: 'reviews-v3' })).toBeGreaterThan(50);
  });

  it('route-reviews-50-v3.yaml splits by weight (~50/50 v1/v3, none to v2)', () => {
    const s = store();
    loadSample(s, 'bookinfo/gateway-api/route-reviews-50-v3.yaml', 'bookinfo');
    const c = reviewsByWorkload(s, 150);
    const v1 = c['reviews-v1|200'] ?? 0;
    const v3 = c['reviews-v3|200'] ?? 0;
    expect(c['reviews-v2|200']).toBeUndefined();
    expect(v1 / (v1 + v3)).toBeGreaterThan(0.4);
    expect(v1 / (v1 + v3)).toBeLessThan(0.6);
  });

  it('matches by precedence: a header match for end-user jason beats the catch-all rule', () => {
    const s = store(
      httpRoute('bookinfo', 'reviews', {
        parentRefs: reviewsParent,
        rules: [
          { backendRefs: [{ name: 'reviews-v1', port: 9080 }] },
          {
            matches: [{ headers: [{ name: 'end-user', value: 'jason' }] }],
            backendRefs: [{ name: 'reviews-v2', port: 9080 }],
          },
        ],
      }),
    );
    const c = reviewsByWorkload(s, 120);
    const v1 = c['reviews-v1|200'] ?? 0;
    const v2 = c['reviews-v2|200'] ?? 0;
    // 20 of 95 page views are jason's (default call graph).
    expect(v2 / (v1 + v2)).toBeGreaterThan(0.13);
    expect(v2 / (v1 + v2)).toBeLessThan(0.3);
    expect(c['reviews-v3|200']).toBeUndefined();
  });

  it('a backend in another namespace without a ReferenceGrant gets no route (500); with one it is served', () => {
    const s = store(
      httpRoute('bookinfo', 'reviews', {
        parentRefs: reviewsParent,
        rules: [{ backendRefs: [{ name: 'httpbin', namespace: 'default', port: 8000 }] }],
      }),
    );
    const c = reviewsByWorkload(s, 40);
    expect(Object.keys(c)).toEqual(['unknown|500']);
    apply(s, serviceGrant('default', 'from-bookinfo', 'HTTPRoute', 'bookinfo'));
    const engine = simulate(s, 1, 40);
    const t = engine.telemetry;
    expect(
      requests(t, {
        reporter: 'source',
        source_workload: 'productpage-v1',
        destination_service: 'httpbin.default.svc.cluster.local',
        response_code: '200',
      }),
    ).toBeGreaterThan(100);
    expect(requests(t, { reporter: 'source', source_workload: 'productpage-v1', response_code: '500' })).toBe(0);
  });

  it('RequestMirror copies requests to the mirror (reported by its sidecar only); a short request timeout gives 504 UT', () => {
    const s = store(
      httpRoute('bookinfo', 'reviews', {
        parentRefs: reviewsParent,
        rules: [
          {
            backendRefs: [{ name: 'reviews-v1', port: 9080 }],
            filters: [{ type: 'RequestMirror', requestMirror: { backendRef: { name: 'reviews-v2', port: 9080 } } }],
          },
        ],
      }),
      httpRoute('bookinfo', 'details', {
        parentRefs: [{ group: '', kind: 'Service', name: 'details' }],
        rules: [{ backendRefs: [{ name: 'details', port: 9080 }], timeouts: { request: '1ms' } }],
      }),
    );
    const t = simulate(s, 4, 60).telemetry;
    const fromProductpage = { reporter: 'source', source_workload: 'productpage-v1' };
    const v1 = requests(t, { reporter: 'destination', destination_workload: 'reviews-v1' });
    const v2 = requests(t, { reporter: 'destination', destination_workload: 'reviews-v2' });
    expect(v2 / v1).toBeGreaterThan(0.9);
    expect(requests(t, { ...fromProductpage, destination_workload: 'reviews-v2' })).toBe(0);
    const toDetails = { ...fromProductpage, destination_service_name: 'details' };
    const timedOut = requests(t, { ...toDetails, response_code: '504', response_flags: 'UT' });
    const all = requests(t, toDetails);
    expect(timedOut / all).toBeGreaterThan(0.9);
  });

  it('north-south: the bookinfo Gateway (class istio) and its HTTPRoute route the matched paths to productpage, and only those', () => {
    const s = store();
    const objs = sampleObjects('bookinfo/gateway-api/bookinfo-gateway.yaml', 'bookinfo');
    for (const o of objs) apply(s, o);
    const gw = objs.find((o) => o.kind === 'Gateway')!;
    for (const o of gatewayDeploymentObjects(gw)) put(s, o);
    const graph: CallGraph = {
      ...DEFAULT_CALL_GRAPH,
      edges: [
        ...DEFAULT_CALL_GRAPH.edges.filter((e) => e.rps === undefined),
        httpEdge('unknown', 'bookinfo-gateway-istio.bookinfo.svc.cluster.local', 80, 10, [
          { method: 'GET', path: '/productpage', weight: 7 },
          { method: 'GET', path: '/admin', weight: 3 },
        ]),
      ],
    };
    const engine = simulate(s, 2, 60, graph);
    const t = engine.telemetry;
    const gatewayToProductpage = { source_workload: 'bookinfo-gateway-istio', destination_workload: 'productpage-v1' };
    const ok = requests(t, { ...gatewayToProductpage, reporter: 'source', response_code: '200' });
    // 10 req/s for 60 s, three in ten for /admin, which no rule matches: the gateway answers 404 itself (not reported).
    expect(ok / 600).toBeGreaterThan(0.6);
    expect(ok / 600).toBeLessThan(0.8);
    expect(requests(t, { reporter: 'source', source_workload: 'bookinfo-gateway-istio', response_code: '404' })).toBe(
      0,
    );
    expect(requests(t, { ...gatewayToProductpage, reporter: 'destination' })).toBe(ok);
  });

  it('TCPRoute with a Service parent splits TCP connections by weight', () => {
    const s = store();
    for (const v of ['v1', 'v2']) {
      put(s, {
        apiVersion: 'v1',
        kind: 'Service',
        metadata: { name: `tcp-echo-${v}`, namespace: 'tcp-echo' },
        spec: { selector: { app: 'tcp-echo', version: v }, ports: [{ name: 'tcp', port: 9000 }] },
      });
    }
    apply(s, {
      apiVersion: 'gateway.networking.k8s.io/v1',
      kind: 'TCPRoute',
      metadata: { name: 'tcp-echo', namespace: 'tcp-echo' },
      spec: {
        parentRefs: [{ group: '', kind: 'Service', name: 'tcp-echo', port: 9000 }],
        rules: [
          {
            backendRefs: [
              { name: 'tcp-echo-v1', port: 9000, weight: 80 },
              { name: 'tcp-echo-v2', port: 9000, weight: 20 },
            ],
          },
        ],
      },
    });
    const engine = simulate(s, 3, 150);
    const v1 = tcp(engine.telemetry, { reporter: 'destination', destination_workload: 'tcp-echo-v1' }).opened;
    const v2 = tcp(engine.telemetry, { reporter: 'destination', destination_workload: 'tcp-echo-v2' }).opened;
    expect(v1 / (v1 + v2)).toBeGreaterThan(0.72);
    expect(v1 / (v1 + v2)).toBeLessThan(0.88);
  });
});

describe('the seeded demo at rest', () => {
  it('bookinfo-gateway-api serves outside users through the gateway istiod deployed, reviews split 90/10 by its HTTPRoute', () => {
    const s = new ObjectStore();
    seedDemoCluster(s);
    const stop = startControllers(s);
    try {
      const engine = simulate(s, 7, 120);
      const t = engine.telemetry;
      const ns = 'bookinfo-gateway-api';
      const viaGateway = requests(t, {
        reporter: 'destination',
        source_workload: 'bookinfo-gateway-istio',
        destination_workload: 'productpage-v1',
        destination_workload_namespace: ns,
      });
      expect(viaGateway / 120).toBeGreaterThan(2.5);
      const reviews = (v: string) =>
        requests(t, { reporter: 'destination', source_workload_namespace: ns, destination_workload: `reviews-${v}` });
      expect(reviews('v3')).toBe(0);
      expect(reviews('v2') / (reviews('v1') + reviews('v2'))).toBeGreaterThan(0.05);
      expect(reviews('v2') / (reviews('v1') + reviews('v2'))).toBeLessThan(0.16);
    } finally {
      stop();
    }
  });
});

describe('TLS passthrough at a Gateway API gateway (TLSRoute by SNI)', () => {
  const G = 'gateway.networking.k8s.io/v1';
  /** Istio's "Ingress gateway without TLS termination" task with the Gateway API: one TLS Passthrough listener. */
  const passthrough = {
    apiVersion: G,
    kind: 'Gateway',
    metadata: { name: 'tls-gateway', namespace: 'default' },
    spec: {
      gatewayClassName: 'istio',
      listeners: [
        {
          name: 'tls',
          port: 443,
          protocol: 'TLS',
          hostname: '*.example.com',
          tls: { mode: 'Passthrough' },
          allowedRoutes: { namespaces: { from: 'All' } },
        },
      ],
    },
  } satisfies KubeObject;
  const tlsRoute = (name: string, hostnames: string[], backend: { name: string; namespace?: string; port: number }) =>
    ({
      apiVersion: G,
      kind: 'TLSRoute',
      metadata: { name, namespace: 'default' },
      spec: {
        parentRefs: [{ name: 'tls-gateway', sectionName: 'tls' }],
        hostnames,
        rules: [{ backendRefs: [backend] }],
      },
    }) satisfies KubeObject;
  const graph = (...sni: string[]): CallGraph => ({
    edges: sni.map((name) => ({
      source: 'unknown' as const,
      destination: { host: 'tls-gateway-istio.default.svc.cluster.local', port: 443 },
      protocol: 'tcp' as const,
      rps: 5,
      bytesPerConnection: 500,
      sni: name,
    })),
  });

  function tlsStore(): ObjectStore {
    const s = store();
    apply(s, passthrough);
    for (const o of gatewayDeploymentObjects(passthrough)) put(s, o);
    apply(s, tlsRoute('httpbin', ['httpbin.example.com'], { name: 'httpbin', port: 8000 }));
    apply(s, tlsRoute('catch-all', ['*.example.com'], { name: 'productpage', namespace: 'bookinfo', port: 9080 }));
    return s;
  }

  it('routes by SNI: the exact hostname beats the wildcard; the gateway reports istio_tcp_* with the backend Service', () => {
    const engine = simulate(tlsStore(), 4, 60, graph('httpbin.example.com'));
    const t = engine.telemetry;
    const viaGateway = tcp(t, {
      reporter: 'source',
      source_workload: 'tls-gateway-istio',
      destination_service: 'httpbin.default.svc.cluster.local',
      destination_workload: 'httpbin',
    });
    // 5 connections a second for 60 s, each 500 bytes from the client
    expect(viaGateway.opened / 300).toBeGreaterThan(0.8);
    expect(viaGateway.opened / 300).toBeLessThan(1.2);
    expect(viaGateway.received).toBe(viaGateway.opened * 500);
    // the backend's sidecar sees the gateway as its peer; passthrough is not HTTP: no request metrics at all
    expect(
      tcp(t, { reporter: 'destination', source_workload: 'tls-gateway-istio', destination_workload: 'httpbin' }).opened,
    ).toBe(viaGateway.opened);
    expect(requests(t, { source_workload: 'tls-gateway-istio' })).toBe(0);
    expect(tcp(t, { source_workload: 'tls-gateway-istio', destination_workload: 'productpage-v1' }).opened).toBe(0);
  });

  it('another name under the wildcard takes the wildcard route; a cross-namespace backend needs a ReferenceGrant', () => {
    const s = tlsStore();
    const denied = simulate(s, 5, 30, graph('shop.example.com'));
    expect(tcp(denied.telemetry, { source_workload: 'tls-gateway-istio' }).opened).toBe(0);
    apply(s, serviceGrant('bookinfo', 'from-default-tls', 'TLSRoute', 'default'));
    const granted = simulate(s, 5, 30, graph('shop.example.com'));
    expect(
      tcp(granted.telemetry, {
        reporter: 'source',
        source_workload: 'tls-gateway-istio',
        destination_service: 'productpage.bookinfo.svc.cluster.local',
      }).opened,
    ).toBeGreaterThan(100);
  });

  it('an SNI outside every listener hostname, or no SNI at all, is not forwarded', () => {
    const engine = simulate(tlsStore(), 6, 30, {
      edges: [...graph('other.org').edges, { ...graph('x').edges[0]!, sni: undefined }],
    });
    expect(tcp(engine.telemetry, { source_workload: 'tls-gateway-istio' }).opened).toBe(0);
  });
});
