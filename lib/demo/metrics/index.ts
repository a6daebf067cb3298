/** The demo mesh's Prometheus endpoint: Istio standard metrics from the traffic engine. */
export { CONTENT_TYPE, renderMetrics, renderMetricsChunks } from './render';
export { startMetricsServer } from './server';
export type { RunningServer } from './listen';
