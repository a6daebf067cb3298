import type { KubeObject } from '../store/object-store';
import type { AmbientTelemetry } from './ambient-telemetry';
import { applicablePolicies } from './authz';
import { dnsCandidates } from './istio-match';
import type { MeshIndex } from './mesh-index';
import { findDestinationRule, peerAuthenticationMode, type MtlsMode, type ResolvedDestinationRule } from './policy';
import type { Prng } from './prng';
import type { HttpRouteDecision, VirtualServiceResolver } from './routing';
import { UNKNOWN_PEER, type Peer, type RequestRow, type ServiceLabels, type TelemetryRegistry } from './telemetry';
import type { TraceRecorder } from './tracing';
import type { CallEdge, ExternalHost, ServiceInfo, ServiceProfile, WorkloadInfo } from './types';

/** The side that sends a request: a workload (with or without a proxy) or the out-of-mesh `unknown` source. */
export interface Caller {
  workload: WorkloadInfo | null;
  peer: Peer;
  /** Has an Envoy (sidecar or gateway): applies VirtualServices, reports reporter=source rows, spans. */
  proxy: boolean;
  namespace: string | null;
  labels: Record<string, string>;
  /**
   * Records the row this caller's proxy reports as the requesting side, instead of `telemetry.recordRequest`
   * (a waypoint reports it as reporter="waypoint" with the original client as source: traffic/ambient.ts).
   */
  sourceReport?: (row: RequestRow, durationMs: number, requestBytes: number, responseBytes: number) => void;
}

export const UNKNOWN_CALLER: Caller = { workload: null, peer: UNKNOWN_PEER, proxy: false, namespace: null, labels: {} };

/** A resolved destination host: an in-mesh Service or a ServiceEntry host. */
export type Target =
  | { kind: 'service'; svc: ServiceInfo; labels: ServiceLabels }
  | { kind: 'external'; ext: ExternalHost; labels: ServiceLabels };

/** Where a request sits in a sampled trace: the parent span and the time (engine ms) it starts. */
export interface TraceCursor {
  recorder: TraceRecorder;
  parentSpanId: string | null;
}

/** A request as it travels: header names lower-case; `user` is the session user (bookinfo's login). */
export interface SimRequest {
  method: string;
  path: string;
  headers: Record<string, string>;
  authority?: string;
  user?: string;
}

/** Memoises lookups until the mesh index rebuilds (keys: strings, or objects of the current generation). */
export class GenerationCache<K, V> {
  private gen = -1;
  private map = new Map<K, V>();
  constructor(private index: MeshIndex) {}
  get(key: K, compute: () => V): V {
    if (this.gen !== this.index.generation) {
      this.gen = this.index.generation;
      this.map.clear();
    }
    const hit = this.map.get(key);
    if (hit !== undefined || this.map.has(key)) return hit as V;
    const v = compute();
    this.map.set(key, v);
    return v;
  }
}

/** A two-level memo (outer key, inner key) cleared with the generation. */
function nested<K, V>(
  cache: GenerationCache<K, Map<string | number, V>>,
  outer: K,
  inner: string | number,
  compute: () => V,
): V {
  const m = cache.get(outer, () => new Map());
  const hit = m.get(inner);
  if (hit !== undefined || m.has(inner)) return hit as V;
  const v = compute();
  m.set(inner, v);
  return v;
}

/** Everything the simulation functions share during a tick. */
export interface SimContext {
  index: MeshIndex;
  vs: VirtualServiceResolver;
  rng: Prng;
  telemetry: TelemetryRegistry;
  /** Per-pod telemetry of ztunnels and waypoints (ambient mode). */
  ambient: AmbientTelemetry;
  drCache: GenerationCache<string, Map<string | number, ResolvedDestinationRule | null>>;
  paCache: GenerationCache<WorkloadInfo, Map<string | number, MtlsMode>>;
  apCache: GenerationCache<WorkloadInfo, KubeObject[]>;
  targetCache: GenerationCache<string, Map<string | number, Target | null>>;
  peerCache: GenerationCache<WorkloadInfo, Peer>;
  callerCache: GenerationCache<WorkloadInfo, Caller>;
  /** Causal edges of a workload (its outbound calls per request served). */
  outbound(w: WorkloadInfo): CallEdge[];
  profile(w: WorkloadInfo): ServiceProfile;
  /** Requests per second a caller sent to a cluster during the previous tick (circuit breaking). */
  rate(key: string): number;
  hit(key: string): void;
  /** Issues an outbound call of an edge (dispatches to the HTTP or TCP simulation). */
  call(
    caller: Caller,
    edge: CallEdge,
    req: SimRequest | null,
    startMs: number,
    trace: TraceCursor | null,
    depth: number,
  ): { durationMs: number };
  /** Serves one request at a destination workload (see serve.ts). */
  serve(call: ServeCall): ServeResult;
  /** Memoised route decisions, keyed by VirtualService and route index. */
  decisionCache: GenerationCache<string, HttpRouteDecision>;
}

/** One request arriving at a destination workload's proxy. */
export interface ServeCall {
  caller: Caller;
  workload: WorkloadInfo;
  labels: ServiceLabels;
  port: number;
  targetPort: number;
  protocol: 'http' | 'grpc';
  req: SimRequest;
  mtls: boolean;
  startMs: number;
  trace: TraceCursor | null;
  depth: number;
}

/** What the destination answered, and the row its proxy reports (null without a sidecar, or on connect failure). */
export interface ServeResult {
  code: number;
  flags: string;
  durationMs: number;
  responseBytes: number;
  /** The connection was refused before any HTTP exchange (STRICT mTLS against a plaintext client). */
  connFailed: boolean;
  destRow: RequestRow | null;
}

/** The Istio peer labels of a workload. */
export function peerOf(ctx: SimContext, w: WorkloadInfo): Peer {
  // A workload of another cluster may share namespace and name with a local one: its series are its own.
  return ctx.peerCache.get(w, () => ({
    key: w.cluster ? `${w.cluster}/${w.key}` : w.key,
    workload: w.name,
    namespace: w.namespace,
    app: w.app,
    version: w.version,
    canonicalService: w.canonicalService,
    canonicalRevision: w.canonicalRevision,
    principal: w.principal,
    ...(w.cluster ? { cluster: w.cluster } : {}),
  }));
}

/** A caller for a workload. */
export function callerOf(ctx: SimContext, w: WorkloadInfo): Caller {
  return ctx.callerCache.get(w, () => ({
    workload: w,
    peer: peerOf(ctx, w),
    proxy: w.sidecar || w.gateway,
    namespace: w.namespace,
    labels: w.labels,
  }));
}

/** Jaeger service name of a workload, as Istio sets it: `<app>.<namespace>` (canonical service when no app). */
export function jaegerService(w: WorkloadInfo): string {
  return `${w.app !== 'unknown' ? w.app : w.canonicalService}.${w.namespace}`;
}

/**
 * Resolves a host as seen from `fromNs` (DNS rules) to a Service or a ServiceEntry host. A gateway workload
 * without a Service is reachable by its own name (`istio-ingressgateway.istio-system.svc.cluster.local`).
 */
export function resolveTarget(ctx: SimContext, host: string, fromNs: string | null): Target | null {
  return nested(ctx.targetCache, fromNs ?? '', host, () => {
    for (const name of fromNs ? dnsCandidates(host, fromNs) : [host]) {
      const t = lookupHost(ctx, name);
      if (t) return t;
    }
    return null;
  });
}

function lookupHost(ctx: SimContext, fqdn: string): Target | null {
  const svc = ctx.index.services.get(fqdn);
  if (svc) return { kind: 'service', svc, labels: { service: fqdn, name: svc.name, namespace: svc.namespace } };
  const ext = ctx.index.externalHosts.get(fqdn);
  if (ext) return { kind: 'external', ext, labels: { service: ext.host, name: ext.host, namespace: ext.namespace } };
  const [name, ns] = fqdn.split('.');
  const gw = ns ? ctx.index.workloads.get(`${ns}/${name}`) : undefined;
  if (gw?.gateway) {
    const fake: ServiceInfo = {
      namespace: gw.namespace,
      name: gw.name,
      fqdn,
      ports: [{ port: 80, targetPort: 8080, protocol: 'http' }],
      workloads: [gw],
    };
    return { kind: 'service', svc: fake, labels: { service: fqdn, name: gw.name, namespace: gw.namespace } };
  }
  return null;
}

/** Labels for a host nobody declares (a route to a missing Service): name and namespace read from the FQDN. */
export function labelsForUnknownHost(host: string): ServiceLabels {
  const [name, ns] = host.split('.');
  return { service: host, name: name ?? host, namespace: ns ?? 'unknown' };
}

/** The DestinationRule for a host from a client namespace (memoised). */
export function destinationRuleFor(
  ctx: SimContext,
  host: string,
  clientNs: string | null,
  serviceNs: string,
): ResolvedDestinationRule | null {
  return nested(ctx.drCache, clientNs ?? '', host, () => findDestinationRule(ctx.index, host, clientNs, serviceNs));
}

/** Effective PeerAuthentication mode of a workload on a target port (memoised). */
export function mtlsModeOf(ctx: SimContext, w: WorkloadInfo, port: number): MtlsMode {
  return nested(ctx.paCache, w, port, () => peerAuthenticationMode(ctx.index, w, port));
}

/** AuthorizationPolicies applying to a workload (memoised). */
export function policiesOf(ctx: SimContext, w: WorkloadInfo): KubeObject[] {
  return ctx.apCache.get(w, () => applicablePolicies(ctx.index, w));
}

/**
 * Whether a connection uses Istio mutual TLS: the client needs a proxy and the server a sidecar; a DestinationRule
 * TLS mode other than ISTIO_MUTUAL turns Istio mTLS off; without one, auto-mTLS uses it unless the server's
 * PeerAuthentication is DISABLE.
 */
export function usesMtls(caller: Caller, w: WorkloadInfo, tlsMode: string | undefined, serverMode: MtlsMode): boolean {
  if (!caller.proxy || !w.sidecar) return false;
  if (tlsMode) return tlsMode === 'ISTIO_MUTUAL';
  return serverMode !== 'DISABLE';
}

/** Picks an endpoint workload, weighted by replicas. */
export function pickWorkload(ctx: SimContext, ws: WorkloadInfo[]): WorkloadInfo | undefined {
  if (ws.length === 1) return ws[0];
  const total = ws.reduce((s, w) => s + w.replicas, 0);
  let x = ctx.rng.next() * total;
  for (const w of ws) {
    x -= w.replicas;
    if (x < 0) return w;
  }
  return ws[ws.length - 1];
}
