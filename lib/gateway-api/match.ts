/**
 * Request matching and precedence for HTTPRoute and GRPCRoute, as the specification defines them (HTTPRouteRule
 * `matches`, GRPCRouteRule `matches`, HTTPRoute `hostnames`). Regular-expression path matches rank below exact
 * and prefix matches, as Istio orders them (`getURIRank` in pilot/pkg/config/kube/gateway/conversion.go): the
 * specification leaves their precedence to the implementation.
 */
import { fullRegex } from './full-regex';
import { routeHostnameScore } from './hostnames';
import type {
  GRPCRouteMatch,
  GRPCRouteRule,
  HeaderMatch,
  HTTPPathMatch,
  HTTPRouteMatch,
  HTTPRouteRule,
  KObject,
  ObjectMeta,
  RouteSpec,
} from './types';

/** What matching sees of a request. Header names lower-case; `path` may carry a `?query`. */
export interface MatchRequest {
  method: string;
  path: string;
  headers: Record<string, string>;
  /** The Host/authority, for route hostname precedence; absent: hostnames are not compared. */
  host?: string;
}

/**
 * Path matching: `Exact` compares the whole path; `PathPrefix` matches whole path elements (`/foo` matches `/foo`,
 * `/foo/` and `/foo/bar`, not `/foobar`; a trailing `/` in the prefix is ignored); `RegularExpression` matches the
 * whole path. No match object: PathPrefix `/`.
 */
export function pathMatches(m: HTTPPathMatch | undefined, path: string): boolean {
  const p = path.split('?')[0] ?? '';
  const type = m?.type ?? 'PathPrefix';
  const value = m?.value ?? '/';
  if (type === 'Exact') return p === value;
  if (type === 'RegularExpression') return fullRegex(value)?.test(p) ?? false;
  const prefix = value.length > 1 && value.endsWith('/') ? value.slice(0, -1) : value;
  if (prefix === '/') return p.startsWith('/');
  return p === prefix || p.startsWith(`${prefix}/`);
}

function valueMatches(m: HeaderMatch, value: string | undefined): boolean {
  if (value === undefined) return false;
  if (m.type === 'RegularExpression') return fullRegex(m.value)?.test(value) ?? false;
  return value === m.value;
}

function queryOf(path: string): URLSearchParams {
  const i = path.indexOf('?');
  return new URLSearchParams(i >= 0 ? path.slice(i + 1) : '');
}

/** True when every condition of an HTTPRouteMatch holds (path, method, headers by case-insensitive name, query). */
export function httpMatchApplies(m: HTTPRouteMatch, req: MatchRequest): boolean {
  if (!pathMatches(m.path, req.path)) return false;
  if (m.method && m.method !== req.method.toUpperCase()) return false;
  for (const h of m.headers ?? []) if (!valueMatches(h, req.headers[h.name.toLowerCase()])) return false;
  if ((m.queryParams ?? []).length > 0) {
    const q = queryOf(req.path);
    for (const qp of m.queryParams ?? []) if (!valueMatches(qp, q.get(qp.name) ?? undefined)) return false;
  }
  return true;
}

/**
 * Precedence key of an HTTPRouteMatch (compare element by element, higher first): path type (Exact 3, PathPrefix
 * 2, RegularExpression 1), path length, method present, number of header matches, number of query matches.
 */
export function httpMatchRank(m: HTTPRouteMatch | undefined): number[] {
  const type = m?.path?.type ?? 'PathPrefix';
  const rank = type === 'Exact' ? 3 : type === 'RegularExpression' ? 1 : 2;
  return [
    rank,
    (m?.path?.value ?? '/').length,
    m?.method ? 1 : 0,
    m?.headers?.length ?? 0,
    m?.queryParams?.length ?? 0,
  ];
}

/** The gRPC service and method of a request path `/package.Service/Method`. */
export function grpcMethodOf(path: string): { service: string; method: string } {
  const [, service = '', method = ''] = (path.split('?')[0] ?? '').split('/');
  return { service, method };
}

/** True when a GRPCRouteMatch holds: method (Exact, or RegularExpression on service and method) and headers. */
export function grpcMatchApplies(m: GRPCRouteMatch, req: MatchRequest): boolean {
  const mm = m.method;
  if (mm) {
    const { service, method } = grpcMethodOf(req.path);
    const one = (pattern: string | undefined, value: string): boolean =>
      pattern === undefined ||
      (mm.type === 'RegularExpression' ? (fullRegex(pattern)?.test(value) ?? false) : pattern === value);
    if (!one(mm.service, service) || !one(mm.method, method)) return false;
  }
  for (const h of m.headers ?? []) if (!valueMatches(h, req.headers[h.name.toLowerCase()])) return false;
  return true;
}

/** Precedence key of a GRPCRouteMatch: characters in the service, characters in the method, header matches. */
export function grpcMatchRank(m: GRPCRouteMatch | undefined): number[] {
  return [m?.method?.service?.length ?? 0, m?.method?.method?.length ?? 0, m?.headers?.length ?? 0];
}

/** A route offered to selection, with the hostnames it has on the parent (listener intersection; none = any). */
export interface RouteCandidate<R> {
  route: KObject<RouteSpec<R>>;
  hostnames?: string[];
}

/** The rule chosen for a request. */
export interface RuleSelection<R> {
  route: KObject<RouteSpec<R>>;
  rule: R;
  ruleIndex: number;
  /** Index in the rule's `matches` (-1: the rule has none, so it matches everything). */
  matchIndex: number;
}

function compareKeys(a: number[], b: number[]): number {
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    const d = (b[i] ?? 0) - (a[i] ?? 0);
    if (d !== 0) return d;
  }
  return 0;
}

function byAgeThenName(a: { metadata: ObjectMeta }, b: { metadata: ObjectMeta }): number {
  return (
    (a.metadata.creationTimestamp ?? '').localeCompare(b.metadata.creationTimestamp ?? '') ||
    `${a.metadata.namespace ?? ''}/${a.metadata.name}`.localeCompare(`${b.metadata.namespace ?? ''}/${b.metadata.name}`)
  );
}

function select<R extends { matches?: M[] }, M>(
  routes: readonly RouteCandidate<R>[],
  req: MatchRequest,
  applies: (m: M, req: MatchRequest) => boolean,
  rank: (m: M | undefined) => number[],
): RuleSelection<R> | null {
  let best: { sel: RuleSelection<R>; key: number[] } | null = null;
  for (const c of routes) {
    const hostnames = c.hostnames ?? c.route.spec?.hostnames ?? [];
    const hostScore = req.host !== undefined ? routeHostnameScore(hostnames, req.host.split(':')[0]!) : [0, 0];
    if (!hostScore) continue;
    (c.route.spec?.rules ?? []).forEach((rule, ruleIndex) => {
      const matches = rule.matches ?? [];
      const options: [M | undefined, number][] = matches.length > 0 ? matches.map((m, i) => [m, i]) : [[undefined, -1]];
      for (const [m, matchIndex] of options) {
        if (m !== undefined && !applies(m, req)) continue;
        const key = [...hostScore, ...rank(m)];
        const sel = { route: c.route, rule, ruleIndex, matchIndex };
        const cmp = best ? compareKeys(key, best.key) : -1;
        if (!best || cmp < 0 || (cmp === 0 && tieBreak(sel, best.sel) < 0)) best = { sel, key };
      }
    });
  }
  return best ? (best as { sel: RuleSelection<R> }).sel : null;
}

function tieBreak<R>(a: RuleSelection<R>, b: RuleSelection<R>): number {
  return byAgeThenName(a.route, b.route) || a.ruleIndex - b.ruleIndex || a.matchIndex - b.matchIndex;
}

/**
 * The HTTPRoute rule that serves a request among the routes attached to one parent, by the specification's
 * precedence: route hostname (longest matching non-wildcard, then longest matching), then the match (Exact path,
 * longest PathPrefix, method, most headers, most query params), then the oldest route, then `namespace/name`,
 * then the first rule and match in list order. A rule without `matches` matches everything as PathPrefix `/`.
 * Null when nothing matches (the parent answers 404).
 */
export function selectHttpRule(
  routes: readonly RouteCandidate<HTTPRouteRule>[],
  req: MatchRequest,
): RuleSelection<HTTPRouteRule> | null {
  return select<HTTPRouteRule, HTTPRouteMatch>(routes, req, httpMatchApplies, (m) =>
    httpMatchRank(m ?? { path: { type: 'PathPrefix', value: '/' } }),
  );
}

/**
 * The GRPCRoute rule that serves a request: route hostname, then characters in the matching service and method,
 * then header matches, then oldest route, `namespace/name`, first rule (GRPCRouteRule `matches`).
 */
export function selectGrpcRule(
  routes: readonly RouteCandidate<GRPCRouteRule>[],
  req: MatchRequest,
): RuleSelection<GRPCRouteRule> | null {
  return select<GRPCRouteRule, GRPCRouteMatch>(routes, req, grpcMatchApplies, grpcMatchRank);
}
