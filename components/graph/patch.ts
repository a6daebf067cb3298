/**
 * Refresh without remounting: diff the next element list against the live `cy` and apply the difference in
 * one `cy.batch()` (add new, re-parent moved, remove gone, update changed data and classes). Positions, zoom,
 * pan and the user's drags survive; the caller re-runs the layout only when `nodesChanged`.
 */
import type { Core, ElementDefinition, NodeSingular, SingularElementArgument } from 'cytoscape';

/** Classes the island sets at runtime (find/hide/selection/animation); a data patch keeps them. */
export const RUNTIME_CLASSES = ['find', 'hidden', 'faded', 'animated'] as const;

const STRUCTURAL = new Set(['id', 'parent', 'source', 'target']);

export interface PatchResult {
  added: number;
  removed: number;
  updated: number;
  /** A node appeared or disappeared: the layout is stale. */
  nodesChanged: boolean;
}

function classList(value: ElementDefinition['classes']): string[] {
  if (!value) return [];
  return (Array.isArray(value) ? value : value.split(/\s+/)).filter(Boolean);
}

function sameSet(a: string[], b: string[]): boolean {
  if (a.length !== b.length) return false;
  const s = new Set(a);
  return b.every((x) => s.has(x));
}

function updateElement(ele: SingularElementArgument, def: ElementDefinition): boolean {
  let changed = false;
  const current = ele.data() as Record<string, unknown>;
  const next = def.data as Record<string, unknown>;
  for (const [key, value] of Object.entries(next)) {
    if (STRUCTURAL.has(key) || current[key] === value) continue;
    ele.data(key, value);
    changed = true;
  }
  const stale = Object.keys(current).filter((k) => !STRUCTURAL.has(k) && !(k in next));
  if (stale.length) {
    ele.removeData(stale.join(' '));
    changed = true;
  }
  const runtime = ele.classes().filter((c) => (RUNTIME_CLASSES as readonly string[]).includes(c));
  const wanted = [...classList(def.classes), ...runtime];
  if (!sameSet(ele.classes(), wanted)) {
    ele.classes(wanted);
    changed = true;
  }
  return changed;
}

/** Applies `next` to `cy` in one batch and reports what changed. `next` lists parents before children. */
export function patchElements(cy: Core, next: ElementDefinition[]): PatchResult {
  const result: PatchResult = { added: 0, removed: 0, updated: 0, nodesChanged: false };
  const wanted = new Map<string, ElementDefinition>();
  for (const def of next) if (def.data.id !== undefined) wanted.set(String(def.data.id), def);

  cy.batch(() => {
    // 1. add what is new (one call: cytoscape creates parents before children, nodes before edges)
    const toAdd = next.filter((def) => cy.getElementById(String(def.data.id)).empty());
    const fresh = new Set(toAdd.map((d) => String(d.data.id)));
    if (toAdd.length) {
      cy.add(toAdd);
      result.added = toAdd.length;
      if (toAdd.some((d) => d.group !== 'edges' && d.data.source === undefined)) result.nodesChanged = true;
    }
    if (fresh.size === wanted.size && cy.elements().length === fresh.size) return; // first load: nothing to diff
    // 2. re-parent nodes whose box changed (before their old box is removed)
    cy.nodes().forEach((node: NodeSingular) => {
      const def = fresh.has(node.id()) ? undefined : wanted.get(node.id());
      if (!def) return;
      const parent = (def.data.parent as string | undefined) ?? null;
      const currentParent = (node.data('parent') as string | undefined) ?? null;
      if (parent !== currentParent && (parent === null || cy.getElementById(parent).nonempty())) node.move({ parent });
    });
    // 3. remove what is gone (edges first, so removing a node never cascades into a kept edge)
    const goneEdges = cy.edges().filter((e) => !wanted.has(e.id()));
    const goneNodes = cy.nodes().filter((n) => !wanted.has(n.id()));
    result.removed = goneEdges.length + goneNodes.length;
    if (goneNodes.length) result.nodesChanged = true;
    cy.remove(goneEdges.union(goneNodes));
    // 4. update data and classes of the rest
    cy.elements().forEach((ele) => {
      if (fresh.has(ele.id())) return;
      const def = wanted.get(ele.id());
      if (def && updateElement(ele, def)) result.updated++;
    });
  });
  return result;
}
