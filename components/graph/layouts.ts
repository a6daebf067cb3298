/**
 * Layout choices and their options. Small graphs default to dagre (left to right, like Kiali); large graphs to
 * fcose in draft quality with fewer iterations, or grid, since dagre grows quadratically or worse and throws on
 * compound graphs of ~850+ nodes (perf-security.md §1b C4–C6). Nothing animates: a refresh must not move the view.
 */
import type { Core, LayoutOptions } from 'cytoscape';
import type { LayoutName } from '@/lib/query/graph';
import { FONT_SIZES } from './styles';

export const LAYOUT_LABELS: Record<LayoutName, string> = {
  dagre: 'Dagre',
  fcose: 'fCoSE',
  breadthfirst: 'Breadth-first',
  grid: 'Grid',
};

/** The layout to run: the user's choice, except dagre on a large graph (too slow), else the size-based default. */
export function resolveLayout(requested: LayoutName | null, large: boolean): LayoutName {
  if (large) return requested === null || requested === 'dagre' ? 'fcose' : requested;
  return requested ?? 'dagre';
}

/**
 * Whether `name` runs as the compound-aware layered layout (compound-layout.ts): "Dagre" on a normal-size graph.
 * Cytoscape's dagre extension hands boxes to dagre's cluster mode, which ignores the boxes' padding and titles and
 * the labels, so namespace boxes overlapped (issue 16); large graphs never get dagre (too slow).
 */
export function usesCompoundLayout(name: LayoutName, large: boolean): boolean {
  return name === 'dagre' && !large;
}

/** Space kept around the graph by a fit, px. */
export const FIT_PADDING = 20;

/** The most a fit zooms in (Kiali's `ZoomOptions.maxZoom` in `safeFit`), so a graph of a few nodes is not drawn giant. */
export const FIT_MAX_ZOOM = 2.5;

/** After a fit: zooms out to FIT_MAX_ZOOM, centred on the graph, if the fit zoomed in further (Kiali's `safeFit`). */
export function capFitZoom(cy: Core): void {
  if (cy.zoom() <= FIT_MAX_ZOOM) return;
  cy.zoom(FIT_MAX_ZOOM);
  cy.center();
}

/** The least size of a label on screen in the default view, px (issue 16: labels of 10 px or more). */
export const READABLE_LABEL_PX = 10;

/** The zoom at which the smallest node or edge label of the normal stylesheet is READABLE_LABEL_PX on screen. */
export const READABLE_ZOOM = READABLE_LABEL_PX / Math.min(FONT_SIZES.node, FONT_SIZES.edge);

/**
 * After a fit of a normal-mode graph: when the fit draws labels smaller than READABLE_LABEL_PX (a graph of ~35 or more
 * nodes on a laptop screen), zooms in to READABLE_ZOOM instead, the drawing centred along an axis where it fits and
 * starting at its top or left edge (`padding` px in) where it does not: there the packed layout puts the largest
 * namespace and its entry (ingress, clients). The overview (minimap.ts) then shows where the view is in the whole
 * graph; the toolbar's Fit still shows it all. Grafana's node graph opens at a readable zoom the same way; Kiali
 * always fits (its labels then shrink to a few px).
 * @returns whether the view now shows only part of the drawing.
 */
export function floorFitZoom(cy: Core, padding: number = FIT_PADDING): boolean {
  if (cy.zoom() >= READABLE_ZOOM) return false;
  const bb = cy.elements(':visible').boundingBox();
  if (!(bb.w > 0 && bb.h > 0)) return false;
  cy.viewport(readableViewport(bb, cy.width(), cy.height(), padding));
  return true;
}

/**
 * The viewport (zoom READABLE_ZOOM, pan in screen px) that shows model box `bb` on a `width` × `height` px canvas:
 * centred along an axis where it fits with `padding` on both sides, else its top or left edge `padding` px in.
 */
export function readableViewport(
  bb: { x1: number; y1: number; w: number; h: number },
  width: number,
  height: number,
  padding: number,
): { zoom: number; pan: { x: number; y: number } } {
  const z = READABLE_ZOOM;
  const place = (size: number, low: number, room: number) =>
    size * z + 2 * padding <= room ? (room - size * z) / 2 - low * z : padding - low * z;
  return { zoom: z, pan: { x: place(bb.w, bb.x1, width), y: place(bb.h, bb.y1, height) } };
}

/** Cytoscape layout options for `name`; `fit` frames the result (initial load), otherwise the viewport stays. */
export function layoutOptions(name: LayoutName, { large, fit }: { large: boolean; fit: boolean }): LayoutOptions {
  const base = { fit, padding: FIT_PADDING, animate: false, nodeDimensionsIncludeLabels: !large };
  switch (name) {
    case 'dagre':
      return {
        ...base,
        name: 'dagre',
        rankDir: 'LR',
        ranker: 'network-simplex',
        nodeSep: 28,
        rankSep: 70,
        edgeSep: 10,
      } as LayoutOptions;
    case 'fcose':
      return {
        ...base,
        name: 'fcose',
        quality: large ? 'draft' : 'default',
        randomize: true,
        numIter: large ? 600 : 2500,
        uniformNodeDimensions: large,
        packComponents: true,
        nodeRepulsion: 6000,
        idealEdgeLength: large ? 40 : 80,
        nestingFactor: 0.5,
        tile: true,
      } as LayoutOptions;
    case 'breadthfirst':
      return {
        ...base,
        name: 'breadthfirst',
        directed: true,
        spacingFactor: large ? 0.8 : 1.1,
        avoidOverlap: !large,
      } as LayoutOptions;
    case 'grid':
      return {
        ...base,
        name: 'grid',
        avoidOverlap: true,
        condense: true,
        avoidOverlapPadding: large ? 4 : 14,
      } as LayoutOptions;
  }
}
