import { describe, expect, it } from 'vitest';
import type { TrafficMap } from '../traffic-map';
import { throughputAppender } from './throughput';
import { DETAILS, PP, ctx, ppToDetails, row, scope, traffic, workload } from './test-helpers';

describe('throughputAppender', () => {
  it('sums bytes/s of the rows of an HTTP edge', () => {
    const tm: TrafficMap = new Map();
    const e = ppToDetails(tm, 10);
    throughputAppender.apply(tm, ctx({}), [[row(PP, DETAILS, {}, 1000)], [row(PP, DETAILS, {}, 234.5)]]);
    expect(e.throughput).toBe(1234.5);
  });

  it('ignores TCP edges and does nothing when HTTP rates are off', () => {
    const tm: TrafficMap = new Map();
    const tcp = ppToDetails(tm, 10, '-', 'tcp');
    throughputAppender.apply(tm, ctx({}), [[row(PP, DETAILS, {}, 1000)]]);
    expect(tcp.throughput).toBeUndefined();
    const tm2: TrafficMap = new Map();
    const http = traffic(
      workload(tm2, 'bookinfo', 'productpage-v1', 'productpage', 'v1'),
      workload(tm2, 'bookinfo', 'details-v1', 'details', 'v1'),
      10,
    );
    throughputAppender.apply(tm2, ctx({ rates: { http: 'none', grpc: 'requests', tcp: 'sent', ambient: 'total' } }), [
      [row(PP, DETAILS, {}, 1000)],
    ]);
    expect(http.throughput).toBeUndefined();
  });
});

describe('throughputAppender queries', () => {
  it('throughput uses the source reporter for request bytes and destination for response bytes', () => {
    const resp = throughputAppender.queries!(scope());
    expect(resp[0]!.promql).toContain(
      'istio_response_bytes_sum{reporter=~"waypoint|destination",source_workload_namespace!="bookinfo",destination_service_namespace="bookinfo"}',
    );
    const req = throughputAppender.queries!(scope({ throughputType: 'request' }));
    expect(req[1]!.promql).toContain(
      'istio_request_bytes_sum{reporter=~"waypoint|source",source_workload_namespace="bookinfo"}',
    );
  });
});
