/**
 * Test support: the bookinfo fixtures and a fake Prometheus that answers each graph query with the recorded
 * vector of the same query id (traffic queries: `lib/graph/queries.ts`; appender queries: the appender registry,
 * `lib/graph/appenders`). Unknown queries throw, so a test notices
 * any query it did not expect.
 */
import { appenderQueries } from '@/lib/graph/appenders';
import { namespaceTrafficQueries, nodeTrafficQueries } from '@/lib/graph/queries';
import inventoryJson from './bookinfo.inventory.json';
import vectorsJson from './bookinfo.vectors.json';
import type { GraphInventory, GraphOptions, InstantQuery, PromSample } from '../types';

/** 2025-01-01T00:00:00Z, after the fixture namespaces were created. */
export const QUERY_TIME = 1735689600;

export const inventory = inventoryJson as GraphInventory;
export const vectors = vectorsJson as Record<string, PromSample[]>;

/** A fresh deep copy of the inventory (tests may mutate it). */
export function bookinfoInventory(): GraphInventory {
  return structuredClone(inventory);
}

/** Default options for a namespace graph at QUERY_TIME, overridable. */
export function graphOptions(over: Partial<GraphOptions> = {}): GraphOptions {
  return {
    graphType: 'workload',
    namespaces: ['bookinfo'],
    durationSeconds: 600,
    queryTime: QUERY_TIME,
    injectServiceNodes: false,
    includeIdleEdges: false,
    boxBy: [],
    appenders: { all: true, names: [] },
    rates: { http: 'requests', grpc: 'requests', tcp: 'sent', ambient: 'total' },
    responseTime: '95',
    throughputType: 'response',
    showWaypoints: true,
    ...over,
  };
}

/** Maps every query `opts` can issue (with every appender enabled) to the id of its recorded vector. */
export function queryIds(opts: GraphOptions): Map<string, string> {
  const ids = new Map<string, string>();
  for (const ns of opts.namespaces) {
    const traffic = opts.node
      ? nodeTrafficQueries(opts, opts.node, opts.durationSeconds)
      : namespaceTrafficQueries(opts, ns, opts.durationSeconds);
    const appenders = appenderQueries({ ...opts, appenders: { all: true, names: [] } }, ns, opts.durationSeconds);
    for (const d of [...traffic, ...appenders]) ids.set(d.promql, d.id);
  }
  return ids;
}

/** A fake InstantQuery over the recorded vectors (a copy per call, as a real client returns). */
export function fakePrometheus(opts: GraphOptions, data: Record<string, PromSample[]> = vectors): InstantQuery {
  const ids = queryIds(opts);
  return async (promql: string, timeSec: number) => {
    if (timeSec !== opts.queryTime) throw new Error(`unexpected time ${timeSec}`);
    const id = ids.get(promql);
    if (!id) throw new Error(`unexpected query ${promql}`);
    return structuredClone(data[id] ?? []);
  };
}
