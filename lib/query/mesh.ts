'use client';
/**
 * React-query hooks of the overview, lists and detail pages, over the mesh API (`/api/overview`, `/api/{apps|
 * workloads|services}`, `/api/namespaces/{ns}/{kind}/{name}[/metrics|/traces|/logs|/graph]`, `/api/traces/{id}`).
 * Each query refreshes at the page's refresh interval (0 pauses); previous data stays on screen while refetching.
 */
import { keepPreviousData, useQuery, type QueryKey } from '@tanstack/react-query';
import type { KialiGraphJson } from '@/lib/graph/types';
import type { TraceResponse, TracesResponse } from '@/lib/contracts/traces';
import type {
  AppDetail,
  AppListItem,
  ListResponse,
  MeshKind,
  OverviewMetrics,
  OverviewResponse,
  PodLogs,
  ServiceDetail,
  ServiceListItem,
  WaypointsResponse,
  WorkloadDetail,
  WorkloadListItem,
} from '@/lib/contracts/mesh';
import type { ConfigDumpView } from '@/lib/contracts/config-dump';
import { apiFetch } from './fetch';
import { queryKeys } from './keys';
import { pageCluster } from './istio';

/** One series of the metrics API (Kiali's MetricsMap entry): `[unixSeconds, value]` points, `stat` for histograms. */
export interface MetricSeries {
  name: string;
  labels: Record<string, string>;
  datapoints: [number, number][];
  stat?: string;
}
export type MetricsMap = Record<string, MetricSeries[] | undefined>;

export type ListItemOf<K extends MeshKind> = K extends 'apps'
  ? AppListItem
  : K extends 'workloads'
    ? WorkloadListItem
    : ServiceListItem;
export type DetailOf<K extends MeshKind> = K extends 'apps'
  ? AppDetail
  : K extends 'workloads'
    ? WorkloadDetail
    : ServiceDetail;

const refetch = (refreshMs: number) => (refreshMs > 0 ? refreshMs : false);
const enc = encodeURIComponent;
/** `?namespaces=a,b` for the namespaces, or nothing for none (all the user may read). */
const nsQuery = (namespaces: string[]) => (namespaces.length ? `?namespaces=${enc(namespaces.join(','))}` : '');

/**
 * A GET of the API path (`path()` is called at each fetch) answering `T`, refreshed every `refreshMs` (0 pauses),
 * the previous data kept on screen while refetching.
 */
function usePolled<T>(queryKey: QueryKey, path: () => string, refreshMs: number) {
  return useQuery({
    queryKey,
    queryFn: () => apiFetch<T>(path()),
    refetchInterval: refetch(refreshMs),
    placeholderData: keepPreviousData,
  });
}

/** The API path of an object: `/api/namespaces/bookinfo/apps/reviews`. */
export function objectApiPath(kind: MeshKind, namespace: string, name: string): string {
  return `/api/namespaces/${enc(namespace)}/${kind}/${enc(name)}`;
}

export { objectPagePath } from './mesh-pages';

/** Overview cards: one batched request per refresh for all namespaces (health included). */
export function useOverview(namespaces: string[], refreshMs: number) {
  const q = nsQuery(namespaces);
  return usePolled<OverviewResponse>(queryKeys.mesh.overview(namespaces), () => `/api/overview${q}`, refreshMs);
}

/** Per-namespace request-rate sparklines over the selected duration. */
export function useOverviewMetrics(namespaces: string[], durationSeconds: number, refreshMs: number) {
  const q = new URLSearchParams({ duration: String(durationSeconds) });
  if (namespaces.length) q.set('namespaces', namespaces.join(','));
  return usePolled<OverviewMetrics>(
    queryKeys.mesh.overviewMetrics(namespaces, durationSeconds),
    () => `/api/overview/metrics?${q}`,
    refreshMs,
  );
}

/** List rows of apps, workloads or services of the namespaces, with health and Istio config references. */
export function useMeshList<K extends MeshKind>(kind: K, namespaces: string[], refreshMs: number) {
  const q = nsQuery(namespaces);
  return usePolled<ListResponse<ListItemOf<K>>>(
    queryKeys.mesh.list(kind, namespaces),
    () => `/api/${kind}${q}`,
    refreshMs,
  );
}

/** The ambient waypoints of the namespaces, with what each serves. */
export function useWaypoints(namespaces: string[], refreshMs: number) {
  const q = nsQuery(namespaces);
  return usePolled<WaypointsResponse>(queryKeys.mesh.waypoints(namespaces), () => `/api/waypoints${q}`, refreshMs);
}

/** An object's detail model; `cluster` (multi-cluster) reads it from that cluster instead of the home one. */
export function useObjectDetail<K extends MeshKind>(
  kind: K,
  namespace: string,
  name: string,
  refreshMs: number,
  cluster?: string | null,
) {
  const q = cluster ? `?${new URLSearchParams({ cluster })}` : '';
  return usePolled<DetailOf<K>>(
    [...queryKeys.mesh.detail(kind, namespace, name), cluster ?? ''],
    () => `${objectApiPath(kind, namespace, name)}${q}`,
    refreshMs,
  );
}

/** The node graph around an object (Kiali's node graph API), for the Traffic tab and the mini graph. */
export function useNodeGraph(
  kind: MeshKind,
  namespace: string,
  name: string,
  durationSeconds: number,
  refreshMs: number,
) {
  const path =
    kind === 'apps'
      ? `/api/namespaces/${enc(namespace)}/applications/${enc(name)}/graph`
      : `${objectApiPath(kind, namespace, name)}/graph`;
  const q = new URLSearchParams({
    graphType: kind === 'apps' ? 'versionedApp' : 'workload',
    duration: `${durationSeconds}s`,
    injectServiceNodes: kind === 'services' ? 'true' : 'false',
    boxBy: '',
  });
  return usePolled<KialiGraphJson>(
    queryKeys.mesh.nodeGraph(kind, namespace, name, durationSeconds),
    () => `${path}?${q}`,
    refreshMs,
  );
}

/** Metrics of an object (`params` are Kiali's metrics query parameters). */
export function useObjectMetrics(
  kind: MeshKind,
  namespace: string,
  name: string,
  params: URLSearchParams,
  refreshMs: number,
) {
  const cluster = pageCluster();
  const withCluster = new URLSearchParams(params);
  if (cluster) withCluster.set('cluster', cluster); // the page's cluster's Prometheus and series (issue 18)
  const q = withCluster.toString();
  return usePolled<MetricsMap>(
    queryKeys.mesh.metrics(kind, namespace, name, q),
    () => `${objectApiPath(kind, namespace, name)}/metrics?${q}`,
    refreshMs,
  );
}

export interface TraceFilters {
  limit: number;
  minDurationMs: number | null;
  errorsOnly: boolean;
}

/** Traces of an object over the last `durationSeconds`. */
export function useTraces(
  kind: MeshKind,
  namespace: string,
  name: string,
  durationSeconds: number,
  filters: TraceFilters,
  refreshMs: number,
) {
  const cluster = pageCluster();
  return usePolled<TracesResponse>(
    [...queryKeys.mesh.traces(kind, namespace, name, durationSeconds, filters), cluster],
    () => {
      const endMicros = Date.now() * 1000;
      const q = new URLSearchParams({
        endMicros: String(endMicros),
        startMicros: String(endMicros - durationSeconds * 1_000_000),
        limit: String(filters.limit),
      });
      if (filters.minDurationMs) q.set('minDuration', String(Math.round(filters.minDurationMs * 1000)));
      if (filters.errorsOnly) q.set('errorsOnly', 'true');
      if (cluster) q.set('cluster', cluster); // that cluster's Jaeger and spans (issue 18)
      return `${objectApiPath(kind, namespace, name)}/traces?${q}`;
    },
    refreshMs,
  );
}

/** One trace with all its spans (multi-cluster: merged from every cluster's Jaeger, the page's cluster's first). */
export function useTrace(traceId: string | null) {
  const cluster = pageCluster();
  const q = cluster ? `?${new URLSearchParams({ cluster })}` : '';
  return useQuery({
    queryKey: [...queryKeys.mesh.trace(traceId), cluster],
    queryFn: () => apiFetch<TraceResponse>(`/api/traces/${enc(traceId ?? '')}${q}`),
    enabled: !!traceId,
    staleTime: 60_000,
  });
}

export interface LogOptions {
  pod: string | null;
  container: string | null;
  tailLines: number;
  timestamps: boolean;
  /** Poll every `followMs` (0: no follow). */
  followMs: number;
}

/** Logs of one container of one of the workload's pods. */
export function usePodLogs(namespace: string, workload: string, o: LogOptions) {
  return useQuery({
    queryKey: queryKeys.mesh.logs(namespace, workload, o),
    queryFn: () => {
      const q = new URLSearchParams({
        pod: o.pod ?? '',
        container: o.container ?? '',
        tailLines: String(o.tailLines),
        timestamps: String(o.timestamps),
      });
      return apiFetch<PodLogs>(`${objectApiPath('workloads', namespace, workload)}/logs?${q}`);
    },
    enabled: !!o.pod && !!o.container,
    refetchInterval: o.followMs > 0 ? o.followMs : false,
    placeholderData: keepPreviousData,
  });
}

/** The config dump of `pod` of a workload (ZTunnel / Envoy tabs); disabled until a pod is chosen. */
export function useConfigDump(namespace: string, workload: string, pod: string | null) {
  return useQuery({
    queryKey: queryKeys.mesh.configDump(namespace, workload, pod),
    queryFn: () =>
      apiFetch<ConfigDumpView>(
        `${objectApiPath('workloads', namespace, workload)}/config_dump?pod=${encodeURIComponent(pod ?? '')}`,
      ),
    enabled: !!pod,
  });
}
