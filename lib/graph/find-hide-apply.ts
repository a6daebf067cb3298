/**
 * Applying compiled Find/Hide expressions to a graph's elements, with Kiali's hide rules
 * (`GraphFind.tsx` `handleHide`): hiding a node hides its edges; a (non-idle) node whose every edge is hidden is
 * hidden too; boxes are hidden only when all their members are. A box without members (the namespace view's
 * namespace nodes, lib/graph/namespace-view.ts: a collapsed namespace box) is found and hidden like a node.
 * Isomorphic.
 */
import type { CompiledFindHide, FindNodeData } from './find-hide';
import type { EdgeDataJson } from './types';

export interface ElementIds {
  nodes: Set<string>;
  edges: Set<string>;
}

/** Whether `n` is a compound box: a box that some node names as its parent. */
export function compoundBoxes(nodes: readonly FindNodeData[]): (n: FindNodeData) => boolean {
  const parents = new Set<string>();
  for (const n of nodes) if (n.parent) parents.add(n.parent);
  return (n) => n.nodeType === 'box' && parents.has(n.id);
}

/** Ids of the elements a Find expression highlights (compound boxes are never found). */
export function findElements(
  nodes: readonly FindNodeData[],
  edges: readonly EdgeDataJson[],
  find: CompiledFindHide,
): ElementIds {
  const compound = compoundBoxes(nodes);
  return {
    nodes: new Set(find.node ? nodes.filter((n) => !compound(n) && find.node!(n)).map((n) => n.id) : []),
    edges: new Set(find.edge ? edges.filter((e) => find.edge!(e)).map((e) => e.id) : []),
  };
}

/** Ids of the elements a Hide expression hides, including the elements hidden as a consequence. */
export function hiddenElements(
  nodes: readonly FindNodeData[],
  edges: readonly EdgeDataJson[],
  hide: CompiledFindHide,
): ElementIds {
  const hidden = findElements(nodes, edges, hide);
  const compound = compoundBoxes(nodes);
  if (hidden.edges.size > 0) {
    const edgesOf = new Map<string, EdgeDataJson[]>();
    for (const e of edges) {
      for (const id of [e.source, e.target]) edgesOf.set(id, [...(edgesOf.get(id) ?? []), e]);
    }
    for (const n of nodes) {
      const own = edgesOf.get(n.id) ?? [];
      if (!compound(n) && !n.isIdle && own.length > 0 && own.every((e) => hidden.edges.has(e.id)))
        hidden.nodes.add(n.id);
    }
  }
  for (const e of edges) {
    if (hidden.nodes.has(e.source) || hidden.nodes.has(e.target)) hidden.edges.add(e.id);
  }
  // boxes: hidden when every member is (innermost boxes first, so nested boxes resolve)
  const boxes = nodes.filter(compound);
  const rank: Record<string, number> = { app: 0, namespace: 1, cluster: 2 };
  boxes.sort((a, b) => (rank[a.isBox ?? ''] ?? 3) - (rank[b.isBox ?? ''] ?? 3));
  for (const box of boxes) {
    const members = nodes.filter((n) => n.parent === box.id);
    if (members.length > 0 && members.every((m) => hidden.nodes.has(m.id))) hidden.nodes.add(box.id);
  }
  return hidden;
}
