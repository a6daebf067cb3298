import { describe, expect, it } from 'vitest';
import { BadRequestError } from '@/lib/promql/index';
import { buildHealthQueries, namespaceRegex, parseHealthRateInterval, responseCodeOf } from './queries';
import { overviewMetricsQueries } from '@/lib/server/mesh/overview';

describe('buildHealthQueries', () => {
  const q = buildHealthQueries(['tcp-echo', 'bookinfo'], 60);

  it('covers all namespaces with one regex matcher per query (three queries whatever the count)', () => {
    expect(q.inbound).toBe(
      'sum by (destination_workload_namespace,destination_workload,destination_canonical_service,request_protocol,response_code,grpc_response_status) (' +
        'rate(istio_requests_total{reporter="source",destination_workload_namespace=~"bookinfo|tcp-echo"}[60s]) or ' +
        'rate(istio_requests_total{reporter="destination",source_workload="unknown",destination_workload_namespace=~"bookinfo|tcp-echo"}[60s]) or ' +
        '(rate(istio_requests_total{reporter="waypoint",destination_workload_namespace=~"bookinfo|tcp-echo"}[60s]) unless on ' +
        '(source_workload_namespace,source_workload,destination_service_namespace,destination_service_name) ' +
        'rate(istio_requests_total{reporter="source",destination_workload_namespace=~"bookinfo|tcp-echo"}[60s]))) > 0',
    );
    expect(q.services).toContain('destination_service_namespace=~"bookinfo|tcp-echo"');
    expect(q.services).toMatch(
      /^sum by \(destination_service_namespace,destination_service_name,destination_workload,/,
    );
    expect(q.outbound).toBe(
      'sum by (source_workload_namespace,source_workload,source_canonical_service,request_protocol,response_code,grpc_response_status) (' +
        'rate(istio_requests_total{reporter="source",source_workload_namespace=~"bookinfo|tcp-echo"}[60s]) or ' +
        '(rate(istio_requests_total{reporter="waypoint",source_workload_namespace=~"bookinfo|tcp-echo"}[60s]) unless on ' +
        '(source_workload_namespace,source_workload,destination_service_namespace,destination_service_name) ' +
        'rate(istio_requests_total{reporter="source",source_workload_namespace=~"bookinfo|tcp-echo"}[60s]))) > 0',
    );
  });

  it('uses the rate interval given', () => {
    expect(buildHealthQueries(['a'], 300).outbound).toContain('[300s]');
  });

  it('refuses names that are not DNS-1123 labels, naming the parameter (no injection into the regex)', () => {
    for (const bad of ['bookinfo"} or up{', 'a|b', '.*', 'UPPER']) {
      expect(() => buildHealthQueries([bad], 60)).toThrow(BadRequestError);
    }
    expect(() => namespaceRegex(['x"y'])).toThrow(expect.objectContaining({ param: 'namespaces' }));
  });

  it('refuses no namespaces and more than 500', () => {
    expect(() => namespaceRegex([])).toThrow(/No namespaces/);
    expect(() => namespaceRegex(Array.from({ length: 501 }, (_, i) => `ns-${i}`))).toThrow(/at most 500/);
  });

  it('deduplicates and sorts namespaces', () => {
    expect(namespaceRegex(['b', 'a', 'b'])).toBe('a|b');
  });
});

describe('parseHealthRateInterval', () => {
  it('defaults to 60 s and reads Prometheus durations', () => {
    expect(parseHealthRateInterval(null)).toBe(60);
    expect(parseHealthRateInterval('5m')).toBe(300);
    expect(parseHealthRateInterval('120')).toBe(120);
  });
  it('refuses less than 10 s, more than a day, and junk', () => {
    expect(() => parseHealthRateInterval('5s')).toThrow(BadRequestError);
    expect(() => parseHealthRateInterval('2d')).toThrow(BadRequestError);
    expect(() => parseHealthRateInterval('1h30m')).toThrow(BadRequestError);
  });
});

describe('responseCodeOf', () => {
  it('reads HTTP codes, and code 0 (no response) as "-"', () => {
    expect(responseCodeOf({ request_protocol: 'http', response_code: '503' })).toEqual({
      protocol: 'http',
      code: '503',
    });
    expect(responseCodeOf({ request_protocol: 'http', response_code: '0' })).toEqual({ protocol: 'http', code: '-' });
  });
  it('reads gRPC status for gRPC', () => {
    expect(responseCodeOf({ request_protocol: 'grpc', response_code: '200', grpc_response_status: '14' })).toEqual({
      protocol: 'grpc',
      code: '14',
    });
  });
});

describe('overviewMetricsQueries', () => {
  it('sums requests and errors by namespace, as callers saw them', () => {
    const q = overviewMetricsQueries(['bookinfo'], 60);
    expect(q.requests).toBe(
      'sum by (destination_service_namespace) (rate(istio_requests_total{reporter="source",destination_service_namespace=~"bookinfo"}[60s]) or ' +
        'rate(istio_requests_total{reporter="destination",source_workload="unknown",destination_service_namespace=~"bookinfo"}[60s]) or ' +
        '(rate(istio_requests_total{reporter="waypoint",destination_service_namespace=~"bookinfo"}[60s]) unless on ' +
        '(source_workload_namespace,source_workload,destination_service_namespace,destination_service_name) ' +
        'rate(istio_requests_total{reporter="source",destination_service_namespace=~"bookinfo"}[60s])))',
    );
    expect(q.errors).toContain('response_code=~"^0$|^[4-5]\\\\d\\\\d$"');
  });
});

describe('buildHealthQueries for one cluster of several', () => {
  it('scopes inbound and services by destination_cluster and outbound by source_cluster', () => {
    const one = buildHealthQueries(['bookinfo'], 60);
    const west = buildHealthQueries(['bookinfo'], 60, 'west');
    expect(west.inbound).toBe(
      one.inbound.replaceAll(
        'destination_workload_namespace=~"bookinfo"',
        'destination_workload_namespace=~"bookinfo",destination_cluster="west"',
      ),
    );
    expect(west.services).toContain('destination_service_namespace=~"bookinfo",destination_cluster="west"');
    expect(west.outbound).toBe(
      one.outbound.replaceAll(
        'source_workload_namespace=~"bookinfo"',
        'source_workload_namespace=~"bookinfo",source_cluster="west"',
      ),
    );
    expect(() => buildHealthQueries(['bookinfo'], 60, 'bad"name')).toThrow(/cluster/);
  });
});
