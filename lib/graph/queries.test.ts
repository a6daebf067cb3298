import { describe, expect, it } from 'vitest';
import { BadRequestError } from '@/lib/promql/index';
import {
  GROUP_BY_REQUESTS,
  GROUP_BY_TCP,
  namespaceTrafficQueries,
  nodeTrafficQueries,
  type QueryOptions,
} from './queries';

const o = (over: Partial<QueryOptions> = {}): QueryOptions => ({
  rates: { http: 'requests', grpc: 'requests', tcp: 'sent', ambient: 'total' },
  includeIdleEdges: false,
  responseTime: '95',
  throughputType: 'response',
  ...over,
});
const G = GROUP_BY_REQUESTS;

describe('namespace traffic queries (Kiali istio.go #0, #2, #3)', () => {
  it('issues exactly Kiali’s request queries, wrapped in round()', () => {
    const q = namespaceTrafficQueries(
      o({ rates: { http: 'requests', grpc: 'requests', tcp: 'none', ambient: 'none' } }),
      'bookinfo',
      600,
    ).map((d) => d.promql);
    expect(q).toEqual([
      `round(sum(rate(istio_requests_total{reporter="source",source_workload_namespace!="bookinfo",destination_workload_namespace="unknown",destination_workload="unknown",destination_service=~"^.+\\\\.bookinfo\\\\..+$"} [600s])) by (${G}) > 0,0.001)`,
      `round(sum(rate(istio_requests_total{reporter="destination",destination_workload_namespace="bookinfo"} [600s])) by (${G}) > 0,0.001)`,
      `round(sum(rate(istio_requests_total{reporter="source",source_workload_namespace="bookinfo"} [600s])) by (${G}) > 0,0.001)`,
    ]);
  });

  it('uses the waypoint reporter form by default (ambientTraffic=total) and idle edges drop "> 0"', () => {
    const [q0] = namespaceTrafficQueries(o({ includeIdleEdges: true }), 'bookinfo', 60);
    expect(q0!.promql).toContain('{reporter=~"waypoint|source",');
    expect(q0!.promql).toMatch(/by \([^)]*\),0\.001\)$/);
  });

  it('maps TCP sent to istio_tcp_received_bytes_total (istio#32399) and adds app!="ztunnel" when ambient is none', () => {
    const q = namespaceTrafficQueries(
      o({ rates: { http: 'none', grpc: 'none', tcp: 'sent', ambient: 'none' } }),
      'bookinfo',
      600,
    );
    expect(q).toHaveLength(3);
    expect(q[1]!.promql).toBe(
      `round(sum(rate(istio_tcp_received_bytes_total{app!="ztunnel",reporter="destination",destination_workload_namespace="bookinfo"} [600s])) by (${GROUP_BY_TCP}) > 0,0.001)`,
    );
    const total = namespaceTrafficQueries(
      o({ rates: { http: 'none', grpc: 'none', tcp: 'total', ambient: 'none' } }),
      'bookinfo',
      600,
    );
    expect(new Set(total.map((d) => d.metric))).toEqual(
      new Set(['istio_tcp_received_bytes_total', 'istio_tcp_sent_bytes_total']),
    );
    expect(
      namespaceTrafficQueries(
        o({ rates: { http: 'none', grpc: 'none', tcp: 'received', ambient: 'none' } }),
        'x',
        60,
      )[0]!.metric,
    ).toBe('istio_tcp_sent_bytes_total');
  });

  it('counts: 6 queries with UI defaults, +8 for gRPC total, +1 per request metric in ambient namespaces', () => {
    expect(namespaceTrafficQueries(o(), 'bookinfo', 600)).toHaveLength(6);
    expect(
      namespaceTrafficQueries(
        o({ rates: { http: 'requests', grpc: 'total', tcp: 'sent', ambient: 'total' } }),
        'bookinfo',
        600,
      ),
    ).toHaveLength(12);
    const ambient = namespaceTrafficQueries(o(), 'bookinfo', 600, true);
    expect(ambient).toHaveLength(7);
    expect(ambient[1]!.promql).toContain(
      '{reporter="source",source_workload_namespace!="bookinfo",destination_workload_namespace="bookinfo"}',
    );
  });

  it('ids are namespace/purpose/metric/index', () => {
    expect(namespaceTrafficQueries(o(), 'bookinfo', 600).map((d) => d.id)).toEqual([
      'bookinfo/traffic/istio_requests_total/0',
      'bookinfo/traffic/istio_requests_total/1',
      'bookinfo/traffic/istio_requests_total/2',
      'bookinfo/traffic/istio_tcp_received_bytes_total/0',
      'bookinfo/traffic/istio_tcp_received_bytes_total/1',
      'bookinfo/traffic/istio_tcp_received_bytes_total/2',
    ]);
  });

  it('re-validates names and ranges itself', () => {
    expect(() => namespaceTrafficQueries(o(), '"} or up{', 600)).toThrow(BadRequestError);
    expect(() => namespaceTrafficQueries(o(), 'bookinfo', 1.5)).toThrow(/internal/);
  });
});

describe('node graph queries', () => {
  it('workload: incoming destination-reported, outgoing source-reported, optional cluster', () => {
    const q = nodeTrafficQueries(
      o({ rates: { http: 'requests', grpc: 'requests', tcp: 'none', ambient: 'none' } }),
      { namespace: 'bookinfo', workload: 'reviews-v1', cluster: 'east' },
      600,
    );
    expect(q.map((d) => d.promql)).toEqual([
      `round(sum(rate(istio_requests_total{reporter="destination",destination_cluster="east",destination_workload_namespace="bookinfo",destination_workload="reviews-v1"} [600s])) by (${G}) > 0,0.001)`,
      `round(sum(rate(istio_requests_total{reporter="source",source_cluster="east",source_workload_namespace="bookinfo",source_workload="reviews-v1"} [600s])) by (${G}) > 0,0.001)`,
    ]);
  });

  it('app (+version) uses canonical service/revision; service adds the unserviced query and has no outgoing', () => {
    const app = nodeTrafficQueries(
      o({ rates: { http: 'requests', grpc: 'none', tcp: 'none', ambient: 'none' } }),
      { namespace: 'bookinfo', app: 'reviews', version: 'v2' },
      600,
    );
    expect(app[0]!.promql).toContain(
      '{reporter="destination",destination_service_namespace="bookinfo",destination_canonical_service="reviews",destination_canonical_revision="v2"}',
    );
    expect(app[1]!.promql).toContain(
      '{reporter="source",source_workload_namespace="bookinfo",source_canonical_service="reviews",source_canonical_revision="v2"}',
    );
    const svc = nodeTrafficQueries(
      o({ rates: { http: 'requests', grpc: 'none', tcp: 'none', ambient: 'none' } }),
      { namespace: 'bookinfo', service: 'reviews' },
      600,
    );
    expect(svc.map((d) => d.promql)).toEqual([
      `round(sum(rate(istio_requests_total{reporter="source",destination_workload="unknown",destination_service=~"^reviews\\\\.bookinfo\\\\..*$"} [600s])) by (${G}) > 0,0.001)`,
      `round(sum(rate(istio_requests_total{reporter="destination",destination_service_namespace="bookinfo",destination_service=~"^reviews\\\\.bookinfo\\\\..*$"} [600s])) by (${G}) > 0,0.001)`,
    ]);
  });

  it('escapes dots of workload names inside regexes and rejects bad names', () => {
    expect(() => nodeTrafficQueries(o(), { namespace: 'bookinfo', workload: 'a"b' }, 600)).toThrow(BadRequestError);
    expect(() => nodeTrafficQueries(o(), { namespace: 'bookinfo', app: '.*' }, 600)).toThrow(BadRequestError);
  });
});
