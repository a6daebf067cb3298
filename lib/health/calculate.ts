/**
 * Request health and overall status, as Kiali computes it server-side (`business/health_calculator.go`) and
 * for graph edges (`graph/telemetry/istio/appender/health.go` `calculateSingleEdgeHealth`).
 */
import { mergeHealthStatus, healthStatusPriority, workloadStatusHealth } from './status';
import { compileTolerance, tolerancesFor, tolerancesInDirection, type CompiledTolerance } from './tolerances';
import type {
  AppHealth,
  CalculatedHealth,
  Direction,
  HealthStatus,
  RateConfig,
  RatioBase,
  Tolerance,
  WorkloadHealth,
} from './types';

/**
 * Node thresholds (`applyThresholds`): no errors → Healthy; failure > 0 and ratio ≥ failure → Failure;
 * ratio ≥ degraded → Degraded (so degraded 0 means any error degrades); otherwise Healthy. Ratio in %.
 */
export function applyThresholds(errorRatioPct: number, degraded: number, failure: number): HealthStatus {
  if (errorRatioPct <= 0) return 'Healthy';
  if (failure > 0 && errorRatioPct >= failure) return 'Failure';
  if (errorRatioPct >= degraded) return 'Degraded';
  return 'Healthy';
}

/** A record or a Map keyed by string: JSON-shaped input (the health API) or the graph's accumulators. */
type Keyed<V> = Readonly<Record<string, V>> | ReadonlyMap<string, V>;

/**
 * Rates by protocol, then response code: Kiali's JSON shape (`RequestsByCode`) or Maps. The graph's health
 * finalizer sums with Maps, because integer-like keys ("200", "503") make a record's array-like store kilobytes big.
 */
export type RequestRates = Keyed<Keyed<number>>;

/** Inbound and outbound request rates (a `RequestHealth`, or the same as Maps). */
export interface DirectionalRates {
  inbound: RequestRates;
  outbound: RequestRates;
}

function pairs<V>(x: Keyed<V>): Iterable<[string, V]> {
  return x instanceof Map ? x : Object.entries(x as Record<string, V>);
}

/**
 * Rates by response code as two lists in the record's or Map's order (`n` of them), with their sum (added in that
 * order): read once per (node, direction, protocol) or edge, then summed per tolerance without iterating the record or
 * Map again. One scratch instance, refilled by each `codeRates` (the calculations are synchronous and never nest it).
 */
interface CodeRates {
  codes: string[];
  rates: number[];
  n: number;
  total: number;
}

const scratch: CodeRates = { codes: [], rates: [], n: 0, total: 0 };

function addCodeRate(this: CodeRates, v: number, c: string): void {
  this.codes[this.n] = c;
  this.rates[this.n] = v;
  this.n++;
  this.total += v;
}

function codeRates(x: Keyed<number>): CodeRates {
  scratch.n = 0;
  scratch.total = 0;
  if (x instanceof Map) x.forEach(addCodeRate, scratch);
  else for (const c of Object.keys(x)) addCodeRate.call(scratch, (x as Record<string, number>)[c]!, c);
  return scratch;
}

/** The sum of the rates whose code matches `code`, in order. */
function sumMatching(cr: CodeRates, code: RegExp): number {
  let total = 0;
  for (let i = 0; i < cr.n; i++) if (code.test(cr.codes[i]!)) total += cr.rates[i]!;
  return total;
}

/** The sum of a record's or Map's rates, in order. */
function sumCodes(codes: Keyed<number>): number {
  let total = 0;
  if (codes instanceof Map) for (const v of codes.values()) total += v;
  else for (const v of Object.values(codes)) total += v;
  return total;
}

function directional(
  traffic: RequestRates,
  tolerances: CompiledTolerance[],
  direction: Direction,
): { status: HealthStatus; ratio: number; hasTraffic: boolean; ratioOf?: RatioBase } {
  let status: HealthStatus = 'NA';
  let ratio = -1;
  let hasTraffic = false;
  let ratioOf: RatioBase | undefined;
  for (const [protocol, byCode] of pairs(traffic)) {
    const codes = codeRates(byCode);
    const total = codes.total;
    if (total <= 0) continue;
    // reference/kiali.md §1.7: traffic that no tolerance matches still counts (as Healthy)
    hasTraffic = true;
    for (const tol of tolerances) {
      if (!tol.direction.test(direction) || !tol.protocol.test(protocol)) continue;
      const pct = (sumMatching(codes, tol.code) / total) * 100;
      const s = applyThresholds(pct, tol.degraded, tol.failure);
      if (healthStatusPriority(s) > healthStatusPriority(status)) {
        status = s;
        ratio = pct;
        ratioOf = { direction, protocol, requestRate: total };
      }
    }
  }
  return ratioOf ? { status, ratio, hasTraffic, ratioOf } : { status, ratio, hasTraffic };
}

/** Sum of all inbound and outbound request rates (req/s). */
export function totalRequestRate(requests: DirectionalRates): number {
  let total = 0;
  for (const [, codes] of pairs(requests.inbound)) total += sumCodes(codes);
  for (const [, codes] of pairs(requests.outbound)) total += sumCodes(codes);
  return total;
}

/** Fallback without tolerances: (4xx+5xx)/total, ≥10% Failure, ≥0.1% Degraded; NA without traffic. */
function simpleRequestStatus(requests: DirectionalRates): { status: HealthStatus; ratio: number } {
  let total = 0;
  let errors = 0;
  for (const [, codes] of [...pairs(requests.inbound), ...pairs(requests.outbound)]) {
    for (const [code, v] of pairs(codes)) {
      total += v;
      if (code.startsWith('4') || code.startsWith('5')) errors += v;
    }
  }
  if (total === 0) return { status: 'NA', ratio: -1 };
  const pct = (errors / total) * 100;
  return { status: pct >= 10 ? 'Failure' : pct >= 0.1 ? 'Degraded' : 'Healthy', ratio: pct };
}

/**
 * Request health over both directions (`calculateRequestStatus`): for each direction and protocol, every
 * tolerance whose direction and protocol regexes match gives `errorRatio% = matching codes / all codes`;
 * the worst status wins (its ratio is reported). Traffic that no tolerance matches counts as Healthy; no
 * traffic at all is NA with ratio -1.
 */
export function requestHealthStatus(
  requests: DirectionalRates,
  tolerances: readonly Tolerance[],
): { status: HealthStatus; errorRatio: number; ratioOf?: RatioBase } {
  if (tolerances.length === 0) {
    const s = simpleRequestStatus(requests);
    return { status: s.status, errorRatio: s.ratio };
  }
  const compiled = compiledList(tolerances);
  let status: HealthStatus = 'NA';
  let ratio = -1;
  let hasTraffic = false;
  let ratioOf: RatioBase | undefined;
  for (const direction of ['inbound', 'outbound'] as const) {
    const r = directional(direction === 'inbound' ? requests.inbound : requests.outbound, compiled, direction);
    if (!r.hasTraffic) continue;
    hasTraffic = true;
    if (healthStatusPriority(r.status) > healthStatusPriority(status)) {
      status = r.status;
      ratio = r.ratio;
      ratioOf = r.ratioOf;
    }
  }
  if (status === 'NA' && hasTraffic) return { status: 'Healthy', errorRatio: 0 };
  return { status, errorRatio: ratio, ...(ratioOf ? { ratioOf } : {}) };
}

const compiledLists = new WeakMap<readonly Tolerance[], CompiledTolerance[]>();

/** The tolerances compiled, memoised per list (a graph's nodes share a handful of lists). */
function compiledList(tolerances: readonly Tolerance[]): CompiledTolerance[] {
  let c = compiledLists.get(tolerances);
  if (!c) compiledLists.set(tolerances, (c = tolerances.map(compileTolerance)));
  return c;
}

export interface HealthConfig {
  /** User `health_config.rate[]`; Kiali's defaults are always appended. */
  rates?: readonly RateConfig[];
}

function calc(requests: DirectionalRates, tolerances: Tolerance[], podStatus: HealthStatus): CalculatedHealth {
  const r = requestHealthStatus(requests, tolerances);
  return {
    status: mergeHealthStatus(podStatus, r.status),
    errorRatio: r.errorRatio,
    totalRequestRate: totalRequestRate(requests),
    ...(r.ratioOf ? { ratioOf: r.ratioOf } : {}),
  };
}

/**
 * The health calculator of `kind` objects (Kiali's `Calculate{App,Workload,Service}Health`): request health with the
 * tolerances of the object (`tolerancesFor`: its annotation, else `config.rates`, else Kiali's defaults) merged with
 * the pod health `podHealth` reads from its health.
 */
function healthCalculator<H extends { requests: DirectionalRates }>(
  kind: 'app' | 'workload' | 'service',
  podHealth: (health: H) => HealthStatus,
) {
  return (
    namespace: string,
    name: string,
    health: H,
    annotations?: Record<string, string>,
    config: HealthConfig = {},
  ): CalculatedHealth =>
    calc(health.requests, tolerancesFor(namespace, name, kind, annotations, config.rates), podHealth(health));
}

/** Workload health: the worse of request health and pod health (`CalculateWorkloadHealth`). */
export const calculateWorkloadHealth = healthCalculator<
  Pick<WorkloadHealth, 'workloadStatus'> & { requests: DirectionalRates }
>('workload', (health) => workloadStatusHealth(health.workloadStatus));

/** App health: request health merged with every workload's pod health (`CalculateAppHealth`). */
export const calculateAppHealth = healthCalculator<
  Pick<AppHealth, 'workloadStatuses'> & { requests: DirectionalRates }
>('app', (health) => mergeHealthStatus(...health.workloadStatuses.map(workloadStatusHealth)));

/** Service health: request health only (`CalculateServiceHealth`). */
export const calculateServiceHealth = healthCalculator<{ requests: DirectionalRates }>('service', () => 'NA');

/**
 * Edge status with the node thresholds (`applyThresholds`), as Kiali's graph drew edges for years (the UI's
 * `GraphEdgeStatus.ts` `getEdgeHealth` with `ascendingThresholdCheck`): with the default 5xx tolerance (degraded 0,
 * failure 10) any 5xx degrades the edge and 10% fails it. Kiali's later port to its backend
 * (`calculateEdgeStatusWithTolerances`) needs `degraded > 0` to degrade, which drew an edge carrying 8.5% 5xx green
 * and "Healthy" between two Degraded nodes (issue 16): not followed here.
 */
function edgeStatus(codes: CodeRates, protocol: string, total: number, tolerances: readonly Tolerance[]): HealthStatus {
  if (total <= 0) return 'NA';
  if (tolerances.length === 0) return 'Healthy';
  let worst: HealthStatus = 'NA';
  for (const t of tolerances) {
    const c = compileTolerance(t);
    if (!c.protocol.test(protocol)) continue;
    const pct = (sumMatching(codes, c.code) / total) * 100;
    const s = applyThresholds(pct, t.degraded, t.failure);
    if (healthStatusPriority(s) > healthStatusPriority(worst)) worst = s;
  }
  return worst === 'NA' ? 'Healthy' : worst;
}

export interface EdgeEnd {
  namespace: string;
  name: string;
  kind: string;
  annotations?: Record<string, string>;
}

/**
 * Health of a graph edge from its rates by response code: checked against the source's outbound and the
 * destination's inbound tolerances, the worse wins. NA without traffic.
 */
export function calculateEdgeHealth(
  protocol: string,
  codes: Keyed<number>,
  source: EdgeEnd,
  dest: EdgeEnd,
  config: HealthConfig = {},
): HealthStatus {
  return edgeHealthWith(
    protocol,
    codes,
    edgeEndTolerances(source, 'outbound', config),
    edgeEndTolerances(dest, 'inbound', config),
  );
}

/**
 * The tolerances an edge end's health is checked against in `direction` (its source's `outbound`, its destination's
 * `inbound`): `tolerancesFor` the end, those whose direction pattern matches. The same list for every edge of a node,
 * so the graph's health finalizer reads it once per node.
 */
export function edgeEndTolerances(end: EdgeEnd, direction: Direction, config: HealthConfig = {}): Tolerance[] {
  return tolerancesInDirection(
    tolerancesFor(end.namespace, end.name, end.kind, end.annotations, config.rates),
    direction,
  );
}

/**
 * `calculateEdgeHealth` with the ends' tolerances already resolved (`edgeEndTolerances`): the worse of the edge's
 * status under the source's outbound and the destination's inbound tolerances; NA without traffic.
 */
export function edgeHealthWith(
  protocol: string,
  codes: Keyed<number>,
  sourceOutbound: readonly Tolerance[],
  destInbound: readonly Tolerance[],
): HealthStatus {
  const rates = codeRates(codes);
  const total = rates.total;
  if (!protocol || total <= 0) return 'NA';
  return mergeHealthStatus(
    edgeStatus(rates, protocol, total, sourceOutbound),
    edgeStatus(rates, protocol, total, destInbound),
  );
}
