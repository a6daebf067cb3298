import { describe, expect, it } from 'vitest';
import { buildMetricsQueries, parseMetricsOptions } from './metrics-queries';

const limits = { retentionSeconds: 15 * 86400, nowSec: 1_700_000_000 };
const parse = (kind: 'apps' | 'workloads' | 'services', name: string, q: string) =>
  parseMetricsOptions(kind, 'bookinfo', name, new URLSearchParams(q), limits);

describe('parseMetricsOptions', () => {
  it('applies Kiali defaults: inbound, destination reporter, 30m, step ≥ range/11000', () => {
    const o = parse('workloads', 'reviews-v2', '');
    expect(o).toMatchObject({
      direction: 'inbound',
      reporter: 'destination',
      durationSeconds: 1800,
      rateIntervalSeconds: 60,
      queryTime: limits.nowSec,
      avg: true,
    });
    expect(o.stepSeconds).toBe(15);
    expect(parse('workloads', 'x', 'duration=1d').stepSeconds).toBeGreaterThanOrEqual(Math.ceil(86400 / 11000));
  });

  it('reads reporter=waypoint (ambient L7) into a reporter matcher', () => {
    const o = parse('workloads', 'reviews-v1', 'reporter=waypoint&filters[]=request_count');
    expect(o.reporter).toBe('waypoint');
    expect(buildMetricsQueries(o)[0]!.promql).toContain('reporter="waypoint",destination_workload_namespace=');
  });

  it('defaults the reporter to source for outbound', () => {
    expect(parse('workloads', 'productpage-v1', 'direction=outbound').reporter).toBe('source');
  });

  it.each([
    ['filters[]=request_count&filters[]=up', 'filters'],
    ['byLabels[]=destination_version"}or{', 'byLabels'],
    ['byLabels[]=__name__', 'byLabels'],
    ['quantiles[]=0.5) or vector(1', 'quantiles'],
    ['duration=30d', 'duration'],
    ['duration=-5m', 'duration'],
    ['step=0', 'step'],
    ['direction=sideways', 'direction'],
    ['reporter=.*', 'reporter'],
    ['queryTime=abc', 'queryTime'],
    ['queryTime=0x6553f100', 'queryTime'],
    ['queryTime=1.7e9', 'queryTime'],
    ['peer[source_workload]="} or up{', 'peer[source_workload]'],
    ['peer[__name__]=x', 'peer[__name__]'],
  ])('refuses %s naming %s', (q, param) => {
    expect(() => parse('workloads', 'reviews-v2', q)).toThrow(
      expect.objectContaining({ code: 'bad_request:api', param }),
    );
  });

  it.each([['"} or up{'], ['.*'], ['a\\b'], ['x) or vector(1']])('refuses the object name %s', (name) => {
    expect(() => parse('workloads', name, '')).toThrow(
      expect.objectContaining({ code: 'bad_request:api', param: 'workload' }),
    );
    expect(() => parse('apps', name, '')).toThrow(expect.objectContaining({ param: 'app' }));
  });

  it('refuses outbound metrics for a service', () => {
    expect(() => parse('services', 'reviews', 'direction=outbound')).toThrow(
      expect.objectContaining({ param: 'direction' }),
    );
  });
});

describe('buildMetricsQueries', () => {
  it('builds the inbound workload request rate, errors and duration quantiles grouped by label', () => {
    const o = parse(
      'workloads',
      'reviews-v2',
      'filters[]=request_count&filters[]=request_error_count&filters[]=request_duration_millis&quantiles[]=0.95&byLabels[]=source_workload',
    );
    const q = buildMetricsQueries(o);
    expect(q.map((x) => [x.name, x.stat])).toEqual([
      ['request_count', undefined],
      ['request_error_count', undefined],
      ['request_duration_millis', 'avg'],
      ['request_duration_millis', '0.95'],
    ]);
    expect(q[0]!.promql).toBe(
      'sum(rate(istio_requests_total{reporter="destination",destination_workload_namespace="bookinfo",destination_workload="reviews-v2"}[60s])) by (source_workload)',
    );
    expect(q[1]!.promql).toContain('response_code=~"^0$|^[4-5]\\\\d\\\\d$"');
    expect(q[3]!.promql).toBe(
      'histogram_quantile(0.95, sum(rate(istio_request_duration_milliseconds_bucket{reporter="destination",destination_workload_namespace="bookinfo",destination_workload="reviews-v2"}[60s])) by (le,source_workload))',
    );
  });

  it('selects apps by canonical service and services by destination_service_name', () => {
    expect(buildMetricsQueries(parse('apps', 'reviews', 'filters[]=request_count'))[0]!.promql).toContain(
      'destination_canonical_service="reviews"',
    );
    expect(buildMetricsQueries(parse('services', 'reviews', 'filters[]=request_count'))[0]!.promql).toContain(
      'destination_service_namespace="bookinfo",destination_service_name="reviews"',
    );
  });

  it('maps TCP bytes the way Kiali does (reversed L4 telemetry)', () => {
    const q = buildMetricsQueries(parse('workloads', 'tcp-echo-v1', 'filters[]=tcp_received&filters[]=tcp_sent'));
    expect(q[0]!.promql).toContain('istio_tcp_sent_bytes_total');
    expect(q[1]!.promql).toContain('istio_tcp_received_bytes_total');
  });

  it('narrows to one edge with peer labels', () => {
    const q = buildMetricsQueries(
      parse('workloads', 'ratings-v1', 'filters[]=request_count&peer[source_workload]=reviews-v2'),
    );
    expect(q[0]!.promql).toContain('destination_workload="ratings-v1",source_workload="reviews-v2"');
  });
});
