import { describe, expect, it } from 'vitest';
import type { MetricsMap } from '@/lib/query/mesh';
import { CHARTS, chartData, GROUP_BY, metricsParams } from './metrics-model';

const spec = (id: string) => CHARTS.find((c) => c.id === id)!;

describe('metricsParams', () => {
  it('asks for every chart metric, p50/p95/p99 and avg in one request, with the toolbar choices', () => {
    const q = metricsParams({
      direction: 'inbound',
      reporter: 'destination',
      groupBy: 'destination_version',
      durationSeconds: 600,
      stepSeconds: 30,
    });
    expect(q.get('direction')).toBe('inbound');
    expect(q.get('reporter')).toBe('destination');
    expect(q.get('duration')).toBe('600');
    expect(q.get('step')).toBe('30');
    expect(q.getAll('quantiles[]')).toEqual(['0.5', '0.95', '0.99']);
    expect(q.getAll('byLabels[]')).toEqual(['destination_version']);
    expect(q.getAll('filters[]')).toEqual([
      'request_count',
      'request_error_count',
      'request_duration_millis',
      'request_size',
      'response_size',
      'tcp_received',
      'tcp_sent',
      'tcp_opened',
      'tcp_closed',
    ]);
    expect(
      metricsParams({
        direction: 'outbound',
        reporter: 'source',
        groupBy: '',
        durationSeconds: 60,
        stepSeconds: null,
      }).has('step'),
    ).toBe(false);
  });
});

describe('chartData', () => {
  const map: MetricsMap = {
    request_count: [
      {
        name: 'request_count',
        labels: {},
        datapoints: [
          [100, 1.5],
          [130, 2],
        ],
      },
    ],
    request_duration_millis: [
      {
        name: 'request_duration_millis',
        labels: {},
        stat: '0.95',
        datapoints: [
          [100, 40],
          [130, 45],
        ],
      },
      { name: 'request_duration_millis', labels: {}, stat: 'avg', datapoints: [[130, 20]] },
    ],
    tcp_received: [{ name: 'tcp_received', labels: {}, datapoints: [] }],
  };

  it('merges series into rows by time and keeps the last point of each', () => {
    const d = chartData(map, spec('request_count'), '');
    expect(d.series).toEqual([{ key: 's0', label: 'requests' }]);
    expect(d.rows).toEqual([
      { t: 100, s0: 1.5 },
      { t: 130, s0: 2 },
    ]);
    expect(d.last.s0).toEqual({ t: 130, value: 2 });
  });

  it('labels histogram stats avg first, then quantiles; a missing point stays missing', () => {
    const d = chartData(map, spec('request_duration'), '');
    expect(d.series.map((s) => s.label)).toEqual(['avg', 'p95']);
    expect(d.rows[0]).toEqual({ t: 100, s0: 40 });
  });

  it('drops empty series so "no data" is not drawn as 0', () => {
    expect(chartData(map, spec('tcp_bytes'), '').series).toEqual([]);
  });

  it('labels series by the grouping label value', () => {
    const grouped: MetricsMap = {
      request_count: [
        { name: 'request_count', labels: { response_code: '500' }, datapoints: [[1, 1]] },
        { name: 'request_count', labels: { response_code: '200' }, datapoints: [[1, 9]] },
      ],
    };
    expect(chartData(grouped, spec('request_count'), 'response_code').series.map((s) => s.label)).toEqual([
      '200',
      '500',
    ]);
  });
});

describe('GROUP_BY', () => {
  it('offers the peer side and the response per direction, each with its label', () => {
    const text = (d: 'inbound' | 'outbound') => GROUP_BY[d].map((g) => `${g.value || '-'}:${g.label}`).join(' ');
    expect(text('inbound')).toBe(
      '-:No grouping source_workload:Source workload source_canonical_service:Source app ' +
        'destination_version:Destination version response_code:Response code response_flags:Response flags ' +
        'request_protocol:Protocol',
    );
    expect(text('outbound')).toBe(
      '-:No grouping destination_service_name:Destination service destination_workload:Destination workload ' +
        'destination_version:Destination version response_code:Response code response_flags:Response flags',
    );
  });
});
