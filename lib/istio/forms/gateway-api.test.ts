import { describe, expect, it } from 'vitest';
import { sampleObject, shiftRows } from './test-helpers';
import type { ShiftingState } from './wizards';
import {
  applyRouteShifting,
  applyTcpRouteShifting,
  defaultRouteApi,
  describeRule,
  httpRouteKind,
  initialRoute,
  isCatchAllRule,
  markRouteWizard,
  routeErrors,
  routeShiftingState,
  tcpPort,
  toPercents,
  versionBackends,
  type RouteServiceTarget,
  type WizardRoute,
} from './gateway-api';

const port = (p: number, name: string | null = 'http', appProtocol: string | null = null) => ({
  name,
  port: p,
  protocol: 'TCP',
  appProtocol,
});
const wl = (name: string, version: string) => ({ name, labels: { app: 'reviews', version } });
const reviews: RouteServiceTarget = {
  namespace: 'bookinfo-gateway-api',
  name: 'reviews',
  ports: [port(9080)],
  workloads: [wl('reviews-v1', 'v1'), wl('reviews-v2', 'v2'), wl('reviews-v3', 'v3')],
};
const versionService = (v: string): RouteServiceTarget => ({
  namespace: 'bookinfo-gateway-api',
  name: `reviews-${v}`,
  ports: [port(9080)],
  workloads: [wl(`reviews-${v}`, v)],
});
const services = [reviews, versionService('v1'), versionService('v2'), versionService('v3')];
const backends = versionBackends(reviews, services, 9080);
const sample = (file: string) => sampleObject(`bookinfo/gateway-api/${file}`);
/** `route` with `state`'s Traffic Shifting over reviews' version backends (port 9080 when the route names none). */
const shiftReviews = (route: WizardRoute, state: ShiftingState) =>
  applyRouteShifting(route, reviews, backends, state, 9080);
/** The shifting table with all traffic on `version`. */
const allTo = (version: string): ShiftingState => ({
  rows: backends.map((b) => ({ subset: b.service, weight: b.version === version ? 100 : 0, mirrored: false })),
  mirrorPercent: 100,
});

describe('Gateway API wizards: targets', () => {
  it('offers one backend per version: the Service that selects only that version of the service', () => {
    expect(backends).toEqual([
      { version: 'v1', service: 'reviews-v1', port: 9080 },
      { version: 'v2', service: 'reviews-v2', port: 9080 },
      { version: 'v3', service: 'reviews-v3', port: 9080 },
    ]);
  });

  it('ignores Services that select workloads of another app or of several versions', () => {
    const wide: RouteServiceTarget = { ...versionService('v1'), name: 'reviews-all', workloads: reviews.workloads };
    const other: RouteServiceTarget = {
      ...versionService('v2'),
      name: 'ratings-v2',
      workloads: [{ name: 'ratings-v2', labels: { app: 'ratings', version: 'v2' } }],
    };
    expect(versionBackends(reviews, [reviews, wide, other, versionService('v3')], 9080)).toEqual([
      { version: 'v3', service: 'reviews-v3', port: 9080 },
    ]);
  });

  it('falls back to the service itself when no version has its own Service', () => {
    expect(versionBackends(reviews, [reviews], 9080)).toEqual([{ version: null, service: 'reviews', port: 9080 }]);
  });

  it('writes GRPCRoute for a gRPC port, HTTPRoute otherwise, and finds the TCP port', () => {
    expect(httpRouteKind(reviews)).toBe('HTTPRoute');
    expect(httpRouteKind({ ...reviews, ports: [port(50051, 'grpc')] })).toBe('GRPCRoute');
    expect(httpRouteKind({ ...reviews, ports: [port(50051, 'api', 'grpc')] })).toBe('GRPCRoute');
    expect(httpRouteKind({ ...reviews, ports: [port(8080, 'grpc-web')] })).toBe('HTTPRoute');
    expect(tcpPort({ ...reviews, ports: [port(9000, 'tcp'), port(9001, 'http')] })?.port).toBe(9000);
  });

  it('defaults to the Gateway API when the cluster serves it and no VirtualService routes the service', () => {
    expect(defaultRouteApi({ served: true, virtualServices: 0, routes: 0 })).toBe('gateway-api');
    expect(defaultRouteApi({ served: true, virtualServices: 1, routes: 0 })).toBe('istio');
    expect(defaultRouteApi({ served: true, virtualServices: 1, routes: 1 })).toBe('gateway-api');
    expect(defaultRouteApi({ served: false, virtualServices: 0, routes: 0 })).toBe('istio');
  });
});

describe('Gateway API wizards: Traffic Shifting', () => {
  it('a new route has the GAMMA parentRef of the service, as Istio task pages write it', () => {
    const route = initialRoute(reviews, 'HTTPRoute', null, 9080);
    expect(route).toEqual({
      apiVersion: 'gateway.networking.k8s.io/v1',
      kind: 'HTTPRoute',
      metadata: { name: 'reviews', namespace: 'bookinfo-gateway-api' },
      spec: {
        parentRefs: [{ group: '', kind: 'Service', name: 'reviews', port: 9080 }],
        rules: [{ backendRefs: [{ name: 'reviews', port: 9080 }] }],
      },
    });
  });

  it('reads the 90/10 sample route as weights, and 50/50 v1/v3 writes the task page route', () => {
    const existing = {
      ...sample('route-reviews-90-10.yaml'),
      metadata: { name: 'reviews', namespace: reviews.namespace },
    };
    const route = initialRoute(reviews, 'HTTPRoute', existing, 9080);
    const state = routeShiftingState(route, backends);
    expect(state.rows).toEqual(shiftRows(['reviews-v1', 90], ['reviews-v2', 10], ['reviews-v3', 0]));
    const shifted = shiftReviews(route, {
      ...state,
      rows: shiftRows(['reviews-v1', 50], ['reviews-v2', 0], ['reviews-v3', 50]),
    });
    const expected = sample('route-reviews-50-v3.yaml') as { spec: unknown };
    expect(shifted.spec).toEqual(expected.spec);
    expect(routeErrors(shifted)).toEqual([]);
  });

  it('keeps what the API server defaulted on the route: the catch-all match and the backendRefs’ group and kind', () => {
    const stored = {
      apiVersion: 'gateway.networking.k8s.io/v1',
      kind: 'HTTPRoute',
      metadata: { name: 'reviews', namespace: reviews.namespace },
      spec: {
        parentRefs: [{ group: '', kind: 'Service', name: 'reviews', port: 9080 }],
        rules: [
          {
            backendRefs: [
              { name: 'reviews-v1', port: 9080, weight: 90, group: '', kind: 'Service' },
              { name: 'reviews-v2', port: 9080, weight: 10, group: '', kind: 'Service' },
            ],
            matches: [{ path: { type: 'PathPrefix', value: '/' } }],
          },
        ],
      },
    };
    const route = initialRoute(reviews, 'HTTPRoute', stored, 9080);
    const same = shiftReviews(route, routeShiftingState(route, backends));
    expect(same.spec).toEqual(stored.spec);
    const v3 = shiftReviews(route, allTo('v1'));
    expect(v3.spec?.rules).toEqual([
      {
        backendRefs: [{ name: 'reviews-v1', port: 9080, group: '', kind: 'Service' }],
        matches: [{ path: { type: 'PathPrefix', value: '/' } }],
      },
    ]);
  });

  it('100 % to one version writes a single backendRef without a weight (route-reviews-v3.yaml)', () => {
    const route = initialRoute(reviews, 'HTTPRoute', null, 9080);
    const shifted = shiftReviews(route, allTo('v3'));
    expect(shifted.spec).toEqual((sample('route-reviews-v3.yaml') as { spec: unknown }).spec);
  });

  it('mirrors one backend with a RequestMirror filter and keeps the catch-all rule timeouts', () => {
    const route: WizardRoute = {
      ...initialRoute(reviews, 'HTTPRoute', null, 9080),
      spec: {
        parentRefs: [{ group: '', kind: 'Service', name: 'reviews', port: 9080 }],
        rules: [
          {
            matches: [{ headers: [{ name: 'end-user', value: 'jason' }] }],
            backendRefs: [{ name: 'reviews-v2', port: 9080 }],
          },
          { backendRefs: [{ name: 'reviews-v1', port: 9080 }], timeouts: { request: '3s' } },
        ],
      },
    };
    const shifted = shiftReviews(route, {
      rows: shiftRows(['reviews-v1', 100], ['reviews-v2', 0, true], ['reviews-v3', 0]),
      mirrorPercent: 25,
    });
    expect(shifted.spec?.rules).toEqual([
      {
        backendRefs: [{ name: 'reviews-v1', port: 9080 }],
        timeouts: { request: '3s' },
        filters: [
          { type: 'RequestMirror', requestMirror: { backendRef: { name: 'reviews-v2', port: 9080 }, percent: 25 } },
        ],
      },
    ]);
    const back = routeShiftingState(shifted, backends);
    expect(back.rows.find((r) => r.mirrored)?.subset).toBe('reviews-v2');
    expect(back.mirrorPercent).toBe(25);
  });

  it('keeps a backend the table does not offer as its own row', () => {
    const route: WizardRoute = {
      ...initialRoute(reviews, 'HTTPRoute', null, 9080),
      spec: {
        rules: [
          {
            backendRefs: [
              { name: 'reviews-canary', port: 9080, weight: 1 },
              { name: 'reviews-v1', port: 9080, weight: 3 },
            ],
          },
        ],
      },
    };
    expect(routeShiftingState(route, backends).rows.map((r) => [r.subset, r.weight])).toEqual([
      ['reviews-v1', 75],
      ['reviews-v2', 0],
      ['reviews-v3', 0],
      ['reviews-canary', 25],
    ]);
  });

  it('adds the service parentRef to an existing route that lacks it', () => {
    const route = initialRoute(
      reviews,
      'HTTPRoute',
      {
        apiVersion: 'gateway.networking.k8s.io/v1',
        kind: 'HTTPRoute',
        metadata: { name: 'x', namespace: reviews.namespace },
        spec: { parentRefs: [{ name: 'gw' }] },
      },
      9080,
    );
    expect(route.spec?.parentRefs).toEqual([
      { name: 'gw' },
      { group: '', kind: 'Service', name: 'reviews', port: 9080 },
    ]);
    expect(route.spec?.rules).toEqual([]);
  });

  it('TCP Traffic Shifting writes weighted backendRefs on a TCPRoute', () => {
    const route = initialRoute(reviews, 'TCPRoute', null, 9080);
    const shifted = applyTcpRouteShifting(
      route,
      reviews,
      backends,
      {
        rows: shiftRows(['reviews-v1', 80], ['reviews-v2', 20, true], ['reviews-v3', 0]),
        mirrorPercent: 100,
      },
      9080,
    );
    expect(shifted.kind).toBe('TCPRoute');
    expect(shifted.spec?.rules).toEqual([
      {
        backendRefs: [
          { name: 'reviews-v1', port: 9080, weight: 80 },
          { name: 'reviews-v2', port: 9080, weight: 20 },
        ],
      },
    ]);
  });
});

describe('Gateway API wizards: rules, timeouts and errors', () => {
  const base = initialRoute(reviews, 'HTTPRoute', null, 9080);
  const withRules = (rules: NonNullable<WizardRoute['spec']>['rules']): WizardRoute => ({
    ...base,
    spec: { ...base.spec, rules },
  });

  it('accepts a header-routed rule with timeouts and retries', () => {
    const route = withRules([
      {
        matches: [
          {
            path: { type: 'PathPrefix', value: '/api' },
            headers: [{ type: 'Exact', name: 'end-user', value: 'jason' }],
          },
        ],
        backendRefs: [{ name: 'reviews-v2', port: 9080 }],
        timeouts: { request: '10s', backendRequest: '2s' },
        retry: { attempts: 3, codes: [503, 504], backoff: '100ms' },
      },
      { backendRefs: [{ name: 'reviews-v1', port: 9080 }] },
    ]);
    expect(routeErrors(route)).toEqual([]);
    expect(describeRule(route.spec!.rules![0]!, 0)).toBe('Rule 1: path PathPrefix /api, header end-user = jason');
    expect(describeRule(route.spec!.rules![1]!, 1)).toBe('Rule 2: every request');
  });

  it('names what is wrong, rule by rule', () => {
    const route = withRules([
      {
        matches: [{ path: { type: 'PathPrefix', value: 'api' }, headers: [{ name: 'bad header', value: 'x' }] }],
        backendRefs: [],
        timeouts: { request: '2s', backendRequest: '5s' },
        retry: { attempts: -1, codes: [200] },
      },
      { backendRefs: [{ name: 'reviews-v1', port: 9080, weight: 0 }], timeouts: { request: '2 seconds' } },
      {
        matches: [{ path: { type: 'RegularExpression', value: '/(' } }],
        backendRefs: [{ name: 'reviews-v1', port: 9080 }],
      },
    ]);
    expect(routeErrors(route)).toEqual([
      'Rule 1: route to at least one backend',
      'Rule 1, match 1: header name "bad header" is not a valid HTTP header name',
      'Rule 1, match 1: path must start with /',
      'Rule 1: backend request timeout must not be longer than the request timeout',
      'Rule 1: retry attempts must be a whole number, 0 or more',
      'Rule 1: retry code 200 is not from 400 to 599',
      'Rule 2: every backend has weight 0',
      'Rule 2: request timeout must be a duration like 10s, 500ms or 1m30s',
      'Rule 3, match 1: path: invalid regular expression',
    ]);
  });

  it('treats a lone PathPrefix / match as catch-all, and any other match as not', () => {
    expect(isCatchAllRule({ matches: [{ path: { type: 'PathPrefix', value: '/' } }] })).toBe(true);
    expect(isCatchAllRule({ matches: [{}] })).toBe(true);
    expect(isCatchAllRule({ matches: [{ path: { type: 'Exact', value: '/' } }] })).toBe(false);
    expect(isCatchAllRule({ matches: [{ method: 'GET' }] })).toBe(false);
  });

  it('marks the route with the wizard that wrote it', () => {
    expect(markRouteWizard(base, 'traffic-shifting').metadata.annotations).toEqual({
      'meshscope.io/wizard': 'traffic-shifting',
    });
  });

  it('turns weights into whole percentages that add up to 100', () => {
    expect(toPercents([1, 1, 1])).toEqual([34, 33, 33]);
    expect(toPercents([90, 10])).toEqual([90, 10]);
    expect(toPercents([0, 0])).toEqual([0, 0]);
    expect(toPercents([2, 1])).toEqual([67, 33]);
  });
});
