/**
 * What a matched route rule does with a request (HTTPRoute/GRPCRoute/TCPRoute rules): weighted backendRefs
 * resolved against the cluster, filters (RequestHeaderModifier, URLRewrite, RequestRedirect, RequestMirror),
 * timeouts and retries. Pure: the demo traffic engine and the checks read the same plan.
 */
import { backendWeight, resolveBackendRef, type BackendRefError } from './references';
import type {
  BackendRef,
  GatewayApiWorld,
  HTTPPathModifier,
  HTTPRouteFilter,
  HTTPRouteRule,
  ObjectMeta,
} from './types';

/** A Service port a request can go to. */
export interface ServiceTarget {
  namespace: string;
  name: string;
  port: number;
}

/** One weighted backend: a resolved Service port, or the reason it does not resolve (its share gets a 500). */
export interface PlannedBackend {
  weight: number;
  target: ServiceTarget | null;
  error?: BackendRefError;
  /** Filters of this backendRef (applied after the rule's). */
  filters: HTTPRouteFilter[];
}

export interface ForwardPlan {
  backends: PlannedBackend[];
  /** RequestRedirect: the proxy answers itself with this status (default 302). */
  redirect?: { statusCode: number; hostname?: string; path?: HTTPPathModifier; scheme?: string; port?: number };
  /** RequestMirror targets (percent of requests mirrored, default 100). Unresolved mirrors are left out. */
  mirrors: (ServiceTarget & { percent: number })[];
  /** `timeouts.request` in ms (whole request, retries included). */
  requestTimeoutMs?: number;
  /** `timeouts.backendRequest` in ms (one attempt). */
  backendTimeoutMs?: number;
  /** `retry`: attempts and retriable codes; absent means the implementation's default. */
  retry?: { attempts: number; codes: number[]; backoffMs?: number };
  filters: HTTPRouteFilter[];
}

/**
 * Parses a Gateway API Duration (GEP-2257: one or more `<int><unit>` with units h, m, s, ms; e.g. `1h30m`,
 * `500ms`, `0s`). Returns milliseconds, or undefined when unreadable. `0s` means no timeout (returns 0).
 */
export function gatewayDurationMs(d: string | undefined): number | undefined {
  if (typeof d !== 'string' || !/^([0-9]{1,5}(h|m|s|ms)){1,4}$/.test(d)) return undefined;
  let total = 0;
  for (const m of d.matchAll(/([0-9]{1,5})(ms|h|m|s)/g)) {
    const n = Number(m[1]);
    total += m[2] === 'ms' ? n : m[2] === 's' ? n * 1000 : m[2] === 'm' ? n * 60_000 : n * 3_600_000;
  }
  return total;
}

/** Percent of requests a RequestMirror copies: `percent`, or `fraction` numerator/denominator (default 100). */
export function mirrorPercent(m: NonNullable<HTTPRouteFilter['requestMirror']>): number {
  if (typeof m.percent === 'number') return m.percent;
  if (m.fraction) return (100 * m.fraction.numerator) / (m.fraction.denominator ?? 100);
  return 100;
}

/**
 * The forwarding plan of a rule of a route of kind `routeKind`. BackendRefs are resolved (kind, ReferenceGrant,
 * existence, port); weight 0 backends are kept with weight 0. A rule without backendRefs and without a redirect
 * has no backends: the specification requires a 500 for HTTPRoute.
 */
export function forwardingPlan(
  world: Pick<GatewayApiWorld, 'services' | 'referenceGrants'>,
  routeKind: string,
  route: { metadata: ObjectMeta },
  rule: Pick<HTTPRouteRule, 'backendRefs' | 'filters' | 'timeouts' | 'retry'>,
): ForwardPlan {
  const ns = route.metadata.namespace ?? 'default';
  const resolve = (ref: BackendRef): { target: ServiceTarget | null; error?: BackendRefError } => {
    const r = resolveBackendRef(world, routeKind, ns, ref);
    return r.ok
      ? { target: { namespace: r.service.namespace, name: r.service.name, port: r.port } }
      : { target: null, error: { reason: r.reason, message: r.message } };
  };
  const backends: PlannedBackend[] = (rule.backendRefs ?? []).map((ref) => ({
    weight: backendWeight(ref),
    ...resolve(ref),
    filters: ref.filters ?? [],
  }));
  const filters = rule.filters ?? [];
  const mirrors: ForwardPlan['mirrors'] = [];
  let redirect: ForwardPlan['redirect'];
  for (const f of filters) {
    if (f.type === 'RequestMirror' && f.requestMirror) {
      const { target } = resolve(f.requestMirror.backendRef);
      if (target) mirrors.push({ ...target, percent: mirrorPercent(f.requestMirror) });
    }
    if (f.type === 'RequestRedirect' && f.requestRedirect)
      redirect = { ...f.requestRedirect, statusCode: f.requestRedirect.statusCode ?? 302 };
  }
  const retry = rule.retry
    ? {
        attempts: rule.retry.attempts ?? 1,
        codes: rule.retry.codes ?? [],
        backoffMs: gatewayDurationMs(rule.retry.backoff),
      }
    : undefined;
  return {
    backends,
    redirect,
    mirrors,
    requestTimeoutMs: gatewayDurationMs(rule.timeouts?.request) || undefined,
    backendTimeoutMs: gatewayDurationMs(rule.timeouts?.backendRequest) || undefined,
    retry,
    filters,
  };
}

/** A request as filters rewrite it (header names lower-case). */
export interface FilteredRequest {
  path: string;
  headers: Record<string, string>;
  host?: string;
}

function rewritePath(mod: HTTPPathModifier, path: string, matchedPrefix: string | undefined): string {
  const [p = '', q] = path.split(/\?(.*)/s);
  let out = p;
  if (mod.type === 'ReplaceFullPath' && mod.replaceFullPath !== undefined) out = mod.replaceFullPath;
  else if (mod.type === 'ReplacePrefixMatch' && mod.replacePrefixMatch !== undefined && matchedPrefix !== undefined) {
    const prefix = matchedPrefix.length > 1 && matchedPrefix.endsWith('/') ? matchedPrefix.slice(0, -1) : matchedPrefix;
    const rest = prefix === '/' ? p.slice(1) : p.slice(prefix.length).replace(/^\//, '');
    const base = mod.replacePrefixMatch.endsWith('/') ? mod.replacePrefixMatch.slice(0, -1) : mod.replacePrefixMatch;
    out = rest ? `${base}/${rest}` : base || '/';
  }
  return q !== undefined ? `${out}?${q}` : out;
}

/**
 * Applies RequestHeaderModifier (set, add — appended with `,` —, remove) and URLRewrite (hostname; path
 * ReplaceFullPath, or ReplacePrefixMatch of the matched PathPrefix `matchedPrefix`) in list order.
 * Other filter types leave the request unchanged.
 */
export function applyRequestFilters(
  filters: readonly HTTPRouteFilter[],
  req: FilteredRequest,
  matchedPrefix?: string,
): FilteredRequest {
  let out: FilteredRequest = { ...req, headers: { ...req.headers } };
  for (const f of filters) {
    if (f.type === 'RequestHeaderModifier' && f.requestHeaderModifier) {
      const m = f.requestHeaderModifier;
      for (const h of m.set ?? []) out.headers[h.name.toLowerCase()] = h.value;
      for (const h of m.add ?? []) {
        const k = h.name.toLowerCase();
        out.headers[k] = out.headers[k] !== undefined ? `${out.headers[k]},${h.value}` : h.value;
      }
      for (const name of m.remove ?? []) delete out.headers[name.toLowerCase()];
    }
    if (f.type === 'URLRewrite' && f.urlRewrite) {
      if (f.urlRewrite.hostname) out = { ...out, host: f.urlRewrite.hostname };
      if (f.urlRewrite.path) out = { ...out, path: rewritePath(f.urlRewrite.path, out.path, matchedPrefix) };
    }
  }
  return out;
}

/** Picks a backend by weight with `random` in [0, 1); undefined when every weight is 0. */
export function pickBackend(backends: readonly PlannedBackend[], random: number): PlannedBackend | undefined {
  const total = backends.reduce((s, b) => s + b.weight, 0);
  if (total <= 0) return undefined;
  let x = random * total;
  for (const b of backends) {
    x -= b.weight;
    if (x < 0) return b;
  }
  return backends[backends.length - 1];
}
