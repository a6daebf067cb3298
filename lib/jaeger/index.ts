/**
 * Meshscope's Jaeger backend: the only code that sees Jaeger JSON. Server-side only.
 * Times in the returned model are milliseconds (Jaeger v1 sends µs, OTLP sends ns; converted here).
 */
import 'server-only';
export { createJaegerClient } from './client';
export { normalizeV1Trace, normalizeV1Traces } from './normalize-v1';
export { normalizeV3Traces, nsToMs } from './normalize-v3';
export { mergeTraceParts, namespaceOfService, UNKNOWN_SERVICE, withholdSpans } from './trace';
export { assertServiceName, assertTraceId, DEFAULT_TRACE_LIMIT, MAX_TRACE_LIMIT } from './validate';
export type { JaegerApi, JaegerClient, Span, SpanKind, SpanLog, TagValue, Trace, TraceQuery } from './types';
