import { describe, expect, it } from 'vitest';
import {
  apply,
  authorizationPolicy,
  bookinfoStore,
  bookinfoWith,
  deployment,
  destinationRule,
  httpEdge,
  namespace,
  peerAuthentication,
  put,
  requestLabels,
  requests,
  runTicks,
  simulate,
  tcp,
} from './test-fixtures';
import type { CallGraph } from './types';

const BI = 'bookinfo';

describe('AuthorizationPolicy', () => {
  it('DENY on ratings: 403 reported by the destination (and seen by the source), nothing else gets through', () => {
    const store = bookinfoWith(
      authorizationPolicy(BI, 'deny-reviews', {
        selector: { matchLabels: { app: 'ratings' } },
        action: 'DENY',
        rules: [{ from: [{ source: { principals: ['cluster.local/ns/bookinfo/sa/bookinfo-reviews'] } }] }],
      }),
    );
    const engine = simulate(store, 21, 30);
    const t = engine.telemetry;
    const dest = { reporter: 'destination', destination_workload: 'ratings-v1' };
    expect(
      requests(t, {
        ...dest,
        response_code: '403',
        response_flags: '-',
        source_workload: 'reviews-v2',
        connection_security_policy: 'mutual_tls',
      }),
    ).toBeGreaterThan(20);
    expect(requests(t, { ...dest, response_code: '200' })).toBe(0);
    expect(requests(t, { reporter: 'source', destination_workload: 'ratings-v1', response_code: '403' })).toBe(
      requests(t, { ...dest, response_code: '403' }),
    );
    // Other services are not affected.
    expect(requests(t, { reporter: 'destination', destination_workload: 'details-v1', response_code: '403' })).toBe(0);
  });

  it('ALLOW by principal, namespace, method and path: everything else is denied', () => {
    const store = bookinfoStore();
    put(store, deployment('default', 'sleep', { app: 'sleep' }, 'sleep'));
    apply(
      store,
      authorizationPolicy(BI, 'details-viewer', {
        selector: { matchLabels: { app: 'details' } },
        action: 'ALLOW',
        rules: [
          {
            from: [
              { source: { principals: ['cluster.local/ns/bookinfo/sa/bookinfo-productpage'] } },
              { source: { namespaces: ['default'] } },
            ],
            to: [{ operation: { methods: ['GET'], paths: ['/details/*'] } }],
          },
        ],
      }),
    );
    const details = 'details.bookinfo.svc.cluster.local';
    const callGraph: CallGraph = {
      edges: [
        httpEdge({ namespace: 'default', app: 'curl' }, details, 9080, 10, [
          { method: 'GET', path: '/details/1', weight: 1 },
          { method: 'POST', path: '/details/1', weight: 1 },
        ]),
        httpEdge('unknown', details, 9080, 5, [{ method: 'GET', path: '/details/1' }]),
      ],
    };
    const engine = simulate(store, 22, 30, callGraph);
    const t = engine.telemetry;
    const get = requestLabels(t, { reporter: 'destination', source_workload: 'curl', response_code: '200' });
    expect(get.length).toBe(1);
    const from = (source_workload: string, response_code: string) =>
      requests(t, { reporter: 'destination', source_workload, response_code });
    expect(from('curl', '200')).toBeGreaterThan(80);
    expect(from('curl', '403')).toBeGreaterThan(80);
    // The out-of-mesh caller has no identity (plaintext): denied.
    expect(from('unknown', '403')).toBeGreaterThan(80);
    expect(from('unknown', '200')).toBe(0);
  });

  it('an ALLOW policy without rules denies every request', () => {
    const store = bookinfoWith(
      authorizationPolicy(BI, 'allow-nothing', { selector: { matchLabels: { app: 'reviews' } } }),
    );
    const t = simulate(store, 23, 10).telemetry;
    const atReviews = { reporter: 'destination', destination_service_name: 'reviews' };
    expect(requests(t, { ...atReviews, response_code: '200' })).toBe(0);
    expect(requests(t, { ...atReviews, response_code: '403' })).toBeGreaterThan(10);
  });

  it('denies TCP connections by principal (connections opened, no bytes answered)', () => {
    const store = bookinfoWith(
      authorizationPolicy('tcp-echo', 'deny-curl', {
        action: 'DENY',
        rules: [{ from: [{ source: { namespaces: ['tcp-echo'] } }] }],
      }),
    );
    const engine = simulate(store, 24, 10);
    const d = tcp(engine.telemetry, { reporter: 'destination', destination_service_name: 'tcp-echo' });
    expect(d.opened).toBeGreaterThan(5);
    expect(d.sent).toBe(0);
  });
});

describe('PeerAuthentication and mTLS', () => {
  it('labels mutual TLS on destination rows with SPIFFE principals; source rows say unknown', () => {
    const engine = simulate(bookinfoStore(), 31, 10);
    const [d] = requestLabels(engine.telemetry, {
      reporter: 'destination',
      source_workload: 'productpage-v1',
      destination_workload: 'details-v1',
    });
    expect(d).toMatchObject({
      connection_security_policy: 'mutual_tls',
      source_principal: 'spiffe://cluster.local/ns/bookinfo/sa/bookinfo-productpage',
      destination_principal: 'spiffe://cluster.local/ns/bookinfo/sa/bookinfo-details',
    });
    const [s] = requestLabels(engine.telemetry, {
      reporter: 'source',
      source_workload: 'productpage-v1',
      destination_workload: 'details-v1',
    });
    expect(s!.connection_security_policy).toBe('unknown');
    const [u] = requestLabels(engine.telemetry, { reporter: 'destination', source_workload: 'unknown' });
    expect(u).toMatchObject({
      connection_security_policy: 'none',
      source_principal: 'unknown',
      source_workload_namespace: 'unknown',
      destination_workload: 'productpage-v1',
    });
    expect(requestLabels(engine.telemetry, { reporter: 'source', source_workload: 'unknown' })).toEqual([]);
  });

  it('STRICT refuses plaintext: the unknown source and sidecar-less workloads get nothing through', () => {
    const store = bookinfoStore();
    put(store, namespace('legacy', { 'istio-injection': 'disabled' }));
    put(store, deployment('legacy', 'sleep', { app: 'sleep' }, 'sleep'));
    const sources = ['unknown', { namespace: 'legacy', app: 'sleep' }, { namespace: 'default', app: 'curl' }] as const;
    const callGraph: CallGraph = {
      edges: sources.map((source) => httpEdge(source, 'productpage.bookinfo.svc.cluster.local', 9080, 5)),
    };
    const engine = simulate(store, 32, 10, callGraph);
    const t = engine.telemetry;
    const plaintext = () =>
      requests(t, { reporter: 'destination', destination_workload: 'productpage-v1', source_workload: 'unknown' });
    const fromCurl = () =>
      requests(t, {
        reporter: 'destination',
        destination_workload: 'productpage-v1',
        source_workload: 'curl',
        connection_security_policy: 'mutual_tls',
      });
    const before = { plaintext: plaintext(), curl: fromCurl() };
    expect(before.plaintext).toBeGreaterThan(50);
    apply(store, peerAuthentication(BI, 'default', { mtls: { mode: 'STRICT' } }));
    runTicks(engine, 10);
    expect(plaintext()).toBe(before.plaintext);
    expect(fromCurl() - before.curl).toBeGreaterThan(25);
    expect(requestLabels(t, { source_workload: 'sleep' })).toEqual([]);
  });

  it('STRICT against a client whose DestinationRule disables TLS: 503 UC at the source, nothing at the destination', () => {
    const store = bookinfoWith(
      peerAuthentication(BI, 'details-strict', {
        selector: { matchLabels: { app: 'details' } },
        mtls: { mode: 'STRICT' },
      }),
      destinationRule(BI, 'details', { host: 'details', trafficPolicy: { tls: { mode: 'DISABLE' } } }),
    );
    const t = simulate(store, 33, 10).telemetry;
    const toDetails = { reporter: 'source', destination_service_name: 'details' };
    expect(requests(t, { ...toDetails, response_code: '503', response_flags: 'UC' })).toBeGreaterThan(20);
    expect(requests(t, { reporter: 'destination', destination_service_name: 'details' })).toBe(0);
  });

  it('DestinationRule tls DISABLE against a PERMISSIVE server: plaintext, connection_security_policy none', () => {
    const store = bookinfoWith(
      destinationRule(BI, 'details', { host: 'details', trafficPolicy: { tls: { mode: 'DISABLE' } } }),
    );
    const engine = simulate(store, 34, 10);
    const rows = requestLabels(engine.telemetry, { reporter: 'destination', destination_workload: 'details-v1' });
    expect(rows.length).toBeGreaterThan(0);
    for (const r of rows)
      expect(r).toMatchObject({
        connection_security_policy: 'none',
        source_principal: 'unknown',
        destination_principal: 'unknown',
        source_workload: 'productpage-v1',
      });
  });
});

describe('DestinationRule circuit breaking', () => {
  it('small connection pools overflow: a share of 503 UO reported by the source only', () => {
    const store = bookinfoWith(
      destinationRule('default', 'httpbin', {
        host: 'httpbin',
        trafficPolicy: {
          connectionPool: {
            tcp: { maxConnections: 1 },
            http: { http1MaxPendingRequests: 1, maxRequestsPerConnection: 1 },
          },
        },
      }),
    );
    const engine = simulate(store, 41, 60);
    const t = engine.telemetry;
    const src = { reporter: 'source', source_workload: 'curl', destination_service_name: 'httpbin' };
    const uo = requests(t, { ...src, response_code: '503', response_flags: 'UO' });
    const all = requests(t, src);
    expect(uo / all).toBeGreaterThan(0.2);
    expect(uo / all).toBeLessThan(0.8);
    expect(requests(t, { reporter: 'destination', response_flags: 'UO' })).toBe(0);
    for (const l of requestLabels(t, { response_flags: 'UO' })) expect(l.destination_workload).toBe('unknown');
  });

  it('realistic limits never overflow', () => {
    const store = bookinfoWith(
      destinationRule('default', 'httpbin', {
        host: 'httpbin',
        trafficPolicy: { connectionPool: { tcp: { maxConnections: 100 }, http: { http1MaxPendingRequests: 100 } } },
      }),
    );
    const engine = simulate(store, 42, 30);
    expect(requests(engine.telemetry, { response_flags: 'UO' })).toBe(0);
  });
});
