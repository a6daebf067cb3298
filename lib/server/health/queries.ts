/**
 * PromQL for batched health (Kiali PR #7119: health for many namespaces in one request per refresh, kiali.md §5 #5).
 * Three instant queries cover every app, workload and service of all the requested namespaces, whatever their
 * number, with the namespaces in one `=~"a|b"` matcher:
 *
 * - `inbound`: requests to workloads, by destination workload and canonical service;
 * - `services`: requests to services, by destination service (includes requests that never reached a pod:
 *   fault-injection aborts and "no healthy upstream" have `destination_workload="unknown"`);
 * - `outbound`: requests the workloads sent, by source workload and canonical service.
 *
 * Requests are counted as their callers saw them: `reporter="source"`, plus `reporter="destination"` for callers
 * outside the mesh (`source_workload="unknown"`, no proxy to report), plus `reporter="waypoint"` (ambient: a waypoint
 * reports the requests it carries) for the caller/destination pairs no caller proxy reports (ambient callers have no
 * sidecar; a sidecar caller's requests through a waypoint are counted once, from the source). Unlike Kiali's
 * unfiltered health query (which counts waypoint rows among all reporters), each request counts once, and aborts
 * injected at the caller's proxy (reported by the source only) keep their full weight in the error ratio.
 */
import 'server-only';
import {
  assertDns1123Label,
  assertLabelValue,
  BadRequestError,
  eq,
  escapeRegex,
  labelList,
  literal,
  matchers,
  parseDuration,
  re,
  selector,
  type Validated,
} from '@/lib/promql/index';

/** Response labels every health query groups by (Kiali's `aggregate`: protocol, code, gRPC status). */
export const CODE_LABELS = ['request_protocol', 'response_code', 'grpc_response_status'] as const;
export const INBOUND_LABELS = [
  'destination_workload_namespace',
  'destination_workload',
  'destination_canonical_service',
  ...CODE_LABELS,
] as const;
export const SERVICE_LABELS = [
  'destination_service_namespace',
  'destination_service_name',
  'destination_workload',
  ...CODE_LABELS,
] as const;
export const OUTBOUND_LABELS = [
  'source_workload_namespace',
  'source_workload',
  'source_canonical_service',
  ...CODE_LABELS,
] as const;

/** Most namespaces one health request may cover (a bound on the regex and on Prometheus' work, kiali.md §5 #4). */
export const MAX_HEALTH_NAMESPACES = 500;

/** Health's default rate interval: the last minute, so a new fault shows within two refreshes. */
export const DEFAULT_HEALTH_RATE_INTERVAL_SECONDS = 60;

export interface HealthQueries {
  inbound: string;
  services: string;
  outbound: string;
}

/**
 * `ns1|ns2|…` for a `=~` matcher, every namespace checked as a DNS-1123 label and regex-escaped.
 * @throws BadRequestError naming `namespaces` for a bad name, none, or more than MAX_HEALTH_NAMESPACES.
 */
export function namespaceRegex(namespaces: readonly string[]): Validated {
  if (namespaces.length === 0) throw new BadRequestError('namespaces', 'No namespaces to read health for');
  if (namespaces.length > MAX_HEALTH_NAMESPACES) {
    throw new BadRequestError(
      'namespaces',
      `Too many namespaces (${namespaces.length}): at most ${MAX_HEALTH_NAMESPACES} per request`,
    );
  }
  return literal(
    [...new Set(namespaces)]
      .sort()
      .map((n) => escapeRegex(assertDns1123Label(n, 'namespaces')))
      .join('|'),
  );
}

/**
 * Parses the `rateInterval` parameter (`60s`, `5m`, bare seconds) for health; default 60 s, 10 s to 1 day.
 * @throws BadRequestError naming `rateInterval`
 */
export function parseHealthRateInterval(raw: string | null): number {
  if (raw === null || raw === '') return DEFAULT_HEALTH_RATE_INTERVAL_SECONDS;
  return parseDuration(raw, { minSeconds: 10, maxSeconds: 86_400 }, 'rateInterval');
}

/** The labels pairing a waypoint row with the source-reported rows of the same caller and destination service. */
const WAYPOINT_PAIR = [
  'source_workload_namespace',
  'source_workload',
  'destination_service_namespace',
  'destination_service_name',
];

/**
 * `rate(<waypoint-reported requests>) unless on (caller, destination service) rate(<source-reported ones>)`: the
 * requests only a waypoint reports (ambient callers), never the ones a caller's sidecar reports too. `m` filters both
 * sides; `ri` is the range (`60s`).
 */
export function waypointOnly(m: Validated, ri: string): string {
  const fromWaypoint = selector('istio_requests_total', eq('reporter', literal('waypoint')), m);
  const fromSource = selector('istio_requests_total', eq('reporter', literal('source')), m);
  return `(rate(${fromWaypoint}[${ri}]) unless on (${labelList(WAYPOINT_PAIR)}) rate(${fromSource}[${ri}]))`;
}

/** `sum by (labels) (<requests as callers saw them, filtered by m>) > 0` */
function asCallersSawThem(m: Validated, by: readonly string[], ri: string): string {
  const fromMesh = selector('istio_requests_total', eq('reporter', literal('source')), m);
  const fromOutside = selector(
    'istio_requests_total',
    eq('reporter', literal('destination')),
    eq('source_workload', literal('unknown')),
    m,
  );
  return `sum by (${labelList(by)}) (rate(${fromMesh}[${ri}]) or rate(${fromOutside}[${ri}]) or ${waypointOnly(m, ri)}) > 0`;
}

/**
 * The three health queries for the namespaces over `rateIntervalSeconds`; with `cluster`, only that cluster's objects
 * (`destination_cluster` inbound, `source_cluster` outbound: the same names in two clusters are two objects).
 * @throws BadRequestError for bad namespaces (see namespaceRegex), or a `cluster` that is no label value
 */
export function buildHealthQueries(
  namespaces: readonly string[],
  rateIntervalSeconds: number,
  cluster?: string,
): HealthQueries {
  const nsRe = namespaceRegex(namespaces);
  if (!Number.isInteger(rateIntervalSeconds) || rateIntervalSeconds < 1)
    throw new Error(`internal: bad rate interval ${rateIntervalSeconds}`);
  const ri = `${rateIntervalSeconds}s`;
  // multi-cluster (issue 18): one cluster's objects, as Kiali scopes health by `destination_cluster`/`source_cluster`
  const c = cluster === undefined ? undefined : assertLabelValue(cluster, 'cluster');
  const outSel = matchers(re('source_workload_namespace', nsRe), c && eq('source_cluster', c));
  const outbound = selector('istio_requests_total', eq('reporter', literal('source')), outSel);
  const dstCluster = c && eq('destination_cluster', c);
  return {
    inbound: asCallersSawThem(matchers(re('destination_workload_namespace', nsRe), dstCluster), INBOUND_LABELS, ri),
    services: asCallersSawThem(matchers(re('destination_service_namespace', nsRe), dstCluster), SERVICE_LABELS, ri),
    outbound: `sum by (${labelList(OUTBOUND_LABELS)}) (rate(${outbound}[${ri}]) or ${waypointOnly(outSel, ri)}) > 0`,
  };
}

/**
 * The response code a sample counts under (Kiali `models.aggregate`): gRPC uses `grpc_response_status` when
 * present; HTTP code `0` (Envoy: no response, e.g. upstream reset) becomes `-`, which the `^-$` tolerance judges.
 */
export function responseCodeOf(metric: Record<string, string>): { protocol: string; code: string } {
  const protocol = metric.request_protocol || 'http';
  if (protocol === 'grpc' && metric.grpc_response_status) return { protocol, code: metric.grpc_response_status };
  const code = metric.response_code || '-';
  return { protocol, code: code === '0' ? '-' : code };
}
