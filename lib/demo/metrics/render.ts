import type { Histogram, MessageSeries, RequestSeries, SeriesSource, TcpSeries } from '../traffic/telemetry';

/** What the renderer reads: an engine, or one cluster's view of a multi-cluster engine's registry. */
export interface MetricsSource {
  telemetry: SeriesSource;
}

/** The Prometheus text exposition format version served. */
export const CONTENT_TYPE = 'text/plain; version=0.0.4; charset=utf-8';

/** The Istio proxy version the demo mesh claims (istio_build). */
export const ISTIO_TAG = '1.24.0';

/** Lines per chunk of `renderMetricsChunks` (about 1–2 MB of text). */
const CHUNK_LINES = 2000;

function num(n: number): string {
  return Number.isInteger(n) ? String(n) : String(Math.round(n * 1000) / 1000);
}

const leSuffix = new Map<number, string>();
function le(bound: number): string {
  let s = leSuffix.get(bound);
  if (!s) leSuffix.set(bound, (s = `,le="${bound}"} `));
  return s;
}

function* header(name: string, type: string, help: string): Generator<string> {
  yield `# HELP ${name} ${help}`;
  yield `# TYPE ${name} ${type}`;
}

function* histogram(
  name: string,
  series: RequestSeries[],
  pick: (s: RequestSeries) => Histogram | null,
  help: string,
): Generator<string> {
  let headed = false;
  for (const s of series) {
    const h = pick(s);
    if (!h) continue;
    if (!headed) {
      yield* header(name, 'histogram', help);
      headed = true;
    }
    const open = `${name}_bucket{${s.labels}`;
    let cum = 0;
    for (let i = 0; i < h.buckets.length; i++) {
      cum += h.counts[i]!;
      yield open + le(h.buckets[i]!) + cum;
    }
    yield `${open},le="+Inf"} ${h.count}`;
    yield `${name}_sum{${s.labels}} ${num(h.sum)}`;
    yield `${name}_count{${s.labels}} ${h.count}`;
  }
}

function* counter<S extends { labels: string }>(
  name: string,
  series: S[],
  value: (s: S) => number,
  help: string,
): Generator<string> {
  if (series.length === 0) return;
  yield* header(name, 'counter', help);
  for (const s of series) yield `${name}{${s.labels}} ${num(value(s))}`;
}

/** The istio_tcp_* counters: name, the series field, HELP text (Istio's, as a sidecar exposes them). */
const TCP_COUNTERS: [string, (s: TcpSeries) => number, string][] = [
  [
    'istio_tcp_sent_bytes_total',
    (s) => s.sentBytes,
    'The size of total bytes sent during response in case of a TCP connection.',
  ],
  [
    'istio_tcp_received_bytes_total',
    (s) => s.receivedBytes,
    'The size of total bytes received during request in case of a TCP connection.',
  ],
  ['istio_tcp_connections_opened_total', (s) => s.opened, 'Total TCP connections opened.'],
  ['istio_tcp_connections_closed_total', (s) => s.closed, 'Total TCP connections closed.'],
];

function* lines(engine: MetricsSource): Generator<string> {
  const requests = [...engine.telemetry.requestSeriesList()];
  const tcp: TcpSeries[] = [...engine.telemetry.tcpSeriesList()];
  const grpc: MessageSeries[] = [...engine.telemetry.messageSeriesList()];
  yield* counter('istio_requests_total', requests, (s) => s.requests, 'Total requests.');
  yield* histogram(
    'istio_request_duration_milliseconds',
    requests,
    (s) => s.duration,
    'Request duration in milliseconds.',
  );
  yield* histogram('istio_request_bytes', requests, (s) => s.requestBytes, 'Request size in bytes.');
  yield* histogram('istio_response_bytes', requests, (s) => s.responseBytes, 'Response size in bytes.');
  yield* counter('istio_request_messages_total', grpc, (s) => s.requestMessages, 'Total gRPC messages sent.');
  yield* counter('istio_response_messages_total', grpc, (s) => s.responseMessages, 'Total gRPC messages received.');
  for (const [name, value, help] of TCP_COUNTERS) yield* counter(name, tcp, value, help);
  yield* header('istio_build', 'gauge', 'Istio component build info.');
  yield `istio_build{component="proxy",tag="${ISTIO_TAG}"} 1`;
}

/**
 * The engine's cumulative Istio metrics in the Prometheus text format (0.0.4), in chunks of whole lines, as a
 * sidecar's merged metrics endpoint would serve them: istio_requests_total, the request duration / request bytes
 * / response bytes histograms, gRPC message counters, the four TCP counters, and istio_build. Label text is
 * precomputed per series, so this is string concatenation only; chunks keep big meshes below V8's string limit.
 */
export function* renderMetricsChunks(engine: MetricsSource): Generator<string> {
  let batch: string[] = [];
  for (const line of lines(engine)) {
    batch.push(line);
    if (batch.length >= CHUNK_LINES) {
      yield batch.join('\n') + '\n';
      batch = [];
    }
  }
  if (batch.length > 0) yield batch.join('\n') + '\n';
}

/** The whole exposition as one string (see renderMetricsChunks). */
export function renderMetrics(engine: MetricsSource): string {
  return [...renderMetricsChunks(engine)].join('');
}
