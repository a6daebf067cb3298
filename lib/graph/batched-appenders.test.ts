/**
 * The appenders' queries under the batched strategy (lib/graph/batched-queries.ts): responseTime, throughput and
 * securityPolicy each send their queries once over many namespaces, and the graph is the one Kiali's per-namespace
 * queries give (`graph/telemetry/istio/appender/response_time.go`, `throughput.go`, `security_policy.go`), with each
 * appender enabled as the page's edge labels and security badge ask for it, over the same series
 * (`testdata/batched-series.ts`) answered by the Prometheus stand-in.
 */
import { describe, expect, it } from 'vitest';
import { buildGraph, type BuildRuntime } from './build';
import { appenderQueries } from './appenders';
import { batchedAppenderQueries, splitBatch } from './batched-queries';
import { parseGraphOptions } from './options';
import { RECORDABLE_METRICS } from './recording-rules';
import { NAMESPACES, QUERY_TIME, inventory, options, recordedSeries, series } from './testdata/batched-series';
import { evaluate, seriesPrometheus, type Series } from './testdata/series-prometheus';
import type { GraphOptions, InstantQuery, KialiGraphJson } from './types';
import { buildGraphApiQuery, parseGraphParams } from '@/lib/query/graph-url';

async function graph(data: Series[], o: GraphOptions, runtime: BuildRuntime = {}, asked: string[] = []) {
  return (await buildGraph(o, inventory(), seriesPrometheus(data, asked), runtime)).graph;
}

/** The graph options of the /graph page's request for the view of `pageParams` (its URL), as the server parses it. */
function pageOptions(pageParams: string, graphType = 'versionedApp'): GraphOptions {
  const view = { ...parseGraphParams(new URLSearchParams(pageParams)), graphType } as ReturnType<
    typeof parseGraphParams
  >;
  const query = buildGraphApiQuery({ namespaces: NAMESPACES, durationSeconds: 600, queryTime: QUERY_TIME }, view);
  return parseGraphOptions(new URLSearchParams(query), {}, { nowMs: QUERY_TIME * 1000 });
}

const edges = (g: KialiGraphJson) => g.elements.edges.map((e) => e.data);

const VIEWS: [string, string, (g: KialiGraphJson) => boolean][] = [
  ['response time p95', 'edges=rt95', (g) => edges(g).some((e) => e.responseTime !== undefined)],
  ['response time p50, workload graph', 'edges=rt50&graphType=workload', (g) => edges(g).some((e) => e.responseTime)],
  ['response time p95 asked by Find on rt', 'graphFind=rt%20%3E%200', (g) => edges(g).some((e) => e.responseTime)],
  ['throughput (response)', 'edges=throughputResponse', (g) => edges(g).some((e) => e.throughput !== undefined)],
  ['throughput (request)', 'edges=throughputRequest', (g) => edges(g).some((e) => e.throughput !== undefined)],
  ['security badge', 'badgeSecurity=true', (g) => edges(g).some((e) => e.isMTLS !== undefined)],
  [
    'all three, no service nodes',
    'edges=rt99,throughputResponse&badgeSecurity=true&injectServiceNodes=false',
    (g) => edges(g).some((e) => e.responseTime && e.throughput && e.isMTLS),
  ],
];

describe('batched appender queries', () => {
  it.each(VIEWS)('give the per-namespace graph: %s', async (_name, params, decorated) => {
    const graphType = new URLSearchParams(params).get('graphType') ?? 'versionedApp';
    const o = pageOptions(params, graphType);
    const data = series();
    const perNamespace = await graph(data, o, { queryStrategy: 'namespace' });
    expect(decorated(perNamespace)).toBe(true);
    for (const maxNamespaces of [1, 3, 100]) {
      const batched = await graph(data, o, { queryStrategy: 'batched', batchLimits: { maxNamespaces } });
      expect(batched).toEqual(perNamespace);
    }
  });

  it("give the per-namespace graph with average response times (Kiali's `responseTime=avg`)", async () => {
    const o = options({ responseTime: 'avg', appenders: { all: false, names: ['responseTime'] } });
    const perNamespace = await graph(series(), o, { queryStrategy: 'namespace' });
    const times = edges(perNamespace).flatMap((e) => (e.responseTime ? [e.responseTime] : []));
    expect(new Set(times).size).toBeGreaterThan(2);
    expect(await graph(series(), o, { queryStrategy: 'batched', batchLimits: { maxNamespaces: 2 } })).toEqual(
      perNamespace,
    );
  });

  it('are asked by the edge labels and the badge, and sent once per query for all namespaces', async () => {
    const o = pageOptions('edges=rt95,throughputResponse&badgeSecurity=true');
    expect(o.appenders.names).toEqual(expect.arrayContaining(['responseTime', 'throughput', 'securityPolicy']));
    const count = async (queryStrategy: 'namespace' | 'batched') => {
      const asked: string[] = [];
      await graph(series(), o, { queryStrategy }, asked);
      return {
        rt: asked.filter((q) => q.includes('histogram_quantile(0.95')).length,
        tp: asked.filter((q) => q.includes('istio_response_bytes_sum')).length,
        sec: asked.filter((q) => q.includes('connection_security_policy')).length,
        all: asked.length,
      };
    };
    // traffic: 6 per namespace, 7 for the ambient `mesh` (25); each appender 2 per namespace (24)
    expect(await count('namespace')).toEqual({ rt: 8, tp: 8, sec: 8, all: 49 });
    expect(await count('batched')).toEqual({ rt: 2, tp: 2, sec: 2, all: 13 });
  });

  it('answer each namespace exactly the rows of its own query', () => {
    const data = series();
    for (const over of [
      { responseTime: 'avg' as const, throughputType: 'request' as const },
      { responseTime: '50' as const, rates: { http: 'requests', grpc: 'total', tcp: 'total', ambient: 'ztunnel' } },
    ] as Partial<GraphOptions>[]) {
      const o = options(over);
      const batches = batchedAppenderQueries(o, NAMESPACES, 600);
      expect(new Set(batches.map((b) => b.slot.split('/')[0]))).toEqual(
        new Set(['responseTime', 'throughput', 'securityPolicy']),
      );
      let rows = 0;
      for (const b of batches) {
        const split = splitBatch(b, evaluate(b.promql, data));
        for (const ns of NAMESPACES) {
          const own = appenderQueries(o, ns, 600).find((d) => d.id === `${ns}/${b.slot}`)!;
          expect(split.get(ns)).toEqual(evaluate(own.promql, data));
          rows += split.get(ns)!.length;
        }
      }
      expect(rows).toBeGreaterThan(10);
    }
  });

  it('leave out the namespace matcher the rows are split by, and keep the per-namespace PromQL as Kiali writes it', () => {
    const o = options({ responseTime: 'avg' });
    const one = appenderQueries(o, 'back', 600).map((d) => d.promql);
    expect(one.some((q) => q.includes('source_workload_namespace!="back",destination_service_namespace="back"'))).toBe(
      true,
    );
    const batched = batchedAppenderQueries(o, ['front', 'back'], 600).map((b) => b.promql);
    expect(batched.every((q) => !q.includes('!="front'))).toBe(true);
    expect(batched.filter((q) => q.includes('destination_service_namespace=~"front|back"'))).toHaveLength(3);
    expect(batched.filter((q) => q.includes('source_workload_namespace=~"front|back"'))).toHaveLength(3);
  });

  it('read the recorded duration series and give the raw metrics graph', async () => {
    const raw = series();
    const data = [...raw, ...recordedSeries(raw)];
    for (const params of ['edges=rt95', 'graphFind=rt%20%3E%200']) {
      const o = pageOptions(params);
      const fromRaw = await graph(data, o, { queryStrategy: 'namespace' });
      const asked: string[] = [];
      const fromRecorded = await graph(data, o, { queryStrategy: 'batched', recorded: RECORDABLE_METRICS }, asked);
      expect(fromRecorded).toEqual(fromRaw);
      const rt = asked.filter((q) => q.includes('istio_request_duration_milliseconds'));
      expect(rt).toHaveLength(2);
      expect(rt.every((q) => q.includes('rate(workload:istio_request_duration_milliseconds_'))).toBe(true);
    }
  });

  it('warn for each namespace of a failed batch as the per-namespace queries do', async () => {
    const o = pageOptions('edges=rt95,throughputResponse');
    const data = series();
    const failing =
      (asked: string[]): InstantQuery =>
      async (promql, time) => {
        if (promql.includes('histogram_quantile')) throw new Error('Prometheus said no');
        return seriesPrometheus(data, asked)(promql, time);
      };
    const run = async (queryStrategy: 'namespace' | 'batched') =>
      (await buildGraph(o, inventory(), failing([]), { queryStrategy })).graph;
    const perNamespace = await run('namespace');
    expect(perNamespace.warnings?.filter((w) => /responseTime for namespace/.test(w.message))).toHaveLength(4);
    expect(edges(perNamespace).some((e) => e.throughput !== undefined)).toBe(true);
    expect(await run('batched')).toEqual(perNamespace);
  });
});
