/**
 * Runs the compound-aware layout (compound-layout.ts) on a cytoscape collection: reads each node's drawn size with its
 * label, each box's padding and title and each edge label's width, and applies the result as a `preset` layout so
 * callers get the usual `layoutstop` event, fit and locked (dragged) nodes kept in place.
 */
import type { Collection, Core, Layouts, NodeSingular } from 'cytoscape';
import { compoundLayout, type BoxInput, type EdgeInput, type LeafInput } from './compound-layout';

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
  const edges: EdgeInput[] = eles.edges().map((e) => {
    const label = String(e.data('label') ?? '');
    const size = px(e.style('font-size'));
    return {
      source: e.source().id(),
      target: e.target().id(),
      labelWidth: label ? textWidth(label, size, String(e.style('font-family'))) : 0,
      labelHeight: label ? label.split('\n').length * size * 1.2 : 0,
    };
  });
  const aspect = cy.width() > 0 && cy.height() > 0 ? cy.width() / cy.height() : 1.6;
  const { positions } = compoundLayout(leaves, boxes, edges, { aspect });
  return eles.layout({
    name: 'preset',
    fit,
    padding,
    animate: false,
    positions: (n: NodeSingular) => positions.get(n.id()) ?? null,
  } as unknown as Parameters<Core['layout']>[0]) as Layouts;
}
