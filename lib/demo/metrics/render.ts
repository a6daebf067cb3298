import type { TrafficEngine } from '../traffic/engine';
import type { Histogram, MessageSeries, RequestSeries, TcpSeries } from '../traffic/telemetry';

/** The Prometheus text exposition format version served. */
export const CONTENT_TYPE = 'text/plain; version=0.0.4; charset=utf-8';

/** The Istio proxy version the demo mesh claims (istio_build). */
export const ISTIO_TAG = '1.24.0';

function num(n: number): string {
  return Number.isInteger(n) ? String(n) : String(Math.round(n * 1000) / 1000);
}

const leSuffix = new Map<number, string>();
function le(bound: number): string {
  let s = leSuffix.get(bound);
  if (!s) leSuffix.set(bound, (s = `,le="${bound}"} `));
  return s;
}

function header(out: string[], name: string, type: string, help: string): void {
  out.push(`# HELP ${name} ${help}`, `# TYPE ${name} ${type}`);
}

function histogram(out: string[], name: string, series: RequestSeries[], pick: (s: RequestSeries) => Histogram | null, help: string): void {
  let headed = false;
  for (const s of series) {
    const h = pick(s);
    if (!h) continue;
    if (!headed) {
      header(out, name, 'histogram', help);
      headed = true;
    }
    const open = `${name}_bucket{${s.labels}`;
    let cum = 0;
    for (let i = 0; i < h.buckets.length; i++) {
      cum += h.counts[i]!;
      out.push(open + le(h.buckets[i]!) + cum);
    }
    out.push(`${open},le="+Inf"} ${h.count}`, `${name}_sum{${s.labels}} ${num(h.sum)}`, `${name}_count{${s.labels}} ${h.count}`);
  }
}

function counter<S extends { labels: string }>(out: string[], name: string, series: S[], value: (s: S) => number, help: string): void {
  if (series.length === 0) return;
  header(out, name, 'counter', help);
  for (const s of series) out.push(`${name}{${s.labels}} ${num(value(s))}`);
}

/**
 * Renders the engine's cumulative Istio metrics in the Prometheus text format (0.0.4), as a sidecar's merged
 * metrics endpoint would: istio_requests_total, the request duration / request bytes / response bytes histograms,
 * gRPC message counters, the four TCP counters, and istio_build. Label text is precomputed per series, so this is
 * string concatenation only.
 */
export function renderMetrics(engine: Pick<TrafficEngine, 'telemetry'>): string {
  const requests = [...engine.telemetry.requestSeriesList()];
  const tcp: TcpSeries[] = [...engine.telemetry.tcpSeriesList()];
  const grpc: MessageSeries[] = [...engine.telemetry.messageSeriesList()];
  const out: string[] = [];
  counter(out, 'istio_requests_total', requests, (s) => s.requests, 'Total requests.');
  histogram(out, 'istio_request_duration_milliseconds', requests, (s) => s.duration, 'Request duration in milliseconds.');
  histogram(out, 'istio_request_bytes', requests, (s) => s.requestBytes, 'Request size in bytes.');
  histogram(out, 'istio_response_bytes', requests, (s) => s.responseBytes, 'Response size in bytes.');
  counter(out, 'istio_request_messages_total', grpc, (s) => s.requestMessages, 'Total gRPC messages sent.');
  counter(out, 'istio_response_messages_total', grpc, (s) => s.responseMessages, 'Total gRPC messages received.');
  counter(out, 'istio_tcp_sent_bytes_total', tcp, (s) => s.sentBytes, 'The size of total bytes sent during response in case of a TCP connection.');
  counter(out, 'istio_tcp_received_bytes_total', tcp, (s) => s.receivedBytes, 'The size of total bytes received during request in case of a TCP connection.');
  counter(out, 'istio_tcp_connections_opened_total', tcp, (s) => s.opened, 'Total TCP connections opened.');
  counter(out, 'istio_tcp_connections_closed_total', tcp, (s) => s.closed, 'Total TCP connections closed.');
  header(out, 'istio_build', 'gauge', 'Istio component build info.');
  out.push(`istio_build{component="proxy",tag="${ISTIO_TAG}"} 1`);
  return out.join('\n') + '\n';
}
