/**
 * responseTime appender (Kiali `graph/telemetry/istio/appender/response_time.go`): sets each edge's response
 * time in ms (avg, p50, p95 or p99) from the namespace's two duration queries. Destination-reported values come
 * first and win for edges seen by both queries. With service injection only the service → workload edge gets a
 * value: response times of different edges cannot be aggregated (kiali-2297).
 */
import {
  FROM_WORKLOADS,
  GROUP_BY_GRPC_MESSAGES,
  INTO_SERVICES,
  checkScope,
  reporter,
  seriesName,
  type QueryDescriptor,
  type QueryScope,
} from '@/lib/graph/queries';
import { matchers } from '@/lib/promql/index';
import type { TrafficMap } from '../traffic-map';
import type { PromSample } from '../types';
import type { Appender } from './appender';
import type { AppenderContext } from './context';
import { sampleEdges } from './sample-edges';

/** groupBy of the duration queries: the gRPC-message one plus `request_protocol`. */
const GROUP_BY_RT = `${GROUP_BY_GRPC_MESSAGES},request_protocol`;
const QUANTILE: Record<string, string> = { '50': '0.50', '95': '0.95', '99': '0.99' };

/**
 * Two queries when HTTP or gRPC requests are requested, none otherwise: destination-reported for the namespace's
 * services (`INTO_SERVICES` without its `!=`: from any namespace), then source-reported for its workloads; `histogram_quantile` over the buckets, or sum/count for `avg`.
 */
function queries(scope: QueryScope): QueryDescriptor[] {
  const { d, where, descriptor } = checkScope(scope);
  const o = scope.options;
  if (o.rates.http !== 'requests' && o.rates.grpc !== 'requests') return [];
  const sels = [
    matchers(reporter('destination', o), where(INTO_SERVICES)),
    matchers(reporter('source', o), where(FROM_WORKLOADS)),
  ];
  const splits = [INTO_SERVICES, FROM_WORKLOADS];
  const q = QUANTILE[o.responseTime];
  // the recorded series when the store has them (deploy/kubernetes/components/recording-rules/recording-rules.yaml keeps these labels)
  const rate = (metric: string, sel: string) => `sum(rate(${seriesName(metric, scope.recorded)}{${sel}}[${d}s]))`;
  return sels.map((sel, i) => {
    if (q) {
      const bucket = 'istio_request_duration_milliseconds_bucket';
      const quantile = `histogram_quantile(${q}, ${rate(bucket, sel)} by (le,${GROUP_BY_RT})) > 0`;
      return descriptor('responseTime', bucket, i, quantile, splits[i]!);
    }
    const sum = `${rate('istio_request_duration_milliseconds_sum', sel)} by (${GROUP_BY_RT})`;
    const count = `${rate('istio_request_duration_milliseconds_count', sel)} by (${GROUP_BY_RT})`;
    return descriptor(
      'responseTime',
      'istio_request_duration_milliseconds_sum',
      i,
      `${sum} / ${count} > 0`,
      splits[i]!,
    );
  });
}

/** Decorates edges with `responseTime` (ms). No-op when the queries were not run or failed. */
function apply(tm: TrafficMap, ctx: AppenderContext, vectors?: readonly PromSample[][]): void {
  if (!vectors || tm.size === 0) return;
  const { rates, graphType, injectServiceNodes } = ctx.options;
  const byEdge = new Map<string, number>();
  for (const vector of vectors) {
    for (const s of vector) {
      const protocol = s.metric.request_protocol;
      if (protocol === undefined || Number.isNaN(s.value)) continue;
      if ((protocol === 'http' && rates.http !== 'requests') || (protocol === 'grpc' && rates.grpc !== 'requests'))
        continue;
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

/** The responseTime appender: edge `responseTime` in ms from its two duration queries. */
export const responseTimeAppender: Appender = { name: 'responseTime', kind: 'namespace', queries, apply };
