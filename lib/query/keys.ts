/**
 * Every react-query key of the browser, one function per resource (Headlamp's `kubeObjectQueryKey()` style): queries
 * and invalidations call the same functions, so a key is written once. Keys are arrays whose first element names the
 * area (`istio`, `mesh`, `auth`, ...) and whose later elements narrow it (namespace, kind, name, request parameters);
 * react-query matches a key given to `invalidateQueries` as a prefix, so `queryKeys.istio.all()` reaches every Istio
 * config query (list, object, wizard, services, impact inputs) and `queryKeys.istio.object(ns, plural, name)` exactly
 * one object. Keys hold only JSON values (react-query hashes them with sorted object keys, so equal parameters give
 * equal keys whatever their order).
 */
import { partialMatchKey, type QueryKey } from '@tanstack/react-query';
import type { MeshKind } from '@/lib/contracts/mesh';

/** Trace list filters as they appear in a key (lib/query/mesh.ts `TraceFilters`). */
interface TraceFilterKey {
  limit: number;
  minDurationMs: number | null;
  errorsOnly: boolean;
}

/** Log options as they appear in a key (polling interval left out: it does not change the answer). */
interface LogKey {
  pod: string | null;
  container: string | null;
  tailLines: number;
  timestamps: boolean;
}

export const queryKeys = {
  /** `GET /api/namespaces`. */
  namespaces: () => ['namespaces'] as const,
  /** `GET /api/status`. */
  status: () => ['status'] as const,

  auth: {
    /** Prefix of the session and permission queries. */
    all: () => ['auth'] as const,
    /** `GET /api/auth/session`. */
    session: () => ['auth', 'session'] as const,
    /** `GET /api/permissions`. */
    permissions: () => ['auth', 'permissions'] as const,
  },

  /** A namespace or node graph, by its API path with query (lib/query/graph-url.ts `graphApiPathFor`). */
  graph: (path: string) => ['graph', path] as const,
  /** Side-panel metrics of one graph node, by the metrics API path with query (graph.ts `buildMetricsPath`). */
  graphMetrics: (path: string) => ['graph-metrics', path] as const,

  /** The overview, list and detail pages. */
  mesh: {
    overview: (namespaces: string[]) => ['mesh', 'overview', namespaces] as const,
    overviewMetrics: (namespaces: string[], durationSeconds: number) =>
      ['mesh', 'overview-metrics', namespaces, durationSeconds] as const,
    list: (kind: MeshKind, namespaces: string[]) => ['mesh', 'list', kind, namespaces] as const,
    waypoints: (namespaces: string[]) => ['mesh', 'waypoints', namespaces] as const,
    detail: (kind: MeshKind, namespace: string, name: string) => ['mesh', 'detail', kind, namespace, name] as const,
    nodeGraph: (kind: MeshKind, namespace: string, name: string, durationSeconds: number) =>
      ['mesh', 'node-graph', kind, namespace, name, durationSeconds] as const,
    /** `query`: the metrics request's query string (Kiali's metrics parameters). */
    metrics: (kind: MeshKind, namespace: string, name: string, query: string) =>
      ['mesh', 'metrics', kind, namespace, name, query] as const,
    traces: (kind: MeshKind, namespace: string, name: string, durationSeconds: number, filters: TraceFilterKey) =>
      ['mesh', 'traces', kind, namespace, name, durationSeconds, filters] as const,
    trace: (traceId: string | null) => ['mesh', 'trace', traceId] as const,
    logs: (namespace: string, workload: string, o: LogKey) =>
      ['mesh', 'logs', namespace, workload, o.pod, o.container, o.tailLines, o.timestamps] as const,
    /** A proxy's config dump (ZTunnel and Envoy tabs) of one pod of a workload. */
    configDump: (namespace: string, workload: string, pod: string | null) =>
      ['mesh', 'config-dump', namespace, workload, pod] as const,
  },

  istio: {
    /** Prefix of every Istio config query: what a save or delete invalidates. */
    all: () => ['istio'] as const,
    /** `GET /api/istio?validate=true` of the namespaces (all when empty). */
    list: (namespaces: string[]) => ['istio', 'list', namespaces.join(',')] as const,
    /** One object with validation and references. */
    object: (namespace: string, plural: string, name: string) => ['istio', 'object', namespace, plural, name] as const,
    /** `GET /api/istio/services` of the namespaces (wizard service picker). */
    services: (namespaces: string[]) => ['istio', 'services', namespaces.join(',')] as const,
    /** A wizard's service with its current VirtualService and DestinationRule. */
    wizard: (namespace: string, service: string) => ['istio', 'wizard', namespace, service] as const,
    /** The traffic graph the impact preview evaluates, by its query string. */
    impactGraph: (query: string) => ['istio', 'impact-graph', query] as const,
    /** The live policies and routes the impact preview evaluates against. */
    impactConfig: () => ['istio', 'impact-config'] as const,
    /** The Istio Gateways of every namespace (expose flow: bind to an existing one). */
    gateways: () => ['istio', 'gateways'] as const,
    /** The cluster's GatewayClasses (Gateway API Gateway form: the class select). */
    gatewayClasses: () => ['istio', 'gateway-classes'] as const,
  },
};

/** Whether `key` lies under `prefix`, as `invalidateQueries({ queryKey: prefix })` would match it. */
export function isUnder(key: QueryKey, prefix: QueryKey): boolean {
  return partialMatchKey(key, prefix);
}
