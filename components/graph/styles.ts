/**
 * The cytoscape stylesheet: Kiali's shapes and health colours (GraphStyles.tsx in the cytoscape era), keyed on
 * the classes set by `elements.ts`. Large mode trades looks for speed (haystack edges, labels only when zoomed
 * in, no underlays or fading), following cytoscape's performance notes (perf-security.md §1b C1).
 */
import type { StylesheetStyle } from 'cytoscape';
import { ICON_FONT } from './glyphs';

/** A style block; @types/cytoscape's per-property unions lag cytoscape 3.34 (round shapes, underlays), so blocks are
 * written loosely here and cast once in `graphStylesheet`. */
type StyleBlock = { selector: string; style: Record<string, string | number | number[]> };

/** A node's box in both modes: the fill and a 2px border in the no-data colour, `size` px square. */
const nodeBox = (size: number): StyleBlock['style'] => ({
  'background-color': COLORS.nodeFill,
  'border-width': 2,
  'border-color': COLORS.na,
  width: size,
  height: size,
});

/** A node's border by health in both modes (idle differs between them). */
const nodeHealth = (): StyleBlock[] => [
  { selector: 'node.healthy', style: { 'border-color': COLORS.healthy } },
  { selector: 'node.degraded', style: { 'border-color': COLORS.degraded, 'border-width': 3 } },
  { selector: 'node.failure', style: { 'border-color': COLORS.failure, 'border-width': 3 } },
];

export const COLORS = {
  healthy: '#3e8635',
  degraded: '#f0ab00',
  failure: '#c9190b',
  idle: '#b8bbbe',
  na: '#8a8d90',
  tcp: '#0066cc',
  selected: '#0066cc',
  find: '#73bcf7',
  text: '#151515',
  nodeFill: '#ffffff',
  outsideFill: '#ededed',
  boxNamespace: '#f5f5f5',
  boxApp: '#ffffff',
  boxBorder: '#8a8d90',
} as const;

const FONT = `"${ICON_FONT}", "Red Hat Text", Overpass, "DejaVu Sans", system-ui, -apple-system, "Segoe UI", sans-serif`;

/**
 * Label sizes in model px of the normal stylesheet. The default layout (compound-layout.ts) packs a graph of up to
 * ~20 nodes so that a fit shows these at 10 px or more down to a 1366×768 screen, ~50 nodes at 7–9 px (issue 16;
 * measured by e2e/graph-readable.spec.ts).
 */
export const FONT_SIZES = { node: 14, edge: 14, app: 13, namespace: 14 } as const;
/** Node shape size, px (Kiali draws 25 px nodes). */
export const NODE_SIZE = 22;

/** Kiali's shapes: workload ellipse, app round-rectangle, service round-triangle, ServiceEntry round-tag. */
export const NODE_SHAPES: Record<string, string> = {
  workload: 'ellipse',
  app: 'round-rectangle',
  service: 'round-triangle',
  serviceentry: 'round-tag',
  aggregate: 'round-pentagon',
  unknown: 'ellipse',
};

/** Zoom from which large mode draws labels (11 px node labels are then at least 9 px on screen). */
export const LARGE_LABEL_ZOOM = 9 / 11;

/**
 * The stylesheet for normal or large mode. In large mode `labels` says whether labels are drawn at all (the island
 * turns them on from LARGE_LABEL_ZOOM): a label costs its text measurement and bounding box on every element at
 * every style pass, about a third of a 9,500-element first render, while nothing is legible at the zoom that fits
 * such a graph.
 */
export function graphStylesheet(large: boolean, { labels = true }: { labels?: boolean } = {}): StylesheetStyle[] {
  if (large) return largeStylesheet(labels);
  const nodeSize = NODE_SIZE;
  const sheet: StyleBlock[] = [
    {
      selector: 'node',
      style: {
        ...nodeBox(nodeSize),
        label: 'data(label)',
        'font-family': FONT,
        'font-size': FONT_SIZES.node,
        color: COLORS.text,
        'text-valign': 'bottom',
        'text-halign': 'center',
        'text-margin-y': 3,
        'text-wrap': 'wrap',
        'text-max-width': '160px',
        'line-height': 1.2,
        'text-background-color': '#ffffff',
        'text-background-opacity': 0.85,
        'text-background-padding': '1px',
        'text-background-shape': 'round-rectangle',
      },
    },
    ...Object.entries(NODE_SHAPES).map(([cls, shape]) => ({
      selector: `node.${cls}`,
      style: { shape },
    })),
    { selector: 'node.service', style: { width: nodeSize * 1.1, height: nodeSize * 0.95 } },
    { selector: 'node.serviceentry', style: { width: nodeSize * 1.2 } },
    { selector: 'node.app', style: { width: nodeSize * 1.25 } },
    { selector: 'node.unknown', style: { 'background-color': COLORS.outsideFill, 'border-style': 'dotted' } },
    { selector: 'node.outside', style: { 'background-color': COLORS.outsideFill } },
    { selector: 'node.inaccessible', style: { 'border-style': 'dashed' } },
    ...nodeHealth(),
    { selector: 'node.idle', style: { 'border-color': COLORS.idle, 'border-style': 'dashed', color: COLORS.na } },
    {
      selector: 'node.box',
      style: {
        shape: 'round-rectangle',
        'background-color': COLORS.boxNamespace,
        'background-opacity': 0.6,
        'border-width': 1,
        'border-color': COLORS.boxBorder,
        'border-style': 'solid',
        'text-valign': 'top',
        'text-halign': 'center',
        'text-margin-y': -3,
        'font-size': FONT_SIZES.app,
        'font-weight': 600,
        'text-background-opacity': 0,
        padding: '10px',
        'min-zoomed-font-size': 0,
      },
    },
    {
      selector: 'node.box-namespace',
      style: { 'border-style': 'dashed', 'font-size': FONT_SIZES.namespace, color: '#4f5255', 'text-halign': 'center' },
    },
    {
      selector: 'node.box-app',
      style: {
        'background-color': COLORS.boxApp,
        'background-opacity': 1,
        'border-color': '#c7c7c7',
        'font-size': FONT_SIZES.app,
        padding: '6px',
      },
    },
    { selector: 'node.box-cluster', style: { 'border-width': 2, 'font-size': 14 } },
    {
      selector: 'edge',
      style: {
        width: 2,
        'line-color': COLORS.na,
        'target-arrow-color': COLORS.na,
        'target-arrow-shape': 'vee',
        'arrow-scale': 0.9,
        'curve-style': 'bezier',
        label: 'data(label)',
        'font-family': FONT,
        'font-size': FONT_SIZES.edge,
        color: '#3c3f42',
        'text-wrap': 'wrap',
        'text-background-color': '#ffffff',
        'text-background-opacity': 0.9,
        'text-background-padding': '1px',
        'text-background-shape': 'round-rectangle',
        'text-events': 'no',
      },
    },
    // an edge skipping ranks, or reaching a node behind another in a box, along the compound layout's route
    // (compound-layout-cy.ts ROUTED), its corners rounded
    {
      selector: 'edge.routed',
      style: {
        'curve-style': 'segments',
        'edge-distances': 'node-position',
        'segment-weights': 'data(segmentWeights)',
        'segment-distances': 'data(segmentDistances)',
        'segment-radii': 12,
      },
    },
    { selector: 'edge.healthy', style: { 'line-color': COLORS.healthy, 'target-arrow-color': COLORS.healthy } },
    { selector: 'edge.degraded', style: { 'line-color': COLORS.degraded, 'target-arrow-color': COLORS.degraded } },
    { selector: 'edge.failure', style: { 'line-color': COLORS.failure, 'target-arrow-color': COLORS.failure } },
    { selector: 'edge.tcp', style: { 'line-color': COLORS.tcp, 'target-arrow-color': COLORS.tcp } },
    {
      selector: 'edge.idle',
      style: { 'line-color': COLORS.idle, 'target-arrow-color': COLORS.idle, 'line-style': 'dashed', width: 1.5 },
    },
    {
      selector: 'edge.waypoint-both',
      style: { 'source-arrow-shape': 'triangle', 'source-arrow-color': COLORS.tcp, 'arrow-scale': 0.8 },
    },
    // selection, find and hide come last so they win
    // selection keeps the health colour of the border and adds a blue halo
    {
      selector: 'node:selected',
      style: {
        'border-width': 4,
        'underlay-color': COLORS.selected,
        'underlay-opacity': 0.35,
        'underlay-padding': 7,
        'underlay-shape': 'ellipse',
      },
    },
    {
      selector: 'node.box:selected',
      style: { 'border-width': 2, 'border-style': 'solid', 'border-color': COLORS.selected, 'underlay-opacity': 0 },
    },
    { selector: 'edge:selected', style: { width: 4, 'z-index': 10 } },
    { selector: '.faded', style: { opacity: 0.25 } },
    {
      selector: 'node.find',
      style: {
        'underlay-color': COLORS.find,
        'underlay-opacity': 0.8,
        'underlay-padding': 7,
        'underlay-shape': 'ellipse',
      },
    },
    { selector: 'edge.find', style: { 'underlay-color': COLORS.find, 'underlay-opacity': 0.8, 'underlay-padding': 5 } },
    { selector: '.hidden', style: { display: 'none' } },
  ];
  return sheet as unknown as StylesheetStyle[];
}

/**
 * Large mode: the same shapes and health colours with as few blocks and properties as possible (style resolution runs
 * per element and property), no boxes, arrows, underlays, fading or animation, straight (haystack) edges, and labels
 * only when `labels`.
 */
function largeStylesheet(labels: boolean): StylesheetStyle[] {
  const size = 16;
  const text: StyleBlock['style'] = labels
    ? {
        label: 'data(label)',
        'font-family': FONT,
        'font-size': 11,
        color: COLORS.text,
        'text-valign': 'bottom',
        'text-margin-y': 3,
        'text-wrap': 'wrap',
        'min-zoomed-font-size': 9,
      }
    : {};
  const edgeText: StyleBlock['style'] = labels
    ? {
        label: 'data(label)',
        'font-family': FONT,
        'font-size': 9,
        color: '#3c3f42',
        'text-events': 'no',
        'min-zoomed-font-size': 9,
      }
    : {};
  const sheet: StyleBlock[] = [
    {
      selector: 'node',
      style: {
        ...nodeBox(size),
        ...text,
      },
    },
    { selector: 'node.app', style: { shape: NODE_SHAPES.app!, width: size * 1.25 } },
    { selector: 'node.service', style: { shape: NODE_SHAPES.service!, width: size * 1.1, height: size * 0.95 } },
    { selector: 'node.serviceentry', style: { shape: NODE_SHAPES.serviceentry!, width: size * 1.2 } },
    { selector: 'node.aggregate', style: { shape: NODE_SHAPES.aggregate! } },
    { selector: 'node.unknown, node.outside', style: { 'background-color': COLORS.outsideFill } },
    ...nodeHealth(),
    { selector: 'node.idle', style: { 'border-color': COLORS.idle } },
    { selector: 'edge', style: { width: 1.5, 'line-color': COLORS.na, 'curve-style': 'haystack', ...edgeText } },
    { selector: 'edge.healthy', style: { 'line-color': COLORS.healthy } },
    { selector: 'edge.degraded', style: { 'line-color': COLORS.degraded } },
    { selector: 'edge.failure', style: { 'line-color': COLORS.failure } },
    { selector: 'edge.tcp', style: { 'line-color': COLORS.tcp } },
    { selector: 'edge.idle', style: { 'line-color': COLORS.idle } },
    { selector: 'node:selected', style: { 'border-color': COLORS.selected, 'border-width': 4 } },
    { selector: 'edge:selected', style: { width: 4, 'z-index': 10 } },
    { selector: 'node.find', style: { 'border-color': COLORS.find, 'border-width': 6 } },
    { selector: 'edge.find', style: { width: 5 } },
    { selector: '.hidden', style: { display: 'none' } },
  ];
  return sheet as unknown as StylesheetStyle[];
}
