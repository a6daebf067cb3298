import type { KubeObject } from '../store/object-store';
import { hostMatches, hostSpecificity, qualifyConfigHost } from './istio-match';
import { labelsMatch, ROOT_NAMESPACE, type MeshIndex } from './mesh-index';
import type { Prng } from './prng';
import type { WorkloadInfo } from './types';

export type MtlsMode = 'STRICT' | 'PERMISSIVE' | 'DISABLE';

/** The parts of a DestinationRule traffic policy the engine honours. */
export interface TrafficPolicy {
  tlsMode?: string;
  maxConnections?: number;
  http1MaxPendingRequests?: number;
  http2MaxRequests?: number;
}

function policyOf(tp: Record<string, unknown> | undefined): TrafficPolicy {
  const cp = (tp?.connectionPool ?? {}) as { tcp?: Record<string, unknown>; http?: Record<string, unknown> };
  const num = (v: unknown): number | undefined => (typeof v === 'number' && v > 0 ? v : undefined);
  return {
    tlsMode: (tp?.tls as { mode?: string } | undefined)?.mode,
    maxConnections: num(cp.tcp?.maxConnections),
    http1MaxPendingRequests: num(cp.http?.http1MaxPendingRequests),
    http2MaxRequests: num(cp.http?.http2MaxRequests),
  };
}

/** Subset-level settings override the rule's top-level ones, field by field (as Istio merges them). */
function merge(base: TrafficPolicy, over: TrafficPolicy): TrafficPolicy {
  return {
    tlsMode: over.tlsMode ?? base.tlsMode,
    maxConnections: over.maxConnections ?? base.maxConnections,
    http1MaxPendingRequests: over.http1MaxPendingRequests ?? base.http1MaxPendingRequests,
    http2MaxRequests: over.http2MaxRequests ?? base.http2MaxRequests,
  };
}

/** A resolved DestinationRule for one host as seen from one client namespace. */
export interface ResolvedDestinationRule {
  rule: KubeObject;
  subsets: Map<string, { labels: Record<string, string>; policy: TrafficPolicy }>;
  policy: TrafficPolicy;
}

/**
 * Finds the DestinationRule for `host` from a client in `clientNs`: Istio looks in the client's namespace, then
 * the service's namespace, then the root namespace; within one namespace the most specific host wins.
 */
export function findDestinationRule(
  index: MeshIndex,
  host: string,
  clientNs: string | null,
  serviceNs: string,
): ResolvedDestinationRule | null {
  const order = [clientNs, serviceNs, ROOT_NAMESPACE].filter((n): n is string => !!n);
  const rules = index.list('destinationrules');
  for (const ns of order) {
    let best: KubeObject | null = null;
    let score = -1;
    for (const dr of rules) {
      if ((dr.metadata.namespace ?? 'default') !== ns || typeof dr.spec?.host !== 'string') continue;
      const q = qualifyConfigHost(dr.spec.host, ns);
      if (hostMatches(q, host) && hostSpecificity(q) > score) {
        best = dr;
        score = hostSpecificity(q);
      }
    }
    if (best) {
      const policy = policyOf(best.spec?.trafficPolicy);
      const subsets = new Map<string, { labels: Record<string, string>; policy: TrafficPolicy }>();
      for (const s of (best.spec?.subsets ?? []) as {
        name?: string;
        labels?: Record<string, string>;
        trafficPolicy?: Record<string, unknown>;
      }[]) {
        if (s.name) subsets.set(s.name, { labels: s.labels ?? {}, policy: merge(policy, policyOf(s.trafficPolicy)) });
      }
      return { rule: best, subsets, policy };
    }
  }
  return null;
}

function oldestFirst(a: KubeObject, b: KubeObject): number {
  return (
    (a.metadata.creationTimestamp ?? '').localeCompare(b.metadata.creationTimestamp ?? '') ||
    a.metadata.name.localeCompare(b.metadata.name)
  );
}

function modeOf(pa: KubeObject | undefined, port: number | undefined): string | undefined {
  if (!pa) return undefined;
  const portMode =
    port !== undefined ? (pa.spec?.portLevelMtls?.[String(port)]?.mode as string | undefined) : undefined;
  const mode = portMode ?? (pa.spec?.mtls?.mode as string | undefined);
  return mode && mode !== 'UNSET' ? mode : undefined;
}

/**
 * The effective PeerAuthentication mode of a workload on a (target) port: workload selector policy, else the
 * namespace policy, else the mesh policy in the root namespace, else PERMISSIVE. `UNSET` inherits.
 */
export function peerAuthenticationMode(index: MeshIndex, w: WorkloadInfo, port?: number): MtlsMode {
  const pas = index.list('peerauthentications').sort(oldestFirst);
  const inNs = pas.filter((p) => p.metadata.namespace === w.namespace);
  const workloadPa = inNs.find(
    (p) => p.spec?.selector?.matchLabels && labelsMatch(p.spec.selector.matchLabels, w.labels),
  );
  const nsPa = inNs.find((p) => !p.spec?.selector);
  const meshPa = pas.find((p) => p.metadata.namespace === ROOT_NAMESPACE && !p.spec?.selector);
  const mode = modeOf(workloadPa, port) ?? modeOf(nsPa, port) ?? modeOf(meshPa, port) ?? 'PERMISSIVE';
  return mode === 'STRICT' || mode === 'DISABLE' ? mode : 'PERMISSIVE';
}

/** True when a traffic policy sets any connection-pool limit (only then is circuit breaking simulated). */
export function hasPoolLimits(policy: TrafficPolicy | undefined): policy is TrafficPolicy {
  return (
    !!policy &&
    (policy.maxConnections !== undefined ||
      policy.http1MaxPendingRequests !== undefined ||
      policy.http2MaxRequests !== undefined)
  );
}

/**
 * Whether one request overflows the caller proxy's connection pool to a cluster (Envoy answers 503 `UO`).
 * Model: HTTP/1.1 capacity is maxConnections + http1MaxPendingRequests (capped by http2MaxRequests); TCP capacity
 * is maxConnections. Unset limits are Istio's defaults (2^32-1, never reached). The requests in flight at the
 * moment a request arrives are 1 + Poisson(1.5 + rps/50): clients are bursty, so limits of 1–2 overflow often
 * (the Istio circuit-breaking task sees a large share of 503s) while realistic limits (≥ 10) never do.
 */
export function overflows(
  policy: TrafficPolicy | undefined,
  protocol: 'http' | 'grpc' | 'tcp',
  rps: number,
  rng: Prng,
): boolean {
  if (!policy) return false;
  const big = Number.POSITIVE_INFINITY;
  const capacity =
    protocol === 'tcp'
      ? (policy.maxConnections ?? big)
      : Math.min(
          (policy.maxConnections ?? big) + (policy.http1MaxPendingRequests ?? big),
          policy.http2MaxRequests ?? big,
        );
  if (!Number.isFinite(capacity)) return false;
  return 1 + rng.poisson(1.5 + rps / 50) > capacity;
}
