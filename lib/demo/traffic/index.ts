/** The demo mesh's traffic engine: simulated requests over the store's Istio config → Istio metrics and traces. */
export { createTrafficEngine, type TrafficEngine, type TrafficEngineOptions } from './engine';
export { DEFAULT_CALL_GRAPH } from './default-call-graph';
export {
  ISTIO_BUCKETS,
  LEAN_DURATION_BUCKETS,
  recommendedHistograms,
  TelemetryRegistry,
  type HistogramMode,
  type MessageSeries,
  type RequestSeries,
  type TcpSeries,
} from './telemetry';
export { TraceBuffer, type SimSpan, type SimTrace, type TagValue } from './tracing';
export type { CallEdge, CallGraph, EdgeSource, RequestTemplate, ServiceProfile } from './types';
