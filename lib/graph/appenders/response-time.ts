/**
 * responseTime appender (Kiali `graph/telemetry/istio/appender/response_time.go`): sets each edge's response
 * time in ms (avg, p50, p95 or p99) from the namespace's two duration queries. Destination-reported values come
 * first and win for edges seen by both queries. With service injection only the service → workload edge gets a
 * value: response times of different edges cannot be aggregated (kiali-2297).
 */
import type { TrafficMap } from '../traffic-map';
import type { AppenderContext } from './context';
import { sampleEdges } from './sample-edges';

/** Decorates edges with `responseTime` (ms). No-op when the queries were not run or failed. */
export function responseTimeAppender(tm: TrafficMap, ctx: AppenderContext): void {
  const vectors = ctx.results.responseTime;
  if (!vectors || tm.size === 0) return;
  const { rates, graphType, injectServiceNodes } = ctx.options;
  const byEdge = new Map<string, number>();
  for (const vector of vectors) {
    for (const s of vector) {
      const protocol = s.metric.request_protocol;
      if (protocol === undefined || Number.isNaN(s.value)) continue;
      if ((protocol === 'http' && rates.http !== 'requests') || (protocol === 'grpc' && rates.grpc !== 'requests')) continue;
      const edges = sampleEdges(s.metric, { graphType, injectServiceNodes, istioNamespace: ctx.index.istioNamespace });
      const pair = edges?.fromService ?? edges?.direct;
      if (!pair) continue;
      const key = `${pair[0]} ${pair[1]} ${protocol}`;
      if (!byEdge.has(key)) byEdge.set(key, s.value);
    }
  }
  for (const n of tm.values()) {
    for (const e of n.edges) {
      const v = byEdge.get(`${e.source.id} ${e.dest.id} ${e.protocol}`);
      if (v !== undefined) e.responseTime = v;
    }
  }
}
