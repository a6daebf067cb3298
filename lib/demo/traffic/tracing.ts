import type { Prng } from './prng';

export type TagValue = string | number | boolean;

/** A span as an Envoy proxy reports it. Times are in microseconds since the epoch. */
export interface SimSpan {
  spanId: string;
  parentSpanId: string | null;
  /** Jaeger service name as Istio sets it: `<app>.<namespace>`. */
  service: string;
  operation: string;
  kind: 'client' | 'server';
  startUs: number;
  durationUs: number;
  tags: Record<string, TagValue>;
  /** Tags of the reporting process (hostname, ip, ...). */
  processTags: Record<string, TagValue>;
}

/** A sampled trace. Times are in microseconds since the epoch. */
export interface SimTrace {
  traceId: string;
  startUs: number;
  durationUs: number;
  spans: SimSpan[];
}

/** Collects the spans of one sampled request tree while the engine simulates it. */
export class TraceRecorder {
  readonly traceId: string;
  readonly spans: SimSpan[] = [];
  constructor(private rng: Prng) {
    this.traceId = rng.hex(32);
  }

  newSpanId(): string {
    return this.rng.hex(16);
  }

  /** Adds a span; `startMs`/`durationMs` are engine milliseconds (converted to µs here). */
  add(span: Omit<SimSpan, 'startUs' | 'durationUs'> & { startMs: number; durationMs: number }): void {
    const { startMs, durationMs, ...rest } = span;
    this.spans.push({
      ...rest,
      startUs: Math.round(startMs * 1000),
      durationUs: Math.max(1, Math.round(durationMs * 1000)),
    });
  }

  /** The finished trace (spans sorted by start time), or null when no span was recorded. */
  finish(): SimTrace | null {
    if (this.spans.length === 0) return null;
    this.spans.sort((a, b) => a.startUs - b.startUs);
    const start = Math.min(...this.spans.map((s) => s.startUs));
    const end = Math.max(...this.spans.map((s) => s.startUs + s.durationUs));
    return { traceId: this.traceId, startUs: start, durationUs: end - start, spans: this.spans };
  }
}

/** A bounded buffer of the most recent traces, with lookup by id. */
export class TraceBuffer {
  private ring: (SimTrace | undefined)[];
  private next = 0;
  private byId = new Map<string, SimTrace>();
  /** Every service and its operations (with span kind) ever seen, as Jaeger's storage remembers them. */
  readonly operations = new Map<string, Map<string, 'client' | 'server'>>();

  constructor(readonly capacity = 2000) {
    this.ring = new Array<SimTrace | undefined>(capacity);
  }

  add(t: SimTrace): void {
    const old = this.ring[this.next];
    if (old) this.byId.delete(old.traceId);
    this.ring[this.next] = t;
    this.byId.set(t.traceId, t);
    for (const s of t.spans) {
      let ops = this.operations.get(s.service);
      if (!ops) this.operations.set(s.service, (ops = new Map()));
      if (!ops.has(s.operation)) ops.set(s.operation, s.kind);
    }
    this.next = (this.next + 1) % this.capacity;
  }

  get(traceId: string): SimTrace | undefined {
    return this.byId.get(traceId.toLowerCase().padStart(32, '0'));
  }

  /** All buffered traces, oldest first. */
  list(): SimTrace[] {
    const out: SimTrace[] = [];
    for (let i = 0; i < this.capacity; i++) {
      const t = this.ring[(this.next + i) % this.capacity];
      if (t) out.push(t);
    }
    return out;
  }

  get size(): number {
    return this.byId.size;
  }
}

/**
 * Envoy's `node_id` for a proxy: `sidecar~<ip>~<pod>.<ns>~<ns>.svc.cluster.local` (`router~...` for gateways,
 * `waypoint~...` for waypoints, as `pilot-agent proxy waypoint` names its node type).
 */
export function nodeId(kind: 'sidecar' | 'router' | 'waypoint', ip: string, pod: string, ns: string): string {
  return `${kind}~${ip}~${pod}.${ns}~${ns}.svc.cluster.local`;
}
