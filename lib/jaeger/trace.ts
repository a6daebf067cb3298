import 'server-only';
import type { Span, SpanKind, TagValue, Trace } from './types';

/** Service name used when a span carries none (OpenTelemetry's default for a missing `service.name`). */
export const UNKNOWN_SERVICE = 'unknown_service';

const KINDS: ReadonlySet<string> = new Set(['client', 'server', 'producer', 'consumer', 'internal']);

/** `span.kind` tag value → SpanKind, or undefined for anything else. */
export function toSpanKind(value: unknown): SpanKind | undefined {
  return typeof value === 'string' && KINDS.has(value.toLowerCase()) ? (value.toLowerCase() as SpanKind) : undefined;
}

function toStatusCode(value: TagValue | undefined): number | undefined {
  const n = typeof value === 'number' ? value : typeof value === 'string' && value.trim() !== '' ? Number(value) : NaN;
  return Number.isInteger(n) ? n : undefined;
}

/**
 * Reads the Envoy/Istio fields Meshscope shows for a span (Kiali's "Envoy span info") from its tags.
 * Only keys that are present are returned, so the result can be spread into a Span.
 */
export function envoyFields(
  tags: Record<string, TagValue>,
): Pick<Span, 'responseFlags' | 'upstreamCluster' | 'statusCode' | 'nodeId'> {
  const out: Pick<Span, 'responseFlags' | 'upstreamCluster' | 'statusCode' | 'nodeId'> = {};
  const flags = tags.response_flags;
  if (typeof flags === 'string' && flags !== '' && flags !== '-') out.responseFlags = flags;
  const cluster = tags.upstream_cluster;
  if (typeof cluster === 'string' && cluster !== '') out.upstreamCluster = cluster;
  const status = toStatusCode(tags['http.status_code'] ?? tags['http.response.status_code']);
  if (status !== undefined) out.statusCode = status;
  const node = tags.node_id;
  if (typeof node === 'string' && node !== '') out.nodeId = node;
  return out;
}

/** True when tags mark an error the way Jaeger does: `error=true` or `otel.status_code=ERROR`. */
export function tagsHaveError(tags: Record<string, TagValue>): boolean {
  return tags.error === true || tags.error === 'true' || tags['otel.status_code'] === 'ERROR';
}

/** Picks the root span: the earliest span whose parent is null or not in the trace (first one on ties). */
function findRoot(spans: Span[]): Span | undefined {
  const ids = new Set(spans.map((s) => s.spanId));
  let root: Span | undefined;
  for (const s of spans) {
    if (s.parentSpanId !== null && ids.has(s.parentSpanId)) continue;
    if (!root || s.startTimeMs < root.startTimeMs) root = s;
  }
  return root ?? spans[0];
}

/**
 * Builds a Trace from normalised spans. The extent is computed by the caller in the wire's integer unit
 * (µs or ns) so that `startTimeMs`/`durationMs` are exact conversions, not sums of rounded floats.
 */
export function assembleTrace(
  traceId: string,
  spans: Span[],
  extent: { startTimeMs: number; durationMs: number },
): Trace {
  const root = findRoot(spans);
  return {
    traceId,
    spans,
    services: [...new Set(spans.map((s) => s.serviceName))].sort(),
    startTimeMs: extent.startTimeMs,
    durationMs: extent.durationMs,
    rootService: root?.serviceName ?? '',
    rootOperation: root?.operationName ?? '',
    hasError: spans.some((s) => s.hasError),
    spanCount: spans.length,
  };
}

/** Same id regardless of case and leading zeros (v1 may send 16 hex digits where v3 sends 32). */
export function sameTraceId(a: string, b: string): boolean {
  const strip = (id: string) => id.toLowerCase().replace(/^0+/, '');
  return strip(a) === strip(b);
}

/** The namespace of an Istio Jaeger service name `<app>.<namespace>` (the text after the last dot; the whole name without one). */
export function namespaceOfService(service: string): string {
  return service.slice(service.lastIndexOf('.') + 1);
}

/**
 * The trace without the spans of services in namespaces `mayRead` refuses (issue 12: a bookinfo viewer must not see
 * `istio-system` spans). Services, root, error flag, extent and count are recomputed from the spans kept (a kept
 * span whose parent was withheld becomes a root); `withheldSpans` counts what was left out, added to any count the
 * trace already had. The trace itself when every span may be read. Pure.
 */
export function withholdSpans(trace: Trace, mayRead: (namespace: string) => boolean): Trace {
  const kept = trace.spans.filter((s) => mayRead(namespaceOfService(s.serviceName)));
  if (kept.length === trace.spans.length) return trace;
  let start = Infinity;
  let end = -Infinity;
  for (const s of kept) {
    // a loop, not Math.min(...spans): a trace may have more spans than a call may have arguments
    start = Math.min(start, s.startTimeMs);
    end = Math.max(end, s.startTimeMs + s.durationMs);
  }
  const assembled = assembleTrace(
    trace.traceId,
    kept,
    kept.length ? { startTimeMs: start, durationMs: end - start } : { startTimeMs: trace.startTimeMs, durationMs: 0 },
  );
  return { ...assembled, withheldSpans: (trace.withheldSpans ?? 0) + trace.spans.length - kept.length };
}

/**
 * One trace from the parts several Jaegers hold of it (multi-cluster with a Jaeger per cluster, issue 18: each
 * cluster's proxies report to their own, so a cross-cluster call's spans are split): the spans of every part, a span
 * held twice kept once (same span id), sorted by start; the extent spans every part. The first part's id is kept.
 * Pure. @throws Error for no parts
 */
export function mergeTraceParts(parts: readonly Trace[]): Trace {
  const first = parts[0];
  if (!first) throw new Error('mergeTraceParts: no parts');
  if (parts.length === 1) return first;
  const seen = new Set<string>();
  const spans: Span[] = [];
  let start = Infinity;
  let end = -Infinity;
  for (const part of parts) {
    start = Math.min(start, part.startTimeMs);
    end = Math.max(end, part.startTimeMs + part.durationMs);
    for (const s of part.spans) {
      if (seen.has(s.spanId)) continue;
      seen.add(s.spanId);
      spans.push(s);
    }
  }
  spans.sort((a, b) => a.startTimeMs - b.startTimeMs);
  const withheld = parts.reduce((n, p) => n + (p.withheldSpans ?? 0), 0);
  const trace = assembleTrace(first.traceId, spans, { startTimeMs: start, durationMs: end - start });
  return withheld > 0 ? { ...trace, withheldSpans: withheld } : trace;
}
