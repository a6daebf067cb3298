import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parseFindHide } from '../find-hide';
import { nodeHash, toKialiJson } from '../to-json';
import type { GraphNode, TrafficMap } from '../traffic-map';
import type { GraphInventory, IstioObject, NodeDataJson } from '../types';
import { bookinfoInventory } from '../testdata/fixtures';
import { istioAppender } from './istio';
import { routeFeatures } from './gateway-api';
import { ctx, service, traffic, workload } from './test-helpers';

const NS = 'bookinfo-gateway-api';
const sample = (file: string, namespace = NS): IstioObject[] =>
  readFileSync(path.resolve(__dirname, '../../demo/samples/bookinfo/gateway-api', file), 'utf8')
    .split(/^---$/m)
    .map((d) => parse(d) as IstioObject)
    .filter(Boolean)
    .map((o) => ({ ...o, metadata: { ...o.metadata, namespace } }));

/** The node's graph JSON. */
function toNodeJson(tm: TrafficMap, n: GraphNode): NodeDataJson {
  const json = toKialiJson(tm, { graphType: 'workload', durationSeconds: 60, queryTime: 0, boxBy: [] });
  return json.elements.nodes.find((x) => x.data.id === nodeHash(n.id))!.data;
}

/** Whether the find/hide expression selects the node. */
function finds(expr: string, d: NodeDataJson): boolean {
  const r = parseFindHide(expr);
  if (!r.ok) throw new Error(`${expr}: ${r.error.message}`);
  return r.value.node!(d);
}

function inventory(gatewayApi: IstioObject[]): GraphInventory {
  const base = bookinfoInventory();
  return {
    ...base,
    workloads: [
      ...base.workloads,
      {
        namespace: NS,
        name: 'bookinfo-gateway-istio',
        kind: 'Deployment',
        podCount: 1,
        sidecarInjected: false,
        labels: {
          'gateway.networking.k8s.io/gateway-name': 'bookinfo-gateway',
          'service.istio.io/canonical-name': 'bookinfo-gateway-istio',
        },
      },
    ],
    gatewayApi,
  };
}

describe('Gateway API badges on the graph', () => {
  it('route-reviews-90-10 badges the backend service nodes the mesh sends traffic to, with traffic shifting', () => {
    const tm: TrafficMap = new Map();
    const pp = workload(tm, NS, 'productpage-v1', 'productpage', 'v1');
    const v1 = service(tm, NS, 'reviews-v1');
    const v2 = service(tm, NS, 'reviews-v2');
    const ratings = service(tm, NS, 'ratings');
    for (const s of [v1, v2, ratings]) traffic(pp, s, 1);
    istioAppender.apply(tm, ctx({}, inventory(sample('route-reviews-90-10.yaml')), NS));
    for (const n of [v1, v2]) {
      expect(n.meta).toMatchObject({ hasTrafficShifting: true, hasRequestRouting: true });
      expect([...n.meta.hasK8sRoutes!.values()]).toEqual([{ kind: 'HTTPRoute', namespace: NS, name: 'reviews' }]);
    }
    expect(ratings.meta.hasK8sRoutes).toBeUndefined();
    expect(ratings.meta.hasTrafficShifting).toBeUndefined();
    const json = toNodeJson(tm, v1);
    expect(json.hasK8sRoutes).toEqual([{ kind: 'HTTPRoute', namespace: NS, name: 'reviews' }]);
    expect(finds('httproute', json)).toBe(true);
    expect(finds('route and ts', json)).toBe(true);
    expect(finds('tcproute', json)).toBe(false);
    expect(finds('! route', toNodeJson(tm, ratings))).toBe(true);
  });

  it('route-reviews-v3 routes without shifting: the badge, request routing, no traffic shifting', () => {
    const tm: TrafficMap = new Map();
    const v3 = service(tm, NS, 'reviews-v3');
    traffic(workload(tm, NS, 'productpage-v1', 'productpage', 'v1'), v3, 1);
    istioAppender.apply(tm, ctx({}, inventory(sample('route-reviews-v3.yaml')), NS));
    expect(v3.meta.hasK8sRoutes?.size).toBe(1);
    expect(v3.meta.hasRequestRouting).toBe(true);
    expect(v3.meta.hasTrafficShifting).toBeUndefined();
  });

  it('marks the Gateway API gateway node as isGateway with its listener hostnames, found by find/hide', () => {
    const tm: TrafficMap = new Map();
    const gw = workload(tm, NS, 'bookinfo-gateway-istio', 'bookinfo-gateway-istio', 'latest');
    const pp = service(tm, NS, 'productpage');
    traffic(gw, pp, 1);
    istioAppender.apply(tm, ctx({}, inventory(sample('bookinfo-gateway.yaml')), NS));
    expect(gw.meta.isGatewayAPI).toEqual(new Map([['bookinfo-gateway', ['*']]]));
    const json = toNodeJson(tm, gw);
    expect(json.isGateway).toEqual({ ingressInfo: {}, egressInfo: {}, gatewayAPIInfo: { hostnames: ['*'] } });
    expect(json.isK8sGatewayAPI).toBe(true);
    expect(finds('gateway', json)).toBe(true);
    expect(finds('gatewayapi', json)).toBe(true);
    // the ingress HTTPRoute sends traffic to productpage
    expect([...pp.meta.hasK8sRoutes!.keys()]).toEqual([`HTTPRoute/${NS}/bookinfo`]);
    expect(finds('gw', toNodeJson(tm, pp))).toBe(false);
  });

  it('reads mirroring, timeouts and TCP shifting from the routes', () => {
    /** A route of `kind` with the one rule `rule`. */
    const oneRule = <K extends 'HTTPRoute' | 'TCPRoute'>(kind: K, name: string, rule: object) => ({
      kind,
      route: { metadata: { name }, spec: { rules: [rule] } },
    });
    const http = oneRule('HTTPRoute', 'r', {
      backendRefs: [
        { name: 'a', port: 1 },
        { name: 'b', port: 1, weight: 0 },
      ],
      filters: [{ type: 'RequestMirror', requestMirror: { backendRef: { name: 'c', port: 1 } } }],
      timeouts: { request: '2s' },
    });
    expect(routeFeatures(http)).toEqual({
      requestRouting: true,
      requestTimeout: true,
      trafficShifting: false,
      tcpTrafficShifting: false,
      mirroring: true,
    });
    const tcp = oneRule('TCPRoute', 't', {
      backendRefs: [
        { name: 'a', port: 1 },
        { name: 'b', port: 1 },
      ],
    });
    expect(routeFeatures(tcp)).toMatchObject({
      trafficShifting: false,
      tcpTrafficShifting: true,
      requestTimeout: false,
    });
  });
});
