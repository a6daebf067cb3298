import { describe, expect, it } from 'vitest';
import { hostnameMatches, intersectHostnames, listenerHostnameRank, routeHostnameScore } from './hostnames';
import { grpcMatchApplies, pathMatches, selectGrpcRule, selectHttpRule, type MatchRequest } from './match';
import type { GRPCRoute, HTTPRoute, HTTPRouteRule } from './types';

const req = (path: string, extra: Partial<MatchRequest> = {}): MatchRequest => ({
  method: 'GET',
  path,
  headers: {},
  ...extra,
});

function route(
  name: string,
  rules: HTTPRouteRule[],
  opts: { ns?: string; created?: string; hostnames?: string[] } = {},
): HTTPRoute {
  return {
    metadata: { name, namespace: opts.ns ?? 'default', creationTimestamp: opts.created ?? '2026-01-01T00:00:00Z' },
    spec: { hostnames: opts.hostnames, rules },
  };
}

/** Exact header or query param matches, one per entry: `{ version: 'v2' }` → `[{ name: 'version', value: 'v2' }]`. */
const exact = (values: Record<string, string>) => Object.entries(values).map(([name, value]) => ({ name, value }));

/** The backend name a selection routes to (first backendRef of the chosen rule). */
function pick(routes: HTTPRoute[], r: MatchRequest): string | null {
  const sel = selectHttpRule(
    routes.map((route) => ({ route })),
    r,
  );
  return sel ? (sel.rule.backendRefs?.[0]?.name ?? '') : null;
}

describe('hostnames (HTTPRoute hostnames documentation examples)', () => {
  it('a listener test.example.com accepts routes with no hostname, test.example.com or *.example.com', () => {
    expect(intersectHostnames('test.example.com', [])).toEqual(['test.example.com']);
    expect(intersectHostnames('test.example.com', ['test.example.com'])).toEqual(['test.example.com']);
    expect(intersectHostnames('test.example.com', ['*.example.com'])).toEqual(['test.example.com']);
    expect(intersectHostnames('test.example.com', ['other.example.com'])).toBeNull();
  });

  it('a listener *.example.com accepts *.example.com, test.example.com, foo.test.example.com; not example.com or test.example.net', () => {
    expect(intersectHostnames('*.example.com', ['*.example.com'])).toEqual(['*.example.com']);
    expect(intersectHostnames('*.example.com', ['test.example.com'])).toEqual(['test.example.com']);
    expect(intersectHostnames('*.example.com', ['foo.test.example.com'])).toEqual(['foo.test.example.com']);
    expect(intersectHostnames('*.example.com', ['example.com'])).toBeNull();
    expect(intersectHostnames('*.example.com', ['test.example.net'])).toBeNull();
  });

  it('ignores the route hostnames that do not match the listener (test.example.net dropped)', () => {
    expect(intersectHostnames('*.example.com', ['test.example.com', 'test.example.net'])).toEqual(['test.example.com']);
  });

  it('two wildcards intersect to the narrower one; a listener without hostname keeps the route hostnames', () => {
    expect(intersectHostnames('*.example.com', ['*.foo.example.com'])).toEqual(['*.foo.example.com']);
    expect(intersectHostnames('*.foo.example.com', ['*.example.com'])).toEqual(['*.foo.example.com']);
    expect(intersectHostnames(undefined, ['a.example.com'])).toEqual(['a.example.com']);
    expect(intersectHostnames(undefined, undefined)).toEqual(['*']);
  });

  it('a wildcard matches any number of labels, never the bare suffix', () => {
    expect(hostnameMatches('*.example.com', 'foo.bar.example.com')).toBe(true);
    expect(hostnameMatches('*.example.com', 'bar.example.com')).toBe(true);
    expect(hostnameMatches('*.example.com', 'example.com')).toBe(false);
  });

  it('listener precedence: exact > more specific wildcard > wildcard > none', () => {
    const order = ['', '*.example.com', '*.foo.example.com', 'foo.example.com'].map((h) =>
      listenerHostnameRank(h || undefined),
    );
    expect([...order].sort((a, b) => a - b)).toEqual(order);
  });

  it('route precedence: longest matching non-wildcard hostname, then longest matching hostname', () => {
    expect(routeHostnameScore(['foo.example.com', '*.example.com'], 'foo.example.com')).toEqual([15, 15]);
    expect(routeHostnameScore(['*.example.com'], 'foo.example.com')).toEqual([0, 13]);
    expect(routeHostnameScore(['bar.example.com'], 'foo.example.com')).toBeNull();
    expect(routeHostnameScore([], 'foo.example.com')).toEqual([0, 0]);
  });
});

describe('path matching', () => {
  it('PathPrefix matches whole path elements and ignores a trailing slash', () => {
    const m = { type: 'PathPrefix', value: '/foo' };
    expect(pathMatches(m, '/foo')).toBe(true);
    expect(pathMatches(m, '/foo/')).toBe(true);
    expect(pathMatches(m, '/foo/bar?x=1')).toBe(true);
    expect(pathMatches(m, '/foobar')).toBe(false);
    expect(pathMatches({ type: 'PathPrefix', value: '/foo/' }, '/foo')).toBe(true);
    expect(pathMatches(undefined, '/anything')).toBe(true);
  });

  it('Exact compares the whole path without the query; RegularExpression matches the whole path', () => {
    expect(pathMatches({ type: 'Exact', value: '/login' }, '/login?next=/')).toBe(true);
    expect(pathMatches({ type: 'Exact', value: '/login' }, '/login/')).toBe(false);
    expect(pathMatches({ type: 'RegularExpression', value: '/v[0-9]+' }, '/v2')).toBe(true);
    expect(pathMatches({ type: 'RegularExpression', value: '/v[0-9]+' }, '/v2/x')).toBe(false);
  });
});

describe('HTTPRoute match precedence (HTTPRouteRule matches documentation)', () => {
  const b = (name: string) => [{ name, port: 80 }];

  it('an Exact path beats any PathPrefix, and the longest PathPrefix wins', () => {
    const r = route('r', [
      { matches: [{ path: { type: 'PathPrefix', value: '/' } }], backendRefs: b('root') },
      { matches: [{ path: { type: 'PathPrefix', value: '/api' } }], backendRefs: b('api') },
      { matches: [{ path: { type: 'PathPrefix', value: '/api/v1' } }], backendRefs: b('api-v1') },
      { matches: [{ path: { type: 'Exact', value: '/api/v1/x' } }], backendRefs: b('exact') },
    ]);
    expect(pick([r], req('/api/v1/x'))).toBe('exact');
    expect(pick([r], req('/api/v1/y'))).toBe('api-v1');
    expect(pick([r], req('/api/v2'))).toBe('api');
    expect(pick([r], req('/other'))).toBe('root');
  });

  it('then a method match, then the most header matches, then the most query param matches', () => {
    const p = { type: 'PathPrefix', value: '/' };
    const r = route('r', [
      { matches: [{ path: p }], backendRefs: b('plain') },
      { matches: [{ path: p, queryParams: exact({ a: '1', b: '2' }) }], backendRefs: b('two-queries') },
      { matches: [{ path: p, headers: exact({ version: 'v2' }) }], backendRefs: b('one-header') },
      { matches: [{ path: p, headers: exact({ version: 'v2', env: 'canary' }) }], backendRefs: b('two-headers') },
      { matches: [{ path: p, method: 'POST' }], backendRefs: b('post') },
    ]);
    const headers = { version: 'v2', env: 'canary' };
    expect(pick([r], req('/x?a=1&b=2', { method: 'POST', headers }))).toBe('post');
    expect(pick([r], req('/x?a=1&b=2', { headers }))).toBe('two-headers');
    expect(pick([r], req('/x?a=1&b=2', { headers: { Version: 'v2' } as Record<string, string> }))).toBe('two-queries');
    expect(pick([r], req('/x?a=1&b=2', { headers: { version: 'v2' } }))).toBe('one-header');
    expect(pick([r], req('/x?a=1'))).toBe('plain');
  });

  it('a longer prefix beats a method match: criteria apply in order', () => {
    const r = route('r', [
      { matches: [{ path: { type: 'PathPrefix', value: '/' }, method: 'GET' }], backendRefs: b('get') },
      { matches: [{ path: { type: 'PathPrefix', value: '/a' } }], backendRefs: b('a') },
    ]);
    expect(pick([r], req('/a/b'))).toBe('a');
  });

  it('ties across routes go to the oldest route, then to namespace/name order; within a route, to the first rule', () => {
    const same = [{ matches: [{ path: { type: 'PathPrefix', value: '/' } }], backendRefs: b('x') }];
    const older = route('zzz', [{ ...same[0]!, backendRefs: b('older') }], { created: '2025-01-01T00:00:00Z' });
    const newer = route('aaa', [{ ...same[0]!, backendRefs: b('newer') }], { created: '2026-06-01T00:00:00Z' });
    expect(pick([newer, older], req('/'))).toBe('older');
    const fooBar = route('bar', [{ ...same[0]!, backendRefs: b('foo/bar') }], { ns: 'foo' });
    const fooBaz = route('baz', [{ ...same[0]!, backendRefs: b('foo/baz') }], { ns: 'foo' });
    expect(pick([fooBaz, fooBar], req('/'))).toBe('foo/bar');
    const twoRules = route('r', [
      { ...same[0]!, backendRefs: b('first') },
      { ...same[0]!, backendRefs: b('second') },
    ]);
    expect(pick([twoRules], req('/'))).toBe('first');
  });

  it('a rule without matches is PathPrefix / and nothing matching gives null (404)', () => {
    const r = route('r', [{ backendRefs: b('all') }]);
    expect(pick([r], req('/anything'))).toBe('all');
    const only = route('o', [{ matches: [{ path: { type: 'Exact', value: '/only' } }], backendRefs: b('only') }]);
    expect(pick([only], req('/other'))).toBeNull();
  });

  it('route hostname precedence comes before match precedence', () => {
    const wildcard = route('w', [{ matches: [{ path: { type: 'Exact', value: '/x' } }], backendRefs: b('wildcard') }], {
      hostnames: ['*.example.com'],
    });
    const exact = route('e', [{ backendRefs: b('exact-host') }], { hostnames: ['foo.example.com'] });
    expect(pick([wildcard, exact], req('/x', { host: 'foo.example.com' }))).toBe('exact-host');
    expect(pick([wildcard, exact], req('/x', { host: 'bar.example.com:80' }))).toBe('wildcard');
    expect(pick([wildcard, exact], req('/x', { host: 'example.org' }))).toBeNull();
  });
});

describe('GRPCRoute matching', () => {
  it('matches service and method, and prefers the more specific method match', () => {
    const r: GRPCRoute = {
      metadata: { name: 'g', namespace: 'default' },
      spec: {
        rules: [
          {
            matches: [{ method: { service: 'helloworld.Greeter' } }],
            backendRefs: [{ name: 'service-wide', port: 50051 }],
          },
          {
            matches: [{ method: { service: 'helloworld.Greeter', method: 'SayHello' } }],
            backendRefs: [{ name: 'say-hello', port: 50051 }],
          },
        ],
      },
    };
    expect(
      grpcMatchApplies(
        { method: { type: 'RegularExpression', service: 'hello.*', method: 'Say.*' } },
        req('/helloworld.Greeter/SayHello'),
      ),
    ).toBe(true);
    expect(selectGrpcRule([{ route: r }], req('/helloworld.Greeter/SayHello'))?.rule.backendRefs?.[0]?.name).toBe(
      'say-hello',
    );
    expect(selectGrpcRule([{ route: r }], req('/helloworld.Greeter/SayBye'))?.rule.backendRefs?.[0]?.name).toBe(
      'service-wide',
    );
    expect(selectGrpcRule([{ route: r }], req('/other.Svc/X'))).toBeNull();
  });
});
