/**
 * Selection on the canvas: the selected element and its neighbourhood stay, everything else fades (Kiali's
 * highlight). Boxes containing highlighted nodes stay unfaded so the structure remains readable.
 */
import type { CollectionReturnValue, Core, EdgeSingular, NodeSingular } from 'cytoscape';

/** The elements to keep highlighted around `id`: a node's neighbourhood, an edge's endpoints, a box's members. */
export function neighbourhood(cy: Core, id: string): CollectionReturnValue | null {
  const ele = cy.getElementById(id);
  if (ele.empty()) return null;
  let keep: CollectionReturnValue;
  if (ele.group() === 'edges') {
    const edge = ele as unknown as EdgeSingular;
    keep = edge.union(edge.connectedNodes());
  } else {
    const node = ele as unknown as NodeSingular;
    if (node.isParent()) {
      const members = node.descendants();
      keep = node.union(members).union(members.connectedEdges()).union(members.connectedEdges().connectedNodes());
    } else keep = node.closedNeighborhood();
  }
  return keep.union(keep.nodes().ancestors());
}

/** Selects `id` (or nothing) and fades the rest when `fade` is on (normal mode only: opacity is costly). */
export function applySelection(cy: Core, id: string | null, fade: boolean): void {
  cy.batch(() => {
    cy.elements(':selected').unselect();
    cy.elements('.faded').removeClass('faded');
    if (!id) return;
    const ele = cy.getElementById(id);
    if (ele.empty()) return;
    ele.select();
    const keep = neighbourhood(cy, id);
    if (fade && keep) cy.elements().not(keep).addClass('faded');
  });
}

/** Applies find (highlight) and hide (display: none) classes by id. */
export function applyFindHide(cy: Core, findIds: ReadonlySet<string>, hiddenIds: ReadonlySet<string>): void {
  cy.batch(() => {
    cy.elements('.find').removeClass('find');
    cy.elements('.hidden').removeClass('hidden');
    for (const id of findIds) cy.getElementById(id).addClass('find');
    for (const id of hiddenIds) cy.getElementById(id).addClass('hidden');
  });
}
