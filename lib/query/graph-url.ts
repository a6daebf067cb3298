import type { KialiGraphJson } from '@/lib/graph/types';
import { parseGlobalParams } from './global-url';

/**
 * The traffic graph's URL state and its graph API request, as pure functions: the page's hooks (`graph.ts`) and the
 * server-rendered request prefetch (`app/graph/page.tsx`) build the same request from the same URL.
 */

export type { KialiGraphJson };
export type GraphType = 'app' | 'versionedApp' | 'workload' | 'service';
export type EdgeLabelMode =
  | 'none'
  | 'trafficRate'
  | 'trafficDistribution'
  | 'rt50'
  | 'rt95'
  | 'rt99'
  | 'throughputRequest'
  | 'throughputResponse';
export type LayoutName = 'dagre' | 'fcose' | 'breadthfirst' | 'grid';

export const GRAPH_TYPES: GraphType[] = ['app', 'versionedApp', 'workload', 'service'];
export const EDGE_LABEL_MODES: EdgeLabelMode[] = [
  'none',
  'trafficRate',
  'trafficDistribution',
  'rt50',
  'rt95',
  'rt99',
  'throughputRequest',
  'throughputResponse',
];
export const LAYOUTS: LayoutName[] = ['dagre', 'fcose', 'breadthfirst', 'grid'];

export interface GraphViewParams {
  graphType: GraphType;
  edgeLabel: EdgeLabelMode;
  injectServiceNodes: boolean;
  idleNodes: boolean;
  idleEdges: boolean;
  boxByNamespace: boolean;
  showSecurity: boolean;
  animation: boolean;
  /** `null` = automatic (dagre for small graphs, a cheap layout for large ones). */
  layout: LayoutName | null;
  find: string;
  hide: string;
  /** Id of the selected node or edge (Kiali's `focusSelector`, written as `[id="…"]`). */
  focus: string | null;
}

export const DEFAULT_GRAPH_PARAMS: GraphViewParams = {
  graphType: 'versionedApp',
  edgeLabel: 'trafficRate',
  injectServiceNodes: true,
  idleNodes: false,
  idleEdges: false,
  boxByNamespace: true,
  showSecurity: false,
  animation: false,
  layout: null,
  find: '',
  hide: '',
  focus: null,
};

type BoolKey = 'injectServiceNodes' | 'idleNodes' | 'idleEdges' | 'boxByNamespace' | 'showSecurity' | 'animation';
/** URL names of the boolean toggles (Kiali's URLParam values). */
const BOOL_PARAMS: Record<BoolKey, string> = {
  injectServiceNodes: 'injectServiceNodes',
  idleNodes: 'idleNodes',
  idleEdges: 'idleEdges',
  boxByNamespace: 'boxNamespace',
  showSecurity: 'badgeSecurity',
  animation: 'animation',
};
const MAX_EXPR = 1000;
const FOCUS = /^\[id="([^"\\]{1,200})"\]$/;

function oneOf<T extends string>(value: string | null, allowed: readonly T[], fallback: T): T {
  return value !== null && (allowed as readonly string[]).includes(value) ? (value as T) : fallback;
}

/** Parses the graph's URL state; unknown or malformed values fall back to the defaults. */
export function parseGraphParams(search: URLSearchParams): GraphViewParams {
  const p: GraphViewParams = { ...DEFAULT_GRAPH_PARAMS };
  p.graphType = oneOf(search.get('graphType'), GRAPH_TYPES, DEFAULT_GRAPH_PARAMS.graphType);
  p.edgeLabel = oneOf(search.get('edges'), EDGE_LABEL_MODES, DEFAULT_GRAPH_PARAMS.edgeLabel);
  const layout = search.get('layout');
  p.layout = layout && (LAYOUTS as string[]).includes(layout) ? (layout as LayoutName) : null;
  for (const [key, name] of Object.entries(BOOL_PARAMS) as [BoolKey, string][]) {
    const v = search.get(name);
    if (v === 'true' || v === 'false') p[key] = v === 'true';
  }
  p.find = (search.get('graphFind') ?? '').slice(0, MAX_EXPR);
  p.hide = (search.get('graphHide') ?? '').slice(0, MAX_EXPR);
  const focus = search.get('focusSelector');
  p.focus = focus ? (FOCUS.exec(focus)?.[1] ?? null) : null;
  return p;
}

/** Writes `change` into a copy of `base`, leaving out values equal to the defaults so links stay short. */
export function writeGraphParams(base: URLSearchParams, change: Partial<GraphViewParams>): URLSearchParams {
  const next = new URLSearchParams(base.toString());
  const set = (name: string, value: string | null, dflt: string | null) => {
    if (value === null || value === dflt || value === '') next.delete(name);
    else next.set(name, value);
  };
  if (change.graphType !== undefined) set('graphType', change.graphType, DEFAULT_GRAPH_PARAMS.graphType);
  if (change.edgeLabel !== undefined) set('edges', change.edgeLabel, DEFAULT_GRAPH_PARAMS.edgeLabel);
  if (change.layout !== undefined) set('layout', change.layout, null);
  for (const [key, name] of Object.entries(BOOL_PARAMS) as [BoolKey, string][]) {
    const v = change[key];
    if (v !== undefined) set(name, String(v), String(DEFAULT_GRAPH_PARAMS[key]));
  }
  if (change.find !== undefined) set('graphFind', change.find.trim(), '');
  if (change.hide !== undefined) set('graphHide', change.hide.trim(), '');
  if (change.focus !== undefined) set('focusSelector', change.focus === null ? null : `[id="${change.focus}"]`, null);
  return next;
}

/** The appenders the view needs (Kiali's UI list, plus the ones its labels and badges depend on). */
export function graphAppenders(p: GraphViewParams): string[] {
  const list = ['deadNode', 'istio', 'serviceEntry', 'meshCheck', 'workloadEntry', 'health'];
  if (p.idleNodes) list.push('idleNode');
  if (p.showSecurity) list.push('securityPolicy');
  if (p.edgeLabel.startsWith('rt')) list.push('responseTime');
  if (p.edgeLabel.startsWith('throughput')) list.push('throughput');
  return list;
}

/** The query string of `GET /api/namespaces/graph` for the view (kiali.md §2.1). */
export function buildGraphApiQuery(global: { namespaces: string[]; durationSeconds: number }, p: GraphViewParams): string {
  const boxBy: string[] = [];
  if (p.graphType === 'app' || p.graphType === 'versionedApp') boxBy.push('app');
  if (p.boxByNamespace) boxBy.push('namespace');
  const q = new URLSearchParams({
    namespaces: global.namespaces.join(','),
    graphType: p.graphType,
    duration: `${global.durationSeconds}s`,
    injectServiceNodes: String(p.graphType === 'service' || p.injectServiceNodes),
    boxBy: boxBy.join(','),
    appenders: graphAppenders(p).join(','),
    rateHttp: 'requests',
    rateGrpc: 'requests',
    rateTcp: 'sent',
    responseTime: p.edgeLabel.startsWith('rt') ? p.edgeLabel.slice(2) : '95',
    throughputType: p.edgeLabel === 'throughputRequest' ? 'request' : 'response',
    includeIdleEdges: String(p.idleEdges),
  });
  return q.toString();
}


/**
 * Path and query of the graph API request the /graph page sends for a page URL's query string (shell and graph
 * state), or null when no namespace is selected (the page then asks the user to pick one and sends nothing).
 */
export function graphApiPath(search: URLSearchParams): string | null {
  const global = parseGlobalParams(search);
  return global.namespaces.length ? graphApiPathFor(global, parseGraphParams(search)) : null;
}

/** Path and query of `GET /api/namespaces/graph` for the view (what the page fetches, and the server prefetches). */
export function graphApiPathFor(global: { namespaces: string[]; durationSeconds: number }, p: GraphViewParams): string {
  return `/api/namespaces/graph?${buildGraphApiQuery(global, p)}`;
}
