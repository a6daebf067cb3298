import { describe, expect, it } from 'vitest';
import { conflictedListeners, resolveParents, selectorMatches } from './attachment';
import { applyRequestFilters, forwardingPlan, gatewayDurationMs, pickBackend } from './forwarding';
import { referenceAllowed } from './references';
import { computeStatus, gatewayServiceName } from './status';
import type { AnyRoute, Gateway, GatewayApiWorld, HTTPRoute, Listener, ReferenceGrant } from './types';

const G = 'gateway.networking.k8s.io';

function gateway(listeners: Listener[], name = 'gw', ns = 'infra', gatewayClassName = 'istio'): Gateway {
  return {
    apiVersion: `${G}/v1`,
    kind: 'Gateway',
    metadata: { name, namespace: ns, generation: 3 },
    spec: { gatewayClassName, listeners },
  };
}

function http(name: string, ns: string, spec: HTTPRoute['spec']): AnyRoute {
  return {
    kind: 'HTTPRoute',
    route: { apiVersion: `${G}/v1`, kind: 'HTTPRoute', metadata: { name, namespace: ns }, spec },
  };
}

function world(partial: Partial<GatewayApiWorld>): GatewayApiWorld {
  return {
    gatewayClasses: [],
    gateways: [],
    routes: [],
    referenceGrants: [],
    services: [
      { namespace: 'app', name: 'web', ports: [{ port: 8080, name: 'http' }] },
      { namespace: 'other', name: 'db', ports: [{ port: 9000 }] },
    ],
    namespaces: [
      { name: 'infra', labels: {} },
      { name: 'app', labels: { shared: 'yes' } },
      { name: 'other', labels: {} },
    ],
    ...partial,
  };
}

const toWeb = [{ name: 'web', port: 8080 }];
const grantFromApp: ReferenceGrant = {
  metadata: { name: 'allow-app', namespace: 'other' },
  spec: { from: [{ group: G, kind: 'HTTPRoute', namespace: 'app' }], to: [{ group: '', kind: 'Service' }] },
};

function acceptedOf(w: GatewayApiWorld, key: string) {
  return computeStatus(w)
    .routes.get(key)
    ?.parents.map((p) => p.conditions.map((c) => `${c.type}=${c.status}:${c.reason}`));
}

describe('route attachment and route status', () => {
  it('accepts a route on a listener allowing All namespaces and counts it in attachedRoutes', () => {
    const gw = gateway([{ name: 'http', port: 80, protocol: 'HTTP', allowedRoutes: { namespaces: { from: 'All' } } }]);
    const w = world({
      gateways: [gw],
      routes: [http('r', 'app', { parentRefs: [{ name: 'gw', namespace: 'infra' }], rules: [{ backendRefs: toWeb }] })],
    });
    expect(acceptedOf(w, 'HTTPRoute:app/r')).toEqual([['Accepted=True:Accepted', 'ResolvedRefs=True:ResolvedRefs']]);
    const gs = computeStatus(w).gateways.get('infra/gw')!;
    expect(gs.listeners[0]!.attachedRoutes).toBe(1);
    expect(gs.conditions.map((c) => `${c.type}=${c.status}:${c.reason}`)).toEqual([
      'Accepted=True:Accepted',
      'Programmed=True:Programmed',
    ]);
    expect(gs.addresses).toEqual([{ type: 'Hostname', value: 'gw-istio.infra.svc.cluster.local' }]);
  });

  it('From Same (the default) refuses a route of another namespace: NotAllowedByListeners', () => {
    const gw = gateway([{ name: 'http', port: 80, protocol: 'HTTP' }]);
    const w = world({
      gateways: [gw],
      routes: [http('r', 'app', { parentRefs: [{ name: 'gw', namespace: 'infra' }], rules: [{ backendRefs: toWeb }] })],
    });
    expect(acceptedOf(w, 'HTTPRoute:app/r')![0]![0]).toBe('Accepted=False:NotAllowedByListeners');
    expect(computeStatus(w).gateways.get('infra/gw')!.listeners[0]!.attachedRoutes).toBe(0);
  });

  it('From Selector uses the namespace labels; kinds restricts the route kinds', () => {
    const sel: Listener = {
      name: 'http',
      port: 80,
      protocol: 'HTTP',
      allowedRoutes: { namespaces: { from: 'Selector', selector: { matchLabels: { shared: 'yes' } } } },
    };
    const w = world({
      gateways: [gateway([sel])],
      routes: [
        http('ok', 'app', { parentRefs: [{ name: 'gw', namespace: 'infra' }], rules: [{ backendRefs: toWeb }] }),
        http('no', 'other', { parentRefs: [{ name: 'gw', namespace: 'infra' }], rules: [] }),
      ],
    });
    expect(acceptedOf(w, 'HTTPRoute:app/ok')![0]![0]).toBe('Accepted=True:Accepted');
    expect(acceptedOf(w, 'HTTPRoute:other/no')![0]![0]).toBe('Accepted=False:NotAllowedByListeners');
    const grpcOnly = gateway([
      {
        name: 'g',
        port: 80,
        protocol: 'HTTP',
        allowedRoutes: { namespaces: { from: 'All' }, kinds: [{ kind: 'GRPCRoute' }] },
      },
    ]);
    const w2 = world({
      gateways: [grpcOnly],
      routes: [http('r', 'app', { parentRefs: [{ name: 'gw', namespace: 'infra' }], rules: [] })],
    });
    expect(acceptedOf(w2, 'HTTPRoute:app/r')![0]![0]).toBe('Accepted=False:NotAllowedByListeners');
  });

  it('a missing Gateway, a sectionName or port no listener has: NoMatchingParent', () => {
    const gw = gateway([{ name: 'http', port: 80, protocol: 'HTTP', allowedRoutes: { namespaces: { from: 'All' } } }]);
    const w = world({
      gateways: [gw],
      routes: [
        http('missing', 'app', { parentRefs: [{ name: 'nope', namespace: 'infra' }] }),
        http('section', 'app', { parentRefs: [{ name: 'gw', namespace: 'infra', sectionName: 'https' }] }),
        http('port', 'app', { parentRefs: [{ name: 'gw', namespace: 'infra', port: 8443 }] }),
      ],
    });
    for (const r of ['missing', 'section', 'port'])
      expect(acceptedOf(w, `HTTPRoute:app/${r}`)![0]![0]).toBe('Accepted=False:NoMatchingParent');
  });

  it('route hostnames that intersect no listener hostname: NoMatchingListenerHostname', () => {
    const gw = gateway([
      {
        name: 'http',
        port: 80,
        protocol: 'HTTP',
        hostname: '*.example.com',
        allowedRoutes: { namespaces: { from: 'All' } },
      },
    ]);
    const w = world({
      gateways: [gw],
      routes: [http('r', 'app', { parentRefs: [{ name: 'gw', namespace: 'infra' }], hostnames: ['example.net'] })],
    });
    expect(acceptedOf(w, 'HTTPRoute:app/r')![0]![0]).toBe('Accepted=False:NoMatchingListenerHostname');
  });

  it('a Gateway of a class Istio does not serve gets no status, nor do route parents on it', () => {
    const gw = gateway([{ name: 'http', port: 80, protocol: 'HTTP' }], 'gw', 'app', 'other-vendor');
    const w = world({ gateways: [gw], routes: [http('r', 'app', { parentRefs: [{ name: 'gw' }] })] });
    const s = computeStatus(w);
    expect(s.gateways.size).toBe(0);
    expect(s.routes.get('HTTPRoute:app/r')!.parents).toEqual([]);
  });

  it('GAMMA: a Service parent is accepted when the Service exists, with the port when given', () => {
    const w = world({
      routes: [
        http('mesh', 'app', {
          parentRefs: [{ group: '', kind: 'Service', name: 'web', port: 8080 }],
          rules: [{ backendRefs: toWeb }],
        }),
        http('gone', 'app', { parentRefs: [{ group: '', kind: 'Service', name: 'nope' }] }),
        http('badport', 'app', { parentRefs: [{ group: '', kind: 'Service', name: 'web', port: 1 }] }),
      ],
    });
    expect(resolveParents(w, w.routes[0]!)[0]).toMatchObject({ ok: true, kind: 'Service', service: { name: 'web' } });
    expect(acceptedOf(w, 'HTTPRoute:app/mesh')![0]![0]).toBe('Accepted=True:Accepted');
    expect(acceptedOf(w, 'HTTPRoute:app/gone')![0]![0]).toBe('Accepted=False:NoMatchingParent');
    expect(acceptedOf(w, 'HTTPRoute:app/badport')![0]![0]).toBe('Accepted=False:NoMatchingParent');
  });

  it('ResolvedRefs: BackendNotFound (missing Service or port), InvalidKind, RefNotPermitted without a ReferenceGrant', () => {
    const parent = [{ group: '', kind: 'Service', name: 'web' }];
    const routes = [
      http('nf', 'app', { parentRefs: parent, rules: [{ backendRefs: [{ name: 'ghost', port: 80 }] }] }),
      http('np', 'app', { parentRefs: parent, rules: [{ backendRefs: [{ name: 'web', port: 9999 }] }] }),
      http('kind', 'app', {
        parentRefs: parent,
        rules: [{ backendRefs: [{ group: 'example.com', kind: 'Bucket', name: 'b' }] }],
      }),
      http('xns', 'app', {
        parentRefs: parent,
        rules: [{ backendRefs: [{ name: 'db', namespace: 'other', port: 9000 }] }],
      }),
    ];
    const w = world({ routes });
    expect(acceptedOf(w, 'HTTPRoute:app/nf')![0]![1]).toBe('ResolvedRefs=False:BackendNotFound');
    expect(acceptedOf(w, 'HTTPRoute:app/np')![0]![1]).toBe('ResolvedRefs=False:BackendNotFound');
    expect(acceptedOf(w, 'HTTPRoute:app/kind')![0]![1]).toBe('ResolvedRefs=False:InvalidKind');
    expect(acceptedOf(w, 'HTTPRoute:app/xns')![0]![1]).toBe('ResolvedRefs=False:RefNotPermitted');
    expect(acceptedOf(world({ routes, referenceGrants: [grantFromApp] }), 'HTTPRoute:app/xns')![0]![1]).toBe(
      'ResolvedRefs=True:ResolvedRefs',
    );
  });
});

describe('ReferenceGrant', () => {
  it('must live in the target namespace and name the referrer kind, namespace and the target kind (and name if set)', () => {
    const from = { group: G, kind: 'HTTPRoute', namespace: 'app' };
    const to = { group: '', kind: 'Service', namespace: 'other', name: 'db' };
    expect(referenceAllowed([grantFromApp], from, to)).toBe(true);
    expect(referenceAllowed([grantFromApp], { ...from, kind: 'GRPCRoute' }, to)).toBe(false);
    expect(referenceAllowed([grantFromApp], { ...from, namespace: 'x' }, to)).toBe(false);
    expect(referenceAllowed([{ ...grantFromApp, metadata: { name: 'g', namespace: 'app' } }], from, to)).toBe(false);
    const named: ReferenceGrant = {
      ...grantFromApp,
      spec: { ...grantFromApp.spec, to: [{ group: '', kind: 'Service', name: 'cache' }] },
    };
    expect(referenceAllowed([named], from, to)).toBe(false);
    expect(referenceAllowed([], { ...from, namespace: 'other' }, to)).toBe(true);
  });
});

describe('listeners', () => {
  it('Conflicted: same port and protocol and hostname (HostnameConflict); TCP sharing a port with HTTP (ProtocolConflict)', () => {
    const c = conflictedListeners([
      { name: 'a', port: 80, protocol: 'HTTP', hostname: 'a.example.com' },
      { name: 'b', port: 80, protocol: 'HTTP', hostname: 'a.example.com' },
      { name: 'c', port: 80, protocol: 'HTTP', hostname: 'c.example.com' },
      { name: 'd', port: 9000, protocol: 'TCP' },
      { name: 'e', port: 9000, protocol: 'HTTP' },
    ]);
    expect(Object.fromEntries(c)).toEqual({
      a: 'HostnameConflict',
      b: 'HostnameConflict',
      d: 'ProtocolConflict',
      e: 'ProtocolConflict',
    });
  });

  it('a Gateway whose listeners all conflict is not Accepted (ListenersNotValid); conflicted listeners attach nothing', () => {
    const gw = gateway([
      { name: 'a', port: 80, protocol: 'HTTP', allowedRoutes: { namespaces: { from: 'All' } } },
      { name: 'b', port: 80, protocol: 'HTTP', allowedRoutes: { namespaces: { from: 'All' } } },
    ]);
    const w = world({
      gateways: [gw],
      routes: [http('r', 'app', { parentRefs: [{ name: 'gw', namespace: 'infra' }] })],
    });
    const s = computeStatus(w);
    const gs = s.gateways.get('infra/gw')!;
    expect(gs.conditions[0]).toMatchObject({
      type: 'Accepted',
      status: 'False',
      reason: 'ListenersNotValid',
      observedGeneration: 3,
    });
    expect(gs.listeners.map((l) => l.conditions.find((c) => c.type === 'Conflicted')?.reason)).toEqual([
      'HostnameConflict',
      'HostnameConflict',
    ]);
    expect(acceptedOf(w, 'HTTPRoute:app/r')![0]![0]).toBe('Accepted=False:NoMatchingParent');
  });

  it('supportedKinds follow the protocol, and a kind the protocol cannot serve gives ResolvedRefs InvalidRouteKinds', () => {
    const gw = gateway([
      { name: 'web', port: 80, protocol: 'HTTP' },
      { name: 'tcp', port: 9000, protocol: 'TCP', allowedRoutes: { kinds: [{ kind: 'HTTPRoute' }] } },
    ]);
    const ls = computeStatus(world({ gateways: [gw] })).gateways.get('infra/gw')!.listeners;
    expect(ls[0]!.supportedKinds.map((k) => k.kind)).toEqual(['HTTPRoute', 'GRPCRoute']);
    expect(ls[1]!.conditions.find((c) => c.type === 'ResolvedRefs')).toMatchObject({
      status: 'False',
      reason: 'InvalidRouteKinds',
    });
  });

  it('label selectors: matchLabels and matchExpressions', () => {
    expect(
      selectorMatches({ matchExpressions: [{ key: 'env', operator: 'In', values: ['prod'] }] }, { env: 'prod' }),
    ).toBe(true);
    expect(
      selectorMatches({ matchExpressions: [{ key: 'env', operator: 'NotIn', values: ['prod'] }] }, { env: 'prod' }),
    ).toBe(false);
    expect(selectorMatches({ matchExpressions: [{ key: 'env', operator: 'DoesNotExist' }] }, {})).toBe(true);
    expect(selectorMatches({ matchLabels: { a: 'b' } }, { a: 'c' })).toBe(false);
  });

  it('the deployed Service is named <gateway>-<class>', () => {
    expect(gatewayServiceName(gateway([], 'bookinfo-gateway'))).toBe('bookinfo-gateway-istio');
  });
});

describe('forwarding plan', () => {
  it('resolves weighted backends (default weight 1), mirrors, redirect, timeouts and retry', () => {
    const w = world({ referenceGrants: [] });
    const r = http('r', 'app', {}).route;
    const plan = forwardingPlan(w, 'HTTPRoute', r, {
      backendRefs: [
        { name: 'web', port: 8080, weight: 3 },
        { name: 'db', namespace: 'other', port: 9000 },
        { name: 'web', port: 8080, weight: 0 },
      ],
      filters: [
        {
          type: 'RequestMirror',
          requestMirror: { backendRef: { name: 'web', port: 8080 }, fraction: { numerator: 1, denominator: 4 } },
        },
      ],
      timeouts: { request: '1m30s', backendRequest: '500ms' },
      retry: { attempts: 3, codes: [503], backoff: '100ms' },
    });
    expect(plan.backends.map((b) => [b.weight, b.target?.name ?? b.error?.reason])).toEqual([
      [3, 'web'],
      [1, 'RefNotPermitted'],
      [0, 'web'],
    ]);
    expect(plan.mirrors).toEqual([{ namespace: 'app', name: 'web', port: 8080, percent: 25 }]);
    expect(plan.requestTimeoutMs).toBe(90_000);
    expect(plan.backendTimeoutMs).toBe(500);
    expect(plan.retry).toEqual({ attempts: 3, codes: [503], backoffMs: 100 });
    expect(pickBackend(plan.backends, 0.1)?.target?.name).toBe('web');
    expect(pickBackend(plan.backends, 0.9)?.error?.reason).toBe('RefNotPermitted');
    expect(pickBackend([{ weight: 0, target: null, filters: [] }], 0.5)).toBeUndefined();
  });

  it('durations: GEP-2257 forms only', () => {
    expect(gatewayDurationMs('1h')).toBe(3_600_000);
    expect(gatewayDurationMs('10s')).toBe(10_000);
    expect(gatewayDurationMs('0s')).toBe(0);
    expect(gatewayDurationMs('1.5s')).toBeUndefined();
    expect(gatewayDurationMs('10')).toBeUndefined();
  });

  it('filters: header set/add/remove, URLRewrite of the full path or of the matched prefix, and hostname', () => {
    const req = { path: '/api/v1/items?x=1', headers: { 'x-a': '1', 'x-drop': 'y' } };
    const out = applyRequestFilters(
      [
        {
          type: 'RequestHeaderModifier',
          requestHeaderModifier: {
            set: [{ name: 'X-Set', value: 's' }],
            add: [{ name: 'x-a', value: '2' }],
            remove: ['X-Drop'],
          },
        },
        {
          type: 'URLRewrite',
          urlRewrite: { hostname: 'internal', path: { type: 'ReplacePrefixMatch', replacePrefixMatch: '/v2' } },
        },
      ],
      req,
      '/api/v1',
    );
    expect(out).toEqual({ path: '/v2/items?x=1', headers: { 'x-a': '1,2', 'x-set': 's' }, host: 'internal' });
    expect(
      applyRequestFilters(
        [{ type: 'URLRewrite', urlRewrite: { path: { type: 'ReplaceFullPath', replaceFullPath: '/new' } } }],
        req,
      ).path,
    ).toBe('/new?x=1');
    expect(
      applyRequestFilters(
        [{ type: 'URLRewrite', urlRewrite: { path: { type: 'ReplacePrefixMatch', replacePrefixMatch: '/' } } }],
        { path: '/api', headers: {} },
        '/api',
      ).path,
    ).toBe('/');
  });
});
