/**
 * Runs the compound-aware layout (compound-layout.ts) on a cytoscape collection: reads each node's drawn size with its
 * label, each box's padding and title and each edge label's width, and applies the result as a `preset` layout so
 * callers get the usual `layoutstop` event, fit and locked (dragged) nodes kept in place.
 */
import type { Collection, Core, EdgeCollection, Layouts, NodeSingular } from 'cytoscape';
import { compoundLayout, WAYPOINT_WEIGHT, type BoxInput, type EdgeInput, type LeafInput } from './compound-layout';
import { segmentsOf, type Point } from './compound-layout-routes';

/** Class of an edge drawn along its route (styles.ts: `curve-style: segments` from its data). */
export const ROUTED = 'routed';

let measurer: CanvasRenderingContext2D | null | undefined;

/** Width of the widest line of `text` at `font` px (canvas measure; 0.6 em per character without a canvas). */
export function textWidth(text: string, fontSize: number, fontFamily: string, weight = 'normal'): number {
  if (measurer === undefined) {
    try {
      measurer = typeof document === 'undefined' ? null : document.createElement('canvas').getContext('2d');
    } catch {
      measurer = null;
    }
  }
  let widest = 0;
  for (const line of text.split('\n')) {
    let w: number;
    if (measurer) {
      measurer.font = `${weight} ${fontSize}px ${fontFamily}`;
      w = measurer.measureText(line).width;
    } else w = line.length * fontSize * 0.6;
    widest = Math.max(widest, w);
  }
  return widest;
}

const px = (v: unknown): number => {
  const n = parseFloat(String(v));
  return Number.isFinite(n) ? n : 0;
};

function boxInput(n: NodeSingular): BoxInput {
  const label = String(n.data('label') ?? '');
  const size = px(n.style('font-size'));
  const lines = label ? label.split('\n').length : 0;
  const parent = n.parent().first();
  return {
    id: n.id(),
    ...(parent.nonempty() ? { parent: parent.id() } : {}),
    padding: px(n.style('padding')) + px(n.style('border-width')),
    labelWidth: label ? textWidth(label, size, String(n.style('font-family')), String(n.style('font-weight'))) + 8 : 0,
    labelHeight: lines ? lines * size * px(n.style('line-height') || 1.2) + Math.abs(px(n.style('text-margin-y'))) : 0,
  };
}

function leafInput(n: NodeSingular): LeafInput {
  const bb = n.boundingBox({ includeLabels: true, includeOverlays: false });
  const pos = n.position();
  const parent = n.parent().first();
  return {
    id: n.id(),
    ...(parent.nonempty() ? { parent: parent.id() } : {}),
    width: bb.w,
    height: bb.h,
    dx: (bb.x1 + bb.x2) / 2 - pos.x,
    dy: (bb.y1 + bb.y2) / 2 - pos.y,
  };
}

/**
 * Lays out the visible `eles` of `cy` (nodes, boxes and edges among them) and returns the (not yet run) preset layout
 * that moves them there.
 */
export function compoundLayoutOf(cy: Core, eles: Collection, { fit, padding }: { fit: boolean; padding: number }) {
  const nodes = eles.nodes();
  const leaves = nodes.filter((n) => !n.isParent()).map(leafInput);
  const boxes = nodes.filter((n) => n.isParent()).map(boxInput);
  const edgeEles = eles.edges();
  const edges: EdgeInput[] = edgeEles.map((e) => {
    const label = String(e.data('label') ?? '');
    const size = px(e.style('font-size'));
    return {
      source: e.source().id(),
      target: e.target().id(),
      labelWidth: label ? textWidth(label, size, String(e.style('font-family'))) : 0,
      labelHeight: label ? label.split('\n').length * size * 1.2 : 0,
      ...(e.source().hasClass('waypoint') || e.target().hasClass('waypoint') ? { weight: WAYPOINT_WEIGHT } : {}),
    };
  });
  const aspect = cy.width() > 0 && cy.height() > 0 ? cy.width() / cy.height() : 1.6;
  const { positions, bends } = compoundLayout(leaves, boxes, edges, { aspect });
  const layout = eles.layout({
    name: 'preset',
    fit,
    padding,
    animate: false,
    positions: (n: NodeSingular) => positions.get(n.id()) ?? null,
  } as unknown as Parameters<Core['layout']>[0]) as Layouts;
  layout.one('layoutstop', () => applyRoutes(cy, edgeEles, bends, positions));
  return layout;
}

/**
 * Draws each edge that has bends along them (class ROUTED, the corners as cytoscape's segment weights and distances
 * relative to its ends), when both ends stand where the layout put them (a node the user dragged and locked does not);
 * every other edge of `edges` goes back to the stylesheet's curve. Dragging a node later straightens its edges (their
 * corners, relative to the ends, would no longer clear the nodes).
 */
function applyRoutes(
  cy: Core,
  edges: EdgeCollection,
  bends: readonly (Point[] | undefined)[],
  positions: ReadonlyMap<string, Point>,
): void {
  const at = (n: NodeSingular) => {
    const want = positions.get(n.id());
    const p = n.position();
    return want !== undefined && Math.abs(want.x - p.x) < 0.5 && Math.abs(want.y - p.y) < 0.5 ? p : null;
  };
  cy.batch(() => {
    edges.forEach((e, i) => {
      const corners = bends[i];
      const s = at(e.source());
      const t = at(e.target());
      const seg = corners && s && t ? segmentsOf(s, t, corners) : null;
      if (!seg) {
        e.removeClass(ROUTED);
        return;
      }
      e.data({ segmentWeights: seg.weights, segmentDistances: seg.distances });
      e.addClass(ROUTED);
    });
  });
  if (!cy.scratch(DRAG_HOOK)) {
    cy.scratch(DRAG_HOOK, true);
    cy.on('drag', 'node', (ev) => {
      (ev.target as NodeSingular).connectedEdges(`.${ROUTED}`).removeClass(ROUTED);
    });
  }
}
const DRAG_HOOK = 'meshscope.routes.dragHook';

/** Edges back to the stylesheet's curve (another layout than the compound one ran). */
export function clearRoutes(eles: Collection): void {
  eles.edges(`.${ROUTED}`).removeClass(ROUTED);
}
