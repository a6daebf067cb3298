'use client';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useSearchParams } from 'next/navigation';
import { useCallback, useMemo } from 'react';
import type { KialiGraphJson } from '@/lib/graph/types';
import { apiFetch } from './fetch';

/**
 * The traffic graph's view state (all of it in the URL, Kiali's `History.tsx` parameter names), its mapping to
 * `GET /api/namespaces/graph` (kiali.md §2.1), and the react-query hooks for the graph and the side panel's
 * metrics (`/api/namespaces/{ns}/{kind}/{name}/metrics`, Kiali's MetricsMap).
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
 * The graph view state from the URL, and `update` to change it. Updates go through `history.replaceState` (which
 * Next's router syncs into `useSearchParams`): no server round trip, no history spam, and each update starts from
 * the current URL, so quick successive changes never overwrite each other.
 */
export function useGraphParams(): GraphViewParams & { update(change: Partial<GraphViewParams>): void } {
  const search = useSearchParams();
  const params = useMemo(() => parseGraphParams(new URLSearchParams(search.toString())), [search]);
  const update = useCallback((change: Partial<GraphViewParams>) => {
    const next = writeGraphParams(new URLSearchParams(window.location.search), change).toString();
    window.history.replaceState(null, '', `${window.location.pathname}${next ? `?${next}` : ''}`);
  }, []);
  return { ...params, update };
}

/**
 * The namespace graph. Polls every `refreshMs` (0 = paused) and keeps the previous graph on screen while a new
 * one loads, so a refresh patches the canvas instead of blanking it. Disabled until a namespace is selected.
 */
export function useGraph(global: { namespaces: string[]; durationSeconds: number; refreshMs: number }, p: GraphViewParams) {
  const query = buildGraphApiQuery(global, p);
  return useQuery({
    queryKey: ['graph', query],
    queryFn: ({ signal }) => apiFetch<KialiGraphJson>(`/api/namespaces/graph?${query}`, { signal }),
    enabled: global.namespaces.length > 0,
    refetchInterval: global.refreshMs || false,
    placeholderData: keepPreviousData,
  });
}

// ---------------------------------------------------------------------------------------------------------------
// Metrics for the side panel (Kiali's metrics API, MetricsMap)
// ---------------------------------------------------------------------------------------------------------------

/** One series: `datapoints` are `[unixSeconds, value]`; values may arrive as strings or `"NaN"`. */
export interface MetricSeries {
  name: string;
  labels: Record<string, string>;
  datapoints: [number, number | string][];
  /** For histograms: `avg`, `0.5`, `0.95`, `0.99`. */
  stat?: string;
}
export type MetricsMap = Partial<Record<string, MetricSeries[]>>;

export interface MetricsTarget {
  namespace: string;
  kind: 'workloads' | 'apps' | 'services';
  name: string;
}

export interface MetricsRequest {
  durationSeconds: number;
  direction: 'inbound' | 'outbound';
  reporter: 'source' | 'destination';
  byLabels?: string[];
  /** Restrict to one peer (the edge's other end), e.g. `{ source_workload: 'productpage-v1' }`. */
  peer?: Record<string, string>;
}

/** About 30 points over the range, at least 15 s apart (one scrape interval). */
export function metricsStepSeconds(durationSeconds: number): number {
  return Math.max(15, Math.round(durationSeconds / 30));
}

/** Path and query of the metrics API for a node: request count, error count and duration quantiles. */
export function buildMetricsPath(target: MetricsTarget, r: MetricsRequest): string {
  const q = new URLSearchParams({
    duration: String(r.durationSeconds),
    step: String(metricsStepSeconds(r.durationSeconds)),
    direction: r.direction,
    reporter: r.reporter,
    avg: 'false',
  });
  for (const f of ['request_count', 'request_error_count', 'request_duration_millis']) q.append('filters[]', f);
  for (const quantile of ['0.5', '0.95', '0.99']) q.append('quantiles[]', quantile);
  for (const l of r.byLabels ?? []) q.append('byLabels[]', l);
  for (const [label, value] of Object.entries(r.peer ?? {})) q.append(`peer[${label}]`, value);
  const seg = (s: string) => encodeURIComponent(s);
  return `/api/namespaces/${seg(target.namespace)}/${target.kind}/${seg(target.name)}/metrics?${q.toString()}`;
}

/** Metrics of one node for the side panel's charts; `target` null disables the query. */
export function useGraphMetrics(target: MetricsTarget | null, r: MetricsRequest, refreshMs: number) {
  const path = target ? buildMetricsPath(target, r) : '';
  return useQuery({
    queryKey: ['graph-metrics', path],
    queryFn: ({ signal }) => apiFetch<MetricsMap>(path, { signal }),
    enabled: target !== null,
    refetchInterval: refreshMs || false,
  });
}
