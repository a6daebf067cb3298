/**
 * The graph's overview (minimap): a small canvas in the corner of the graph where it hides fewest nodes, that draws the whole graph
 * (namespace and app boxes, edges, nodes) and the part in view as a rectangle, shown only while the view does not hold
 * the whole drawing (the default view of a large graph zooms in to keep labels readable: layouts.ts floorFitZoom).
 * Pressing or dragging on it centres the view there. Normal mode only (a large graph's 9,000 elements would be redrawn
 * on every pan).
 */
import type { Core } from 'cytoscape';
import { COLORS } from './styles';

/** CSS size of the overview, px. */
export const MINIMAP_SIZE = { width: 150, height: 100 } as const;
/** Space between the overview and the canvas's edges, px. */
const INSET = 8;

type Corner = 'bottom-right' | 'bottom-left' | 'top-right' | 'top-left';
const CORNERS: readonly Corner[] = ['bottom-right', 'bottom-left', 'top-right', 'top-left'];

/**
 * The canvas corner where the overview hides the fewest of `points` (nodes on screen, px) on a `width` × `height`
 * canvas; the first of CORNERS on a tie.
 */
export function quietCorner(points: readonly { x: number; y: number }[], width: number, height: number): Corner {
  const { width: w, height: h } = MINIMAP_SIZE;
  const count = (c: Corner) => {
    const x1 = c.endsWith('left') ? INSET : width - INSET - w;
    const y1 = c.startsWith('top') ? INSET : height - INSET - h;
    return points.filter((p) => p.x >= x1 - 12 && p.x <= x1 + w + 12 && p.y >= y1 - 12 && p.y <= y1 + h + 12).length;
  };
  return CORNERS.reduce((best, c) => (count(c) < count(best) ? c : best));
}
/** Inner margin of the drawing in the overview, px. */
const MARGIN = 6;

interface Frame {
  /** Model point drawn at the overview's (0, 0), and model px per overview px. */
  x: number;
  y: number;
  scale: number;
}

/** The mapping that fits model box `bb` into a `width` × `height` overview with MARGIN, centred. */
export function minimapFrame(
  bb: { x1: number; y1: number; w: number; h: number },
  width: number,
  height: number,
): Frame {
  const scale = Math.max(bb.w / (width - 2 * MARGIN), bb.h / (height - 2 * MARGIN), 1e-9);
  return {
    x: bb.x1 - (width * scale - bb.w) / 2,
    y: bb.y1 - (height * scale - bb.h) / 2,
    scale,
  };
}

/** Whether the viewport `extent` (model coordinates) holds all of `bb`, to within a pixel of the screen. */
export function viewHoldsAll(
  extent: { x1: number; y1: number; x2: number; y2: number },
  bb: { x1: number; y1: number; x2: number; y2: number },
  zoom: number,
): boolean {
  const slack = 1 / Math.max(zoom, 1e-9);
  return (
    extent.x1 <= bb.x1 + slack && extent.y1 <= bb.y1 + slack && extent.x2 >= bb.x2 - slack && extent.y2 >= bb.y2 - slack
  );
}

/**
 * Adds the overview to `cy`'s container and keeps it in step with the graph and the viewport.
 * @returns a function that removes it.
 */
export function attachMinimap(cy: Core): () => void {
  const container = cy.container();
  if (!container) return () => undefined;
  const canvas = document.createElement('canvas');
  canvas.className = 'graph-minimap';
  canvas.setAttribute('role', 'img');
  canvas.setAttribute('aria-label', 'Overview of the graph: the rectangle is the part in view; press to move the view');
  canvas.style.display = 'none';
  container.appendChild(canvas);
  const ctx = canvas.getContext('2d');
  let frame: Frame | null = null;
  let pending = 0;
  // the corner is chosen when the overview appears or the graph is laid out again, not on every pan
  let cornerFresh = false;
  const placeCorner = () => {
    const points = cy.nodes(':visible:childless').map((n) => n.renderedPosition());
    const c = quietCorner(points, cy.width(), cy.height());
    canvas.style.top = canvas.style.bottom = canvas.style.left = canvas.style.right = '';
    canvas.style[c.startsWith('top') ? 'top' : 'bottom'] = `${INSET}px`;
    canvas.style[c.endsWith('left') ? 'left' : 'right'] = `${INSET}px`;
    cornerFresh = true;
  };
  const relaid = () => {
    cornerFresh = false;
  };
  cy.on('layoutstop', relaid);

  const draw = () => {
    pending = 0;
    if (!ctx || cy.destroyed()) return;
    const eles = cy.elements(':visible');
    const bb = eles.boundingBox();
    const extent = cy.extent();
    if (eles.empty() || !(bb.w > 0 && bb.h > 0) || viewHoldsAll(extent, bb, cy.zoom())) {
      canvas.style.display = 'none';
      frame = null;
      cornerFresh = false;
      return;
    }
    if (!cornerFresh) placeCorner();
    canvas.style.display = 'block';
    const ratio = window.devicePixelRatio || 1;
    const { width, height } = MINIMAP_SIZE;
    if (canvas.width !== width * ratio) canvas.width = width * ratio;
    if (canvas.height !== height * ratio) canvas.height = height * ratio;
    const f = (frame = minimapFrame(bb, width, height));
    const px = (x: number) => (x - f.x) / f.scale;
    const py = (y: number) => (y - f.y) / f.scale;
    ctx.setTransform(ratio, 0, 0, ratio, 0, 0);
    ctx.clearRect(0, 0, width, height);
    ctx.lineWidth = 1;
    cy.nodes(':visible:parent').forEach((b) => {
      const r = b.boundingBox({ includeLabels: false });
      ctx.fillStyle = b.hasClass('box-app') ? COLORS.boxApp : COLORS.boxNamespace;
      ctx.strokeStyle = COLORS.boxBorder;
      ctx.fillRect(px(r.x1), py(r.y1), r.w / f.scale, r.h / f.scale);
      ctx.strokeRect(px(r.x1), py(r.y1), r.w / f.scale, r.h / f.scale);
    });
    ctx.strokeStyle = COLORS.na;
    ctx.beginPath();
    cy.edges(':visible').forEach((e) => {
      const s = e.source().position();
      const t = e.target().position();
      ctx.moveTo(px(s.x), py(s.y));
      ctx.lineTo(px(t.x), py(t.y));
    });
    ctx.stroke();
    cy.nodes(':visible:childless').forEach((n) => {
      const p = n.position();
      ctx.fillStyle = String(n.style('border-color'));
      ctx.fillRect(px(p.x) - 1.5, py(p.y) - 1.5, 3, 3);
    });
    ctx.strokeStyle = COLORS.selected;
    ctx.fillStyle = 'rgba(0, 102, 204, 0.12)';
    ctx.lineWidth = 1.5;
    const vx = px(extent.x1);
    const vy = py(extent.y1);
    ctx.fillRect(vx, vy, extent.w / f.scale, extent.h / f.scale);
    ctx.strokeRect(vx, vy, extent.w / f.scale, extent.h / f.scale);
  };
  const schedule = () => {
    if (!pending) pending = requestAnimationFrame(draw);
  };

  // press or drag: the model point under the pointer goes to the middle of the view
  const moveTo = (ev: PointerEvent) => {
    if (!frame) return;
    const r = canvas.getBoundingClientRect();
    const x = frame.x + (ev.clientX - r.left) * frame.scale;
    const y = frame.y + (ev.clientY - r.top) * frame.scale;
    const z = cy.zoom();
    cy.pan({ x: cy.width() / 2 - x * z, y: cy.height() / 2 - y * z });
    cy.emit('minimappan');
  };
  const down = (ev: PointerEvent) => {
    ev.stopPropagation();
    ev.preventDefault();
    canvas.setPointerCapture(ev.pointerId);
    moveTo(ev);
  };
  const move = (ev: PointerEvent) => {
    if (canvas.hasPointerCapture(ev.pointerId)) moveTo(ev);
  };
  canvas.addEventListener('pointerdown', down);
  canvas.addEventListener('pointermove', move);
  const events = 'viewport resize layoutstop add remove position class';
  cy.on(events, schedule);
  schedule();
  return () => {
    if (pending) cancelAnimationFrame(pending);
    if (!cy.destroyed()) cy.off(events, schedule).off('layoutstop', relaid);
    canvas.remove();
  };
}
