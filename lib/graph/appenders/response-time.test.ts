import { describe, expect, it } from 'vitest';
import type { TrafficMap } from '../traffic-map';
import { responseTimeAppender } from './response-time';
import { DETAILS, PP, ctx, ppToDetails, ppToDetailsViaService, row, scope } from './test-helpers';

describe('responseTimeAppender', () => {
  it('sets the edge response time; the destination-reported (first) value wins', () => {
    const tm: TrafficMap = new Map();
    const e = ppToDetails(tm, 10);
    responseTimeAppender.apply(tm, ctx({}), [
      [row(PP, DETAILS, { request_protocol: 'http' }, 12.6)],
      [row(PP, DETAILS, { request_protocol: 'http' }, 15)],
    ]);
    expect(e.responseTime).toBe(12.6);
  });

  it('only sets the service → workload edge when service nodes are injected (kiali-2297)', () => {
    const tm: TrafficMap = new Map();
    const [toSvc, toWl] = ppToDetailsViaService(tm, 10);
    responseTimeAppender.apply(tm, ctx({ injectServiceNodes: true }), [
      [row(PP, DETAILS, { request_protocol: 'http' }, 9)],
    ]);
    expect(toSvc.responseTime).toBeUndefined();
    expect(toWl.responseTime).toBe(9);
  });

  it('skips protocols not requested, NaN and rows without protocol; no-op without results', () => {
    const tm: TrafficMap = new Map();
    const e = ppToDetails(tm, 10);
    responseTimeAppender.apply(tm, ctx({ rates: { http: 'none', grpc: 'requests', tcp: 'sent', ambient: 'total' } }), [
      [row(PP, DETAILS, { request_protocol: 'http' }, 9), row(PP, DETAILS, {}, 9)],
    ]);
    expect(e.responseTime).toBeUndefined();
    responseTimeAppender.apply(tm, ctx({}), [[row(PP, DETAILS, { request_protocol: 'http' }, NaN)]]);
    expect(e.responseTime).toBeUndefined();
    responseTimeAppender.apply(tm, ctx({}));
    expect(e.responseTime).toBeUndefined();
  });
});

describe('responseTimeAppender queries', () => {
  it('responseTime quantile and avg forms', () => {
    const q = responseTimeAppender.queries!(
      scope({ rates: { http: 'requests', grpc: 'requests', tcp: 'sent', ambient: 'none' } }),
    );
    expect(q.map((d) => d.promql)).toEqual([
      'round(histogram_quantile(0.95, sum(rate(istio_request_duration_milliseconds_bucket{reporter="destination",destination_service_namespace="bookinfo"}[600s])) by (le,source_cluster,source_workload_namespace,source_workload,source_canonical_service,source_canonical_revision,destination_cluster,destination_service_namespace,destination_service,destination_service_name,destination_workload_namespace,destination_workload,destination_canonical_service,destination_canonical_revision,request_protocol)) > 0,0.001)',
      'round(histogram_quantile(0.95, sum(rate(istio_request_duration_milliseconds_bucket{reporter="source",source_workload_namespace="bookinfo"}[600s])) by (le,source_cluster,source_workload_namespace,source_workload,source_canonical_service,source_canonical_revision,destination_cluster,destination_service_namespace,destination_service,destination_service_name,destination_workload_namespace,destination_workload,destination_canonical_service,destination_canonical_revision,request_protocol)) > 0,0.001)',
    ]);
    const avg = responseTimeAppender.queries!(scope({ responseTime: 'avg' }));
    expect(avg[0]!.promql).toMatch(
      /^round\(sum\(rate\(istio_request_duration_milliseconds_sum\{.*\) \/ sum\(rate\(istio_request_duration_milliseconds_count\{.*> 0,0\.001\)$/,
    );
    expect(responseTimeAppender.queries!(scope({ responseTime: '99' }))[0]!.promql).toContain(
      'histogram_quantile(0.99,',
    );
  });
});
