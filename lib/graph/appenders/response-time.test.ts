import { describe, expect, it } from 'vitest';
import type { TrafficMap } from '../traffic-map';
import { responseTimeAppender } from './response-time';
import { DETAILS, PP, ctx, row, service, traffic, workload } from './test-helpers';

describe('responseTimeAppender', () => {
  it('sets the edge response time; the destination-reported (first) value wins', () => {
    const tm: TrafficMap = new Map();
    const e = traffic(workload(tm, 'bookinfo', 'productpage-v1', 'productpage', 'v1'), workload(tm, 'bookinfo', 'details-v1', 'details', 'v1'), 10);
    responseTimeAppender(tm, ctx({}, { responseTime: [[row(PP, DETAILS, { request_protocol: 'http' }, 12.6)], [row(PP, DETAILS, { request_protocol: 'http' }, 15)]] }));
    expect(e.responseTime).toBe(12.6);
  });

  it('only sets the service → workload edge when service nodes are injected (kiali-2297)', () => {
    const tm: TrafficMap = new Map();
    const svc = service(tm, 'bookinfo', 'details');
    const toSvc = traffic(workload(tm, 'bookinfo', 'productpage-v1', 'productpage', 'v1'), svc, 10);
    const toWl = traffic(svc, workload(tm, 'bookinfo', 'details-v1', 'details', 'v1'), 10);
    responseTimeAppender(tm, ctx({ injectServiceNodes: true }, { responseTime: [[row(PP, DETAILS, { request_protocol: 'http' }, 9)]] }));
    expect(toSvc.responseTime).toBeUndefined();
    expect(toWl.responseTime).toBe(9);
  });

  it('skips protocols not requested, NaN and rows without protocol; no-op without results', () => {
    const tm: TrafficMap = new Map();
    const e = traffic(workload(tm, 'bookinfo', 'productpage-v1', 'productpage', 'v1'), workload(tm, 'bookinfo', 'details-v1', 'details', 'v1'), 10);
    responseTimeAppender(tm, ctx({ rates: { http: 'none', grpc: 'requests', tcp: 'sent', ambient: 'total' } }, { responseTime: [[row(PP, DETAILS, { request_protocol: 'http' }, 9), row(PP, DETAILS, {}, 9)]] }));
    expect(e.responseTime).toBeUndefined();
    responseTimeAppender(tm, ctx({}, { responseTime: [[row(PP, DETAILS, { request_protocol: 'http' }, NaN)]] }));
    expect(e.responseTime).toBeUndefined();
    responseTimeAppender(tm, ctx({}));
    expect(e.responseTime).toBeUndefined();
  });
});
