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
  checkedAt: string;
}
