import type { ObjectStore } from '../store/object-store';
import { callViaWaypoint } from './ambient';
import { AmbientTelemetry } from './ambient-telemetry';
import { callHttp } from './call-http';
import { callTcp } from './call-tcp';
import {
  callerOf,
  GenerationCache,
  resolveTarget,
  UNKNOWN_CALLER,
  type Caller,
  type ServeCall,
  type ServeResult,
  type SimContext,
} from './context';
import { DEFAULT_CALL_GRAPH } from './default-call-graph';
import { MeshIndex } from './mesh-index';
import { createPrng, type Prng } from './prng';
import { VirtualServiceResolver } from './routing';
import { outboundRequest, serve } from './serve';
import { recommendedHistograms, TelemetryRegistry, type HistogramMode } from './telemetry';
import { TraceBuffer, TraceRecorder } from './tracing';
import type { CallEdge, CallGraph, ServiceProfile, WorkloadInfo } from './types';

export interface TrafficEngineOptions {
  /** PRNG seed (default 1): the same seed and tick times give the same counters and traces. */
  seed?: number;
  /** Tick period of `start()` in ms (default 1000). */
  tickMs?: number;
  /** Traffic model (default: bookinfo + tcp-echo + httpbin + external hosts). */
  callGraph?: CallGraph;
  /**
   * Histogram detail (see HistogramMode). Default `auto`: recommendedHistograms() of the number of workloads in
   * the store when the engine is created (`full` for the bookinfo demo, less for big synthetic meshes).
   */
  histograms?: HistogramMode | 'auto';
  /** Traces kept (default 2000). */
  traceCapacity?: number;
}

/** The demo mesh's traffic: ticks simulate requests against the store's Istio config and update the counters. */
export interface TrafficEngine {
  /** Cumulative Istio metrics of sidecars and gateways (read by lib/demo/metrics). */
  readonly telemetry: TelemetryRegistry;
  /** Cumulative metrics of each ztunnel and waypoint pod (ambient mode; lib/demo/metrics serves them per pod). */
  readonly ambient: AmbientTelemetry;
  /** The most recent sampled traces (read by lib/demo/jaeger). */
  readonly traces: TraceBuffer;
  readonly callGraph: CallGraph;
  /** Ticks run so far. */
  readonly ticks: number;
  /** Simulates the traffic of the interval since the previous tick (one tick period for the first). */
  tick(nowMs?: number): void;
  /** Ticks every `tickMs` until `stop()` (the timer does not keep the process alive). */
  start(): void;
  stop(): void;
  /** Stops and releases the store watch. */
  dispose(): void;
}

const DEFAULT_PROFILE: ServiceProfile = { latencyMs: 4, latencySigma: 0.5, errorRate: 0.001, responseBytes: 600 };

/**
 * Creates the traffic engine over an object store. The store is indexed once and kept current through its watch,
 * so Istio config written to the store takes effect on the next tick.
 */
export function createTrafficEngine(store: ObjectStore, opts: TrafficEngineOptions = {}): TrafficEngine {
  const tickMs = opts.tickMs ?? 1000;
  const graph = opts.callGraph ?? DEFAULT_CALL_GRAPH;
  const rng = createPrng(opts.seed ?? 1);
  const index = new MeshIndex(store);
  index.refresh();
  const histograms =
    !opts.histograms || opts.histograms === 'auto' ? recommendedHistograms(index.workloads.size) : opts.histograms;
  const telemetry = new TelemetryRegistry(histograms);
  const ambient = new AmbientTelemetry(histograms);
  const traces = new TraceBuffer(opts.traceCapacity ?? 2000);
  const rates = new RateBook();
  const ctx = createSimContext(index, { graph, rng, telemetry, ambient, rates });
  const callersOf = (edge: CallEdge): SimCaller[] => localCallers(ctx, edge).map((caller) => ({ caller, ctx }));
  return tickingEngine(
    { telemetry, ambient, traces, graph, tickMs, rng, rates },
    () => {
      index.refresh();
    },
    callersOf,
    () => index.dispose(),
  );
}

/** Requests per second each caller sent to each cluster (circuit breaking), counted over the previous tick. */
export class RateBook {
  private hits = new Map<string, number>();
  private rates = new Map<string, number>();
  rate(key: string): number {
    return this.rates.get(key) ?? 0;
  }
  hit(key: string): void {
    this.hits.set(key, (this.hits.get(key) ?? 0) + 1);
  }
  /** Ends a tick of `dt` seconds: the hits counted become the rates. */
  roll(dt: number): void {
    this.rates = new Map([...this.hits].map(([k, v]) => [k, v / dt]));
    this.hits = new Map();
  }
}

/** What the simulation of one cluster (or the only one) shares with the engine. */
export interface SimParts {
  graph: CallGraph;
  rng: Prng;
  telemetry: TelemetryRegistry;
  ambient: AmbientTelemetry;
  rates: RateBook;
  /**
   * Who serves a request at a workload (default: this context). A multi-cluster engine sends it to the context of
   * the workload's cluster, whose istiod configured that sidecar (lib/demo/multicluster/engine.ts).
   */
  serveAt?: (call: ServeCall) => ServeResult;
}

/** The simulation context over one mesh index: call dispatch, caches, profiles and the causal call graph. */
export function createSimContext(index: MeshIndex, parts: SimParts): SimContext {
  const { graph, rates } = parts;
  const causal = new Map<string, CallEdge[]>();
  for (const e of graph.edges) {
    if (e.rps !== undefined || e.source === 'unknown') continue;
    const k = `${e.source.namespace}/${e.source.app}`;
    if (!causal.has(k)) causal.set(k, []);
    causal.get(k)!.push(e);
  }
  const outboundCache = new GenerationCache<WorkloadInfo, CallEdge[]>(index);
  const profileCache = new GenerationCache<WorkloadInfo, ServiceProfile>(index);

  const ctx: SimContext = {
    index,
    vs: new VirtualServiceResolver(index),
    rng: parts.rng,
    telemetry: parts.telemetry,
    ambient: parts.ambient,
    drCache: new GenerationCache(index),
    paCache: new GenerationCache(index),
    apCache: new GenerationCache(index),
    targetCache: new GenerationCache(index),
    peerCache: new GenerationCache(index),
    callerCache: new GenerationCache(index),
    decisionCache: new GenerationCache(index),
    outbound: (w) =>
      outboundCache.get(w, () =>
        (causal.get(`${w.namespace}/${w.app}`) ?? []).filter(
          (e) => e.source === 'unknown' || !e.source.versions || e.source.versions.includes(w.version),
        ),
      ),
    profile: (w) =>
      profileCache.get(w, () => {
        const p = graph.profiles ?? {};
        const ns = `${w.namespace}/${w.app}`;
        return { ...DEFAULT_PROFILE, ...p[w.app], ...p[`${w.app}:${w.version}`], ...p[ns], ...p[`${ns}:${w.version}`] };
      }),
    rate: (key) => rates.rate(key),
    hit: (key) => rates.hit(key),
    serve: (call) => (parts.serveAt ? parts.serveAt(call) : serve(ctx, call)),
    call(caller, edge, req, startMs, trace, depth) {
      const host = edge.destination.host;
      const port = edge.destination.port;
      let tcp = edge.protocol === 'tcp';
      if (!tcp) {
        const target = resolveTarget(ctx, host, caller.namespace);
        const ext =
          target?.kind === 'external' ? target.ext.ports.find((p) => port === undefined || p.port === port) : undefined;
        tcp = ext?.protocol === 'tls' || ext?.protocol === 'tcp';
      }
      if (tcp) return callTcp(ctx, caller, host, port, edge.bytesPerConnection ?? 64) ?? { durationMs: 0 };
      const request = req ?? { method: 'GET', path: '/', headers: {} };
      const proto = edge.protocol === 'grpc' ? 'grpc' : 'http';
      for (const way of [callViaWaypoint, callHttp]) {
        const outcome = way(ctx, caller, host, port, proto, request, startMs, trace, depth);
        if (outcome) return outcome;
      }
      return { durationMs: 0 };
    },
  };
  return ctx;
}

/** The callers of a root edge among a context's own workloads (the `unknown` source for out-of-mesh clients). */
export function localCallers(ctx: SimContext, edge: CallEdge): Caller[] {
  if (edge.source === 'unknown') return [UNKNOWN_CALLER];
  const versions = edge.source.versions;
  return ctx.index
    .workloadsOfApp(edge.source.namespace, edge.source.app)
    .filter((w: WorkloadInfo) => w.replicas > 0 && (!versions || versions.includes(w.version)))
    .map((w) => callerOf(ctx, w));
}

/** A caller of a root edge with the context (cluster) it sends from. */
export interface SimCaller {
  caller: Caller;
  ctx: SimContext;
}

/**
 * An engine ticking over `callersOf`: each tick refreshes the indexes (`refresh`), then sends each root edge's
 * Poisson-distributed requests (its `rps` split evenly over its callers) and keeps the sampled traces.
 */
export function tickingEngine(
  parts: Omit<SimParts, 'serveAt'> & { traces: TraceBuffer; tickMs: number },
  refresh: () => void,
  callersOf: (edge: CallEdge) => SimCaller[],
  release: () => void,
): TrafficEngine {
  const { graph, rng, traces, tickMs, rates } = parts;
  const sampling = Math.max(1, graph.traceSampling ?? 20);
  const roots = graph.edges.filter((e) => e.rps !== undefined && e.rps > 0);
  let last: number | null = null;
  let ticks = 0;
  let timer: ReturnType<typeof setInterval> | null = null;

  const tick = (nowMs: number = Date.now()): void => {
    const dt = last === null ? tickMs / 1000 : Math.min(10, (nowMs - last) / 1000);
    if (dt <= 0) return;
    last = nowMs;
    refresh();
    const windowStart = nowMs - dt * 1000;
    for (const edge of roots) {
      const callers = callersOf(edge);
      for (const { caller, ctx } of callers) {
        const n = rng.poisson((edge.rps! * dt) / callers.length);
        for (let i = 0; i < n; i++) {
          const startMs = windowStart + rng.next() * dt * 1000;
          const sampled = edge.protocol !== 'tcp' && rng.next() * sampling < 1;
          const recorder = sampled ? new TraceRecorder(rng) : null;
          const req = edge.protocol === 'tcp' ? null : outboundRequest(ctx, edge, null);
          if (req && recorder) req.headers['x-request-id'] = uuid(recorder.traceId);
          ctx.call(caller, edge, req, startMs, recorder ? { recorder, parentSpanId: null } : null, 0);
          const trace = recorder?.finish();
          if (trace) traces.add(trace);
        }
      }
    }
    rates.roll(dt);
    ticks++;
  };

  return {
    telemetry: parts.telemetry,
    ambient: parts.ambient,
    traces,
    callGraph: graph,
    get ticks() {
      return ticks;
    },
    tick,
    start() {
      if (timer) return;
      timer = setInterval(() => tick(), tickMs);
      timer.unref?.();
    },
    stop() {
      if (timer) clearInterval(timer);
      timer = null;
    },
    dispose() {
      this.stop();
      release();
    },
  };
}

function uuid(hex: string): string {
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-a${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}
