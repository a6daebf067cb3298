import type { KubeObject } from '../store/object-store';
import {
  durationMs,
  hostMatches,
  hostSpecificity,
  percentOf,
  qualifyConfigHost,
  stringMatches,
  type StringMatch,
} from './istio-match';
import { labelsMatch, type MeshIndex } from './mesh-index';
import type { Prng } from './prng';

/** What routing sees of a request. Header names are lower-case. */
export interface RequestAttrs {
  method: string;
  path: string;
  headers: Record<string, string>;
  authority?: string;
  port: number;
}

/** What routing sees of the caller (`namespace` null for the out-of-mesh source). */
export interface CallerAttrs {
  namespace: string | null;
  labels: Record<string, string>;
}

export interface RouteDestination {
  /** Qualified host: an FQDN or an external host. */
  host: string;
  subset?: string;
  port?: number;
  weight: number;
}

export interface RetryPolicy {
  attempts: number;
  perTryTimeoutMs?: number;
  retryOn: Set<string>;
  retriableCodes: Set<number>;
}

/** A matched route: where to send the request and what the caller's proxy does on the way. */
export interface HttpRouteDecision {
  vs: KubeObject | null;
  destinations: RouteDestination[];
  delay?: { ms: number; percent: number };
  abort?: { httpStatus: number; percent: number };
  timeoutMs?: number;
  retries: RetryPolicy;
  mirrors: { destination: RouteDestination; percent: number }[];
  /** A local reply instead of forwarding (directResponse, redirect). */
  localReply?: number;
}

const DEFAULT_RETRY_ON = 'connect-failure,refused-stream,unavailable,cancelled,retriable-status-codes';

/** Istio's retry policy: the VirtualService's, or the mesh default (2 attempts on connect failures and 503). */
export function retryPolicy(retries: Record<string, unknown> | undefined): RetryPolicy {
  const attempts = typeof retries?.attempts === 'number' ? retries.attempts : 2;
  const on = typeof retries?.retryOn === 'string' && retries.retryOn !== '' ? retries.retryOn : DEFAULT_RETRY_ON;
  const retryOn = new Set<string>();
  const retriableCodes = new Set<number>();
  for (const part of on.split(',').map((s) => s.trim())) {
    if (/^\d{3}$/.test(part)) retriableCodes.add(Number(part));
    else if (part) retryOn.add(part);
  }
  if (retryOn.has('retriable-status-codes') && retriableCodes.size === 0) retriableCodes.add(503);
  return { attempts, perTryTimeoutMs: durationMs(retries?.perTryTimeout), retryOn, retriableCodes };
}

/** Whether a failed attempt (status code, or a connection failure when `connectFailure`) is retried. */
export function isRetriable(
  policy: RetryPolicy,
  code: number,
  connectFailure: boolean,
  perTryTimedOut: boolean,
): boolean {
  const on = policy.retryOn;
  if (connectFailure) return on.has('connect-failure') || on.has('5xx') || on.has('reset') || on.has('gateway-error');
  if (perTryTimedOut) return on.has('5xx') || on.has('gateway-error');
  if (policy.retriableCodes.has(code)) return true;
  if (code >= 500 && on.has('5xx')) return true;
  if ((code === 502 || code === 503 || code === 504) && on.has('gateway-error')) return true;
  return code === 409 && on.has('retriable-4xx');
}

function destinationOf(d: Record<string, unknown> | undefined, vsNs: string, weight: number): RouteDestination | null {
  if (!d || typeof d.host !== 'string') return null;
  const port = (d.port as { number?: number } | undefined)?.number;
  return { host: qualifyConfigHost(d.host, vsNs), subset: d.subset as string | undefined, port, weight };
}

function matchApplies(
  m: Record<string, unknown>,
  req: RequestAttrs,
  caller: CallerAttrs,
  gateway: string | null,
): boolean {
  const gateways = m.gateways as string[] | undefined;
  if (gateways && gateways.length > 0 && !gateways.includes(gateway ?? 'mesh')) return false;
  const ignoreCase = m.ignoreUriCase === true;
  if (m.uri && !stringMatches(m.uri as StringMatch, req.path.split('?')[0], ignoreCase)) return false;
  if (m.method && !stringMatches(m.method as StringMatch, req.method)) return false;
  if (m.authority && !stringMatches(m.authority as StringMatch, req.authority)) return false;
  if (typeof m.port === 'number' && m.port !== req.port) return false;
  for (const [name, sm] of Object.entries((m.headers ?? {}) as Record<string, StringMatch>)) {
    if (!stringMatches(sm, req.headers[name.toLowerCase()])) return false;
  }
  for (const [name, sm] of Object.entries((m.withoutHeaders ?? {}) as Record<string, StringMatch>)) {
    if (stringMatches(sm, req.headers[name.toLowerCase()])) return false;
  }
  if (m.sourceLabels && !labelsMatch(m.sourceLabels as Record<string, string>, caller.labels)) return false;
  if (typeof m.sourceNamespace === 'string' && m.sourceNamespace !== caller.namespace) return false;
  return true;
}

/** True when a route's `match` list (OR of conditions; empty matches everything) matches the request. */
export function httpRouteMatches(
  route: Record<string, unknown>,
  req: RequestAttrs,
  caller: CallerAttrs,
  gateway: string | null,
): boolean {
  const matches = route.match as Record<string, unknown>[] | undefined;
  if (!matches || matches.length === 0) return true;
  return matches.some((m) => matchApplies(m, req, caller, gateway));
}

/** Turns a matched http route of a VirtualService into a decision. */
export function decisionFor(vs: KubeObject, route: Record<string, unknown>): HttpRouteDecision {
  const ns = vs.metadata.namespace ?? 'default';
  const routes = (route.route ?? []) as { destination?: Record<string, unknown>; weight?: number }[];
  const destinations = routes
    .map((r) =>
      destinationOf(r.destination, ns, typeof r.weight === 'number' ? r.weight : routes.length === 1 ? 100 : 0),
    )
    .filter((d): d is RouteDestination => d !== null);
  if (destinations.length > 0 && destinations.every((d) => d.weight === 0)) for (const d of destinations) d.weight = 1;
  const fault = route.fault as Record<string, Record<string, unknown>> | undefined;
  const delayMs = durationMs(fault?.delay?.fixedDelay);
  const mirrors: HttpRouteDecision['mirrors'] = [];
  const mirror = destinationOf(route.mirror as Record<string, unknown> | undefined, ns, 100);
  if (mirror)
    mirrors.push({
      destination: mirror,
      percent: percentOf(route.mirrorPercentage as { value?: number }, route.mirrorPercent as number),
    });
  for (const m of (route.mirrors ?? []) as {
    destination?: Record<string, unknown>;
    percentage?: { value?: number };
  }[]) {
    const d = destinationOf(m.destination, ns, 100);
    if (d) mirrors.push({ destination: d, percent: percentOf(m.percentage) });
  }
  const direct = route.directResponse as { status?: number } | undefined;
  return {
    vs,
    destinations,
    delay:
      delayMs !== undefined
        ? {
            ms: delayMs,
            percent: percentOf(fault?.delay?.percentage as { value?: number }, fault?.delay?.percent as number),
          }
        : undefined,
    abort:
      typeof fault?.abort?.httpStatus === 'number'
        ? {
            httpStatus: fault.abort.httpStatus,
            percent: percentOf(fault.abort.percentage as { value?: number }, fault.abort.percent as number),
          }
        : undefined,
    timeoutMs: durationMs(route.timeout),
    retries: retryPolicy(route.retries as Record<string, unknown> | undefined),
    mirrors,
    localReply: direct ? (direct.status ?? 200) : route.redirect ? 301 : undefined,
  };
}

/** Picks one destination by weight. */
export function pickWeighted(dests: RouteDestination[], rng: Prng): RouteDestination | undefined {
  const total = dests.reduce((s, d) => s + Math.max(0, d.weight), 0);
  if (total <= 0) return undefined;
  let x = rng.next() * total;
  for (const d of dests) {
    x -= Math.max(0, d.weight);
    if (x < 0) return d;
  }
  return dests[dests.length - 1];
}

function byAge(a: KubeObject, b: KubeObject): number {
  return (
    (a.metadata.creationTimestamp ?? '').localeCompare(b.metadata.creationTimestamp ?? '') ||
    `${a.metadata.namespace}/${a.metadata.name}`.localeCompare(`${b.metadata.namespace}/${b.metadata.name}`)
  );
}

/**
 * Finds the VirtualService a sidecar applies for `fqdn`: bound to `mesh` (no `gateways`, or listing `mesh`),
 * with a host covering it; the most specific host wins, then the oldest resource (Istio's conflict rule).
 * Results are cached per index generation.
 */
export class VirtualServiceResolver {
  private generation = -1;
  private meshCache = new Map<string, KubeObject | null>();
  private gatewayCache = new Map<string, { vs: KubeObject; gatewayRef: string }[]>();

  constructor(private index: MeshIndex) {}

  private sync(): void {
    if (this.generation === this.index.generation) return;
    this.generation = this.index.generation;
    this.meshCache.clear();
    this.gatewayCache.clear();
  }

  forMesh(fqdn: string): KubeObject | null {
    this.sync();
    const cached = this.meshCache.get(fqdn);
    if (cached !== undefined) return cached;
    let best: KubeObject | null = null;
    let bestScore = -1;
    for (const vs of this.index.list('virtualservices').sort(byAge)) {
      const gws = (vs.spec?.gateways ?? []) as string[];
      if (gws.length > 0 && !gws.includes('mesh')) continue;
      const ns = vs.metadata.namespace ?? 'default';
      for (const h of (vs.spec?.hosts ?? []) as string[]) {
        const q = qualifyConfigHost(h, ns);
        if (hostMatches(q, fqdn) && hostSpecificity(q) > bestScore) {
          best = vs;
          bestScore = hostSpecificity(q);
        }
      }
    }
    this.meshCache.set(fqdn, best);
    return best;
  }

  /** VirtualServices bound to a Gateway that selects the gateway workload with `labels`, oldest first. */
  forGateway(gatewayKey: string, labels: Record<string, string>): { vs: KubeObject; gatewayRef: string }[] {
    this.sync();
    const cached = this.gatewayCache.get(gatewayKey);
    if (cached) return cached;
    const gateways = this.index.list('gateways').filter((g) => labelsMatch(g.spec?.selector, labels));
    const refs = new Set(gateways.map((g) => `${g.metadata.namespace}/${g.metadata.name}`));
    const out: { vs: KubeObject; gatewayRef: string }[] = [];
    for (const vs of this.index.list('virtualservices').sort(byAge)) {
      const ns = vs.metadata.namespace ?? 'default';
      for (const ref of (vs.spec?.gateways ?? []) as string[]) {
        const full = ref.includes('/') ? ref : `${ns}/${ref}`;
        if (refs.has(full)) {
          out.push({ vs, gatewayRef: ref });
          break;
        }
      }
    }
    this.gatewayCache.set(gatewayKey, out);
    return out;
  }
}
