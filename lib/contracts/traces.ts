/**
 * Wire types of the traces API (`/api/namespaces/{ns}/{apps|workloads|services}/{name}/traces`, `/api/traces/{id}`) and
 * Meshscope's one trace model, shared by the Jaeger v1 and v3 (OTLP) APIs.
 *
 * Times are in milliseconds; Jaeger v1 sends µs and OTLP sends ns, converted in lib/jaeger. Fractions of a
 * millisecond are kept (`durationMs: 0.005` is 5 µs).
 */
import type { PartialErrors } from './mesh';

/** A tag, log-field or attribute value after conversion to a JSON primitive. */
export type TagValue = string | number | boolean;

/** Span kinds as OpenTelemetry and Jaeger's `span.kind` tag name them. */
export type SpanKind = 'client' | 'server' | 'producer' | 'consumer' | 'internal';

/** The Jaeger query API a backend speaks: v3 (`/api/v3/*`, OTLP JSON) or v1 (`/api/*`, UI JSON). */
export type JaegerApi = 'v1' | 'v3';

export interface SpanLog {
  timestampMs: number;
  /** Log fields (v1) or event attributes (v3; the event name is in `event`, as Jaeger shows it). */
  fields: Record<string, TagValue>;
}

export interface Span {
  /** Lower-case hex, as the backend sent it (v1 may send 16 hex digits, v3 sends 32). */
  traceId: string;
  spanId: string;
  /** The CHILD_OF parent in the same trace (v1) or `parentSpanId` (v3); null for a root span. */
  parentSpanId: string | null;
  operationName: string;
  /** Jaeger's service name; Istio's is `<app>.<namespace>`. `unknown_service` when the backend sent none. */
  serviceName: string;
  startTimeMs: number;
  durationMs: number;
  tags: Record<string, TagValue>;
  logs: SpanLog[];
  kind?: SpanKind;
  /** `error` tag true (v1), OTLP `status.code` ERROR (v3), or `otel.status_code=ERROR`. */
  hasError: boolean;
  /** Envoy's `response_flags` tag (`UF`, `URX`, ...); absent when Envoy wrote none or `-`. */
  responseFlags?: string;
  /** Envoy's `upstream_cluster` tag, e.g. `outbound|9080|v1|reviews.bookinfo.svc.cluster.local`. */
  upstreamCluster?: string;
  /** `http.status_code` (or semconv `http.response.status_code`) as a number. */
  statusCode?: number;
  /** Envoy's `node_id` tag: `sidecar~10.0.0.1~reviews-v1-abc.bookinfo~bookinfo.svc.cluster.local`. */
  nodeId?: string;
}

export interface Trace {
  traceId: string;
  spans: Span[];
  /** Distinct service names, sorted. */
  services: string[];
  /** Start of the earliest span. */
  startTimeMs: number;
  /** From the earliest span start to the latest span end. */
  durationMs: number;
  /** Service and operation of the root span (the earliest span without a parent in this trace); '' if none. */
  rootService: string;
  rootOperation: string;
  /** True if any span has an error. */
  hasError: boolean;
  spanCount: number;
  /**
   * Spans left out because their service is in a namespace the signed-in user may not get (services are
   * `<app>.<namespace>`; issue 12): the trace shows the user's own part only, and says how much is missing. Absent
   * when nothing was withheld.
   */
  withheldSpans?: number;
}

/** Answer of the traces search. */
export interface TracesResponse {
  /** The Jaeger service searched, `<app>.<namespace>` (Istio's naming). */
  service: string;
  /** The query API the Jaeger backend speaks. */
  api: JaegerApi;
  /** Newest first; for workloads, only traces with a span from one of the workload's pods. */
  traces: Trace[];
  /** Unix ms of the searched window. */
  startMs: number;
  endMs: number;
  /** Jaeger's own UI (`JAEGER_EXTERNAL_URL`) for links out; null when not set (or the cluster has its own Jaeger). */
  externalUrl: string | null;
  /** Multi-cluster (issue 18): the cluster whose Jaeger and spans were searched; absent with one cluster. */
  cluster?: string;
}

/** Answer of `/api/traces/{id}`. */
export interface TraceResponse {
  trace: Trace;
  externalUrl: string | null;
  /**
   * Multi-cluster with per-cluster Jaegers: a Jaeger that failed while another answered (the trace may miss that
   * cluster's spans), naming its clusters; absent when every Jaeger answered.
   */
  errors?: Pick<PartialErrors, 'jaeger'>;
}
