/**
 * The graph's traffic PromQL, as Kiali issues it (`graph/telemetry/istio/istio.go`; reference/kiali.md §2.3), and
 * the pieces every graph query shares: ids, `round(<q>,0.001)` (`util.PromQueryAppender`), the reporter and
 * ztunnel matchers, the groupBy lists, the scope check. Each appender builds its own queries from these in its
 * own file (`lib/graph/appenders/*.ts`). Names are re-validated here (defence in depth) and all values go through
 * the selector builder, so no caller can smuggle text into a query.
 */
import type { AppenderName } from '@/lib/graph/params';
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

/** `traffic`, or the name of the appender that issues the query. */
export type QueryPurpose = 'traffic' | AppenderName;

export interface QueryDescriptor {
  /** Stable id: `<namespace>/<purpose>/<metric>/<n>`. */
  id: string;
  namespace: string;
  purpose: QueryPurpose;
  /** The metric the rows belong to (decides the protocol when populating traffic). */
  metric: string;
  promql: string;
  /**
   * Traffic queries of a namespace graph only: which of Kiali's per-namespace selectors this is (#0 `unserviced`,
   * #1 `ambientIngress`, #2 `incoming`, #3 `outgoing`), so the batched strategy (lib/graph/batched-queries.ts) can
   * answer it from one query over many namespaces.
   */
  shape?: TrafficShape;
  /**
   * Appender queries: how the rows of the same query over many namespaces are handed back to this one (the batched
   * strategy answers it that way; `checkScope`'s `where` builds the matchers of both forms).
   */
  split?: NamespaceSplit;
}

/**
 * How a query over many namespaces (the batched strategy, lib/graph/batched-queries.ts `splitBatch`) hands each row
 * back to the namespaces whose own query returns it: the one its `label` names (`host`: each namespace that is a
 * dot-separated segment of the host in `label`, as Kiali's `destination_service=~"^.+\\.NS\\..+$"` matches), unless
 * the row's `notFrom` label names that namespace too (the per-namespace query's `notFrom!="NS"`). Both labels must
 * be in the query's `by (...)`, so every row stands for series that all pass or all fail the per-namespace matchers.
 */
export interface NamespaceSplit {
  label: string;
  host?: boolean;
  notFrom?: string;
}

/** Kiali's per-namespace traffic selectors (`buildNamespaceTrafficMap`), in query order. */
export type TrafficShape = 'unserviced' | 'ambientIngress' | 'incoming' | 'outgoing';

/**
 * The raw Istio metrics whose recorded series (`workload:<metric>`, deploy/kubernetes/components/recording-rules/recording-rules.yaml, Istio's
 * "Prometheus for production-scale monitoring") exist on the store: a query of such a metric reads the recorded
 * series instead. Undefined or empty: raw metrics everywhere.
 */
export type RecordedMetrics = ReadonlySet<string> | undefined;

/** The prefix of Istio's recording rules (`workload:istio_requests_total`...). */
export const RECORDED_PREFIX = 'workload:';

/** The series a query of `metric` reads: `workload:<metric>` when it is recorded, else `metric` itself. */
export function seriesName(metric: string, recorded: RecordedMetrics): string {
  return recorded?.has(metric) ? `${RECORDED_PREFIX}${metric}` : metric;
}

export type QueryOptions = Pick<GraphOptions, 'rates' | 'includeIdleEdges' | 'responseTime' | 'throughputType'>;

/** The appenders' scopes: traffic from the namespace's workloads (`source_workload_namespace="NS"`). */
export const FROM_WORKLOADS: NamespaceSplit = { label: 'source_workload_namespace' };
/** Traffic into the namespace's services from other namespaces (`…!="NS",destination_service_namespace="NS"`). */
export const FROM_OTHER_NAMESPACES: NamespaceSplit = {
  label: 'destination_service_namespace',
  notFrom: 'source_workload_namespace',
};
/** Traffic into the namespace's services from any namespace (`destination_service_namespace="NS"`). */
export const INTO_SERVICES: NamespaceSplit = { label: 'destination_service_namespace' };

/** What one namespace's appender queries are built from. */
export interface QueryScope {
  options: QueryOptions;
  /** Metrics to read from their recorded series (`seriesName`). */
  recorded?: RecordedMetrics;
  namespace: string;
  /**
   * The batched strategy: the queries select all these namespaces at once (`namespace` is the first of them) and
   * each descriptor's `split` hands the rows back to each (lib/graph/batched-queries.ts).
   */
  batch?: readonly string[];
  /** The namespace's range in seconds (clipped to its lifetime), a positive integer. */
  durationSeconds: number;
}

const SRC =
  'source_cluster,source_workload_namespace,source_workload,source_canonical_service,source_canonical_revision';
const DST =
  'destination_cluster,destination_service_namespace,destination_service,destination_service_name,destination_workload_namespace,destination_workload,destination_canonical_service,destination_canonical_revision';
/** groupBy of HTTP/gRPC request queries. */
export const GROUP_BY_REQUESTS = `${SRC},${DST},request_protocol,response_code,grpc_response_status,response_flags`;
/** groupBy of gRPC message queries (the request one minus its last four labels). */
export const GROUP_BY_GRPC_MESSAGES = `${SRC},${DST}`;
/** groupBy of TCP queries: `app,` + the request one minus protocol, code and gRPC status. */
export const GROUP_BY_TCP = `app,${SRC},${DST},response_flags`;

/** `round(<q>,0.001)`, as every graph query. */
export function wrapRound(q: string): string {
  return `round(${q},0.001)`;
}

/**
 * A query descriptor with the stable id `<namespace>/<purpose>/<metric>/<index>` (recorded fixtures are keyed by
 * it, `lib/graph/testdata`) and its PromQL wrapped in `round(<q>,0.001)`.
 */
export function queryDescriptor(
  purpose: QueryPurpose,
  ns: Validated,
  metric: string,
  index: number,
  q: string,
): QueryDescriptor {
  return { id: `${ns}/${purpose}/${metric}/${index}`, namespace: ns, purpose, metric, promql: wrapRound(q) };
}

/** `a|b|c`, each name re-validated as a DNS-1123 label and regex-escaped. */
export function alternation(namespaces: readonly string[]): string {
  return namespaces.map((n) => escapeRegex(assertDns1123Label(n, 'namespaces'))).join('|');
}

/** A checked scope: its namespace, its range, and the namespace matchers and descriptors of its queries. */
export interface CheckedScope {
  /** The namespace (the batch's first), a DNS-1123 label. */
  ns: Validated;
  /** The range in seconds. */
  d: number;
  /**
   * The matchers that pick the namespace's rows: `notFrom!="NS",label="NS"` (`label=~"^.+\\.NS\\..+$"` for a host),
   * or over a batch `label=~"a|b"` (`label=~"^.+\\.(a|b)\\..+$"`), `notFrom` then checked on each row.
   */
  where(split: NamespaceSplit): Validated;
  /** `queryDescriptor` of the scope's namespace, carrying the `split` its `where` used. */
  descriptor(purpose: QueryPurpose, metric: string, index: number, q: string, split: NamespaceSplit): QueryDescriptor;
}

/**
 * Re-validates a scope before any query is built from it: `ns` is the namespace as a DNS-1123 label (every name of a
 * batch too), `d` the range.
 * @throws BadRequestError naming `namespaces` for a bad namespace; Error `internal: bad range [d]` when the range
 *   is not a positive integer (the options parser never produces one).
 */
export function checkScope(scope: QueryScope): CheckedScope {
  const ns = assertDns1123Label(scope.namespace, 'namespaces');
  const d = scope.durationSeconds;
  if (!Number.isInteger(d) || d <= 0) throw new Error(`internal: bad range [${d}]`);
  const batch = scope.batch ? alternation(scope.batch) : undefined;
  const host = (alt: string) => literal(`^.+\\.${alt}\\..+$`);
  const where = (split: NamespaceSplit): Validated => {
    if (batch !== undefined) return re(split.label, split.host ? host(`(${batch})`) : literal(batch));
    return matchers(
      split.notFrom !== undefined && neq(split.notFrom, ns),
      split.host ? re(split.label, host(escapeRegex(ns))) : eq(split.label, ns),
    );
  };
  const descriptor = (purpose: QueryPurpose, metric: string, index: number, q: string, split: NamespaceSplit) => ({
    ...queryDescriptor(purpose, ns, metric, index, q),
    split,
  });
  return { ns, d, where, descriptor };
}

/** `reporter="x"`, or `reporter=~"waypoint|x"` when ambient traffic is total or waypoint (`util.GetReporter`). */
export function reporter(which: 'source' | 'destination' | 'source|destination', o: QueryOptions): Validated {
  if (o.rates.ambient === 'total' || o.rates.ambient === 'waypoint')
    return re('reporter', literal(`waypoint|${which}`));
  return which.includes('|') ? re('reporter', literal(which)) : eq('reporter', literal(which));
}

/** `app!="ztunnel"` when ambient traffic is waypoint or none (TCP queries only, `util.GetApp`). */
export function ztunnelFilter(o: QueryOptions): Validated | undefined {
  return o.rates.ambient === 'waypoint' || o.rates.ambient === 'none' ? neq('app', literal('ztunnel')) : undefined;
}

/** The traffic metrics the rates ask for, with their groupBy; TCP ones flagged. */
export function requestMetrics(o: QueryOptions): { metric: string; groupBy: string; tcp: boolean }[] {
  const out: { metric: string; groupBy: string; tcp: boolean }[] = [];
  if (o.rates.http === 'requests' || o.rates.grpc === 'requests')
    out.push({ metric: 'istio_requests_total', groupBy: GROUP_BY_REQUESTS, tcp: false });
  const grpc = {
    sent: ['istio_request_messages_total'],
    received: ['istio_response_messages_total'],
    total: ['istio_request_messages_total', 'istio_response_messages_total'],
  };
  for (const m of grpc[o.rates.grpc as keyof typeof grpc] ?? [])
    out.push({ metric: m, groupBy: GROUP_BY_GRPC_MESSAGES, tcp: false });
  // L4 telemetry is reversed (istio/istio#32399): "sent" bytes are in istio_tcp_received_bytes_total
  const tcp = {
    sent: ['istio_tcp_received_bytes_total'],
    received: ['istio_tcp_sent_bytes_total'],
    total: ['istio_tcp_received_bytes_total', 'istio_tcp_sent_bytes_total'],
  };
  for (const m of tcp[o.rates.tcp as keyof typeof tcp] ?? []) out.push({ metric: m, groupBy: GROUP_BY_TCP, tcp: true });
  return out;
}

/** `sum(rate(<series>{sel} [<s>s])) by (<groupBy>)<idle>`, reading the recorded series of `metric` if there is one. */
export function rateSum(
  metric: string,
  sel: Validated,
  seconds: number,
  groupBy: string,
  idle: string,
  recorded?: RecordedMetrics,
): string {
  if (!Number.isInteger(seconds) || seconds <= 0) throw new Error(`internal: bad range [${seconds}]`);
  return `sum(rate(${seriesName(metric, recorded)}{${sel}} [${seconds}s])) by (${labelList(groupBy.split(','))})${idle}`;
}

/**
 * The traffic queries of one namespace (Kiali `buildNamespaceTrafficMap`), per metric:
 * #0 incoming requests that never reached a workload (source-reported), #1 (ambient namespaces only)
 * source-reported ingress, #2 incoming (destination-reported), #3 outgoing (source-reported).
 * TCP and gRPC-message metrics use the same shapes (no #1 for TCP).
 */
export function namespaceTrafficQueries(
  o: QueryOptions,
  namespace: string,
  durationSeconds: number,
  isAmbient = false,
  recorded?: RecordedMetrics,
): QueryDescriptor[] {
  const ns = assertDns1123Label(namespace, 'namespaces');
  const idle = o.includeIdleEdges ? '' : ' > 0';
  const out: QueryDescriptor[] = [];
  for (const { metric, groupBy, tcp } of requestMetrics(o)) {
    const app = tcp ? ztunnelFilter(o) : undefined;
    const shapes: TrafficShape[] = ['unserviced'];
    const sels: Validated[] = [
      matchers(
        app,
        reporter('source', o),
        neq('source_workload_namespace', ns),
        eq('destination_workload_namespace', literal('unknown')),
        eq('destination_workload', literal('unknown')),
        re('destination_service', literal(`^.+\\.${escapeRegex(ns)}\\..+$`)),
      ),
    ];
    if (isAmbient && !tcp) shapes.push('ambientIngress');
    shapes.push('incoming', 'outgoing');
    if (isAmbient && !tcp)
      sels.push(
        matchers(
          eq('reporter', literal('source')),
          neq('source_workload_namespace', ns),
          eq('destination_workload_namespace', ns),
        ),
      );
    sels.push(matchers(app, reporter('destination', o), eq('destination_workload_namespace', ns)));
    sels.push(matchers(app, reporter('source', o), eq('source_workload_namespace', ns)));
    sels.forEach((sel, i) => {
      const q = rateSum(metric, sel, durationSeconds, groupBy, idle, recorded);
      out.push({ ...queryDescriptor('traffic', ns, metric, i, q), shape: shapes[i] });
    });
  }
  return out;
}

/**
 * The traffic queries of a node graph (Kiali `buildNodeTrafficMap`): incoming (destination-reported, or
 * source|destination for ambient namespaces) and outgoing (source-reported) traffic of one workload, app,
 * app version or service. Service nodes add a source-reported query for unserviced requests and have no
 * outgoing query. A waypoint workload (`isWaypoint`) swaps the TCP reporters: its incoming bytes are reported by
 * the client's ztunnel (source), its outgoing ones by the server's (destination).
 */
export function nodeTrafficQueries(
  o: QueryOptions,
  node: NodeOptions,
  durationSeconds: number,
  isAmbient = false,
  isWaypoint = false,
  recorded?: RecordedMetrics,
): QueryDescriptor[] {
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
    inSel = [
      matchers(
        dstCluster,
        eq('destination_service_namespace', ns),
        eq('destination_canonical_service', app),
        ver && eq('destination_canonical_revision', ver),
      ),
    ];
    outSel = matchers(
      srcCluster,
      eq('source_workload_namespace', ns),
      eq('source_canonical_service', app),
      ver && eq('source_canonical_revision', ver),
    );
  } else {
    const svc = assertDns1123Label(node.service, 'service');
    const svcRe = re('destination_service', literal(`^${escapeRegex(svc)}\\.${escapeRegex(ns)}\\..*$`));
    inSel = [matchers(dstCluster, eq('destination_service_namespace', ns), svcRe)];
    outSel = undefined;
  }
  for (const { metric, groupBy, tcp } of requestMetrics(o)) {
    const app = tcp ? ztunnelFilter(o) : undefined;
    // ztunnel reports a waypoint's inbound TCP as source (the client's ztunnel) and its outbound as destination
    const tcpIn = isWaypoint ? reporter('source', o) : eq('reporter', literal('destination'));
    const tcpOut = isWaypoint ? reporter('destination', o) : eq('reporter', literal('source'));
    const inRep =
      isAmbient && metric === 'istio_requests_total'
        ? reporter('source|destination', o)
        : tcp
          ? tcpIn
          : reporter('destination', o);
    const outRep = tcp ? tcpOut : reporter('source', o);
    const sels: Validated[] = [];
    if (node.service !== undefined && metric === 'istio_requests_total') {
      const svc = assertDns1123Label(node.service, 'service');
      sels.push(
        matchers(
          reporter('source', o),
          dstCluster,
          eq('destination_workload', literal('unknown')),
          re('destination_service', literal(`^${escapeRegex(svc)}\\.${escapeRegex(ns)}\\..*$`)),
        ),
      );
    }
    for (const s of inSel) sels.push(matchers(app, inRep, s));
    if (outSel) sels.push(matchers(app, outRep, outSel));
    sels.forEach((sel, i) => {
      out.push(
        queryDescriptor('traffic', ns, metric, i, rateSum(metric, sel, durationSeconds, groupBy, idle, recorded)),
      );
    });
  }
  return out;
}
