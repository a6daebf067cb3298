import { describe, expect, it } from 'vitest';
import type { TrafficMap } from '../traffic-map';
import { IMPLEMENTED_APPENDERS, type AppenderName } from '../params';
import type { GraphOptions } from '../types';
import { APPENDERS, appenderQueries, isEnabled, runFinalizers, runNamespaceAppenders } from './index';
import { DETAILS, PP, ctx, row, scope, traffic, workload } from './test-helpers';

/**
 * Kiali's run order (`graph/telemetry/istio/appender/appender.go` `ParseAppenders`): the namespace appenders, then
 * the finalizers. `ambient` is a finalizer (`AmbientAppender.IsFinalizer`; `istio.go` looks for it among the
 * finalizers to build its waypoint map), run right after `outsider`.
 */
const KIALI_ORDER: [string, 'namespace' | 'finalizer'][] = [
  ['serviceEntry', 'namespace'],
  ['deadNode', 'namespace'],
  ['workloadEntry', 'namespace'],
  ['responseTime', 'namespace'],
  ['securityPolicy', 'namespace'],
  ['throughput', 'namespace'],
  ['aggregateNode', 'namespace'],
  ['idleNode', 'namespace'],
  ['istio', 'namespace'],
  ['meshCheck', 'namespace'],
  ['outsider', 'finalizer'],
  ['ambient', 'finalizer'],
  ['health', 'finalizer'],
  ['labeler', 'finalizer'],
  ['trafficGenerator', 'finalizer'],
];
/** Kiali appenders we accept in the `appenders` parameter but do not implement (lib/graph/options.ts). */
const NOT_IMPLEMENTED = ['workloadEntry', 'aggregateNode', 'labeler'];

const only = (...names: AppenderName[]): Partial<GraphOptions> => ({ appenders: { all: false, names } });

describe('appender registry', () => {
  it('runs in Kiali’s order, namespace appenders before finalizers', () => {
    const expected = KIALI_ORDER.filter(([name]) => !NOT_IMPLEMENTED.includes(name));
    expect(APPENDERS.map((a) => [a.name, a.kind])).toEqual(expected);
  });

  it('holds every accepted appender name once; outsider and trafficGenerator always run', () => {
    const names = APPENDERS.map((a) => a.name);
    expect(new Set(names).size).toBe(names.length);
    const optional = APPENDERS.filter((a) => !a.always).map((a) => a.name);
    expect(optional.sort()).toEqual([...IMPLEMENTED_APPENDERS].sort());
    expect(APPENDERS.filter((a) => a.always).map((a) => a.name)).toEqual(['outsider', 'trafficGenerator']);
    const none = ctx(only()).options;
    expect(APPENDERS.filter((a) => isEnabled(none, a)).map((a) => a.name)).toEqual(['outsider', 'trafficGenerator']);
  });

  it('the appenders with PromQL are responseTime, securityPolicy and throughput, all per namespace', () => {
    expect(APPENDERS.filter((a) => a.queries).map((a) => [a.name, a.kind])).toEqual([
      ['responseTime', 'namespace'],
      ['securityPolicy', 'namespace'],
      ['throughput', 'namespace'],
    ]);
  });

  it('query ids are <namespace>/<appender>/<metric>/<index>, unique over the registry', () => {
    const variants: Partial<GraphOptions>[] = [
      {},
      { responseTime: 'avg', throughputType: 'request' },
      { rates: { http: 'requests', grpc: 'total', tcp: 'total', ambient: 'none' } },
    ];
    for (const over of variants) {
      const ids = APPENDERS.flatMap(
        (a) => a.queries?.(scope(over, 'echo')).map((d) => [a.name, d.id, d.purpose]) ?? [],
      );
      expect(ids).toHaveLength(6);
      for (const [name, id, purpose] of ids) {
        expect(purpose).toBe(name);
        expect(id).toMatch(new RegExp(`^echo/${name}/istio_[a-z_]+/[01]$`));
      }
      expect(new Set(ids.map(([, id]) => id)).size).toBe(6);
    }
  });

  it('asks only enabled appenders, and only for applicable rates', () => {
    expect(appenderQueries(ctx().options, 'bookinfo', 600)).toHaveLength(6);
    expect(appenderQueries(ctx(only()).options, 'bookinfo', 600)).toHaveLength(0);
    const noRates = ctx({ rates: { http: 'none', grpc: 'none', tcp: 'none', ambient: 'total' } }).options;
    expect(appenderQueries(noRates, 'bookinfo', 600)).toHaveLength(0);
    expect(appenderQueries(ctx(only('throughput', 'deadNode')).options, 'bookinfo', 600).map((d) => d.id)).toEqual([
      'bookinfo/throughput/istio_response_bytes_sum/0',
      'bookinfo/throughput/istio_response_bytes_sum/1',
    ]);
  });

  it('hands each enabled step the vectors of its own queries', () => {
    const results = new Map([
      ['responseTime', [[row(PP, DETAILS, { request_protocol: 'http' }, 12.6)]]],
      ['throughput', [[row(PP, DETAILS, {}, 1000)]]],
    ]);
    const tm: TrafficMap = new Map();
    const pp = workload(tm, 'bookinfo', 'productpage-v1', 'productpage', 'v1');
    const e = traffic(pp, workload(tm, 'bookinfo', 'details-v1', 'details', 'v1'), 10);
    runNamespaceAppenders(tm, ctx(only('responseTime')), results);
    expect(e.responseTime).toBe(12.6);
    expect(e.throughput).toBeUndefined();
    runNamespaceAppenders(tm, ctx(only('throughput', 'securityPolicy')), results);
    expect(e.throughput).toBe(1000);
    expect(e.isMTLS).toBeUndefined();
  });

  it('runs the finalizers in order: health after outsider, trafficGenerator always', () => {
    const tm: TrafficMap = new Map();
    const pp = workload(tm, 'bookinfo', 'productpage-v1', 'productpage', 'v1');
    const foreign = workload(tm, 'secret', 'spy-v1', 'spy', 'v1');
    traffic(pp, foreign, 1);
    runFinalizers(tm, ctx(only('health')));
    expect(pp.meta.isRoot).toBe(true);
    expect(foreign.meta).toMatchObject({ isOutside: true, isInaccessible: true });
    // health gives no status to inaccessible nodes, which it only knows after outsider ran
    expect(foreign.meta.healthData).toBeDefined();
    expect(foreign.meta.healthData!.status).toBeUndefined();
    expect(pp.meta.healthData!.status).toBeDefined();
  });
});
