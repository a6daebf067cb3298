import type { AmbientTelemetry, ProxyPod, ZtunnelRegistry } from '../traffic/ambient-telemetry';
import { renderMetricsChunks } from './render';

/**
 * Per-pod scrapes of the ambient data plane. Istio's Prometheus (samples/addons) scrapes every pod annotated
 * `prometheus.io/scrape` with its `kubernetes-pods` job, which turns the pod's labels into target labels (labelmap
 * of `__meta_kubernetes_pod_label_*`) and adds `namespace` and `pod`. The demo has no Kubernetes service discovery
 * for Prometheus, so the metrics server lists the proxy pods in Prometheus' HTTP service-discovery format with the
 * same labels, and serves each pod's scrape on its own path.
 */

/** Where a proxy pod's scrape is served. */
export function podMetricsPath(pod: Pick<ProxyPod, 'namespace' | 'name'>): string {
  return `/metrics/pods/${encodeURIComponent(pod.namespace)}/${encodeURIComponent(pod.name)}`;
}

/** Prometheus' label-name sanitising (as Kubernetes service discovery applies to pod label names). */
export function sanitizeLabelName(name: string): string {
  return name.replace(/[^a-zA-Z0-9_]/g, '_');
}

/** One target group of Prometheus' HTTP service discovery (`http_sd_configs`). */
export interface TargetGroup {
  targets: string[];
  labels: Record<string, string>;
}

/**
 * The ambient proxy pods as HTTP-SD target groups: scraped at `address` (this server) on the pod's path, with the
 * pod's labels (sanitised), `namespace`, `pod` and `instance` = `<podIP>:15020`, as the `kubernetes-pods` job labels them.
 */
export function podTargets(ambient: AmbientTelemetry, address: string): TargetGroup[] {
  return ambient.pods().map((pod) => {
    const labels: Record<string, string> = {};
    for (const [k, v] of Object.entries(pod.labels)) labels[sanitizeLabelName(k)] = v;
    return {
      targets: [address],
      labels: {
        ...labels,
        __metrics_path__: podMetricsPath(pod),
        namespace: pod.namespace,
        pod: pod.name,
        instance: `${pod.ip}:15020`,
      },
    };
  });
}

/** The content type ztunnel (Rust prometheus-client) serves. */
export const OPENMETRICS_CONTENT_TYPE = 'application/openmetrics-text; version=1.0.0; charset=utf-8';

/**
 * A ztunnel pod's scrape as ztunnel 1.24 serves it: OpenMetrics text, families registered without `_total`
 * (`# TYPE istio_tcp_sent_bytes counter`), samples with it, in ztunnel's registration order, ending in `# EOF`.
 */
export function renderZtunnel(registry: ZtunnelRegistry): string {
  const series = [...registry.list()];
  const lines: string[] = [];
  const family = (name: string, help: string, value: (s: (typeof series)[number]) => number) => {
    lines.push(`# HELP ${name} ${help}`, `# TYPE ${name} counter`);
    for (const s of series) lines.push(`${name}_total{${s.labels}} ${value(s)}`);
  };
  family('istio_tcp_connections_opened', 'The total number of TCP connections opened.', (s) => s.opened);
  family('istio_tcp_connections_closed', 'The total number of TCP connections closed.', (s) => s.closed);
  family(
    'istio_tcp_received_bytes',
    'The size of total bytes received during request in case of a TCP connection.',
    (s) => s.receivedBytes,
  );
  family(
    'istio_tcp_sent_bytes',
    'The size of total bytes sent during response in case of a TCP connection.',
    (s) => s.sentBytes,
  );
  lines.push('# EOF');
  return lines.join('\n') + '\n';
}

/**
 * The scrape of one proxy pod: a ztunnel's (OpenMetrics) or a waypoint's (Envoy's Prometheus text, the same
 * families as a sidecar's with reporter="waypoint"), or null for a pod that is not an ambient proxy.
 */
export function renderPod(
  ambient: AmbientTelemetry,
  namespace: string,
  name: string,
): { contentType: string; chunks: Iterable<string> } | null {
  const key = `${namespace}/${name}`;
  const z = ambient.ztunnels.get(key);
  if (z) return { contentType: OPENMETRICS_CONTENT_TYPE, chunks: [renderZtunnel(z.registry)] };
  const w = ambient.waypoints.get(key);
  if (w)
    return {
      contentType: 'text/plain; version=0.0.4; charset=utf-8',
      chunks: renderMetricsChunks({ telemetry: w.registry }),
    };
  return null;
}
