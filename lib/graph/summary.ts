/**
 * The graph's summary (Kiali's graph side panel with nothing selected), computed from the graph JSON (pure): namespace
 * counts (distinct apps, services, workloads) and the total traffic per protocol over all edges, plus the edge rate
 * readers it is built on. Runs in the page for a graph, and on the server for the namespace view, which carries the
 * full graph's summary (lib/graph/namespace-view.ts `graphAnswerView`).
 */
import type { EdgeDataJson, GraphSummary, KialiGraphJson, ProtocolTotals } from './types';
import { num } from './format';

export type { GraphSummary, NamespaceCounts, ProtocolTotals } from './types';

/** Total rate of an edge in its protocol's unit (rps, or bytes/s for TCP); null when there is none. */
export function edgeRate(d: EdgeDataJson): number | null {
  const protocol = d.traffic?.protocol;
  return protocol ? num(d.traffic.rates?.[protocol]) : null;
}

/** Error rate of an edge: HTTP NoResponse + 4xx + 5xx, gRPC errors + NoResponse (Kiali's definition). */
export function edgeErrorRate(d: EdgeDataJson): number {
  const r = d.traffic?.rates ?? {};
  if (d.traffic?.protocol === 'http')
    return (num(r.httpNoResponse) ?? 0) + (num(r.http4xx) ?? 0) + (num(r.http5xx) ?? 0);
  if (d.traffic?.protocol === 'grpc') return (num(r.grpcNoResponse) ?? 0) + (num(r.grpcErr) ?? 0);
  return 0;
}

function totals(edges: EdgeDataJson[], protocol: string): ProtocolTotals {
  let rate = 0;
  let errorRate = 0;
  for (const e of edges) {
    if (e.traffic?.protocol !== protocol) continue;
    rate += edgeRate(e) ?? 0;
    errorRate += edgeErrorRate(e);
  }
  return { rate, errorRate, errorRatio: rate > 0 ? errorRate / rate : null };
}

/** Namespace counts (Kiali's graph summary) and total traffic per protocol over all edges. */
export function graphSummary(json: KialiGraphJson): GraphSummary {
  const byNs = new Map<string, { apps: Set<string>; services: Set<string>; workloads: Set<string> }>();
  let nodes = 0;
  for (const { data: d } of json.elements?.nodes ?? []) {
    if (d.nodeType === 'box' || d.nodeType === 'unknown' || d.namespace === 'unknown') continue;
    nodes++;
    const c = byNs.get(d.namespace) ?? { apps: new Set(), services: new Set(), workloads: new Set() };
    byNs.set(d.namespace, c);
    if (d.nodeType === 'service') {
      if (d.service) c.services.add(d.service);
      continue;
    }
    if (d.app) c.apps.add(d.app);
    if (d.workload) c.workloads.add(d.workload);
  }
  const edges = (json.elements?.edges ?? []).map((e) => e.data);
  return {
    namespaces: [...byNs.entries()]
      .map(([namespace, c]) => ({
        namespace,
        apps: c.apps.size,
        services: c.services.size,
        workloads: c.workloads.size,
      }))
      .sort((a, b) => a.namespace.localeCompare(b.namespace)),
    nodes,
    edges: edges.length,
    http: totals(edges, 'http'),
    grpc: totals(edges, 'grpc'),
    tcp: totals(edges, 'tcp'),
  };
}
