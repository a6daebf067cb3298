/** The wire shape of `GET /api/status` (shared by the server and the browser; types only). */
/** One backend's state, as the status page (Kiali's "component status") shows it. */
export interface BackendStatus {
  name: 'prometheus' | 'jaeger' | 'kubernetes';
  /** Where Meshscope looks for it; null when not configured. */
  url: string | null;
  reachable: boolean;
  /** The backend's own version string where it tells it (Prometheus build info, Kubernetes gitVersion, Jaeger API). */
  version: string | null;
  /** Round-trip time of the probe in milliseconds; null when it failed before an answer. */
  latencyMs: number | null;
  /** `{code, message}` when unreachable or not configured. */
  error: { code: string; message: string } | null;
}

/** One kind of the inventory cache: `starting` (listing), `ready` (listed and watching), `absent` (not served), `failed`. */
export interface InventoryKindStatus {
  /** `namespaces`, `pods`, …, or the kinds table's URL key (`virtualservices`, `k8sgateways`). */
  key: string;
  state: 'starting' | 'ready' | 'absent' | 'failed';
  /** The version listed and watched for Istio and Gateway API kinds; null for the built-in kinds or when absent. */
  version: string | null;
  /**
   * Objects of the kind in the whole cluster; null for a signed-in user (token/header sign-in), whom RBAC may not let
   * see the whole cluster.
   */
  objects: number | null;
  /** The last failure while `failed` (the kind is retried with back-off), else null. */
  error: string | null;
}

/**
 * The watch-based inventory cache (INVENTORY_CACHE): while `ready` is false the inventory is listed per request
 * instead (anonymous: as before; token sign-in: only the user's namespaces, one list per namespace).
 */
export interface InventoryStatus {
  mode: 'watch' | 'off';
  ready: boolean;
  /** When it last became ready (ISO 8601), null if it is not. */
  readySince: string | null;
  kinds: InventoryKindStatus[];
  /** Why there is no cache (e.g. no server credentials), else null. */
  error: string | null;
}

/** One cluster of the registry (issue 18) and whether its Kubernetes API answers the current identity. */
export interface ClusterStatus {
  name: string;
  /** The cluster Meshscope runs against (CLUSTER_NAME); the others come from CLUSTERS_DIR or remote secrets. */
  home: boolean;
  source: 'home' | 'dir' | 'remote-secret';
  /** Its API server URL; null when its kubeconfig could not be loaded. */
  apiServer: string | null;
  reachable: boolean;
  /** Kubernetes gitVersion when reachable. */
  version: string | null;
  latencyMs: number | null;
  /** Its own Prometheus / Jaeger when configured; null = the shared PROMETHEUS_URL / JAEGER_URL. */
  prometheusUrl: string | null;
  jaegerUrl: string | null;
  /** When the registry added it (ISO 8601). */
  since: string;
  error: { code: string; message: string } | null;
}

export interface StatusReport {
  clusterName: string;
  istioNamespace: string;
  authStrategy: string;
  viewOnly: boolean;
  /**
   * The CSP `frame-ancestors` sources every page is served with (`FRAME_ANCESTORS`, malformed entries dropped, `'self'`
   * when none is left): the origins allowed to embed Meshscope in an iframe.
   */
  frameAncestors: string[];
  /** How far back metrics go (`PROMETHEUS_RETENTION`, seconds): the longest window a graph or generator may read. */
  metricsRetentionSeconds: number;
  backends: BackendStatus[];
  inventory: InventoryStatus;
  /** Every known cluster, the home one first (one entry with a single cluster). */
  clusters: ClusterStatus[];
  /** Cluster files or remote-secret entries that were skipped, and why. */
  clusterProblems: { where: string; message: string }[];
  checkedAt: string;
}
