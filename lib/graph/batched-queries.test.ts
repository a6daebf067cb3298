/**
 * The batched strategy (lib/graph/batched-queries.ts) gives the graph Kiali's per-namespace queries give
 * (`graph/telemetry/istio/istio.go` `buildNamespaceTrafficMap`, reference/kiali.md §2.3), and so do the recorded
 * series of deploy/kubernetes/components/recording-rules/recording-rules.yaml (Istio's "Prometheus for production-scale monitoring"): both are
 * built over the same series (`testdata/batched-series.ts`, every selector covered), answered by the Prometheus
 * stand-in (`testdata/series-prometheus.ts`), and compared whole. The appenders' queries: `batched-appenders.test.ts`.
 */
import { describe, expect, it } from 'vitest';
import { buildGraph, type BuildRuntime } from './build';
import { batchedTrafficQueries, chunkNamespaces, splitBatch } from './batched-queries';
import { RECORDED_PREFIX, namespaceTrafficQueries } from './queries';
import { RECORDABLE_METRICS } from './recording-rules';
import { NAMESPACES, inventory, options, recordedSeries, series } from './testdata/batched-series';
import { evaluate, seriesPrometheus, type Series } from './testdata/series-prometheus';
import type { GraphOptions } from './types';

async function graph(data: Series[], o: GraphOptions, runtime: BuildRuntime = {}, asked: string[] = []) {
  return (await buildGraph(o, inventory(), seriesPrometheus(data, asked), runtime)).graph;
}

const VARIANTS: [string, Partial<GraphOptions>][] = [
  ['versionedApp, page defaults', {}],
  [
    'workload graph, every rate',
    { graphType: 'workload', rates: { http: 'requests', grpc: 'total', tcp: 'total', ambient: 'total' } },
  ],
  [
    'app graph, ambient waypoint only, idle edges',
    {
      graphType: 'app',
      includeIdleEdges: true,
      rates: { http: 'requests', grpc: 'sent', tcp: 'received', ambient: 'waypoint' },
    },
  ],
  [
    'service graph, no ambient traffic',
    { graphType: 'service', rates: { http: 'requests', grpc: 'received', tcp: 'sent', ambient: 'none' } },
  ],
  ['two namespaces of four', { namespaces: ['back', 'mesh'] }],
];

describe('batched traffic queries', () => {
  it.each(VARIANTS)('give the same graph as the per-namespace queries: %s', async (_name, over) => {
    const data = series();
    const o = options(over);
    const perNamespace = await graph(data, o, { queryStrategy: 'namespace' });
    expect(perNamespace.elements.edges.length).toBeGreaterThan(3);
    for (const maxNamespaces of [1, 2, 100]) {
      const asked: string[] = [];
      const batched = await graph(data, o, { queryStrategy: 'batched', batchLimits: { maxNamespaces } }, asked);
      expect(batched).toEqual(perNamespace);
      expect(asked.some((q) => q.includes('=~"front|back') || q.includes('=~"back|mesh'))).toBe(maxNamespaces > 1);
    }
  });

  it('send one query per metric and selector for all namespaces instead of one per namespace', async () => {
    const count = async (queryStrategy: 'namespace' | 'batched', namespaces: string[]) => {
      const asked: string[] = [];
      const o = options({ namespaces, appenders: { all: false, names: [] } });
      await graph(series(), o, { queryStrategy }, asked);
      return asked.length;
    };
    // HTTP requests (3 selectors, +1 for the ambient namespace) and TCP sent (3): 6 per namespace, 7 for `mesh`
    expect(await count('namespace', NAMESPACES)).toBe(25);
    expect(await count('batched', NAMESPACES)).toBe(7);
    expect(await count('batched', ['front', 'back'])).toBe(6);
  });

  it('answer each namespace exactly its Kiali query rows', () => {
    const data = series();
    const o = options();
    for (const b of batchedTrafficQueries(o, NAMESPACES, 600, new Set(['mesh']))) {
      const split = splitBatch(b, evaluate(b.promql, data));
      for (const ns of b.namespaces) {
        const own = namespaceTrafficQueries(o, ns, 600, ns === 'mesh').find(
          (d) => d.metric === b.metric && d.shape === b.shape,
        )!;
        expect(split.get(ns)).toEqual(evaluate(own.promql, data));
      }
    }
  });

  it('keep each query under the namespace and regex limits', () => {
    const names = Array.from({ length: 250 }, (_, i) => `namespace-${i}`);
    const chunks = chunkNamespaces(names, { maxNamespaces: 100, maxRegexChars: 1000 });
    expect(chunks.flat()).toEqual(names);
    for (const c of chunks) {
      expect(c.length).toBeLessThanOrEqual(100);
      expect(c.join('|').length).toBeLessThanOrEqual(1000);
    }
    expect(chunkNamespaces(names, { maxNamespaces: 100 }).map((c) => c.length)).toEqual([100, 100, 50]);
  });
});

describe('recorded series (deploy/kubernetes/components/recording-rules/recording-rules.yaml)', () => {
  it.each(VARIANTS)('give the same graph as the raw metrics: %s', async (_name, over) => {
    const raw = series();
    const data = [...raw, ...recordedSeries(raw)];
    const o = options(over);
    const fromRaw = await graph(data, o);
    for (const queryStrategy of ['namespace', 'batched'] as const) {
      const asked: string[] = [];
      const fromRecorded = await graph(data, o, { queryStrategy, recorded: RECORDABLE_METRICS }, asked);
      expect(fromRecorded).toEqual(fromRaw);
      const traffic = asked.filter((q) => /istio_(requests|tcp_\w+)_total\{/.test(q) && !q.includes(' OR '));
      expect(traffic.length).toBeGreaterThan(0);
      expect(traffic.every((q) => q.includes(`rate(${RECORDED_PREFIX}istio_`))).toBe(true);
    }
  });

  it('are read only for the metrics that have them', async () => {
    const asked: string[] = [];
    await graph(series(), options(), { recorded: new Set(['istio_requests_total']) }, asked);
    expect(asked.some((q) => q.includes('rate(workload:istio_requests_total{'))).toBe(true);
    expect(asked.some((q) => q.includes('rate(istio_tcp_received_bytes_total{'))).toBe(true);
    expect(asked.some((q) => q.includes('workload:istio_tcp'))).toBe(false);
  });
});
