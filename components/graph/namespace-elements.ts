/**
 * Cytoscape elements and style blocks of the namespace view (lib/graph/namespace-view.ts): one node per namespace (class
 * `nsnode`, its health and flags as classes, the namespace name as label), and the namespace edges mapped exactly as
 * any Kiali edge (elements.ts: protocol and health classes, the chosen edge labels).
 */
import type { ElementDefinition, StylesheetStyle } from 'cytoscape';
import { COLORS } from './styles';
import { nodeHealth, toCyElements, type MapOptions } from './elements';
import type { NamespaceGraph } from '@/lib/graph/namespace-view';

/**
 * Above this many elements the namespace view draws in large mode (worker fCoSE, lean stylesheet, WebGL where it
 * helps) rather than LARGE_GRAPH_THRESHOLD's 1,000: the normal mode's layered compound layout took 33 s of main thread
 * on the 2,000-workload namespace view (201 namespaces, 399 edges; `npm run bench:graph-page`), fCoSE in the worker
 * well under a second.
 */
export const NAMESPACE_VIEW_LARGE = 300;

/** The namespace view's elements: namespace nodes first, then the edges between them. */
export function toNamespaceElements(ns: NamespaceGraph, opts: Omit<MapOptions, 'large'>): ElementDefinition[] {
  const clusters = new Set([...ns.summaries.values()].map((s) => s.cluster));
  const nodes: ElementDefinition[] = [];
  for (const { data: d } of ns.json.elements.nodes) {
    const s = ns.summaries.get(d.id);
    const label = clusters.size > 1 ? `${d.namespace}\n(${d.cluster})` : d.namespace;
    const classes = ['nsnode', nodeHealth(d)];
    if (d.isOutside) classes.push('outside');
    if (d.isInaccessible) classes.push('inaccessible');
    if (d.namespace === 'unknown') classes.push('unknown');
    nodes.push({
      group: 'nodes',
      data: { id: d.id, label, members: s?.counts.total ?? 0 },
      classes: classes.join(' '),
    });
  }
  // large: toCyElements leaves the (memberless) boxes out and maps the edges between them
  const edges = toCyElements(ns.json, { ...opts, large: true }).filter((el) => el.group === 'edges');
  return [...nodes, ...edges];
}

/**
 * Style blocks for `node.nsnode`, to go right after the stylesheet's first (`node`) block so the health, find,
 * selection and hide blocks after it still win: a collapsed namespace box (Kiali's namespace boxes are dashed grey
 * rounded rectangles), sized by the square root of its member count (at most 3×), with a bold label.
 */
export function namespaceNodeStyles(large: boolean): StylesheetStyle[] {
  const base = large ? 20 : 30;
  const blocks = [
    {
      selector: 'node.nsnode',
      style: {
        shape: 'round-rectangle',
        'background-color': COLORS.boxNamespace,
        width: `mapData(members, 1, 100, ${base * 1.4}, ${base * 4})`,
        height: `mapData(members, 1, 100, ${base}, ${base * 2.5})`,
        'border-width': 3,
        'font-weight': 600,
      },
    },
    { selector: 'node.nsnode.unknown', style: { 'border-style': 'dotted' } },
  ];
  return blocks as unknown as StylesheetStyle[];
}

/** `sheet` with the namespace node blocks inserted after its first block. */
export function withNamespaceStyles(sheet: StylesheetStyle[], large: boolean): StylesheetStyle[] {
  return [...sheet.slice(0, 1), ...namespaceNodeStyles(large), ...sheet.slice(1)];
}
