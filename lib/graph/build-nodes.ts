/**
 * Node helpers of the graph build (lib/graph/build.ts): the cluster a namespace's nodes belong to, and the requested
 * node of a node graph (Kiali `graph/telemetry/istio/istio.go` `BuildNodeTrafficMap`, which always shows its node).
 */
import { isOK, nodeFor, type TrafficMap } from './traffic-map';
import type { GraphOptions } from './types';

/**
 * The cluster of `namespace`'s nodes: the inventory's cluster when known, else the first OK cluster label of a node of
 * the namespace in the telemetry, else of any node, else Istio's default `Kubernetes`.
 */
export function clusterOf(tm: TrafficMap, namespace: string, inventoryCluster: string | undefined): string {
  if (inventoryCluster) return inventoryCluster;
  let any: string | undefined;
  for (const n of tm.values()) {
    if (!isOK(n.cluster)) continue;
    if (n.namespace === namespace) return n.cluster;
    any ??= n.cluster;
  }
  return any ?? 'Kubernetes';
}

/**
 * Adds the node a node graph is about (`o.node`) to `tm` when no node stands for it yet: a node graph always shows its
 * node, even without traffic (Kiali `BuildNodeTrafficMap`). Mutates `tm`.
 */
export function addRequestedNode(tm: TrafficMap, o: GraphOptions, inventoryCluster: string | undefined): void {
  const n = o.node!;
  const cluster = n.cluster ?? clusterOf(tm, n.namespace, inventoryCluster);
  const node = nodeFor(
    {
      cluster,
      serviceNamespace: n.namespace,
      service: n.service ?? '',
      workloadNamespace: n.namespace,
      workload: n.workload ?? '',
      app: n.app ?? '',
      version: n.version ?? '',
    },
    o.graphType === 'service' ? 'workload' : o.graphType,
  );
  if (!node || tm.has(node.id)) return;
  // A versioned app node backed by a workload has the workload's id (`vapp_…_reviews-v2`), not the app+version id the
  // request names (`vapp_…_reviews_v2`): a node of the same app and version already is the requested node.
  for (const m of tm.values()) {
    if (
      node.nodeType === 'app' &&
      m.nodeType === 'app' &&
      m.namespace === node.namespace &&
      m.app === node.app &&
      m.version === node.version
    )
      return;
  }
  tm.set(node.id, node);
}
