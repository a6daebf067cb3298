/**
 * Whole-graph steps shared by Kiali's telemetry vendors (`graph/telemetry/common.go`): merging the
 * per-namespace maps, marking traffic sources and reducing to the service graph.
 */
import { addOutgoingEdge, aggregateEdgeTraffic, resetOutgoing } from './protocols';
import type { GraphEdge, GraphNode, TrafficMap } from './traffic-map';

/**
 * Merges a namespace's map into the final one (`MergeTrafficMaps`). For a node present in both, the copy from
 * the namespace being merged wins if the node belongs to that namespace (it has every appender's decoration);
 * edges of the other copy are added unless an edge to the same destination and protocol exists, in which case
 * the duplicate is dropped (a terminal node of one namespace is a root of another). With `relink` (the default) the
 * edges are pointed at the surviving node objects afterwards; without it the caller must call `relinkEdges`.
 * With `cluster` (multi-cluster: one namespace's per-cluster maps), a node belongs to the map being merged only when
 * it is also of that cluster, so each node keeps the copy its own cluster's appenders decorated.
 */
export function mergeTrafficMaps(
  into: TrafficMap,
  namespace: string,
  nsMap: TrafficMap,
  relink = true,
  cluster?: string,
): void {
  for (const [id, nsNodeOrig] of nsMap) {
    let nsNode = nsNodeOrig;
    let node = into.get(id);
    if (!node) {
      into.set(id, nsNode);
      continue;
    }
    if (nsNode.namespace === namespace && (cluster === undefined || nsNode.cluster === cluster)) {
      into.set(id, nsNode);
      [node, nsNode] = [nsNode, node];
    }
    for (const nsEdge of nsNode.edges) {
      const dup = node.edges.some((e) => e.dest.id === nsEdge.dest.id && e.protocol === nsEdge.protocol);
      if (!dup) {
        nsEdge.source = node;
        node.edges.push(nsEdge);
        addOutgoingEdge(node, nsEdge);
      }
    }
  }
  if (relink) relinkEdges(into);
}

/**
 * Points every edge at the node object `tm` holds for its destination id (a merge may have replaced it). One pass
 * over all edges: merging many namespaces calls it once at the end (`relink = false` on each merge), not per merge.
 */
export function relinkEdges(tm: TrafficMap): void {
  for (const n of tm.values()) {
    for (const e of n.edges) {
      const dest = tm.get(e.dest.id);
      if (dest) e.dest = dest;
    }
  }
}

/** Flags nodes with outgoing edges that are nobody's destination as traffic sources (`MarkTrafficGenerators`). */
export function markTrafficGenerators(tm: TrafficMap): void {
  const dests = new Set<string>();
  for (const n of tm.values()) for (const e of n.edges) dests.add(e.dest.id);
  for (const n of tm.values()) {
    if (n.edges.length > 0 && !dests.has(n.id)) n.meta.isRoot = true;
  }
}

/**
 * Reduces a service-injected workload graph to a service graph (`ReduceToServiceGraph`): only service nodes
 * remain, plus non-service root nodes with edges to services. Workload hops are collapsed into
 * service → service edges (traffic aggregated per destination and protocol); outgoing rates are recomputed.
 */
export function reduceToServiceGraph(tm: TrafficMap): TrafficMap {
  const reduced: TrafficMap = new Map();
  for (const [id, n] of tm) {
    if (n.nodeType !== 'service') {
      if (!n.meta.isRoot) continue;
      const serviceEdges = n.edges.filter((e) => e.dest.nodeType === 'service');
      if (serviceEdges.length === 0) continue;
      resetOutgoing(n);
      for (const e of serviceEdges) addOutgoingEdge(n, e);
      n.edges = serviceEdges;
      reduced.set(id, n);
      continue;
    }
    reduced.set(id, n);
    resetOutgoing(n);
    const workloadEdges = n.edges;
    n.edges = [];
    for (const toWorkload of workloadEdges) {
      for (const toService of toWorkload.dest.edges) {
        if (toService.dest.nodeType !== 'service') continue;
        const existing = n.edges.find((e) => e.dest.id === toService.dest.id && e.protocol === toService.protocol);
        if (!existing) {
          const moved: GraphEdge = {
            ...toService,
            source: n,
            rates: { ...toService.rates },
            responses: cloneResponses(toService),
          };
          n.edges.push(moved);
          addOutgoingEdge(n, moved);
        } else {
          addOutgoingEdge(existing.source, toService);
          aggregateEdgeTraffic(toService, existing);
        }
      }
    }
  }
  return reduced;
}

function cloneResponses(e: GraphEdge): GraphEdge['responses'] {
  const out: GraphEdge['responses'] = new Map();
  for (const [code, d] of e.responses) out.set(code, { flags: { ...d.flags }, hosts: { ...d.hosts } });
  return out;
}

/** Removes edges whose destination is no longer in the map. */
export function pruneDanglingEdges(tm: TrafficMap): void {
  for (const n of tm.values()) n.edges = n.edges.filter((e) => tm.has(e.dest.id));
}

/** Nodes of the map in insertion order (helper for appenders). */
export function nodesOf(tm: TrafficMap): GraphNode[] {
  return [...tm.values()];
}
