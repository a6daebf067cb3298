/**
 * The PromQL the graph issues, as Kiali issues it (`graph/telemetry/istio/istio.go` and the appenders under
 * `graph/telemetry/istio/appender/`; reference/kiali.md §2.3). Every query is an instant query wrapped in
 * `round(<q>,0.001)` (`util.PromQueryAppender`). Names are re-validated here (defence in depth) and all values
 * go through the selector builder, so no caller can smuggle text into a query.
 */
import type { GraphOptions, NodeOptions } from '@/lib/graph/types';
import {
  assertDns1123Label,
  assertDns1123Subdomain,
  assertLabelValue,
  eq,
  escapeRegex,
  labelList,
  literal,
  matchers,
  neq,
  re,
  type Validated,
} from '@/lib/promql/index';

export type AppenderQueryPurpose = 'responseTime' | 'throughput' | 'securityPolicy';
export type QueryPurpose = 'traffic' | AppenderQueryPurpose;

export interface QueryDescriptor {
  /** Stable id: `<namespace>/<purpose>/<metric>/<n>`. */
  id: string;
  namespace: string;
  purpose: QueryPurpose;
  /** The metric the rows belong to (decides the protocol when populating traffic). */
  metric: string;
  promql: string;
}

export type QueryOptions = Pick<GraphOptions, 'rates' | 'includeIdleEdges' | 'responseTime' | 'throughputType'>;

const SRC = 'source_cluster,source_workload_namespace,source_workload,source_canonical_service,source_canonical_revision';
const DST =
  'destination_cluster,destination_service_namespace,destination_service,destination_service_name,destination_workload_namespace,destination_workload,destination_canonical_service,destination_canonical_revision';
/** groupBy of HTTP/gRPC request queries. */
export const GROUP_BY_REQUESTS = `${SRC},${DST},request_protocol,response_code,grpc_response_status,response_flags`;
/** groupBy of gRPC message queries (the request one minus its last four labels). */
export const GROUP_BY_GRPC_MESSAGES = `${SRC},${DST}`;
/** groupBy of TCP queries: `app,` + the request one minus protocol, code and gRPC status. */
export const GROUP_BY_TCP = `app,${SRC},${DST},response_flags`;
const GROUP_BY_RT = `${SRC},${DST},request_protocol`;
const GROUP_BY_SECURITY =
  'source_cluster,source_workload_namespace,source_workload,source_canonical_service,source_canonical_revision,source_principal,destination_cluster,destination_service_namespace,destination_service_name,destination_workload_namespace,destination_workload,destination_canonical_service,destination_canonical_revision,destination_principal,connection_security_policy';

/** `round(<q>,0.001)`, as every graph query. */
export function wrapRound(q: string): string {
  return `round(${q},0.001)`;
}

/** `reporter="x"`, or `reporter=~"waypoint|x"` when ambient traffic is total or waypoint (`util.GetReporter`). */
export function reporter(which: 'source' | 'destination' | 'source|destination', o: QueryOptions): Validated {
  if (o.rates.ambient === 'total' || o.rates.ambient === 'waypoint') return re('reporter', literal(`waypoint|${which}`));
  return which.includes('|') ? re('reporter', literal(which)) : eq('reporter', literal(which));
}

/** `app!="ztunnel"` when ambient traffic is waypoint or none (TCP queries only, `util.GetApp`). */
function ztunnelFilter(o: QueryOptions): Validated | undefined {
  return o.rates.ambient === 'waypoint' || o.rates.ambient === 'none' ? neq('app', literal('ztunnel')) : undefined;
}

function requestMetrics(o: QueryOptions): { metric: string; groupBy: string; tcp: boolean }[] {
  const out: { metric: string; groupBy: string; tcp: boolean }[] = [];
  if (o.rates.http === 'requests' || o.rates.grpc === 'requests') out.push({ metric: 'istio_requests_total', groupBy: GROUP_BY_REQUESTS, tcp: false });
  const grpc = { sent: ['istio_request_messages_total'], received: ['istio_response_messages_total'], total: ['istio_request_messages_total', 'istio_response_messages_total'] };
  for (const m of grpc[o.rates.grpc as keyof typeof grpc] ?? []) out.push({ metric: m, groupBy: GROUP_BY_GRPC_MESSAGES, tcp: false });
  // L4 telemetry is reversed (istio/istio#32399): "sent" bytes are in istio_tcp_received_bytes_total
  const tcp = { sent: ['istio_tcp_received_bytes_total'], received: ['istio_tcp_sent_bytes_total'], total: ['istio_tcp_received_bytes_total', 'istio_tcp_sent_bytes_total'] };
  for (const m of tcp[o.rates.tcp as keyof typeof tcp] ?? []) out.push({ metric: m, groupBy: GROUP_BY_TCP, tcp: true });
  return out;
}

function rateSum(metric: string, sel: Validated, seconds: number, groupBy: string, idle: string): string {
  if (!Number.isInteger(seconds) || seconds <= 0) throw new Error(`internal: bad range [${seconds}]`);
  return `sum(rate(${metric}{${sel}} [${seconds}s])) by (${labelList(groupBy.split(','))})${idle}`;
}

/**
 * The traffic queries of one namespace (Kiali `buildNamespaceTrafficMap`), per metric:
 * #0 incoming requests that never reached a workload (source-reported), #1 (ambient namespaces only)
 * source-reported ingress, #2 incoming (destination-reported), #3 outgoing (source-reported).
 * TCP and gRPC-message metrics use the same shapes (no #1 for TCP).
 */
export function namespaceTrafficQueries(o: QueryOptions, namespace: string, durationSeconds: number, isAmbient = false): QueryDescriptor[] {
  const ns = assertDns1123Label(namespace, 'namespaces');
  const idle = o.includeIdleEdges ? '' : ' > 0';
  const out: QueryDescriptor[] = [];
  for (const { metric, groupBy, tcp } of requestMetrics(o)) {
    const app = tcp ? ztunnelFilter(o) : undefined;
    const sels: Validated[] = [
      matchers(app, reporter('source', o), neq('source_workload_namespace', ns), eq('destination_workload_namespace', literal('unknown')), eq('destination_workload', literal('unknown')), re('destination_service', literal(`^.+\\.${escapeRegex(ns)}\\..+$`))),
    ];
    if (isAmbient && !tcp) sels.push(matchers(eq('reporter', literal('source')), neq('source_workload_namespace', ns), eq('destination_workload_namespace', ns)));
    sels.push(matchers(app, reporter('destination', o), eq('destination_workload_namespace', ns)));
    sels.push(matchers(app, reporter('source', o), eq('source_workload_namespace', ns)));
    sels.forEach((sel, i) =>
      out.push({ id: `${ns}/traffic/${metric}/${i}`, namespace: ns, purpose: 'traffic', metric, promql: wrapRound(rateSum(metric, sel, durationSeconds, groupBy, idle)) }),
    );
  }
  return out;
}

/**
 * The traffic queries of a node graph (Kiali `buildNodeTrafficMap`): incoming (destination-reported, or
 * source|destination for ambient namespaces) and outgoing (source-reported) traffic of one workload, app,
 * app version or service. Service nodes add a source-reported query for unserviced requests and have no
 * outgoing query.
 */
export function nodeTrafficQueries(o: QueryOptions, node: NodeOptions, durationSeconds: number, isAmbient = false): QueryDescriptor[] {
  const ns = assertDns1123Label(node.namespace, 'namespace');
  const idle = o.includeIdleEdges ? '' : ' > 0';
  const cluster = node.cluster ? assertLabelValue(node.cluster, 'clusterName') : undefined;
  const srcCluster = cluster && eq('source_cluster', cluster);
  const dstCluster = cluster && eq('destination_cluster', cluster);
  const out: QueryDescriptor[] = [];
  let inSel: Validated[];
  let outSel: Validated | undefined;
  if (node.workload !== undefined) {
    const wl = assertDns1123Subdomain(node.workload, 'workload');
    inSel = [matchers(dstCluster, eq('destination_workload_namespace', ns), eq('destination_workload', wl))];
    outSel = matchers(srcCluster, eq('source_workload_namespace', ns), eq('source_workload', wl));
  } else if (node.app !== undefined) {
    const app = assertLabelValue(node.app, 'app');
    const ver = node.version !== undefined ? assertLabelValue(node.version, 'version') : undefined;
    inSel = [matchers(dstCluster, eq('destination_service_namespace', ns), eq('destination_canonical_service', app), ver && eq('destination_canonical_revision', ver))];
    outSel = matchers(srcCluster, eq('source_workload_namespace', ns), eq('source_canonical_service', app), ver && eq('source_canonical_revision', ver));
  } else {
    const svc = assertDns1123Label(node.service, 'service');
    const svcRe = re('destination_service', literal(`^${escapeRegex(svc)}\\.${escapeRegex(ns)}\\..*$`));
    inSel = [matchers(dstCluster, eq('destination_service_namespace', ns), svcRe)];
    outSel = undefined;
  }
  for (const { metric, groupBy, tcp } of requestMetrics(o)) {
    const app = tcp ? ztunnelFilter(o) : undefined;
    const inRep = isAmbient && metric === 'istio_requests_total' ? reporter('source|destination', o) : tcp ? eq('reporter', literal('destination')) : reporter('destination', o);
    const outRep = tcp ? eq('reporter', literal('source')) : reporter('source', o);
    const sels: Validated[] = [];
    if (node.service !== undefined && metric === 'istio_requests_total') {
      const svc = assertDns1123Label(node.service, 'service');
      sels.push(matchers(reporter('source', o), dstCluster, eq('destination_workload', literal('unknown')), re('destination_service', literal(`^${escapeRegex(svc)}\\.${escapeRegex(ns)}\\..*$`))));
    }
    for (const s of inSel) sels.push(matchers(app, inRep, s));
    if (outSel) sels.push(matchers(app, outRep, outSel));
    sels.forEach((sel, i) =>
      out.push({ id: `${ns}/traffic/${metric}/${i}`, namespace: ns, purpose: 'traffic', metric, promql: wrapRound(rateSum(metric, sel, durationSeconds, groupBy, idle)) }),
    );
  }
  return out;
}

const QUANTILE: Record<string, string> = { '50': '0.50', '95': '0.95', '99': '0.99' };

/**
 * The appender queries of one namespace, only for the enabled appenders (Kiali `response_time.go`,
 * `throughput.go`, `security_policy.go`): responseTime 2 (quantile or avg form), throughput 2, securityPolicy 2
 * (each an `OR` of the requested request/gRPC-message/TCP variants, destination-reported).
 */
export function appenderQueries(o: QueryOptions, namespace: string, durationSeconds: number, enabled: ReadonlySet<AppenderQueryPurpose>): QueryDescriptor[] {
  const ns = assertDns1123Label(namespace, 'namespaces');
  const d = durationSeconds;
  if (!Number.isInteger(d) || d <= 0) throw new Error(`internal: bad range [${d}]`);
  const out: QueryDescriptor[] = [];
  const push = (purpose: AppenderQueryPurpose, metric: string, i: number, q: string) =>
    out.push({ id: `${ns}/${purpose}/${metric}/${i}`, namespace: ns, purpose, metric, promql: wrapRound(q) });
  const requests = o.rates.http === 'requests' || o.rates.grpc === 'requests';

  if (enabled.has('responseTime') && requests) {
    const sels = [matchers(reporter('destination', o), eq('destination_service_namespace', ns)), matchers(reporter('source', o), eq('source_workload_namespace', ns))];
    const q = QUANTILE[o.responseTime];
    sels.forEach((sel, i) => {
      if (q) {
        push('responseTime', 'istio_request_duration_milliseconds_bucket', i, `histogram_quantile(${q}, sum(rate(istio_request_duration_milliseconds_bucket{${sel}}[${d}s])) by (le,${GROUP_BY_RT})) > 0`);
      } else {
        push(
          'responseTime',
          'istio_request_duration_milliseconds_sum',
          i,
          `sum(rate(istio_request_duration_milliseconds_sum{${sel}}[${d}s])) by (${GROUP_BY_RT}) / sum(rate(istio_request_duration_milliseconds_count{${sel}}[${d}s])) by (${GROUP_BY_RT}) > 0`,
        );
      }
    });
  }
  if (enabled.has('throughput') && o.rates.http === 'requests') {
    const metric = `istio_${o.throughputType}_bytes_sum`;
    const rep = reporter(o.throughputType === 'request' ? 'source' : 'destination', o);
    const sels = [matchers(rep, neq('source_workload_namespace', ns), eq('destination_service_namespace', ns)), matchers(rep, eq('source_workload_namespace', ns))];
    sels.forEach((sel, i) => push('throughput', metric, i, `sum(rate(${metric}{${sel}}[${d}s])) by (${GROUP_BY_GRPC_MESSAGES}) > 0`));
  }
  if (enabled.has('securityPolicy')) {
    const parts: [string, boolean][] = [];
    if (requests) parts.push(['istio_requests_total', false]);
    if (o.rates.grpc === 'sent' || o.rates.grpc === 'total') parts.push(['istio_request_messages_total', false]);
    if (o.rates.grpc === 'received' || o.rates.grpc === 'total') parts.push(['istio_response_messages_total', false]);
    if (o.rates.tcp === 'sent' || o.rates.tcp === 'total') parts.push(['istio_tcp_sent_bytes_total', true]);
    if (o.rates.tcp === 'received' || o.rates.tcp === 'total') parts.push(['istio_tcp_received_bytes_total', true]);
    const scopes = [
      [neq('source_workload_namespace', ns), eq('destination_service_namespace', ns)],
      [eq('source_workload_namespace', ns)],
    ];
    scopes.forEach((scope, i) => {
      const q = parts
        .map(([metric, tcp]) => `(sum(rate(${metric}{${matchers(tcp ? ztunnelFilter(o) : undefined, reporter('destination', o), ...scope)}}[${d}s])) by (${GROUP_BY_SECURITY}) > 0)`)
        .join(' OR ');
      if (q) push('securityPolicy', 'istio_requests_total', i, q);
    });
  }
  return out;
}
