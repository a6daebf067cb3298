/**
 * The impact preview in ambient mode, on the graph built from recorded telemetry (the real Istio 1.24 ztunnel scrape
 * of bookinfo and waypoint-reported requests, `lib/graph/testdata/ambient-fixtures.ts`): `reviews` is served by the
 * `waypoint` in `default`, the other services by ztunnel only.
 */
import { describe, expect, it } from 'vitest';
import { fromPrincipals, object, selectApp, toMethods } from '../testdata/objects';
import { ambientImpactContext } from './test-ambient-graph';
import { authorizeAtZtunnel, httpAttributes, ztunnelPolicy } from './ambient';
import { effectiveMtls, impactOfChange, impactNotes } from './index';

type Json = Record<string, unknown>;

const ctx = ambientImpactContext();
const ap = (name: string, spec: Json): Json => object('AuthorizationPolicy', name, spec, 'default');
const summary = (list: ReturnType<typeof impactOfChange>) =>
  list.map((i) => `${i.effect} ${i.source} -> ${i.destination} ${i.protocol}`).sort();

describe('the ambient graph as the preview reads it', () => {
  it('marks ambient workloads and the waypoint, and carries the principals ztunnel and the waypoint report', () => {
    const http = ctx().edges.find((e) => e.protocol === 'http' && e.destination.workload === 'reviews-v2')!;
    expect(http).toMatchObject({
      source: { workload: 'productpage-v1', ambient: true },
      destination: { ambient: true },
      sourcePrincipal: 'cluster.local/ns/default/sa/bookinfo-productpage',
      mtlsShare: 1,
      service: { namespace: 'default', name: 'reviews' },
      rate: 2,
    });
    const legs = ctx().edges.filter((e) => e.source.waypoint || e.destination.waypoint);
    expect(legs.length).toBeGreaterThan(0);
    for (const e of legs) expect(e.protocol).toBe('tcp');
  });
});

describe('AuthorizationPolicy impact in ambient mode', () => {
  it('an L7 DENY selecting a workload with no waypoint: ztunnel enforces it as L4 and refuses every connection', () => {
    const deny = ap('deny-delete', { selector: selectApp('ratings'), action: 'DENY', rules: toMethods('DELETE') });
    const impact = impactOfChange(ctx(), null, deny);
    expect(summary(impact)).toEqual([
      'deny default/reviews-v2 -> default/ratings-v1 tcp',
      'deny default/reviews-v3 -> default/ratings-v1 tcp',
    ]);
    expect(impact[0]!.detail).toBe('allowed → refused by ztunnel (ztunnel cannot read methods: enforced as L4)');
    const notes = impactNotes(ctx(), [{ before: null, after: deny }]);
    expect(notes).toEqual([
      expect.objectContaining({ kind: 'l7-at-ztunnel', object: 'AuthorizationPolicy/default/deny-delete' }),
    ]);
    expect(notes[0]!.detail).toContain('default/ratings-v1 has no waypoint');
    expect(notes[0]!.detail).toContain('refuses every connection');
    // on a sidecar the same rule only denies DELETE requests (maybe): without the ambient flags nothing is certain
    const sidecarEdges = ctx().edges.map((e) => ({ ...e, destination: { ...e.destination, ambient: undefined } }));
    expect(summary(impactOfChange(ctx({ edges: sidecarEdges }), null, deny))).toEqual([
      'maybe-deny default/reviews-v2 -> default/ratings-v1 tcp',
      'maybe-deny default/reviews-v3 -> default/ratings-v1 tcp',
    ]);
  });

  it('an L7 ALLOW at ztunnel loses its HTTP rules: the workload refuses everything', () => {
    const allowGet = ap('allow-get', { selector: selectApp('details'), rules: toMethods('GET') });
    expect(summary(impactOfChange(ctx(), null, allowGet))).toEqual([
      'deny default/productpage-v1 -> default/details-v1 tcp',
    ]);
    // the L4 part alone (a principal) is enforced as written
    const allowPp = ap('allow-pp', {
      selector: selectApp('details'),
      rules: fromPrincipals('cluster.local/ns/default/sa/bookinfo-productpage'),
    });
    expect(impactOfChange(ctx(), null, allowPp)).toEqual([]);
  });

  it('a targetRefs policy on a Service with no waypoint enforces nothing, and the preview says so', () => {
    const deny = ap('deny-ratings-get', {
      targetRefs: [{ kind: 'Service', group: '', name: 'ratings' }],
      action: 'DENY',
      rules: toMethods('GET'),
    });
    expect(impactOfChange(ctx(), null, deny)).toEqual([]);
    const notes = impactNotes(ctx(), [{ before: null, after: deny }]);
    expect(notes).toHaveLength(1);
    expect(notes[0]).toMatchObject({ kind: 'not-enforced', object: 'AuthorizationPolicy/default/deny-ratings-get' });
    expect(notes[0]!.detail).toContain('Service default/ratings, which no waypoint serves: nothing enforces');
  });

  it('a targetRefs policy on a Service with a waypoint is enforced there, with the client’s identity and HTTP', () => {
    const denyPp = ap('deny-pp', {
      targetRefs: [{ kind: 'Service', group: '', name: 'reviews' }],
      action: 'DENY',
      rules: fromPrincipals('cluster.local/ns/default/sa/bookinfo-productpage'),
    });
    const impact = impactOfChange(ctx(), null, denyPp);
    expect(summary(impact)).toEqual([
      'deny default/productpage-v1 -> default/reviews-v1 http',
      'deny default/productpage-v1 -> default/reviews-v2 http',
    ]);
    expect(impact.find((i) => i.destination === 'default/reviews-v1')!).toMatchObject({
      affectedRate: 3,
      detail: 'allowed → denied (403) at waypoint default/waypoint',
    });
    // the legs into and out of the waypoint are not listed; an HTTP rule at the waypoint is per request (maybe)
    const denyGet = ap('deny-get', { ...(denyPp.spec as Json), rules: toMethods('GET') });
    expect(summary(impactOfChange(ctx(), null, denyGet))).toEqual([
      'maybe-deny default/productpage-v1 -> default/reviews-v1 http',
      'maybe-deny default/productpage-v1 -> default/reviews-v2 http',
    ]);
    expect(impactNotes(ctx(), [{ before: null, after: denyPp }])).toEqual([]);
    // attached to the waypoint's Gateway: the same
    const onGateway = ap('deny-pp-gw', {
      ...(denyPp.spec as Json),
      targetRefs: [{ kind: 'Gateway', group: 'gateway.networking.k8s.io', name: 'waypoint' }],
    });
    expect(summary(impactOfChange(ctx(), null, onGateway))).toHaveLength(2);
  });

  it('behind a waypoint, ztunnel sees the waypoint as the caller: an L4 ALLOW for the client alone refuses it', () => {
    const allowPp = ap('allow-pp', {
      selector: selectApp('reviews'),
      rules: fromPrincipals('cluster.local/ns/default/sa/bookinfo-productpage'),
    });
    const impact = impactOfChange(ctx(), null, allowPp);
    expect(summary(impact)).toEqual([
      'deny default/productpage-v1 -> default/reviews-v1 http',
      'deny default/productpage-v1 -> default/reviews-v2 http',
    ]);
    expect(impact[0]!.detail).toContain("ztunnel refuses the waypoint's identity cluster.local/ns/default/sa/waypoint");
    // allowing the waypoint's identity too fixes it
    const allowBoth = ap('allow-pp', {
      selector: selectApp('reviews'),
      rules: [
        {
          from: [
            {
              source: {
                principals: [
                  'cluster.local/ns/default/sa/bookinfo-productpage',
                  'cluster.local/ns/default/sa/waypoint',
                ],
              },
            },
          ],
        },
      ],
    });
    expect(impactOfChange(ctx(), null, allowBoth)).toEqual([]);
    // an L7 selector policy on a workload behind a waypoint: the note says the waypoint ignores it
    const l7 = ap('deny-delete', {
      selector: selectApp('reviews'),
      action: 'DENY',
      rules: [{ to: [{ operation: { paths: ['/admin'] } }] }],
    });
    expect(impactNotes(ctx(), [{ before: null, after: l7 }]).map((n) => n.kind)).toEqual(['selector-behind-waypoint']);
  });

  it('without the waypoint list, reviews is judged at ztunnel (the client’s identity, L4)', () => {
    const denyPp = ap('deny-pp', {
      targetRefs: [{ kind: 'Service', group: '', name: 'reviews' }],
      action: 'DENY',
      rules: fromPrincipals('cluster.local/ns/default/sa/bookinfo-productpage'),
    });
    expect(impactOfChange(ctx({ ambient: undefined }), null, denyPp)).toEqual([]);
  });

  it('deleting a waypoint-enforced DENY allows the edges again', () => {
    const denyR2 = ap('deny-reviews-client', {
      targetRefs: [{ kind: 'Service', group: '', name: 'reviews' }],
      action: 'DENY',
      rules: fromPrincipals('cluster.local/ns/default/sa/bookinfo-productpage'),
    });
    const c = ctx({ config: [denyR2] });
    expect(summary(impactOfChange(c, denyR2, null))).toEqual([
      'allow default/productpage-v1 -> default/reviews-v1 http',
      'allow default/productpage-v1 -> default/reviews-v2 http',
    ]);
  });
});

describe('ztunnel conversion (istiod handleRule)', () => {
  it('names the HTTP attributes of a rule, L4 when keys excepted', () => {
    expect(
      httpAttributes({
        to: [{ operation: { methods: ['GET'], ports: ['80'], notPaths: ['/x'] } }],
        from: [{ source: { requestPrincipals: ['*'], namespaces: ['a'], remoteIpBlocks: ['1.2.3.4'] } }],
        when: [
          { key: 'source.namespace', values: ['a'] },
          { key: 'request.headers[x]', values: ['1'] },
        ],
      }),
    ).toEqual(['methods', 'notPaths', 'requestPrincipals', 'remoteIpBlocks', 'request.headers[x]']);
  });

  it('drops HTTP rules of ALLOW, strips them from DENY, ignores CUSTOM, AUDIT, dry-run and targetRefs', () => {
    const rules = [
      { to: [{ operation: { paths: ['/a'], ports: ['9080'] } }] },
      { from: [{ source: { namespaces: ['x'] } }] },
    ];
    expect((ztunnelPolicy(ap('a', { rules })) as { spec: { rules: unknown[] } }).spec.rules).toEqual([rules[1]]);
    expect((ztunnelPolicy(ap('d', { action: 'DENY', rules })) as { spec: { rules: unknown[] } }).spec.rules).toEqual([
      { to: [{ operation: { ports: ['9080'] } }] },
      rules[1],
    ]);
    for (const action of ['CUSTOM', 'AUDIT']) expect(ztunnelPolicy(ap('c', { action, rules }))).toBeNull();
    expect(
      ztunnelPolicy({ ...ap('t', { rules }), metadata: { name: 't', annotations: { 'istio.io/dry-run': 'true' } } }),
    ).toBeNull();
    expect(ztunnelPolicy(ap('t', { targetRefs: [{ kind: 'Service', name: 'x' }], rules }))).toBeNull();
  });

  it('a DENY on a header is a DENY of everything at ztunnel; an ALLOW on a header allows nothing', () => {
    const dest = {
      id: 'r',
      nodeType: 'workload',
      namespace: 'default',
      workload: 'r',
      app: 'r',
      version: null,
      labels: { app: 'r' },
    };
    const f = { principal: 'cluster.local/ns/default/sa/x', destination: dest };
    const header = { when: [{ key: 'request.headers[x-user]', values: ['bad'] }] };
    expect(authorizeAtZtunnel([ap('d', { action: 'DENY', rules: [header] })], f, 'istio-system')).toBe('deny');
    expect(authorizeAtZtunnel([ap('a', { rules: [header] })], f, 'istio-system')).toBe('deny');
    expect(
      authorizeAtZtunnel([ap('c', { action: 'CUSTOM', provider: { name: 'x' }, rules: [header] })], f, 'istio-system'),
    ).toBe('allow');
  });
});

describe('PeerAuthentication in ambient mode', () => {
  const pa = (mode: string, selector?: Record<string, string>): Json =>
    object(
      'PeerAuthentication',
      'pa',
      { ...(selector ? { selector: { matchLabels: selector } } : {}), mtls: { mode } },
      'default',
    );

  it('DISABLE reads as PERMISSIVE for an ambient workload (ztunnel always uses mTLS), not for a sidecar', () => {
    const ratings = ctx().edges.find((e) => e.destination.workload === 'ratings-v1')!.destination;
    expect(effectiveMtls([pa('DISABLE')], ratings, 'istio-system')).toBe('PERMISSIVE');
    expect(effectiveMtls([pa('DISABLE')], { ...ratings, ambient: undefined }, 'istio-system')).toBe('DISABLE');
    expect(effectiveMtls([pa('STRICT')], ratings, 'istio-system')).toBe('STRICT');
  });

  it('STRICT breaks nothing between ambient workloads (every ztunnel edge is mTLS); DISABLE gets a note', () => {
    expect(impactOfChange(ctx(), null, pa('STRICT'))).toEqual([]);
    const notes = impactNotes(ctx(), [{ before: null, after: pa('DISABLE', { app: 'ratings' }) }]);
    expect(notes).toEqual([
      expect.objectContaining({ kind: 'mtls-disable-ignored', object: 'PeerAuthentication/default/pa' }),
    ]);
    expect(notes[0]!.detail).toContain('default/ratings-v1 is in ambient mode');
    expect(impactNotes(ctx(), [{ before: null, after: pa('PERMISSIVE') }])).toEqual([]);
  });
});
