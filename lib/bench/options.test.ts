import { describe, expect, it } from 'vitest';
import { graphApiPath } from './api';
import { BENCH_PORTS, parseBenchArgs } from './options';

describe('bench:graph options', () => {
  it('runs against Prometheus unless --backend victoriametrics, which cannot backfill', () => {
    expect(parseBenchArgs([]).backend).toBe('prometheus');
    expect(parseBenchArgs(['--backend', 'victoriametrics', '--sizes', '500']).backend).toBe('victoriametrics');
    expect(() => parseBenchArgs(['--backend', 'thanos'])).toThrow(/--backend must be prometheus or victoriametrics/);
    expect(() => parseBenchArgs(['--backend', 'victoriametrics', '--mode', 'backfill'])).toThrow(
      /--mode backfill needs --backend prometheus/,
    );
  });
});

describe('bench:graph request shape and ports', () => {
  it('builds the page request from --page-params, which --api-query kiali refuses', () => {
    const o = parseBenchArgs(['--page-params', 'edges=rt95,throughputResponse&badgeSecurity=true']);
    expect(o.pageParams).toBe('edges=rt95,throughputResponse&badgeSecurity=true');
    const path = graphApiPath(['a', 'b'], 'workload', 60, 'page', o.pageParams);
    const appenders = new URLSearchParams(path.split('?')[1]).get('appenders')!.split(',');
    expect(appenders).toEqual(expect.arrayContaining(['responseTime', 'throughput', 'securityPolicy']));
    const plain = new URLSearchParams(graphApiPath(['a'], 'workload', 60, 'page').split('?')[1]).get('appenders');
    expect(plain!.split(',')).not.toContain('responseTime');
    expect(() => parseBenchArgs(['--api-query', 'kiali', '--page-params', 'edges=rt95'])).toThrow(
      /not with --api-query kiali/,
    );
  });

  it('moves every port of the stack with --port-base', () => {
    expect(parseBenchArgs([]).ports).toEqual(BENCH_PORTS);
    expect(parseBenchArgs(['--port-base', '48000']).ports).toEqual({
      kube: 48000,
      jaeger: 48002,
      metrics: 48004,
      prometheus: 48006,
      meshscope: 48008,
    });
    expect(() => parseBenchArgs(['--port-base', '80'])).toThrow(/--port-base must be an integer/);
  });
});
