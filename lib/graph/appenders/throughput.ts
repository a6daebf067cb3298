/**
 * throughput appender (Kiali `graph/telemetry/istio/appender/throughput.go`): sets each HTTP edge's throughput
 * in bytes/s, request bytes (source-reported) or response bytes (destination-reported). With service
 * injection only the service → workload edge gets a value (traffic is not evenly distributed, kiali-2297).
 */
import type { TrafficMap } from '../traffic-map';
import type { AppenderContext } from './context';
import { sampleEdges } from './sample-edges';

/** Decorates HTTP edges with `throughput` (bytes/s). No-op when the queries were not run or failed. */
export function throughputAppender(tm: TrafficMap, ctx: AppenderContext): void {
  const vectors = ctx.results.throughput;
  if (!vectors || tm.size === 0 || ctx.options.rates.http !== 'requests') return;
  const { graphType, injectServiceNodes } = ctx.options;
  const byEdge = new Map<string, number>();
  for (const vector of vectors) {
    for (const s of vector) {
      if (Number.isNaN(s.value)) continue;
      const edges = sampleEdges(s.metric, { graphType, injectServiceNodes, istioNamespace: ctx.index.istioNamespace });
      const pair = edges?.fromService ?? edges?.direct;
      if (!pair) continue;
      const key = `${pair[0]} ${pair[1]} http`;
      byEdge.set(key, (byEdge.get(key) ?? 0) + s.value);
    }
  }
  for (const n of tm.values()) {
    for (const e of n.edges) {
      const v = byEdge.get(`${e.source.id} ${e.dest.id} ${e.protocol}`);
      if (v !== undefined) e.throughput = v;
    }
  }
}
