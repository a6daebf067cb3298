import { describe, expect, it } from 'vitest';
import { resourceByPlural } from '../store/resources';
import { createTrafficEngine, type TrafficEngine } from './engine';
import {
  ambientStore,
  ambientWith,
  apply,
  authorizationPolicy,
  httpEdge,
  httpRoute,
  labelObject,
  parseLabels,
  requestLabels,
  requests,
  runTicks,
  simulate,
} from './test-fixtures';

const NS = 'bookinfo-ambient';

/** Sums of the ztunnel counters over the series (of every ztunnel pod) whose labels include `want`. */
function ztunnel(
  engine: TrafficEngine,
  want: Record<string, string>,
): { opened: number; received: number; sent: number } {
  const out = { opened: 0, received: 0, sent: 0 };
  for (const { registry } of engine.ambient.ztunnels.values()) {
    for (const s of registry.list()) {
      const l = parseLabels(s.labels);
      if (!Object.entries(want).every(([k, v]) => l[k] === v)) continue;
      out.opened += s.opened;
      out.received += s.receivedBytes;
      out.sent += s.sentBytes;
    }
  }
  return out;
}

/** The waypoint pods' istio_requests_total over the series whose labels include `want`. */
function waypoint(engine: TrafficEngine, want: Record<string, string>): number {
  let n = 0;
  for (const { registry } of engine.ambient.waypoints.values()) n += requests(registry, want);
  return n;
}

const engineOn = (store = ambientStore(), ticks = 30): TrafficEngine => simulate(store, 3, ticks);

const sa = (name: string) => `spiffe://cluster.local/ns/${NS}/sa/${name}`;

const policy = (name: string, spec: Record<string, unknown>) => authorizationPolicy(NS, name, spec);

/** Connections details-v1's ztunnel reported (reporter=destination) with `flags` (`-`: served, `DENY`: refused). */
const toDetails = (engine: TrafficEngine, flags: string) =>
  ztunnel(engine, { reporter: 'destination', destination_workload: 'details-v1', response_flags: flags }).opened;

describe('ambient traffic: ztunnel to ztunnel (L4)', () => {
  const engine = engineOn();

  it('reports curl → productpage from both ztunnels over HBONE, and no HTTP metrics from anyone', () => {
    const base = {
      source_workload: 'curl',
      destination_workload: 'productpage-v1',
      destination_service: `productpage.${NS}.svc.cluster.local`,
    };
    const src = ztunnel(engine, {
      ...base,
      reporter: 'source',
      connection_security_policy: 'mutual_tls',
      source_principal: sa('curl'),
    });
    const dst = ztunnel(engine, {
      ...base,
      reporter: 'destination',
      connection_security_policy: 'mutual_tls',
      destination_principal: sa('bookinfo-productpage'),
    });
    expect(src.opened).toBeGreaterThan(60); // 3 req/s for 30 s, one connection each
    expect(dst).toEqual(src);
    expect(src.sent).toBeGreaterThan(src.received); // pages are bigger than requests
    expect(requests(engine.telemetry, { destination_workload_namespace: NS })).toBe(0);
    expect(waypoint(engine, { destination_service_name: 'productpage' })).toBe(0);
  });

  it('labels ztunnel rows as ztunnel does: source_app/version are the canonical service/revision, protocol tcp', () => {
    const rows = [...engine.ambient.ztunnels.values()].flatMap((z) =>
      [...z.registry.list()].map((s) => parseLabels(s.labels)),
    );
    const row = rows.find((l) => l.source_workload === 'reviews-v2' && l.reporter === 'source')!;
    expect(row).toMatchObject({
      source_app: 'reviews',
      source_version: 'v2',
      request_protocol: 'tcp',
      response_flags: '-',
      destination_workload: 'ratings-v1',
      source_cluster: 'Kubernetes',
    });
  });
});

describe('ambient traffic: a Service with a waypoint (L7)', () => {
  const engine = engineOn();

  it('reports productpage → reviews at the waypoint (reporter="waypoint", mutual TLS, the picked version)', () => {
    const rows = requestLabels(engine.ambient.waypoints.values().next().value!.registry, { reporter: 'waypoint' });
    expect(new Set(rows.map((l) => `${l.source_workload}->${l.destination_workload}`))).toEqual(
      new Set(['productpage-v1->reviews-v1', 'productpage-v1->reviews-v2', 'productpage-v1->reviews-v3']),
    );
    expect(
      rows.every(
        (l) =>
          l.connection_security_policy === 'mutual_tls' &&
          l.source_principal === sa('bookinfo-productpage') &&
          l.destination_service === `reviews.${NS}.svc.cluster.local`,
      ),
    ).toBe(true);
    const pages = ztunnel(engine, { reporter: 'destination', destination_workload: 'productpage-v1' }).opened;
    const atWaypoint = waypoint(engine, {
      reporter: 'waypoint',
      destination_service_name: 'reviews',
      response_code: '200',
    });
    expect(atWaypoint / pages).toBeGreaterThan(0.8);
  });

  it('the client ztunnel connects to the waypoint, the server ztunnel sees the waypoint as the source', () => {
    expect(
      ztunnel(engine, {
        reporter: 'source',
        source_workload: 'productpage-v1',
        destination_workload: 'waypoint',
        destination_service_name: 'reviews',
      }).opened,
    ).toBeGreaterThan(0);
    expect(
      ztunnel(engine, { reporter: 'source', source_workload: 'productpage-v1', destination_workload: 'reviews-v1' })
        .opened,
    ).toBe(0);
    expect(
      ztunnel(engine, {
        reporter: 'destination',
        source_workload: 'waypoint',
        source_principal: sa('waypoint'),
        destination_workload: 'reviews-v2',
      }).opened,
    ).toBeGreaterThan(0);
  });

  it('only services attached to the waypoint go through it: details and ratings stay L4', () => {
    expect(waypoint(engine, { destination_service_name: 'details' })).toBe(0);
    expect(waypoint(engine, { destination_service_name: 'ratings' })).toBe(0);
  });

  it('records the waypoint’s span for sampled requests (Jaeger service waypoint.<ns>, node type waypoint)', () => {
    const spans = engine.traces
      .list()
      .flatMap((t) => t.spans)
      .filter((s) => s.service === `waypoint.${NS}`);
    expect(spans.length).toBeGreaterThan(0);
    expect(String(spans[0]!.tags.node_id)).toMatch(/^waypoint~/);
    expect(spans[0]!.operation).toBe(`reviews.${NS}.svc.cluster.local:9080/*`);
  });

  it('labelling a Service with istio.io/use-waypoint routes its traffic through the waypoint on the next tick', () => {
    const store = ambientStore();
    const e = engineOn(store, 10);
    expect(waypoint(e, { destination_service_name: 'details' })).toBe(0);
    labelObject(store, '', 'services', NS, 'details', { 'istio.io/use-waypoint': 'waypoint' });
    runTicks(e, 5);
    expect(waypoint(e, { destination_service_name: 'details', destination_workload: 'details-v1' })).toBeGreaterThan(5);
    // and `none` opts a Service out of its namespace's waypoint
    labelObject(store, '', 'namespaces', undefined, NS, { 'istio.io/use-waypoint': 'waypoint' });
    labelObject(store, '', 'services', NS, 'details', { 'istio.io/use-waypoint': 'none' });
    const before = waypoint(e, { destination_service_name: 'details' });
    runTicks(e, 5);
    expect(waypoint(e, { destination_service_name: 'details' })).toBe(before);
    expect(waypoint(e, { destination_service_name: 'ratings' })).toBeGreaterThan(0);
  });

  it('applies HTTPRoutes attached to the Service (GAMMA) at the waypoint; the client ztunnel ignores them', () => {
    const store = ambientWith(
      httpRoute(NS, 'reviews-to-ratings', {
        parentRefs: [{ group: '', kind: 'Service', name: 'reviews', port: 9080 }],
        rules: [{ backendRefs: [{ name: 'ratings', port: 9080 }] }],
      }),
      httpRoute(NS, 'details-nowhere', {
        parentRefs: [{ group: '', kind: 'Service', name: 'details', port: 9080 }],
        rules: [
          {
            matches: [{ path: { type: 'PathPrefix', value: '/nothing' } }],
            backendRefs: [{ name: 'details', port: 9080 }],
          },
        ],
      }),
    );
    const e = engineOn(store, 10);
    expect(
      waypoint(e, {
        source_workload: 'productpage-v1',
        destination_service_name: 'ratings',
        destination_workload: 'ratings-v1',
        response_code: '200',
      }),
    ).toBeGreaterThan(5);
    expect(waypoint(e, { destination_workload: 'reviews-v1' })).toBe(0);
    // details has no waypoint: its route is nobody's business (ztunnel does not route), traffic flows L4
    expect(toDetails(e, '-')).toBeGreaterThan(5);
    labelObject(store, '', 'services', NS, 'details', { 'istio.io/use-waypoint': 'waypoint' });
    runTicks(e, 5);
    expect(
      waypoint(e, { destination_service_name: 'details', response_code: '404', response_flags: 'NR' }),
    ).toBeGreaterThan(3);
  });

  it('a waypoint for workloads only (istio.io/waypoint-for: workload) does not take Service traffic', () => {
    const store = ambientStore();
    const d = store.get(resourceByPlural('apps', 'deployments')!, NS, 'waypoint')!;
    apply(store, {
      ...d,
      spec: {
        ...d.spec,
        template: {
          ...d.spec.template,
          metadata: {
            ...d.spec.template.metadata,
            labels: { ...d.spec.template.metadata.labels, 'istio.io/waypoint-for': 'workload' },
          },
        },
      },
    });
    const e = engineOn(store, 10);
    expect(waypoint(e, {})).toBe(0);
  });
});

describe('ambient authorization', () => {
  it('ztunnel enforces L4 rules at the destination: a denied connection is reported as DENY with no bytes', () => {
    const store = ambientWith(
      policy('details-from-curl-only', {
        selector: { matchLabels: { app: 'details' } },
        action: 'ALLOW',
        rules: [{ from: [{ source: { principals: [`cluster.local/ns/${NS}/sa/curl`] } }] }],
      }),
    );
    const e = engineOn(store, 20);
    const denied = ztunnel(e, { reporter: 'destination', destination_workload: 'details-v1', response_flags: 'DENY' });
    expect(denied.opened).toBeGreaterThan(10);
    expect(denied.received + denied.sent).toBe(0);
    expect(toDetails(e, '-')).toBe(0);
    // the same policy naming productpage's identity allows it
    apply(
      store,
      policy('details-from-curl-only', {
        selector: { matchLabels: { app: 'details' } },
        action: 'ALLOW',
        rules: [{ from: [{ source: { principals: [`cluster.local/ns/${NS}/sa/bookinfo-productpage`] } }] }],
      }),
    );
    runTicks(e, 10);
    expect(toDetails(e, '-')).toBeGreaterThan(5);
  });

  it('ztunnel fails closed on HTTP rules: an ALLOW rule with paths never matches, a DENY rule drops its paths', () => {
    const onDetails = (name: string, action: string, operation: Record<string, string[]>) =>
      engineOn(
        ambientWith(
          policy(name, { selector: { matchLabels: { app: 'details' } }, action, rules: [{ to: [{ operation }] }] }),
        ),
        20,
      );
    const a = onDetails('details-get', 'ALLOW', { methods: ['GET'] });
    expect(toDetails(a, '-')).toBe(0);
    expect(toDetails(a, 'DENY')).toBeGreaterThan(0);
    const d = onDetails('no-admin', 'DENY', { paths: ['/admin'] });
    expect(toDetails(d, '-')).toBe(0);
  });

  it('an L7 policy attached by targetRefs is enforced by nobody without a waypoint, and by the waypoint once attached', () => {
    const store = ambientWith(
      policy('deny-details', {
        targetRefs: [{ kind: 'Service', group: '', name: 'details' }],
        action: 'DENY',
        rules: [{ to: [{ operation: { methods: ['GET'], paths: ['/details/*'] } }] }],
      }),
    );
    const e = engineOn(store, 10);
    expect(toDetails(e, 'DENY')).toBe(0);
    expect(toDetails(e, '-')).toBeGreaterThan(5);
    labelObject(store, '', 'services', NS, 'details', { 'istio.io/use-waypoint': 'waypoint' });
    runTicks(e, 10);
    const forbidden = requestLabels(e.ambient.waypoints.values().next().value!.registry, {
      destination_service_name: 'details',
      response_code: '403',
    });
    expect(forbidden.length).toBeGreaterThan(0);
    expect(forbidden[0]).toMatchObject({
      reporter: 'waypoint',
      source_workload: 'productpage-v1',
      destination_workload: 'unknown',
      response_flags: '-',
    });
    expect(waypoint(e, { destination_service_name: 'details', response_code: '200' })).toBe(0);
  });

  it('the waypoint enforces policies targeting its Gateway, with the client’s identity', () => {
    const store = ambientWith(
      policy('reviews-get-only-from-productpage', {
        targetRefs: [{ kind: 'Gateway', group: 'gateway.networking.k8s.io', name: 'waypoint' }],
        action: 'ALLOW',
        rules: [
          {
            from: [{ source: { principals: [`cluster.local/ns/${NS}/sa/curl`] } }],
            to: [{ operation: { methods: ['GET'] } }],
          },
        ],
      }),
    );
    const e = engineOn(store, 10);
    expect(waypoint(e, { destination_service_name: 'reviews', response_code: '403' })).toBeGreaterThan(5);
    expect(waypoint(e, { destination_service_name: 'reviews', response_code: '200' })).toBe(0);
  });

  it('behind a waypoint, ztunnel sees the waypoint’s identity (an L4 rule naming the client denies)', () => {
    const store = ambientWith(
      policy('reviews-from-productpage', {
        selector: { matchLabels: { app: 'reviews' } },
        action: 'ALLOW',
        rules: [{ from: [{ source: { principals: [`cluster.local/ns/${NS}/sa/bookinfo-productpage`] } }] }],
      }),
    );
    const e = engineOn(store, 10);
    expect(
      ztunnel(e, { reporter: 'destination', source_workload: 'waypoint', response_flags: 'DENY' }).opened,
    ).toBeGreaterThan(0);
    // the waypoint sees a connection failure and answers 503
    expect(waypoint(e, { destination_service_name: 'reviews', response_code: '503' })).toBeGreaterThan(0);
    expect(waypoint(e, { destination_service_name: 'reviews', response_code: '200' })).toBe(0);
  });

  it('PeerAuthentication STRICT: ztunnel refuses plaintext from outside the mesh; ztunnel to ztunnel is unaffected', () => {
    const store = ambientWith({
      apiVersion: 'security.istio.io/v1',
      kind: 'PeerAuthentication',
      metadata: { name: 'default', namespace: NS },
      spec: { mtls: { mode: 'STRICT' } },
    });
    const e = createTrafficEngine(store, {
      seed: 4,
      callGraph: {
        edges: [
          httpEdge('unknown', `productpage.${NS}.svc.cluster.local`, 9080, 2),
          httpEdge({ namespace: NS, app: 'curl' }, 'productpage', 9080, 2),
        ],
      },
    });
    runTicks(e, 10);
    expect(
      ztunnel(e, {
        reporter: 'destination',
        source_workload: 'unknown',
        connection_security_policy: 'unknown',
        response_flags: 'DENY',
      }).opened,
    ).toBeGreaterThan(5);
    expect(
      ztunnel(e, { reporter: 'destination', source_workload: 'curl', response_flags: '-' }).opened,
    ).toBeGreaterThan(5);
  });
});

describe('ambient TCP', () => {
  it('a TCP client in an ambient namespace is reported by both ztunnels (tcp-echo over HBONE)', () => {
    const store = ambientStore();
    const e = createTrafficEngine(store, {
      seed: 5,
      callGraph: {
        edges: [
          {
            source: { namespace: NS, app: 'curl' },
            destination: { host: `ratings.${NS}.svc.cluster.local`, port: 9080 },
            protocol: 'tcp',
            rps: 2,
            bytesPerConnection: 40,
          },
        ],
      },
    });
    runTicks(e, 10);
    const src = ztunnel(e, { reporter: 'source', source_workload: 'curl', destination_workload: 'ratings-v1' });
    expect(src.opened).toBeGreaterThan(10);
    expect(src.received).toBe(40 * src.opened);
    expect(
      ztunnel(e, { reporter: 'destination', source_workload: 'curl', destination_workload: 'ratings-v1' }),
    ).toEqual(src);
  });
});
