/**
 * securityPolicy appender (Kiali `graph/telemetry/istio/appender/security_policy.go`): sets `isMTLS` (% of the
 * edge's traffic with `connection_security_policy="mutual_tls"`) and the source/destination principals, from
 * destination-reported telemetry (and the waypoint's, with ambient traffic total or waypoint). Rates of rows sharing
 * an edge are summed (Kiali overwrites them). Ambient, as Kiali does it:
 * - with ambient traffic total or ztunnel, the traffic query also reads ztunnel's source-reported TCP rows of the
 *   namespace's workloads (`app="ztunnel",reporter="source"`): ztunnel to a sidecar is reported by the client's
 *   ztunnel only; rows both ztunnels report collapse in PromQL's `OR` (same label set);
 * - an edge to or from a waypoint that no row matches (the waypoint's rows name it as a workload, which an app
 *   graph or an injected service node does not) is 100 % mTLS: ztunnel and waypoints speak only HBONE, mutual TLS
 *   (its principals stay unknown).
 */
import {
  FROM_OTHER_NAMESPACES,
  FROM_WORKLOADS,
  checkScope,
  reporter,
  ztunnelFilter,
  type QueryDescriptor,
  type QueryScope,
} from '@/lib/graph/queries';
import { eq, literal, matchers } from '@/lib/promql/index';
import type { TrafficMap } from '../traffic-map';
import type { PromSample } from '../types';
import type { Appender } from './appender';
import type { AppenderContext } from './context';
import { sampleEdges } from './sample-edges';

const MTLS = 'mutual_tls';
const GROUP_BY_SECURITY = [
  'source_cluster,source_workload_namespace,source_workload,source_canonical_service,source_canonical_revision',
  'source_principal,destination_cluster,destination_service_namespace,destination_service_name',
  'destination_workload_namespace,destination_workload,destination_canonical_service,destination_canonical_revision',
  'destination_principal,connection_security_policy',
].join(',');

/**
 * Two queries, each an `OR` of the requested request, gRPC-message and TCP metrics (destination-reported, grouped
 * by principals and `connection_security_policy`): traffic into the namespace's services from other namespaces,
 * then traffic from its workloads. None when no rate is requested. The id's metric is always `istio_requests_total`.
 */
function queries(scope: QueryScope): QueryDescriptor[] {
  const { d, where, descriptor } = checkScope(scope);
  const o = scope.options;
  const parts: [string, boolean][] = [];
  if (o.rates.http === 'requests' || o.rates.grpc === 'requests') parts.push(['istio_requests_total', false]);
  if (o.rates.grpc === 'sent' || o.rates.grpc === 'total') parts.push(['istio_request_messages_total', false]);
  if (o.rates.grpc === 'received' || o.rates.grpc === 'total') parts.push(['istio_response_messages_total', false]);
  if (o.rates.tcp === 'sent' || o.rates.tcp === 'total') parts.push(['istio_tcp_sent_bytes_total', true]);
  if (o.rates.tcp === 'received' || o.rates.tcp === 'total') parts.push(['istio_tcp_received_bytes_total', true]);
  if (parts.length === 0) return [];
  const ztunnelSource = o.rates.ambient === 'total' || o.rates.ambient === 'ztunnel';
  return [FROM_OTHER_NAMESPACES, FROM_WORKLOADS].map((split, i) => {
    const sc = where(split);
    const arms = parts.map(([metric, tcp]) => {
      const sel = matchers(tcp ? ztunnelFilter(o) : undefined, reporter('destination', o), sc);
      return `(sum(rate(${metric}{${sel}}[${d}s])) by (${GROUP_BY_SECURITY}) > 0)`;
    });
    if (i === 1 && ztunnelSource) {
      for (const [metric, tcp] of parts) {
        if (!tcp) continue;
        const sel = matchers(eq('app', literal('ztunnel')), eq('reporter', literal('source')), sc);
        arms.push(`(sum(rate(${metric}{${sel}}[${d}s])) by (${GROUP_BY_SECURITY}) > 0)`);
      }
    }
    return descriptor('securityPolicy', 'istio_requests_total', i, arms.join(' OR '), split);
  });
}

/** One edge's rows: rate by `connection_security_policy`, and the principals of its first row. */
interface EdgeSecurity {
  byPolicy: Map<string, number>;
  source: string;
  dest: string;
}

/** Decorates edges with `isMTLS`, `sourcePrincipal`, `destPrincipal`. No-op when the queries were not run or failed. */
function apply(tm: TrafficMap, ctx: AppenderContext, vectors?: readonly PromSample[][]): void {
  if (!vectors || tm.size === 0) return;
  const { graphType, injectServiceNodes } = ctx.options;
  // by source id, then destination id (no key string per row and edge): rate by connection security policy, and the
  // principals of the first row of the edge
  const edgesBySource = new Map<string, Map<string, EdgeSecurity>>();
  const add = (pair: [string, string] | undefined, csp: string, v: number, source: string, dest: string) => {
    if (!pair) return;
    let byDest = edgesBySource.get(pair[0]);
    if (!byDest) edgesBySource.set(pair[0], (byDest = new Map()));
    let edge = byDest.get(pair[1]);
    if (!edge) byDest.set(pair[1], (edge = { byPolicy: new Map(), source, dest }));
    edge.byPolicy.set(csp, (edge.byPolicy.get(csp) ?? 0) + v);
  };
  for (const vector of vectors) {
    for (const s of vector) {
      const m = s.metric;
      if (Number.isNaN(s.value)) continue;
      const edges = sampleEdges(m, {
        graphType,
        injectServiceNodes,
        istioNamespace: ctx.index.istioNamespace,
        required: ['source_principal', 'destination_principal'],
        withoutDestinationService: true,
      });
      if (!edges) continue;
      // connection_security_policy is not set on gRPC message metrics
      const csp = m.connection_security_policy ?? 'unknown';
      const sp = m.source_principal!;
      const dp = m.destination_principal!;
      add(edges.direct, csp, s.value, sp, dp);
      add(edges.toService, csp, s.value, sp, dp);
      add(edges.fromService, csp, s.value, sp, dp);
    }
  }
  for (const n of tm.values()) {
    for (const e of n.edges) {
      const sec = edgesBySource.get(e.source.id)?.get(e.dest.id);
      const byPolicy = sec?.byPolicy;
      if (byPolicy) {
        let mtls = 0;
        let other = 0;
        for (const [policy, rate] of byPolicy) {
          if (policy === MTLS) mtls += rate;
          else other += rate;
        }
        if (mtls > 0) e.isMTLS = (mtls / (mtls + other)) * 100;
      } else if (n.meta.isWaypoint || e.dest.meta.isWaypoint) {
        e.isMTLS = 100;
      }
      if (sec) {
        e.sourcePrincipal = sec.source;
        e.destPrincipal = sec.dest;
      }
    }
  }
}

/** The securityPolicy appender: edge mTLS share and principals from its two `OR` queries. */
export const securityPolicyAppender: Appender = { name: 'securityPolicy', kind: 'namespace', queries, apply };
