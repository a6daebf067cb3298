import {
  AMBIENT_TRAFFIC,
  APP_NODE_GRAPH_TYPES,
  GRAPH_TYPES,
  type AmbientTraffic,
  NODE_NAME_RULES,
  graphQueryString,
  type BoxBy,
  type GraphQueryParams,
  type GraphType,
  type RequestableAppender,
  type ResponseTimeOption,
} from '@/lib/graph/params';
import type { KialiGraphJson, NodeDataJson } from '@/lib/graph/types';
import { parseGlobalParams } from './global-url';

/**
 * The traffic graph's URL state and its graph API request, as pure functions: the page's hooks (`graph.ts`) and the
 * server-rendered request prefetch (`app/graph/page.tsx`) build the same request from the same URL. The request is
 * written with the graph parameter schema the API parses (`lib/graph/params.ts`), so the two cannot disagree.
 */

export type { AmbientTraffic, GraphType, KialiGraphJson };
export { AMBIENT_TRAFFIC, GRAPH_TYPES };
/** One edge label (Kiali's edge label menu); several may be shown at once, one response time and one throughput. */
export type EdgeLabelMode =
  'trafficRate' | 'trafficDistribution' | 'rt50' | 'rt95' | 'rt99' | 'throughputRequest' | 'throughputResponse';
export type LayoutName = 'dagre' | 'fcose' | 'breadthfirst' | 'grid';

/** Every edge label, in the order a label shows them. */
export const EDGE_LABEL_MODES: EdgeLabelMode[] = [
  'trafficRate',
  'trafficDistribution',
  'rt50',
  'rt95',
  'rt99',
  'throughputRequest',
  'throughputResponse',
];
export const LAYOUTS: LayoutName[] = ['dagre', 'fcose', 'breadthfirst', 'grid'];

/** What a node graph is centred on (Kiali's node graph: `/graph/node/namespaces/{ns}/{kind}/{name}[/versions/{v}]`). */
export interface GraphNodeRef {
  namespace: string;
  kind: 'app' | 'workload' | 'service';
  name: string;
  /** Only for an app: the versioned app node's version. */
  version?: string;
}

const NODE_KINDS: GraphNodeRef['kind'][] = ['app', 'workload', 'service'];

export interface GraphViewParams {
  graphType: GraphType;
  /** Edge labels shown, in EDGE_LABEL_MODES order (empty: none); at most one `rt*` and one `throughput*`. */
  edgeLabels: EdgeLabelMode[];
  injectServiceNodes: boolean;
  idleNodes: boolean;
  idleEdges: boolean;
  boxByNamespace: boolean;
  /** Kiali's "Cluster boxes" (URL `boxCluster`): a box per cluster (the API's `boxBy=cluster`); off by default. */
  boxByCluster: boolean;
  showSecurity: boolean;
  animation: boolean;
  /** Kiali's "Waypoint proxies" display option (the API's `waypoints`). */
  showWaypoints: boolean;
  /** Kiali's ambient traffic selector (the API's `ambientTraffic`): total, waypoint (L7), ztunnel (L4) or none. */
  ambientTraffic: AmbientTraffic;
  /** `null` = automatic (dagre for small graphs, a cheap layout for large ones). */
  layout: LayoutName | null;
  find: string;
  hide: string;
  /** Id of the selected node or edge (Kiali's `focusSelector`, written as `[id="…"]`). */
  focus: string | null;
  /** The node graph's node (URL `nodeNamespace`, `nodeKind`, `nodeName`, `nodeVersion`), or null for the namespace graph. */
  node: GraphNodeRef | null;
  /**
   * The namespace view (each namespace one node; URL `namespaceView=true|false`): null = automatic, on above a node
   * count (lib/graph/namespace-view.ts, computed by the server). Meshscope's own: Kiali has no such view.
   */
  namespaceView: boolean | null;
}

export const DEFAULT_GRAPH_PARAMS: GraphViewParams = {
  graphType: 'versionedApp',
  edgeLabels: ['trafficRate'],
  injectServiceNodes: true,
  idleNodes: false,
  idleEdges: false,
  boxByNamespace: true,
  boxByCluster: false,
  showSecurity: false,
  animation: false,
  showWaypoints: true,
  ambientTraffic: 'total',
  layout: null,
  find: '',
  hide: '',
  focus: null,
  node: null,
  namespaceView: null,
};

/** The graph's boolean display toggles (the Display menu's checkboxes). */
export type GraphToggleKey =
  | 'injectServiceNodes'
  | 'idleNodes'
  | 'idleEdges'
  | 'boxByNamespace'
  | 'boxByCluster'
  | 'showSecurity'
  | 'animation'
  | 'showWaypoints';
/** URL names of the boolean toggles (Kiali's URLParam values). */
const BOOL_PARAMS: Record<GraphToggleKey, string> = {
  injectServiceNodes: 'injectServiceNodes',
  idleNodes: 'idleNodes',
  idleEdges: 'idleEdges',
  boxByNamespace: 'boxNamespace',
  boxByCluster: 'boxCluster',
  showSecurity: 'badgeSecurity',
  animation: 'animation',
  showWaypoints: 'waypoints',
};
const MAX_EXPR = 1000;
const FOCUS = /^\[id="([^"\\]{1,200})"\]$/;

function oneOf<T extends string>(value: string | null, allowed: readonly T[], fallback: T): T {
  return value !== null && (allowed as readonly string[]).includes(value) ? (value as T) : fallback;
}

/**
 * The `edges` URL value (Kiali's: a comma-separated list, `none` for no labels) as edge labels: unknown names dropped,
 * duplicates removed, EDGE_LABEL_MODES order, and of several response times (or throughputs) the last one named.
 * Absent, or naming no label (and not `none`): the default.
 */
export function parseEdgeLabels(value: string | null): EdgeLabelMode[] {
  if (value === 'none') return [];
  const named = (value ?? '').split(',').filter((v): v is EdgeLabelMode => (EDGE_LABEL_MODES as string[]).includes(v));
  return named.length ? normalizeEdgeLabels(named) : [...DEFAULT_GRAPH_PARAMS.edgeLabels];
}

/** `labels` in EDGE_LABEL_MODES order without duplicates, keeping the last of each exclusive group (rt*, throughput*). */
export function normalizeEdgeLabels(labels: readonly EdgeLabelMode[]): EdgeLabelMode[] {
  const group = (m: EdgeLabelMode) => (m.startsWith('rt') ? 'rt' : m.startsWith('throughput') ? 'throughput' : m);
  const last = new Map<string, EdgeLabelMode>();
  for (const m of labels) last.set(group(m), m);
  const kept = new Set(last.values());
  return EDGE_LABEL_MODES.filter((m) => kept.has(m));
}

/** Parses the graph's URL state; unknown or malformed values fall back to the defaults. */
export function parseGraphParams(search: URLSearchParams): GraphViewParams {
  const p: GraphViewParams = { ...DEFAULT_GRAPH_PARAMS };
  p.graphType = oneOf(search.get('graphType'), GRAPH_TYPES, DEFAULT_GRAPH_PARAMS.graphType);
  p.edgeLabels = parseEdgeLabels(search.get('edges'));
  p.ambientTraffic = oneOf(search.get('ambientTraffic'), AMBIENT_TRAFFIC, DEFAULT_GRAPH_PARAMS.ambientTraffic);
  const layout = search.get('layout');
  p.layout = layout && (LAYOUTS as string[]).includes(layout) ? (layout as LayoutName) : null;
  for (const [key, name] of Object.entries(BOOL_PARAMS) as [GraphToggleKey, string][]) {
    const v = search.get(name);
    if (v === 'true' || v === 'false') p[key] = v === 'true';
  }
  p.find = (search.get('graphFind') ?? '').slice(0, MAX_EXPR);
  p.hide = (search.get('graphHide') ?? '').slice(0, MAX_EXPR);
  const focus = search.get('focusSelector');
  p.focus = focus ? (FOCUS.exec(focus)?.[1] ?? null) : null;
  p.node = parseNodeRef(search);
  const nsView = search.get('namespaceView');
  p.namespaceView = nsView === 'true' ? true : nsView === 'false' ? false : null;
  return p;
}

/** The node graph's node from the URL; null when absent or any part is malformed (the namespace graph is shown). */
function parseNodeRef(search: URLSearchParams): GraphNodeRef | null {
  const namespace = search.get('nodeNamespace');
  const kind = search.get('nodeKind') as GraphNodeRef['kind'] | null;
  const name = search.get('nodeName');
  const version = search.get('nodeVersion');
  if (kind === null || !NODE_KINDS.includes(kind)) return null;
  if (!NODE_NAME_RULES.namespace(namespace) || !NODE_NAME_RULES[kind](name)) return null;
  const ref: GraphNodeRef = { namespace, kind, name };
  if (version !== null && version !== '') {
    if (kind !== 'app' || !NODE_NAME_RULES.version(version)) return null;
    ref.version = version;
  }
  return ref;
}

/**
 * The node graph a double-click on a node opens, as Kiali's `handleDoubleTap` decides it: an app box → the app; a
 * versioned app node → the app at that version (the app in an app graph); a workload → the workload; a service → the
 * service. Null for what has no node graph: unknown sources, inaccessible or `unknown`-namespace nodes, service
 * entries, operation nodes, namespace and cluster boxes.
 */
export function nodeRefOf(d: NodeDataJson, graphType: GraphType): GraphNodeRef | null {
  if (d.isInaccessible || d.isServiceEntry || !NODE_NAME_RULES.namespace(d.namespace)) return null;
  // the names the node graph's API path accepts (the server's rules), never Kiali's `unknown`
  const ok = (part: keyof typeof NODE_NAME_RULES, v: string | undefined): v is string =>
    v !== 'unknown' && NODE_NAME_RULES[part](v);
  const namespace = d.namespace;
  if (d.nodeType === 'box') {
    return d.isBox === 'app' && ok('app', d.app) ? { namespace, kind: 'app', name: d.app } : null;
  }
  if (d.nodeType === 'app' && ok('app', d.app)) {
    const version = graphType === 'versionedApp' && ok('version', d.version) ? { version: d.version } : {};
    return { namespace, kind: 'app', name: d.app, ...version };
  }
  if (d.nodeType === 'workload' && ok('workload', d.workload)) return { namespace, kind: 'workload', name: d.workload };
  if (d.nodeType === 'service' && ok('service', d.service)) return { namespace, kind: 'service', name: d.service };
  return null;
}

/** "app reviews v2 in bookinfo" */
export function nodeRefLabel(ref: GraphNodeRef): string {
  return `${ref.kind} ${ref.name}${ref.version ? ` ${ref.version}` : ''} in ${ref.namespace}`;
}

/** Whether two node references name the same node. */
export function sameNodeRef(a: GraphNodeRef | null, b: GraphNodeRef | null): boolean {
  return (
    a === b ||
    (!!a &&
      !!b &&
      a.namespace === b.namespace &&
      a.kind === b.kind &&
      a.name === b.name &&
      (a.version ?? '') === (b.version ?? ''))
  );
}

/** Writes `change` into a copy of `base`, leaving out values equal to the defaults so links stay short. */
export function writeGraphParams(base: URLSearchParams, change: Partial<GraphViewParams>): URLSearchParams {
  const next = new URLSearchParams(base.toString());
  const set = (name: string, value: string | null, dflt: string | null) => {
    if (value === null || value === dflt || value === '') next.delete(name);
    else next.set(name, value);
  };
  if (change.graphType !== undefined) set('graphType', change.graphType, DEFAULT_GRAPH_PARAMS.graphType);
  if (change.edgeLabels !== undefined)
    set('edges', normalizeEdgeLabels(change.edgeLabels).join(',') || 'none', DEFAULT_GRAPH_PARAMS.edgeLabels.join(','));
  if (change.layout !== undefined) set('layout', change.layout, null);
  if (change.ambientTraffic !== undefined)
    set('ambientTraffic', change.ambientTraffic, DEFAULT_GRAPH_PARAMS.ambientTraffic);
  for (const [key, name] of Object.entries(BOOL_PARAMS) as [GraphToggleKey, string][]) {
    const v = change[key];
    if (v !== undefined) set(name, String(v), String(DEFAULT_GRAPH_PARAMS[key]));
  }
  if (change.find !== undefined) set('graphFind', change.find.trim(), '');
  if (change.hide !== undefined) set('graphHide', change.hide.trim(), '');
  if (change.focus !== undefined) set('focusSelector', change.focus === null ? null : `[id="${change.focus}"]`, null);
  if (change.namespaceView !== undefined)
    set('namespaceView', change.namespaceView === null ? null : String(change.namespaceView), null);
  if (change.node !== undefined) {
    const n = change.node;
    set('nodeNamespace', n?.namespace ?? null, null);
    set('nodeKind', n?.kind ?? null, null);
    set('nodeName', n?.name ?? null, null);
    set('nodeVersion', n?.version ?? null, null);
  }
  return next;
}

/** The appenders the view needs (Kiali's UI list, plus the ones its labels and badges depend on). */
export function graphAppenders(p: GraphViewParams): RequestableAppender[] {
  const list: RequestableAppender[] = [
    'deadNode',
    'istio',
    'serviceEntry',
    'meshCheck',
    'workloadEntry',
    'ambient',
    'health',
  ];
  if (p.idleNodes) list.push('idleNode');
  if (p.showSecurity) list.push('securityPolicy');
  if (p.edgeLabels.some((m) => m.startsWith('rt')) || usesOperand(p, RT_OPERAND)) list.push('responseTime');
  if (p.edgeLabels.some((m) => m.startsWith('throughput')) || usesOperand(p, THROUGHPUT_OPERAND))
    list.push('throughput');
  return list;
}

const RT_OPERAND = /(^|[^\w%:])(rt|responsetime)\s*(<=|>=|!=|=|<|>)/i;
const THROUGHPUT_OPERAND = /(^|[^\w%:])throughput\s*(<=|>=|!=|=|<|>)/i;

/**
 * Whether Find or Hide compares `operand`: the graph then asks for the data (response times, throughput) whatever
 * labels are shown, so `rt > 1000` finds slow edges with rate labels on (Kiali instead turns the label on).
 */
function usesOperand(p: Pick<GraphViewParams, 'find' | 'hide'>, operand: RegExp): boolean {
  return operand.test(p.find) || operand.test(p.hide);
}

/** The response time the edges carry: the label's quantile, else the 95th percentile (also what `rt` finds on). */
export function responseTimeOf(p: Pick<GraphViewParams, 'edgeLabels'>): ResponseTimeOption {
  for (const m of p.edgeLabels) {
    const q = RESPONSE_TIME_OF[m];
    if (q) return q;
  }
  return '95';
}

/** What the graph request takes from the shared URL state (`GlobalParams`). */
type GlobalGraphParams = {
  namespaces: string[];
  durationSeconds: number;
  /** Replay: the end of the window in unix seconds (the API's `queryTime`); absent = now. */
  queryTime?: number;
};

/** The response-time quantile an edge label shows (the API's `responseTime`). */
const RESPONSE_TIME_OF: Partial<Record<EdgeLabelMode, ResponseTimeOption>> = { rt50: '50', rt95: '95', rt99: '99' };

/**
 * The graph API parameters for the view (kiali.md §2.1), typed by the API's own schema (`lib/graph/params.ts`). A node
 * graph has its namespace in the path (no `namespaces`); an app node graph is drawn as a versioned app graph when the
 * view's type is workload or service (the API serves app node graphs only for app and versionedApp).
 */
export function graphApiParams(global: GlobalGraphParams, p: GraphViewParams): GraphQueryParams {
  const appNodeAs = p.node?.kind === 'app' && !APP_NODE_GRAPH_TYPES.includes(p.graphType) ? 'versionedApp' : null;
  const graphType = appNodeAs ?? p.graphType;
  const boxBy: BoxBy[] = [];
  if (graphType === 'app' || graphType === 'versionedApp') boxBy.push('app');
  if (p.boxByNamespace) boxBy.push('namespace');
  if (p.boxByCluster) boxBy.push('cluster');
  return {
    ...(p.node ? {} : { namespaces: global.namespaces }),
    graphType,
    duration: global.durationSeconds,
    ...(global.queryTime !== undefined ? { queryTime: global.queryTime } : {}),
    injectServiceNodes: graphType === 'service' || p.injectServiceNodes,
    boxBy,
    appenders: graphAppenders(p),
    rateHttp: 'requests',
    rateGrpc: 'requests',
    rateTcp: 'sent',
    ambientTraffic: p.ambientTraffic,
    waypoints: p.showWaypoints,
    responseTime: responseTimeOf(p),
    throughputType: p.edgeLabels.includes('throughputRequest') ? 'request' : 'response',
    includeIdleEdges: p.idleEdges,
    ...namespaceViewParam(global, p),
  };
}

/**
 * The API's `namespaceView` for the view: the user's choice when made (`true`; `false` sends nothing: Kiali's graph),
 * else `auto` for a graph of several namespaces (the server answers the namespace view above the threshold, so a
 * 10,000-workload graph never travels to the page whole). Nothing for a node graph or one namespace.
 */
function namespaceViewParam(global: GlobalGraphParams, p: GraphViewParams): Pick<GraphQueryParams, 'namespaceView'> {
  if (p.node || p.namespaceView === false) return {};
  if (p.namespaceView === true) return { namespaceView: true };
  return global.namespaces.length > 1 ? { namespaceView: 'auto' } : {};
}

/** The query string of the graph API request for the view (`graphApiParams` on the wire). */
export function buildGraphApiQuery(global: GlobalGraphParams, p: GraphViewParams): string {
  return graphQueryString(graphApiParams(global, p));
}

/**
 * Path and query of the graph API request the /graph page sends for a page URL's query string (shell and graph
 * state), or null when neither a namespace nor a node graph is selected (the page then asks the user to pick a
 * namespace and sends nothing).
 */
export function graphApiPath(search: URLSearchParams): string | null {
  const global = parseGlobalParams(search);
  const p = parseGraphParams(search);
  return global.namespaces.length || p.node ? graphApiPathFor(global, p) : null;
}

/**
 * Path and query of the graph API request for the view (what the page fetches, and the server prefetches):
 * `/api/namespaces/graph`, or a node graph's `/api/namespaces/{ns}/{workloads|applications|services}/{name}[/versions/{v}]/graph`.
 */
export function graphApiPathFor(global: GlobalGraphParams, p: GraphViewParams): string {
  return `${graphApiRoute(p.node)}?${buildGraphApiQuery(global, p)}`;
}

const NODE_ROUTE: Record<GraphNodeRef['kind'], string> = {
  app: 'applications',
  workload: 'workloads',
  service: 'services',
};

function graphApiRoute(node: GraphNodeRef | null): string {
  if (!node) return '/api/namespaces/graph';
  const seg = encodeURIComponent;
  const version = node.kind === 'app' && node.version ? `/versions/${seg(node.version)}` : '';
  return `/api/namespaces/${seg(node.namespace)}/${NODE_ROUTE[node.kind]}/${seg(node.name)}${version}/graph`;
}
