/**
 * Service wizards over the Kubernetes Gateway API (Kiali's "K8s HTTP Routing"; kiali.md §1.4): the routes a wizard
 * writes for mesh (east-west) traffic to a Service, as Istio's Gateway API task pages write them — a GAMMA route
 * whose parentRef is the Service (`group: ""`, `kind: Service`, the port), with weighted backendRefs to Services that
 * each select one version (`reviews-v1`, `reviews-v2`: the Gateway API splits traffic between Services, not subsets).
 *
 * - Traffic Shifting: one catch-all rule with a weight per version Service, and one mirrored Service
 *   (`RequestMirror`, with `percent` when not 100). The catch-all rule's timeouts and retry are kept; rules with
 *   matches are replaced, as the VirtualService wizard does.
 * - Request Routing: ordered rules of matches (path, headers, query params, method; gRPC: method and headers) with
 *   weighted backends; the specification's precedence, not the order, picks the rule (lib/gateway-api/match.ts).
 * - Timeouts and retries (HTTPRoute only: GRPCRoute has no such fields): `timeouts.request`,
 *   `timeouts.backendRequest`, `retry.attempts`, `retry.codes`, `retry.backoff` (GEP-1742, GEP-1731).
 * - TCP Traffic Shifting: a TCPRoute with the same parentRef and weighted backendRefs.
 *
 * Pure and isomorphic. Field names and rules: the Gateway API v1.6.0 CRDs (lib/istio/crds/gateway-api-crd.yaml).
 */
import {
  backendWeight,
  gatewayDurationMs,
  mirrorPercent,
  type BackendRef,
  type GRPCRouteMatch,
  type GRPCRouteRule,
  type HTTPRouteFilter,
  type HTTPRouteMatch,
  type HTTPRouteRule,
  type KObject,
  type ParentReference,
  type RouteSpec,
  type TCPRouteRule,
} from '@/lib/gateway-api';
import { GATEWAY_API_GROUP } from '../kinds';
import { evenSplit, serviceVersions, WIZARD_ANNOTATION, type ServiceTarget, type ShiftingState } from './wizards';

/** Which API a wizard writes: Gateway API routes, or Istio's VirtualService and DestinationRule. */
export type RouteApi = 'gateway-api' | 'istio';

/** The route kinds the wizards write. */
export type WizardRouteKind = 'HTTPRoute' | 'GRPCRoute' | 'TCPRoute';

export type AnyRule = HTTPRouteRule | GRPCRouteRule | TCPRouteRule;

/** A match of either kind: HTTP's `method` is a string, gRPC's an object with service and method. */
export type AnyMatch = Omit<HTTPRouteMatch, 'method'> &
  Omit<GRPCRouteMatch, 'method'> & { method?: string | GRPCRouteMatch['method'] };

/** A route object as the wizards build it. */
export type WizardRoute = KObject<RouteSpec<AnyRule>> & { apiVersion: string; kind: WizardRouteKind };

export interface ServicePort {
  name: string | null;
  port: number;
  protocol: string;
  appProtocol: string | null;
}

/** A Service with what the Gateway API wizards read: ports, selected workloads, the routes that name it parent. */
export interface RouteServiceTarget extends ServiceTarget {
  ports: ServicePort[];
}

/** A backendRef the wizard offers: a Service (one version's, or the service itself) and its port. */
export interface VersionBackend {
  /** The version the Service selects; null for the service itself (every version). */
  version: string | null;
  service: string;
  port: number;
}

/** `gateway.networking.k8s.io/v1`: every route kind the wizards write is served at v1 (TCPRoute since v1.5). */
export const ROUTE_API_VERSION = `${GATEWAY_API_GROUP}/v1`;

/**
 * Istio's protocol selection for a port (`appProtocol`, else the name prefix before `-`), lower case:
 * `grpc`, `grpc-web`, `http`, `http2`, `tcp`, … Unknown when neither says (Istio then sniffs).
 */
export function portProtocol(p: ServicePort): string {
  if (p.appProtocol) return p.appProtocol.toLowerCase();
  const name = (p.name ?? '').toLowerCase();
  if (name === 'grpc-web' || name.startsWith('grpc-web-')) return 'grpc-web';
  return name.split('-')[0] || 'unknown';
}

const TCP_PROTOCOLS = new Set(['tcp', 'mongo', 'mysql', 'redis', 'tls']);

/** The port an HTTP (or gRPC) route governs: the first port that is not plain TCP; null when there is none. */
export function httpPort(t: RouteServiceTarget): ServicePort | null {
  return t.ports.find((p) => p.protocol.toUpperCase() === 'TCP' && !TCP_PROTOCOLS.has(portProtocol(p))) ?? null;
}

/** The port a TCPRoute governs: the first TCP-protocol port (Istio's `tcp`/`mongo`/… or unnamed), else the first. */
export function tcpPort(t: RouteServiceTarget): ServicePort | null {
  return t.ports.find((p) => TCP_PROTOCOLS.has(portProtocol(p))) ?? t.ports[0] ?? null;
}

/** GRPCRoute for a service whose HTTP port speaks gRPC (`appProtocol: grpc` or a `grpc-` name), else HTTPRoute. */
export function httpRouteKind(t: RouteServiceTarget): 'HTTPRoute' | 'GRPCRoute' {
  const p = httpPort(t);
  return p && portProtocol(p).startsWith('grpc') && portProtocol(p) !== 'grpc-web' ? 'GRPCRoute' : 'HTTPRoute';
}

/**
 * The API a service's wizard opens on: the Gateway API when the cluster serves `gateway.networking.k8s.io` and
 * either a Gateway API route already governs the service or no VirtualService does (issue 13: Istio's documentation
 * teaches the Gateway API first); Istio's API otherwise.
 */
export function defaultRouteApi(input: { served: boolean; virtualServices: number; routes: number }): RouteApi {
  if (!input.served) return 'istio';
  return input.routes > 0 || input.virtualServices === 0 ? 'gateway-api' : 'istio';
}

/**
 * One backend per version of the service: the Service of the same namespace (not the service itself) whose
 * workloads are all of that version and all among the service's own workloads (Istio's samples: `reviews-v1`
 * selects `app: reviews, version: v1`); versions without one are left out. When no version has one, the service
 * itself is the only backend (no version split is possible). `port` is the parent port when the backend Service
 * has it, else its first port. Sorted by version.
 */
export function versionBackends(
  target: RouteServiceTarget,
  services: readonly RouteServiceTarget[],
  parentPort: number,
): VersionBackend[] {
  const own = new Set(target.workloads.map((w) => w.name));
  const out: VersionBackend[] = [];
  for (const version of serviceVersions(target)) {
    const candidates = services
      .filter(
        (s) =>
          s.namespace === target.namespace &&
          s.name !== target.name &&
          s.workloads.length > 0 &&
          s.workloads.every((w) => own.has(w.name) && w.labels.version === version),
      )
      .sort((a, b) => a.name.length - b.name.length || a.name.localeCompare(b.name));
    const svc = candidates[0];
    if (!svc) continue;
    const port = svc.ports.find((p) => p.port === parentPort)?.port ?? svc.ports[0]?.port;
    if (port !== undefined) out.push({ version, service: svc.name, port });
  }
  return out.length > 0 ? out : [{ version: null, service: target.name, port: parentPort }];
}

/** The GAMMA parentRef of a route for mesh traffic to `service` on `port` (as Istio's task pages write it). */
export function serviceParentRef(service: string, port: number): ParentReference {
  return { group: '', kind: 'Service', name: service, port };
}

/** True when a parentRef names the Service `name` (in the route's namespace unless it says another). */
export function isParentService(ref: ParentReference, name: string, namespace: string, routeNs: string): boolean {
  return (
    (ref.group ?? GATEWAY_API_GROUP) === '' &&
    ref.kind === 'Service' &&
    ref.name === name &&
    (ref.namespace ?? routeNs) === namespace
  );
}

/**
 * The route a wizard starts from: the existing one (a copy), or a new route named after the service with the GAMMA
 * parentRef and one catch-all rule to the service itself. An existing route without a parentRef to the service gets
 * one added.
 */
export function initialRoute(
  target: RouteServiceTarget,
  kind: WizardRouteKind,
  existing: Record<string, unknown> | null,
  port: number,
): WizardRoute {
  if (existing) {
    const copy = structuredClone(existing) as unknown as WizardRoute;
    const parents = copy.spec?.parentRefs ?? [];
    const ns = copy.metadata.namespace ?? target.namespace;
    const hasParent = parents.some((p) => isParentService(p, target.name, target.namespace, ns));
    return {
      ...copy,
      spec: {
        ...copy.spec,
        parentRefs: hasParent ? parents : [...parents, serviceParentRef(target.name, port)],
        rules: copy.spec?.rules ?? [],
      },
    };
  }
  return {
    apiVersion: ROUTE_API_VERSION,
    kind,
    metadata: { name: target.name, namespace: target.namespace },
    spec: {
      parentRefs: [serviceParentRef(target.name, port)],
      rules: [{ backendRefs: [{ name: target.name, port }] }],
    },
  };
}

const matchesOf = (r: AnyRule): AnyMatch[] => ('matches' in r && Array.isArray(r.matches) ? r.matches : []);

/**
 * True for a rule that matches every request: no matches, or a match that is only `PathPrefix /` (the default the
 * API server writes for an HTTPRoute match without a path).
 */
export function isCatchAllRule(r: AnyRule): boolean {
  const matches = matchesOf(r);
  if (matches.length === 0) return true;
  return matches.some((m) => {
    const keys = Object.keys(m).filter((k) => (m as Record<string, unknown>)[k] !== undefined);
    if (keys.length === 0) return true;
    const path = (m as HTTPRouteMatch).path;
    return (
      keys.length === 1 && keys[0] === 'path' && (path?.type ?? 'PathPrefix') === 'PathPrefix' && path?.value === '/'
    );
  });
}

/** Whole-number percentages of `weights` (largest remainder), summing to 100; all 0 when the total is 0. */
export function toPercents(weights: readonly number[]): number[] {
  const total = weights.reduce((s, w) => s + w, 0);
  if (total <= 0) return weights.map(() => 0);
  const exact = weights.map((w) => (100 * w) / total);
  const out = exact.map(Math.floor);
  let left = 100 - out.reduce((s, w) => s + w, 0);
  const order = exact.map((e, i) => ({ i, r: e - Math.floor(e) })).sort((a, b) => b.r - a.r || a.i - b.i);
  for (const { i } of order) {
    if (left <= 0) break;
    out[i] = out[i]! + 1;
    left--;
  }
  return out;
}

const mirrorFilter = (r: AnyRule): HTTPRouteFilter | undefined =>
  ('filters' in r ? (r.filters ?? []) : []).find((f) => f.type === 'RequestMirror' && f.requestMirror);

/**
 * The weights table of a route's catch-all rule (TCPRoute: its first rule): a row per offered backend (the Service
 * name is the row's `subset`), weights as percentages of the rule's total; a backendRef to another Service gets a
 * row too, so nothing is silently dropped. An even split when the route has no such rule.
 */
export function routeShiftingState(route: WizardRoute, backends: readonly VersionBackend[]): ShiftingState {
  const rules = route.spec?.rules ?? [];
  const rule = route.kind === 'TCPRoute' ? rules[0] : rules.find(isCatchAllRule);
  const names = backends.map((b) => b.service);
  if (!rule || !(rule.backendRefs ?? []).length) return { rows: evenSplit(names), mirrorPercent: 100 };
  const refs = rule.backendRefs ?? [];
  const extra = refs.map((r) => r.name).filter((n) => !names.includes(n));
  const all = [...names, ...new Set(extra)];
  const weights = all.map((n) => refs.filter((r) => r.name === n).reduce((s, r) => s + backendWeight(r), 0));
  const percents = toPercents(weights);
  const mirror = mirrorFilter(rule)?.requestMirror;
  return {
    rows: all.map((subset, i) => ({
      subset,
      weight: mirror?.backendRef.name === subset ? 0 : percents[i]!,
      mirrored: mirror?.backendRef.name === subset,
    })),
    mirrorPercent: mirror ? Math.round(mirrorPercent(mirror)) : 100,
  };
}

const portOf = (backends: readonly VersionBackend[], name: string, fallback: number): number =>
  backends.find((b) => b.service === name)?.port ?? fallback;

/** Weighted backendRefs of a weights table: rows at 0 % left out; a single backend without a weight. */
export function backendRefsOf(state: ShiftingState, backends: readonly VersionBackend[], port: number): BackendRef[] {
  const shared = state.rows.filter((r) => !r.mirrored && r.weight > 0);
  if (shared.length === 1) return [{ name: shared[0]!.subset, port: portOf(backends, shared[0]!.subset, port) }];
  return shared.map((r) => ({ name: r.subset, port: portOf(backends, r.subset, port), weight: r.weight }));
}

/** `next` with the fields the wizard does not edit (group, kind, filters) taken from `previous` refs of the same name. */
function keepRefFields(previous: readonly BackendRef[] | undefined, next: BackendRef[]): BackendRef[] {
  return next.map((ref) => {
    const old = (previous ?? []).find((p) => p.name === ref.name && (p.namespace ?? '') === (ref.namespace ?? ''));
    if (!old) return ref;
    const merged: BackendRef = { ...old, ...ref };
    if (ref.weight === undefined) delete merged.weight;
    return merged;
  });
}

/** The parent port of a route for the service (its GAMMA parentRef's port), or `fallback`. */
function parentPortOf(route: WizardRoute, target: { name: string; namespace: string }, fallback: number): number {
  const ns = route.metadata.namespace ?? target.namespace;
  return (
    (route.spec?.parentRefs ?? []).find((p) => isParentService(p, target.name, target.namespace, ns))?.port ?? fallback
  );
}

/**
 * A Traffic Shifting edit of a route to the service `target`: the route with `state`'s weights over `backends`, on the
 * route's parent port for the service (`fallbackPort` when it names none).
 */
export type RouteShifting = (
  route: WizardRoute,
  target: { name: string; namespace: string },
  backends: readonly VersionBackend[],
  state: ShiftingState,
  fallbackPort: number,
) => WizardRoute;

/**
 * Traffic Shifting on an HTTPRoute or GRPCRoute: one catch-all rule with the weighted backends and, when a row is
 * mirrored, a `RequestMirror` filter to it (`percent` when not 100). The previous catch-all rule's other filters,
 * timeouts and retry are kept.
 */
export const applyRouteShifting: RouteShifting = (route, target, backends, state, fallbackPort) => {
  const port = parentPortOf(route, target, fallbackPort);
  const previous = (route.spec?.rules ?? []).find(isCatchAllRule) as HTTPRouteRule | undefined;
  const mirrored = state.rows.find((r) => r.mirrored);
  const filters = (previous?.filters ?? []).filter((f) => f.type !== 'RequestMirror');
  if (mirrored) {
    const pct = Math.max(0, Math.min(100, Math.round(state.mirrorPercent)));
    filters.push({
      type: 'RequestMirror',
      requestMirror: {
        backendRef: { name: mirrored.subset, port: portOf(backends, mirrored.subset, port) },
        ...(pct !== 100 ? { percent: pct } : {}),
      },
    });
  }
  // The previous catch-all rule keeps its matches (the `PathPrefix /` the API server defaults) and its backends
  // their other fields (`group`, `kind`, filters), so an unchanged table writes nothing new.
  const rule: HTTPRouteRule = {
    ...previous,
    backendRefs: keepRefFields(previous?.backendRefs, backendRefsOf(state, backends, port)),
  };
  if (filters.length) rule.filters = filters;
  else delete rule.filters;
  return { ...route, spec: { ...route.spec, rules: [rule] } };
};

/** TCP Traffic Shifting: the TCPRoute's first rule gets the weighted backends (no mirroring in TCPRoute). */
export const applyTcpRouteShifting: RouteShifting = (route, target, backends, state, fallbackPort) => {
  const port = parentPortOf(route, target, fallbackPort);
  const rows = { ...state, rows: state.rows.map((r) => ({ ...r, mirrored: false })) };
  const [first, ...rest] = route.spec?.rules ?? [];
  return {
    ...route,
    spec: {
      ...route.spec,
      rules: [
        { ...first, backendRefs: keepRefFields(first?.backendRefs, backendRefsOf(rows, backends, port)) },
        ...rest,
      ],
    },
  };
};

const HEADER_NAME = /^[A-Za-z0-9!#$%&'*+\-.^_`|~]+$/;

function validRegex(v: string): boolean {
  try {
    new RegExp(v);
    return true;
  } catch {
    return false;
  }
}

function matchErrors(kind: WizardRouteKind, m: AnyMatch, at: string): string[] {
  const errors: string[] = [];
  for (const h of m.headers ?? []) {
    if (!HEADER_NAME.test(h.name)) errors.push(`${at}: header name "${h.name}" is not a valid HTTP header name`);
    if (h.type === 'RegularExpression' && !validRegex(h.value))
      errors.push(`${at}: header ${h.name}: invalid regular expression`);
  }
  if (kind === 'GRPCRoute') {
    const method = (m as GRPCRouteMatch).method;
    if (method && !method.service && !method.method) errors.push(`${at}: a method match needs a service or a method`);
    return errors;
  }
  const hm = m as HTTPRouteMatch;
  if (hm.path) {
    const v = hm.path.value ?? '';
    if (hm.path.type === 'RegularExpression') {
      if (!validRegex(v)) errors.push(`${at}: path: invalid regular expression`);
    } else if (!v.startsWith('/')) errors.push(`${at}: path must start with /`);
    else if (/\/\/|\/\.\.?(\/|$)|[#?]/.test(v)) errors.push(`${at}: path must not contain //, /./, /../, # or ?`);
  }
  for (const q of hm.queryParams ?? []) if (!q.name) errors.push(`${at}: a query parameter match needs a name`);
  return errors;
}

/**
 * Problems of a route a wizard built, with a readable location: a rule without backends (the specification
 * answers such requests with 500), weights that are not whole numbers ≥ 0 or all 0, bad paths, header names or
 * regular expressions, unreadable durations (GEP-2257: `1h30m`, `500ms`), a backend request timeout longer than the
 * request timeout (the CRD's CEL rule), retry attempts below 0 or codes outside 400–599.
 */
export function routeErrors(route: WizardRoute): string[] {
  const errors: string[] = [];
  (route.spec?.rules ?? []).forEach((rule, i) => {
    const at = `Rule ${i + 1}`;
    const refs = rule.backendRefs ?? [];
    const redirect = ('filters' in rule ? (rule.filters ?? []) : []).some((f) => f.type === 'RequestRedirect');
    if (!refs.length && !redirect) errors.push(`${at}: route to at least one backend`);
    for (const r of refs) {
      if (!r.name) errors.push(`${at}: every backend needs a Service`);
      if (r.weight !== undefined && (!Number.isInteger(r.weight) || r.weight < 0 || r.weight > 1_000_000))
        errors.push(`${at}: ${r.name}: weight must be a whole number from 0 to 1000000`);
    }
    if (refs.length && refs.every((r) => backendWeight(r) === 0)) errors.push(`${at}: every backend has weight 0`);
    matchesOf(rule).forEach((m, j) => errors.push(...matchErrors(route.kind, m, `${at}, match ${j + 1}`)));
    if (route.kind !== 'HTTPRoute') return;
    const r = rule as HTTPRouteRule;
    const request = r.timeouts?.request;
    const backend = r.timeouts?.backendRequest;
    if (request !== undefined && gatewayDurationMs(request) === undefined)
      errors.push(`${at}: request timeout must be a duration like 10s, 500ms or 1m30s`);
    if (backend !== undefined && gatewayDurationMs(backend) === undefined)
      errors.push(`${at}: backend request timeout must be a duration like 2s`);
    const reqMs = gatewayDurationMs(request);
    const backMs = gatewayDurationMs(backend);
    if (reqMs && backMs !== undefined && backMs > reqMs)
      errors.push(`${at}: backend request timeout must not be longer than the request timeout`);
    if (r.retry) {
      if (r.retry.attempts !== undefined && (!Number.isInteger(r.retry.attempts) || r.retry.attempts < 0))
        errors.push(`${at}: retry attempts must be a whole number, 0 or more`);
      for (const c of r.retry.codes ?? [])
        if (!Number.isInteger(c) || c < 400 || c > 599) errors.push(`${at}: retry code ${c} is not from 400 to 599`);
      if (r.retry.backoff !== undefined && gatewayDurationMs(r.retry.backoff) === undefined)
        errors.push(`${at}: retry backoff must be a duration like 100ms`);
    }
  });
  return errors;
}

/** Marks a route a wizard wrote (as `markWizard` does for Istio objects), so the wizard reopens on that tab. */
export function markRouteWizard(route: WizardRoute, wizard: string): WizardRoute {
  return {
    ...route,
    metadata: { ...route.metadata, annotations: { ...route.metadata.annotations, [WIZARD_ANNOTATION]: wizard } },
  };
}

/** A short description of a rule's matches, for legends: `path PathPrefix /api, header end-user = jason`. */
export function describeRule(rule: AnyRule, i: number): string {
  const matches = matchesOf(rule);
  if (isCatchAllRule(rule)) return `Rule ${i + 1}: every request`;
  const parts = matches.flatMap((m) => {
    const hm = m;
    return [
      hm.path && `path ${hm.path.type ?? 'PathPrefix'} ${hm.path.value ?? '/'}`,
      hm.method && typeof hm.method === 'string' && `method ${hm.method}`,
      hm.method && typeof hm.method === 'object' && `method ${hm.method.service ?? '*'}/${hm.method.method ?? '*'}`,
      ...(hm.headers ?? []).map((h) => `header ${h.name} ${h.type === 'RegularExpression' ? '~' : '='} ${h.value}`),
      ...(hm.queryParams ?? []).map((q) => `query ${q.name} ${q.type === 'RegularExpression' ? '~' : '='} ${q.value}`),
    ].filter((x): x is string => !!x);
  });
  return `Rule ${i + 1}: ${parts.join(', ') || 'match'}`;
}
