/**
 * Test helpers for the compound layout: its input built from cytoscape elements with sizes estimated as the
 * stylesheet draws them (0.6 em a character), and the demo's graphs by name. Test-only (no cytoscape, no canvas).
 */
import type { ElementDefinition } from 'cytoscape';
import type { KialiGraphJson } from '@/lib/graph/types';
import { WAYPOINT_WEIGHT, type BoxInput, type EdgeInput, type LeafInput } from '../compound-layout';
import { toCyElements } from '../elements';
import { FONT_SIZES, NODE_SIZE } from '../styles';
import bookinfo from './bookinfo-versionedApp.json';
import allNamespaces from './demo-all-namespaces.json';
import ambient from './demo-ambient.json';
import fourNamespaces from './demo-four-namespaces.json';

export interface LayoutInput {
  leaves: LeafInput[];
  boxes: BoxInput[];
  edges: EdgeInput[];
}

/** Layout input from cytoscape elements with sizes estimated as the stylesheet draws them (0.6 em a character). */
export function inputOf(elements: ElementDefinition[], fontScale = 1): LayoutInput {
  const width = (text: string, size: number) =>
    Math.max(...text.split('\n').map((l) => l.length * size * fontScale * 0.6));
  const font = (size: number) => size * fontScale;
  const parents = new Set(elements.map((e) => e.data.parent).filter(Boolean));
  const waypoints = new Set(elements.filter((e) => /\bwaypoint\b/.test(String(e.classes))).map((e) => e.data.id));
  const leaves: LeafInput[] = [];
  const boxes: BoxInput[] = [];
  const edges: EdgeInput[] = [];
  for (const e of elements) {
    const label = String(e.data.label ?? '');
    const lines = label ? label.split('\n').length : 0;
    if (e.group === 'edges') {
      edges.push({
        source: e.data.source!,
        target: e.data.target!,
        labelWidth: width(label, FONT_SIZES.edge),
        labelHeight: label ? lines * font(FONT_SIZES.edge) * 1.2 : 0,
        ...(waypoints.has(e.data.source) || waypoints.has(e.data.target) ? { weight: WAYPOINT_WEIGHT } : {}),
      });
    } else if (parents.has(e.data.id)) {
      const ns = String(e.classes).includes('box-namespace');
      const size = ns ? FONT_SIZES.namespace : FONT_SIZES.app;
      boxes.push({
        id: e.data.id!,
        parent: e.data.parent,
        padding: ns ? 11 : 7,
        labelWidth: width(label, size),
        labelHeight: font(size) * 1.2,
      });
    } else {
      const labelHeight = lines * font(FONT_SIZES.node) * 1.2 + 3;
      leaves.push({
        id: e.data.id!,
        parent: e.data.parent,
        width: Math.max(NODE_SIZE, width(label, FONT_SIZES.node)),
        height: NODE_SIZE + labelHeight,
        dy: labelHeight / 2,
      });
    }
  }
  return { leaves, boxes, edges };
}

/** The demo's graph of `namespaces` cut out of the six-namespace fixture: their nodes and the nodes they talk to. */
function demoSubgraph(namespaces: readonly string[]): KialiGraphJson {
  const json = allNamespaces as unknown as KialiGraphJson;
  const inside = (ns: string | undefined) => ns !== undefined && namespaces.includes(ns);
  const byId = new Map(json.elements.nodes.map((n) => [n.data.id, n.data]));
  const edges = json.elements.edges.filter(
    (e) => inside(byId.get(e.data.source)?.namespace) || inside(byId.get(e.data.target)?.namespace),
  );
  const keep = new Set(edges.flatMap((e) => [e.data.source, e.data.target]));
  for (const n of json.elements.nodes) if (inside(n.data.namespace) && !n.data.isBox) keep.add(n.data.id);
  // the boxes of the nodes kept
  for (let grown = true; grown;) {
    grown = false;
    for (const id of [...keep]) {
      const p = byId.get(id)?.parent;
      if (p && !keep.has(p)) {
        keep.add(p);
        grown = true;
      }
    }
  }
  return { ...json, elements: { nodes: json.elements.nodes.filter((n) => keep.has(n.data.id)), edges } };
}

/** The demo's graphs of the e2e spec graph-readable.spec.ts, by name. */
export const DEMO_GRAPHS: Record<string, () => KialiGraphJson> = {
  bookinfo: () => bookinfo as unknown as KialiGraphJson,
  'four namespaces': () => fourNamespaces as unknown as KialiGraphJson,
  'bookinfo, ambient, Gateway API and istio-system': () =>
    demoSubgraph(['bookinfo', 'bookinfo-ambient', 'bookinfo-gateway-api', 'istio-system']),
  /** The demo's ambient namespace alone as the graph API answers (versioned app graph, service nodes, total ambient
   * traffic: a waypoint serving reviews). */
  'bookinfo-ambient': () => ambient as unknown as KialiGraphJson,
  'all six namespaces': () => allNamespaces as unknown as KialiGraphJson,
};

/** Layout input of a demo graph with rate labels, as the default view draws it. */
export function demoInput(name: string, fontScale = 1): LayoutInput {
  const json = DEMO_GRAPHS[name]!();
  return inputOf(toCyElements(json, { edgeLabels: ['trafficRate'], showSecurity: false, large: false }), fontScale);
}
