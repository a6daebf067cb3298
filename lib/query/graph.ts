'use client';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useSearchParams } from 'next/navigation';
import { useCallback, useMemo } from 'react';
import { apiFetch, apiFetchPrefetched } from './fetch';
import { queryKeys } from './keys';
import { backoffRefresh } from './retry';

/**
 * The traffic graph's view state (all of it in the URL, Kiali's `History.tsx` parameter names), its mapping to
 * `GET /api/namespaces/graph` (kiali.md §2.1), and the react-query hooks for the graph and the side panel's
 * metrics (`/api/namespaces/{ns}/{kind}/{name}/metrics`, Kiali's MetricsMap).
 */

import {
  graphApiPathFor,
  parseGraphParams,
  writeGraphParams,
  type GraphViewParams,
  type KialiGraphJson,
} from './graph-url';

export type {
  AmbientTraffic,
  EdgeLabelMode,
  GraphNodeRef,
  GraphToggleKey,
  GraphType,
  GraphViewParams,
  KialiGraphJson,
  LayoutName,
} from './graph-url';
export {
  AMBIENT_TRAFFIC,
  nodeRefLabel,
  nodeRefOf,
  sameNodeRef,
  buildGraphApiQuery,
  DEFAULT_GRAPH_PARAMS,
  EDGE_LABEL_MODES,
  normalizeEdgeLabels,
  parseEdgeLabels,
  responseTimeOf,
  graphAppenders,
  GRAPH_TYPES,
  LAYOUTS,
  parseGraphParams,
  writeGraphParams,
} from './graph-url';

function changeUrl(change: Partial<GraphViewParams>, how: 'replace' | 'push'): void {
  const next = writeGraphParams(new URLSearchParams(window.location.search), change).toString();
  const url = `${window.location.pathname}${next ? `?${next}` : ''}`;
  if (how === 'push') window.history.pushState(null, '', url);
  else window.history.replaceState(null, '', url);
}

/**
 * The graph view state from the URL, and two ways to change it, both through the History API (which Next's router
 * syncs into `useSearchParams`: no server round trip), each starting from the current URL so quick successive changes
 * never overwrite each other: `update` replaces the entry (options, selection: no history spam); `navigate` pushes
 * one, so the browser's Back returns (opening or leaving a node graph, as Kiali's drill-down does).
 */
export function useGraphParams(): GraphViewParams & {
  update(change: Partial<GraphViewParams>): void;
  navigate(change: Partial<GraphViewParams>): void;
} {
  const search = useSearchParams();
  const params = useMemo(() => parseGraphParams(new URLSearchParams(search.toString())), [search]);
  const update = useCallback((change: Partial<GraphViewParams>) => changeUrl(change, 'replace'), []);
  const navigate = useCallback((change: Partial<GraphViewParams>) => changeUrl(change, 'push'), []);
  return { ...params, update, navigate };
}

/**
 * The namespace graph, or the node graph when `p.node` is set. Polls every `refreshMs` (0 = paused), backing off while
 * refreshes fail (lib/query/retry.ts: doubled per failure, at least the server's Retry-After), and keeps the previous
 * graph on screen while a new one loads, so a refresh patches the canvas instead of blanking it. A new graph (other
 * options) cancels the request of the one before: the queryFn hands react-query's signal to the fetch, and
 * react-query aborts it when the query is left. Disabled until a namespace (or a node graph) is selected.
 * With `global.queryTime` (replay) it asks for the window ending then, and never polls (a past window does not change).
 */
export function useGraph(
  global: { namespaces: string[]; durationSeconds: number; refreshMs: number; queryTime?: number },
  p: GraphViewParams,
) {
  const path = graphApiPathFor(global, p);
  // a replayed (past) window does not change: no polling
  const refreshMs = global.queryTime === undefined ? global.refreshMs : 0;
  const refetchInterval = useMemo(() => backoffRefresh(refreshMs), [refreshMs]);
  return useQuery({
    queryKey: queryKeys.graph(path),
    queryFn: ({ signal }) => apiFetchPrefetched<KialiGraphJson>(path, { signal, measure: 'meshscope:graph' }),
    enabled: global.namespaces.length > 0 || p.node !== null,
    refetchInterval,
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
    queryKey: queryKeys.graphMetrics(path),
    queryFn: ({ signal }) => apiFetch<MetricsMap>(path, { signal }),
    enabled: target !== null,
    refetchInterval: refreshMs || false,
  });
}
