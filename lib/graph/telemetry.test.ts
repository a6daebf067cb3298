import { describe, expect, it } from 'vitest';
import {
  handleResponseCode,
  isBadDestTelemetry,
  isBadSourceTelemetry,
  metricProtocol,
  populateTrafficMap,
  type PopulateStats,
} from './telemetry';
import type { TrafficMap } from './traffic-map';
import type { PromSample } from './types';

const base = {
  source_cluster: 'east',
  source_workload_namespace: 'bookinfo',
  source_workload: 'productpage-v1',
  source_canonical_service: 'productpage',
  source_canonical_revision: 'v1',
  destination_cluster: 'east',
  destination_service_namespace: 'bookinfo',
  destination_service: 'details.bookinfo.svc.cluster.local',
  destination_service_name: 'details',
  destination_workload_namespace: 'bookinfo',
  destination_workload: 'details-v1',
  destination_canonical_service: 'details',
  destination_canonical_revision: 'v1',
  request_protocol: 'http',
  response_code: '200',
  response_flags: '-',
};
const row = (over: Record<string, string | undefined>, value: number): PromSample => {
  const metric: Record<string, string> = {};
  for (const [k, v] of Object.entries({ ...base, ...over })) if (v !== undefined) metric[k] = v;
  return { metric, value };
};
const opts = {
  graphType: 'workload' as const,
  injectServiceNodes: false,
  rates: { http: 'requests', grpc: 'requests', tcp: 'sent', ambient: 'total' } as const,
};

function edge(tm: TrafficMap, from: string, to: string) {
  return tm.get(from)?.edges.find((e) => e.dest.id === to);
}

describe('populateTrafficMap', () => {
  it('adds source out, dest in and edge rates by code class', () => {
    const tm: TrafficMap = new Map();
    populateTrafficMap(
      tm,
      [
        row({}, 8),
        row({ response_code: '503' }, 1),
        row({ response_code: '404', response_flags: 'NR' }, 0.5),
        row({ response_code: '0', response_flags: 'DC' }, 0.5),
      ],
      'istio_requests_total',
      opts,
    );
    const src = tm.get('wl_east_bookinfo_productpage-v1')!;
    const dst = tm.get('wl_east_bookinfo_details-v1')!;
    expect(src.rates).toEqual({ httpOut: 10 });
    expect(dst.rates).toEqual({ httpIn: 10, httpIn5xx: 1, httpIn4xx: 0.5, httpInNoResponse: 0.5 });
    const e = edge(tm, src.id, dst.id)!;
    expect(e.rates).toEqual({ http: 10, http5xx: 1, http4xx: 0.5, httpNoResponse: 0.5 });
    expect(e.responses.get('-')).toEqual({ flags: { DC: 0.5 }, hosts: { 'details.bookinfo.svc.cluster.local': 0.5 } });
    expect([...dst.meta.destServices!.values()]).toEqual([{ cluster: 'east', namespace: 'bookinfo', name: 'details' }]);
  });

  it('keeps the first of duplicate series (source and destination reports of the same requests)', () => {
    const tm: TrafficMap = new Map();
    populateTrafficMap(tm, [row({}, 5)], 'istio_requests_total', opts); // destination-reported query
    populateTrafficMap(tm, [row({}, 5.2)], 'istio_requests_total', opts); // source-reported query
    expect(tm.get('wl_east_bookinfo_details-v1')!.rates.httpIn).toBe(5);
  });

  it('skips rows missing labels, known-bad telemetry and NaN, and counts them', () => {
    const tm: TrafficMap = new Map();
    const stats: PopulateStats = { applied: 0, skippedMissingLabels: 0, skippedBadTelemetry: 0, skippedNaN: 0 };
    populateTrafficMap(
      tm,
      [
        row({ destination_workload: undefined }, 1),
        row({ source_workload: 'unknown', source_canonical_service: 'unknown' }, 1),
        row(
          {
            destination_service: '10.1.2.3:80',
            destination_service_name: '10.1.2.3:80',
            destination_workload: 'unknown',
          },
          1,
        ),
        row({}, NaN),
        row({ source_cluster: 'unknown' }, 1),
      ],
      'istio_requests_total',
      opts,
      stats,
    );
    expect(tm.size).toBe(0);
    expect(stats).toEqual({ applied: 0, skippedMissingLabels: 1, skippedBadTelemetry: 3, skippedNaN: 1 });
  });

  it('injects a service node between source and destination workload', () => {
    const tm: TrafficMap = new Map();
    populateTrafficMap(tm, [row({}, 2)], 'istio_requests_total', { ...opts, injectServiceNodes: true });
    const svc = tm.get('svc_east_bookinfo_details')!;
    expect(svc.meta.isInjected).toBe(true);
    expect(edge(tm, 'wl_east_bookinfo_productpage-v1', svc.id)!.rates.http).toBe(2);
    expect(edge(tm, svc.id, 'wl_east_bookinfo_details-v1')!.rates.http).toBe(2);
  });

  it('does not inject for PassthroughCluster', () => {
    const tm: TrafficMap = new Map();
    populateTrafficMap(
      tm,
      [
        row(
          {
            destination_service: 'PassthroughCluster',
            destination_service_name: 'PassthroughCluster',
            destination_workload: 'unknown',
            destination_canonical_service: 'unknown',
          },
          1,
        ),
      ],
      'istio_requests_total',
      { ...opts, injectServiceNodes: true },
    );
    expect(tm.get('svc_east_bookinfo_PassthroughCluster')!.meta.isInjected).toBeUndefined();
  });

  it('uses grpc_response_status for gRPC, HTTP codes on transport errors, and skips protocols not requested', () => {
    const tm: TrafficMap = new Map();
    populateTrafficMap(
      tm,
      [
        row({ request_protocol: 'grpc', grpc_response_status: '14' }, 1),
        row({ request_protocol: 'grpc', response_code: '503', grpc_response_status: '14' }, 1),
        row({}, 5),
      ],
      'istio_requests_total',
      { ...opts, rates: { ...opts.rates, http: 'none' } },
    );
    const e = edge(tm, 'wl_east_bookinfo_productpage-v1', 'wl_east_bookinfo_details-v1')!;
    expect(e.protocol).toBe('grpc');
    expect([...e.responses.keys()].sort()).toEqual(['14', '503']);
    expect(e.rates).toEqual({ grpc: 2, grpcErr: 2 });
    expect(tm.get('wl_east_bookinfo_productpage-v1')!.edges).toHaveLength(1);
  });

  it('maps requests to the egress gateway service to the egress gateway workload', () => {
    const tm: TrafficMap = new Map();
    const host = 'istio-egressgateway.istio-system.svc.cluster.local';
    populateTrafficMap(
      tm,
      [
        row(
          {
            destination_service: host,
            destination_service_name: host,
            destination_workload: 'unknown',
            destination_cluster: 'unknown',
          },
          1,
        ),
      ],
      'istio_requests_total',
      opts,
    );
    expect(tm.has('wl_east_istio-system_istio-egressgateway')).toBe(true);
  });

  it('TCP rows carry flags and no code', () => {
    const tm: TrafficMap = new Map();
    const { request_protocol: _p, response_code: _c, ...tcp } = base;
    populateTrafficMap(
      tm,
      [{ metric: { ...tcp, app: 'details' }, value: 1000 }],
      'istio_tcp_received_bytes_total',
      opts,
    );
    const e = edge(tm, 'wl_east_bookinfo_productpage-v1', 'wl_east_bookinfo_details-v1')!;
    expect(e.protocol).toBe('tcp');
    expect(Object.fromEntries(e.responses)).toEqual({
      '-': { flags: { '-': 1000 }, hosts: { 'details.bookinfo.svc.cluster.local': 1000 } },
    });
  });

  it('keeps zero-rate rows as idle edges (includeIdleEdges)', () => {
    const tm: TrafficMap = new Map();
    populateTrafficMap(tm, [row({}, 0)], 'istio_requests_total', opts);
    expect(tm.get('wl_east_bookinfo_productpage-v1')!.edges).toHaveLength(1);
    expect(tm.get('wl_east_bookinfo_details-v1')!.rates).toEqual({});
  });
});

describe('telemetry rules', () => {
  it('bad source / destination telemetry', () => {
    expect(isBadSourceTelemetry('east', true, 'ns', 'unknown', 'unknown')).toBe(true);
    expect(isBadSourceTelemetry('unknown', true, 'ns', 'wl', 'app')).toBe(true);
    expect(isBadSourceTelemetry('unknown', false, 'ns', 'wl', 'app')).toBe(false);
    expect(isBadSourceTelemetry('unknown', true, 'unknown', 'unknown', 'unknown')).toBe(false);
    expect(isBadDestTelemetry('east', true, 'ns', '10.0.0.1', '10.0.0.1', 'unknown')).toBe(true);
    expect(isBadDestTelemetry('east', true, 'ns', 'details', 'details', 'unknown')).toBe(false);
    expect(isBadDestTelemetry('unknown', true, 'ns', 'details', 'details', 'wl')).toBe(true);
  });

  it('response codes', () => {
    expect(handleResponseCode('http', '0', undefined)).toBe('-');
    expect(handleResponseCode('grpc', '0', '0')).toBe('-');
    expect(handleResponseCode('grpc', '200', '2')).toBe('2');
    expect(handleResponseCode('grpc', '200', undefined)).toBe('200');
    expect(handleResponseCode('http', '503', '14')).toBe('503');
  });

  it('metric protocols', () => {
    expect(metricProtocol('istio_requests_total')).toBeNull();
    expect(metricProtocol('istio_request_messages_total')).toBe('grpc');
    expect(metricProtocol('istio_tcp_sent_bytes_total')).toBe('tcp');
  });
});
