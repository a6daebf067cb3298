/**
 * deadNode appender (Kiali `graph/telemetry/istio/appender/dead_node.go`): removes nodes without traffic whose
 * workload no longer exists (always the case for `unknown`), flags `isDead` on workloads without pods, and
 * removes service nodes with no traffic and no outgoing edge unless they are service entries or egress
 * clusters. Repeats until nothing changes, since removals can orphan other nodes.
 */
import { PROTOCOLS } from '../protocols';
import { pruneDanglingEdges } from '../merge';
import { isOK, type GraphNode, type TrafficMap } from '../traffic-map';
import type { Appender } from './appender';
import { findWorkload, type AppenderContext } from './context';

function hasTraffic(n: GraphNode): boolean {
  return PROTOCOLS.some((p) => p.nodeRates.some((r) => (r.isIn || r.isOut) && (n.rates[r.name] ?? 0) > 0));
}

function applyOnce(tm: TrafficMap, ctx: AppenderContext): number {
  let removed = 0;
  for (const [id, n] of [...tm]) {
    if (hasTraffic(n) || n.nodeType === 'aggregate' || n.nodeType === 'box') continue;
    if (n.nodeType === 'service') {
      if (n.edges.length > 0 || n.meta.isServiceEntry || n.meta.isEgressCluster) continue;
      tm.delete(id);
      removed++;
      continue;
    }
    // versionless app nodes have no single backing workload; unknown is not saved by this rule (kiali-2078)
    if (n.nodeType !== 'unknown' && !isOK(n.workload)) continue;
    // a workload in a namespace we cannot read may well exist
    if (n.nodeType !== 'unknown' && !ctx.index.accessible.has(n.namespace)) continue;
    const workload = n.nodeType === 'unknown' ? undefined : findWorkload(ctx.index, n.namespace, n.workload);
    if (!workload) {
      tm.delete(id);
      removed++;
    } else if (workload.podCount === 0) {
      n.meta.isDead = true;
    }
  }
  if (removed > 0) pruneDanglingEdges(tm);
  return removed;
}

/** Removes dead nodes and flags pod-less workloads, iterating to a fixed point. */
function apply(tm: TrafficMap, ctx: AppenderContext): void {
  for (let tries = tm.size; tries > 0 && tm.size > 0; tries--) {
    if (applyOnce(tm, ctx) === 0) return;
  }
}

/** The deadNode appender: drops nodes without traffic or workload, flags pod-less workloads. */
export const deadNodeAppender: Appender = { name: 'deadNode', kind: 'namespace', apply };
