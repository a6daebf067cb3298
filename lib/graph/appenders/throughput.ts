/**
 * throughput appender (Kiali `graph/telemetry/istio/appender/throughput.go`): sets each HTTP edge's throughput
 * in bytes/s, request bytes (source-reported) or response bytes (destination-reported). With service
 * injection only the service → workload edge gets a value (traffic is not evenly distributed, kiali-2297).
 */
import {
  FROM_OTHER_NAMESPACES,
  FROM_WORKLOADS,
  GROUP_BY_GRPC_MESSAGES,
  checkScope,
  reporter,
  type QueryDescriptor,
  type QueryScope,
} from '@/lib/graph/queries';
import { matchers } from '@/lib/promql/index';
import type { TrafficMap } from '../traffic-map';
import type { PromSample } from '../types';
import type { Appender } from './appender';
import type { AppenderContext } from './context';
import { sampleEdges } from './sample-edges';

/**
 * Two queries of `istio_<request|response>_bytes_sum` when HTTP requests are requested, none otherwise: traffic
 * into the namespace's services from other namespaces, then traffic from its workloads. Request bytes are
 * source-reported, response bytes destination-reported.
 */
function queries(scope: QueryScope): QueryDescriptor[] {
  const { d, where, descriptor } = checkScope(scope);
  const o = scope.options;
  if (o.rates.http !== 'requests') return [];
  const metric = `istio_${o.throughputType}_bytes_sum`;
  const rep = reporter(o.throughputType === 'request' ? 'source' : 'destination', o);
  const q = (sel: string) => `sum(rate(${metric}{${sel}}[${d}s])) by (${GROUP_BY_GRPC_MESSAGES}) > 0`;
  return [FROM_OTHER_NAMESPACES, FROM_WORKLOADS].map((split, i) =>
    descriptor('throughput', metric, i, q(matchers(rep, where(split))), split),
  );
}

/** Decorates HTTP edges with `throughput` (bytes/s). No-op when the queries were not run or failed. */
function apply(tm: TrafficMap, ctx: AppenderContext, vectors?: readonly PromSample[][]): void {
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

/** The throughput appender: HTTP edge `throughput` in bytes/s from its two byte-sum queries. */
export const throughputAppender: Appender = { name: 'throughput', kind: 'namespace', queries, apply };
