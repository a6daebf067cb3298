import {
  countConnection,
  escapeLabel,
  TelemetryRegistry,
  type HistogramMode,
  type Peer,
  type ServiceLabels,
  type TcpCounters,
} from './telemetry';

/**
 * What the ambient data plane reports, per proxy pod: each ztunnel pod's `istio_tcp_*` series and each waypoint
 * pod's standard Istio metrics. Prometheus scrapes every proxy pod on its own (lib/demo/metrics serves
 * `/metrics/pods/<ns>/<pod>` and an HTTP service-discovery list), so each series carries its pod's labels the way
 * Istio's `kubernetes-pods` scrape job adds them (`app="ztunnel"`, `namespace`, `pod`, ...), which is what Kiali's
 * `app!="ztunnel"` filter relies on.
 */

/** One side of an L4 connection as ztunnel labels it; null is the all-`unknown` peer (outside the mesh). */
export interface ZtunnelRow {
  reporter: 'source' | 'destination';
  src: Peer | null;
  /** The peer identity from the mTLS handshake (SPIFFE URI), or null on plaintext. */
  srcPrincipal: string | null;
  dst: Peer | null;
  /** The intended destination service; null for passthrough traffic. */
  svc: ServiceLabels | null;
  /** `-`, `DENY` (authorization policy) or `CONNECT` (upstream connect failure), as ztunnel's ResponseFlags. */
  flags: '-' | 'DENY' | 'CONNECT';
  /** HBONE (mutual TLS) rather than plain TCP. */
  mtls: boolean;
}

export interface ZtunnelSeries extends TcpCounters {
  labels: string;
}

const UNKNOWN = 'unknown';

/**
 * The label text of a ztunnel series, in the order ztunnel 1.24 writes them (its CommonTrafficLabels; compare
 * testdata/prometheus/istio-1.24-ztunnel-tcp.excerpt.prom): `source_app`/`source_version` are the canonical
 * service/revision, principals come from identities, `request_protocol` is always `tcp`, and
 * `connection_security_policy` is `mutual_tls` on HBONE, else `unknown`.
 */
export function ztunnelLabels(row: ZtunnelRow, cluster: string): string {
  const s = row.src;
  const d = row.dst;
  const v = (x: string | undefined | null) => `"${escapeLabel(x ?? UNKNOWN)}"`;
  return [
    `reporter="${row.reporter}"`,
    `source_workload=${v(s?.workload)}`,
    `source_canonical_service=${v(s?.canonicalService)}`,
    `source_canonical_revision=${v(s?.canonicalRevision)}`,
    `source_workload_namespace=${v(s?.namespace)}`,
    `source_principal=${v(row.srcPrincipal)}`,
    `source_app=${v(s?.canonicalService)}`,
    `source_version=${v(s?.canonicalRevision)}`,
    `source_cluster=${v(s ? cluster : null)}`,
    `destination_service=${v(row.svc?.service)}`,
    `destination_service_namespace=${v(row.svc?.namespace)}`,
    `destination_service_name=${v(row.svc?.name)}`,
    `destination_workload=${v(d?.workload)}`,
    `destination_canonical_service=${v(d?.canonicalService)}`,
    `destination_canonical_revision=${v(d?.canonicalRevision)}`,
    `destination_workload_namespace=${v(d?.namespace)}`,
    `destination_principal=${v(d?.principal)}`,
    `destination_app=${v(d?.canonicalService)}`,
    `destination_version=${v(d?.canonicalRevision)}`,
    `destination_cluster=${v(d ? cluster : null)}`,
    'request_protocol="tcp"',
    `response_flags="${row.flags}"`,
    `connection_security_policy="${row.mtls ? 'mutual_tls' : 'unknown'}"`,
  ].join(',');
}

/** One ztunnel pod's cumulative TCP counters. */
export class ZtunnelRegistry {
  private series = new Map<string, ZtunnelSeries>();
  constructor(readonly cluster = 'Kubernetes') {}

  /** Counts one connection (opened and closed within the tick) with the bytes ztunnel relayed each way. */
  recordConnection(row: ZtunnelRow, receivedBytes: number, sentBytes: number): void {
    const labels = ztunnelLabels(row, this.cluster);
    let s = this.series.get(labels);
    if (!s) this.series.set(labels, (s = { labels, opened: 0, closed: 0, receivedBytes: 0, sentBytes: 0 }));
    countConnection(s, receivedBytes, sentBytes);
  }

  list(): IterableIterator<ZtunnelSeries> {
    return this.series.values();
  }

  get size(): number {
    return this.series.size;
  }
}

/** An ambient proxy pod Prometheus scrapes: a ztunnel (DaemonSet pod) or a waypoint (Deployment pod). */
export interface ProxyPod {
  kind: 'ztunnel' | 'waypoint';
  namespace: string;
  name: string;
  ip: string;
  /** The pod's labels (become target labels, as Istio's `kubernetes-pods` job's labelmap does). */
  labels: Record<string, string>;
}

/** All ambient proxies' registries, keyed `namespace/pod`. */
export class AmbientTelemetry {
  readonly ztunnels = new Map<string, { pod: ProxyPod; registry: ZtunnelRegistry }>();
  readonly waypoints = new Map<string, { pod: ProxyPod; registry: TelemetryRegistry }>();

  constructor(
    readonly histogramMode: HistogramMode = 'full',
    readonly cluster = 'Kubernetes',
  ) {}

  /** The registry of a ztunnel pod (created on first use). */
  ztunnel(pod: ProxyPod): ZtunnelRegistry {
    const key = `${pod.namespace}/${pod.name}`;
    let e = this.ztunnels.get(key);
    if (!e) this.ztunnels.set(key, (e = { pod, registry: new ZtunnelRegistry(this.cluster) }));
    return e.registry;
  }

  /** The registry of a waypoint pod (created on first use): reporter="waypoint" rows, Istio's standard labels. */
  waypoint(pod: ProxyPod): TelemetryRegistry {
    const key = `${pod.namespace}/${pod.name}`;
    let e = this.waypoints.get(key);
    if (!e) this.waypoints.set(key, (e = { pod, registry: new TelemetryRegistry(this.histogramMode, this.cluster) }));
    return e.registry;
  }

  /** Every proxy pod that has reported something, ztunnels first. */
  pods(): ProxyPod[] {
    return [...[...this.ztunnels.values()].map((e) => e.pod), ...[...this.waypoints.values()].map((e) => e.pod)];
  }
}
