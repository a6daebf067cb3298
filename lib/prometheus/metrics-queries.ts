/**
 * PromQL for Kiali's metrics API (`GET /api/namespaces/{ns}/{apps|workloads|services}/{name}/metrics`,
 * kiali.md §1.2, Kiali `business/metrics_definitions.go`): request volume and errors, duration histograms (avg and
 * quantiles), request/response sizes and throughput, gRPC messages and TCP bytes/connections, by reporter and
 * direction, optionally grouped by labels. Pure: parses and validates parameters, returns query descriptors.
 */
import 'server-only';
import {
  assertDns1123Label,
  assertDns1123Subdomain,
  assertLabelValue,
  BadRequestError,
  decimalIntegerParam,
  eq,
  labelList,
  literal,
  matchers,
  parseDuration,
  re,
  selector,
  type Validated,
} from '@/lib/promql/index';

export type MetricsObjectKind = 'apps' | 'workloads' | 'services';

/** Every metric name the API serves, as Kiali names them. */
export const METRIC_NAMES = [
  'request_count',
  'request_error_count',
  'request_duration_millis',
  'request_throughput',
  'response_throughput',
  'request_size',
  'response_size',
  'tcp_received',
  'tcp_sent',
  'tcp_opened',
  'tcp_closed',
  'grpc_received',
  'grpc_sent',
] as const;
export type MetricName = (typeof METRIC_NAMES)[number];

/** Labels `byLabels[]` may group by: Istio's standard metric labels only (anything else is refused). */
export const GROUPABLE_LABELS = [
  'source_cluster',
  'source_workload_namespace',
  'source_workload',
  'source_app',
  'source_version',
  'source_canonical_service',
  'source_canonical_revision',
  'source_principal',
  'destination_cluster',
  'destination_workload_namespace',
  'destination_workload',
  'destination_app',
  'destination_version',
  'destination_canonical_service',
  'destination_canonical_revision',
  'destination_service',
  'destination_service_name',
  'destination_service_namespace',
  'destination_principal',
  'request_protocol',
  'response_code',
  'grpc_response_status',
  'response_flags',
  'connection_security_policy',
  'reporter',
  'request_operation',
] as const;

export interface MetricsOptions {
  kind: MetricsObjectKind;
  namespace: string;
  name: string;
  direction: 'inbound' | 'outbound';
  /** `waypoint`: what ambient waypoints report (L7 of ambient workloads, whose pods have no proxy to report it). */
  reporter: 'source' | 'destination' | 'waypoint' | 'both';
  requestProtocol: 'http' | 'grpc' | null;
  filters: MetricName[];
  quantiles: string[];
  avg: boolean;
  byLabels: string[];
  /** Unix seconds. */
  queryTime: number;
  durationSeconds: number;
  stepSeconds: number;
  rateIntervalSeconds: number;
  rateFunc: 'rate' | 'irate';
  /** Restrict to one peer (an edge's other end), e.g. `{ source_workload: 'productpage-v1' }` – validated label values. */
  peer: Record<string, string>;
  /**
   * Multi-cluster (issue 18): the object's cluster, a validated label value: its series only (`destination_cluster`
   * inbound and for services, `source_cluster` outbound, as Kiali scopes metrics by cluster). Absent with one cluster.
   */
  cluster?: string;
}

export interface MetricsQuery {
  /** Kiali's metric name; `stat` distinguishes histogram series (`avg`, `0.95`). */
  name: MetricName;
  stat?: string;
  promql: string;
}

const QUANTILE = /^(0(\.\d{1,4})?|1(\.0{1,4})?)$/;
const PEER_LABELS = new Set([
  'source_workload',
  'source_canonical_service',
  'destination_workload',
  'destination_canonical_service',
  'destination_service_name',
  'source_workload_namespace',
  'destination_service_namespace',
  'destination_workload_namespace',
]);

function list(search: URLSearchParams, key: string): string[] {
  return [...search.getAll(`${key}[]`), ...search.getAll(key)]
    .flatMap((v) => v.split(','))
    .map((v) => v.trim())
    .filter(Boolean);
}

function oneOf<T extends string>(search: URLSearchParams, key: string, allowed: readonly T[], fallback: T): T {
  const v = search.get(key);
  if (v === null || v === '') return fallback;
  if (!(allowed as readonly string[]).includes(v))
    throw new BadRequestError(key, `Invalid ${key} [${v.slice(0, 40)}]: expected one of ${allowed.join(', ')}`);
  return v as T;
}

/**
 * Parses Kiali's metrics query parameters (`queryTime, duration, step, rateInterval, rateFunc, direction, reporter,
 * requestProtocol, filters[], quantiles[], avg, byLabels[]`) plus our `peer[label]=value` edge filter.
 * @throws BadRequestError naming the bad parameter; nothing reaches PromQL unvalidated.
 */
export function parseMetricsOptions(
  kind: MetricsObjectKind,
  namespace: string,
  name: string,
  search: URLSearchParams,
  limits: { retentionSeconds: number; nowSec: number },
): MetricsOptions {
  assertDns1123Label(namespace, 'namespace');
  if (kind === 'workloads') assertDns1123Subdomain(name, 'workload');
  else if (kind === 'services') assertDns1123Label(name, 'service');
  else assertLabelValue(name, 'app');
  const durationSeconds = parseDuration(search.get('duration') ?? '1800', { maxSeconds: limits.retentionSeconds });
  const rateIntervalSeconds = parseDuration(
    search.get('rateInterval') ?? '1m',
    { maxSeconds: 86400, minSeconds: 1 },
    'rateInterval',
  );
  const queryTime = decimalIntegerParam(search, 'queryTime') ?? limits.nowSec;
  if (queryTime <= 0 || queryTime > limits.nowSec + 60)
    throw new BadRequestError('queryTime', 'Invalid queryTime: expected unix seconds, not in the future');
  const minStep = Math.max(1, Math.ceil(durationSeconds / 11_000));
  const stepSeconds =
    search.get('step') === null
      ? Math.max(minStep, Math.round(durationSeconds / 120))
      : parseDuration(search.get('step'), { maxSeconds: durationSeconds, minSeconds: minStep }, 'step');
  const filters = list(search, 'filters');
  for (const f of filters)
    if (!(METRIC_NAMES as readonly string[]).includes(f))
      throw new BadRequestError('filters', `Invalid filters [${f.slice(0, 40)}]: unknown metric`);
  const quantiles = list(search, 'quantiles');
  for (const q of quantiles)
    if (!QUANTILE.test(q))
      throw new BadRequestError('quantiles', `Invalid quantiles [${q.slice(0, 40)}]: expected a number in [0, 1]`);
  const byLabels = list(search, 'byLabels');
  for (const l of byLabels)
    if (!(GROUPABLE_LABELS as readonly string[]).includes(l))
      throw new BadRequestError('byLabels', `Invalid byLabels [${l.slice(0, 40)}]: not an Istio metric label`);
  const direction = oneOf(search, 'direction', ['inbound', 'outbound'] as const, 'inbound');
  if (kind === 'services' && direction === 'outbound')
    throw new BadRequestError('direction', 'Services have inbound metrics only');
  const peer: Record<string, string> = {};
  for (const [k, v] of search.entries()) {
    const m = /^peer\[([a-z_]+)\]$/.exec(k);
    if (!m) continue;
    if (!PEER_LABELS.has(m[1]!)) throw new BadRequestError(k, `Invalid ${k}: not a peer label`);
    peer[m[1]!] = assertLabelValue(v, k);
  }
  return {
    kind,
    namespace,
    name,
    direction,
    reporter: oneOf(
      search,
      'reporter',
      ['source', 'destination', 'waypoint', 'both'] as const,
      direction === 'inbound' ? 'destination' : 'source',
    ),
    requestProtocol: search.get('requestProtocol')
      ? oneOf(search, 'requestProtocol', ['http', 'grpc'] as const, 'http')
      : null,
    filters: filters.length ? (filters as MetricName[]) : [...METRIC_NAMES],
    quantiles,
    avg: search.get('avg') !== 'false',
    byLabels,
    queryTime,
    durationSeconds,
    stepSeconds,
    rateIntervalSeconds,
    rateFunc: oneOf(search, 'rateFunc', ['rate', 'irate'] as const, 'rate'),
    peer,
  };
}

/** The selector naming the object on its side of the traffic (Kiali `business/metrics.go` `buildLabelStrings`). */
function objectMatchers(o: MetricsOptions): Validated {
  const side = o.direction === 'inbound' ? 'destination' : 'source';
  const ns = literal(o.namespace);
  const name = literal(o.name);
  const reporter = o.reporter === 'both' ? undefined : eq('reporter', literal(o.reporter));
  const peers = Object.entries(o.peer).map(([k, v]) => eq(k, literal(v)));
  if (o.cluster !== undefined)
    peers.push(eq(`${o.kind === 'services' ? 'destination' : side}_cluster`, literal(o.cluster)));
  switch (o.kind) {
    case 'workloads':
      return matchers(reporter, eq(`${side}_workload_namespace`, ns), eq(`${side}_workload`, name), ...peers);
    case 'apps':
      return matchers(reporter, eq(`${side}_workload_namespace`, ns), eq(`${side}_canonical_service`, name), ...peers);
    case 'services':
      return matchers(
        reporter,
        eq('destination_service_namespace', ns),
        eq('destination_service_name', name),
        ...peers,
      );
  }
}

const ERROR_HTTP = literal('^0$|^[4-5]\\d\\d$');

/**
 * The Istio metric behind each name (`request_error_count` is `istio_requests_total` with an error filter): a counter
 * (filtered by the request protocol), a TCP counter, or a histogram (`_bucket`, `_sum`, `_count`). TCP bytes follow
 * Kiali's reversed L4 mapping (istio#32399): `tcp_received` reads `istio_tcp_sent_bytes_total`.
 */
type MetricSource = [type: 'counter' | 'tcp' | 'histogram', metric: string];
const METRIC_SOURCES: Record<Exclude<MetricName, 'request_error_count'>, MetricSource> = {
  request_count: ['counter', 'istio_requests_total'],
  request_duration_millis: ['histogram', 'istio_request_duration_milliseconds'],
  request_throughput: ['counter', 'istio_request_bytes_sum'],
  response_throughput: ['counter', 'istio_response_bytes_sum'],
  request_size: ['histogram', 'istio_request_bytes'],
  response_size: ['histogram', 'istio_response_bytes'],
  tcp_received: ['tcp', 'istio_tcp_sent_bytes_total'],
  tcp_sent: ['tcp', 'istio_tcp_received_bytes_total'],
  tcp_opened: ['tcp', 'istio_tcp_connections_opened_total'],
  tcp_closed: ['tcp', 'istio_tcp_connections_closed_total'],
  grpc_received: ['counter', 'istio_response_messages_total'],
  grpc_sent: ['counter', 'istio_request_messages_total'],
};

/**
 * Builds the PromQL for each requested metric. Counters: `sum(<rateFunc>(m{sel}[ri])) by (byLabels)`; histograms:
 * `histogram_quantile(q, sum(rate(m_bucket{sel}[ri])) by (le,byLabels))` and the avg `sum(rate(m_sum))/sum(rate(m_count))`.
 * TCP bytes follow Kiali's reversed L4 mapping (istio#32399): `tcp_received` reads `istio_tcp_sent_bytes_total`.
 */
export function buildMetricsQueries(o: MetricsOptions): MetricsQuery[] {
  const sel = objectMatchers(o);
  const protocol = o.requestProtocol ? eq('request_protocol', literal(o.requestProtocol)) : undefined;
  const by = o.byLabels.length ? ` by (${labelList(o.byLabels)})` : '';
  const byLe = ` by (${labelList(['le', ...o.byLabels])})`;
  const ri = `[${o.rateIntervalSeconds}s]`;
  const counter = (metric: string, ...extra: (Validated | undefined)[]) =>
    `sum(${o.rateFunc}(${selector(metric, sel, protocol, ...extra)}${ri}))${by}`;
  const tcpCounter = (metric: string) => `sum(${o.rateFunc}(${selector(metric, sel)}${ri}))${by}`;
  const histogram = (name: MetricName, base: string): MetricsQuery[] => {
    const out: MetricsQuery[] = [];
    if (o.avg) {
      out.push({
        name,
        stat: 'avg',
        promql: `sum(rate(${selector(`${base}_sum`, sel, protocol)}${ri}))${by} / sum(rate(${selector(`${base}_count`, sel, protocol)}${ri}))${by}`,
      });
    }
    for (const q of o.quantiles) {
      out.push({
        name,
        stat: q,
        promql: `histogram_quantile(${q}, sum(rate(${selector(`${base}_bucket`, sel, protocol)}${ri}))${byLe})`,
      });
    }
    return out;
  };
  const queries: MetricsQuery[] = [];
  for (const f of o.filters) {
    if (f === 'request_error_count') {
      const errors =
        o.requestProtocol === 'grpc'
          ? re('grpc_response_status', literal('^[1-9]$|^1[0-6]$'))
          : re('response_code', ERROR_HTTP);
      queries.push({ name: f, promql: counter('istio_requests_total', errors) });
      continue;
    }
    const [type, metric] = METRIC_SOURCES[f];
    if (type === 'histogram') queries.push(...histogram(f, metric));
    else queries.push({ name: f, promql: type === 'tcp' ? tcpCounter(metric) : counter(metric) });
  }
  return queries;
}
