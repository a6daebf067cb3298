/**
 * Istio standard metrics as cumulative counters, one series per label set, with each series' label text built
 * once when the series is first seen (so rendering /metrics is only string joins).
 *
 * Labels and their order are those of istio/proxy's stats tests (testdata/istio-proxy/*.yaml.tmpl); TCP series
 * have no response_code / grpc_response_status, as in Istio.
 */

/** Istio's default histogram buckets (Envoy defaults), used by all three histograms in a real 1.11 scrape. */
export const ISTIO_BUCKETS = [
  0.5, 1, 5, 10, 25, 50, 100, 250, 500, 1000, 2500, 5000, 10000, 30000, 60000, 300000, 600000, 1800000, 3600000,
];

/**
 * Duration buckets of the `lean` mode: a subset of Istio's, as a mesh would configure with the
 * `sidecar.istio.io/statsHistogramBuckets` annotation to cut the series count.
 */
export const LEAN_DURATION_BUCKETS = [5, 10, 25, 50, 100, 250, 500, 1000, 2500, 10000];

/**
 * How much histogram data to keep. `full`: duration, request and response bytes for both reporters with
 * Istio's buckets (what Istio emits; about 67 lines per series). `lean`: reporter=destination only, the duration
 * histogram with LEAN_DURATION_BUCKETS and the bytes histograms reduced to `+Inf`/`_sum`/`_count` (enough for
 * Kiali's response-time and throughput appenders at about a seventh of the size). `none`: counters only.
 */
export type HistogramMode = 'full' | 'lean' | 'none';

/**
 * The histogram detail that keeps a mesh's /metrics scrape practical: Istio's full histograms cost about 67 lines
 * of ~850 bytes per series, so `full` up to 100 workloads, `lean` up to 500, counters only above.
 */
export function recommendedHistograms(workloads: number): HistogramMode {
  if (workloads <= 100) return 'full';
  if (workloads <= 500) return 'lean';
  return 'none';
}

/** Who reports a row: the client's proxy, the server's sidecar, or (ambient) the waypoint in between. */
export type Reporter = 'source' | 'destination' | 'waypoint';

/** One side of a call as Istio labels it. */
export interface Peer {
  key: string;
  workload: string;
  namespace: string;
  app: string;
  version: string;
  canonicalService: string;
  canonicalRevision: string;
  /** SPIFFE id, shown only on mutual-TLS traffic. */
  principal: string;
  /**
   * The cluster the workload runs in (Istio's `multiCluster.clusterName`), on multi-cluster meshes only
   * (lib/demo/multicluster); absent, the registry's `cluster` is used, as on the single-cluster demo.
   */
  cluster?: string;
}

export const UNKNOWN_PEER: Peer = {
  key: 'unknown',
  workload: 'unknown',
  namespace: 'unknown',
  app: 'unknown',
  version: 'unknown',
  canonicalService: 'unknown',
  canonicalRevision: 'latest',
  principal: 'unknown',
};

/** The destination service labels (`destination_service` is the FQDN, or the external host). */
export interface ServiceLabels {
  service: string;
  name: string;
  namespace: string;
}

export class Histogram {
  readonly counts: Float64Array;
  sum = 0;
  count = 0;
  constructor(readonly buckets: number[]) {
    this.counts = new Float64Array(buckets.length);
  }
  observe(v: number): void {
    this.sum += v;
    this.count++;
    const b = this.buckets;
    for (let i = 0; i < b.length; i++) {
      if (v <= b[i]!) {
        this.counts[i]!++;
        return;
      }
    }
  }
}

export interface RequestSeries {
  reporter: Reporter;
  /** The cluster of the proxy that reports the series (its Prometheus scrapes it). */
  cluster: string;
  /** Label text without braces, e.g. `reporter="source",source_workload="productpage-v1",...`. */
  labels: string;
  requests: number;
  duration: Histogram | null;
  requestBytes: Histogram | null;
  responseBytes: Histogram | null;
}

/** gRPC message counters: labelled like TCP series minus protocol/flags/security (as in istio/proxy's tests). */
export interface MessageSeries {
  reporter: Reporter;
  cluster: string;
  labels: string;
  requestMessages: number;
  responseMessages: number;
}

/** The TCP counters of a series (istio_tcp_*, a sidecar's or a ztunnel's). */
export interface TcpCounters {
  sentBytes: number;
  receivedBytes: number;
  opened: number;
  closed: number;
}

export interface TcpSeries extends TcpCounters {
  reporter: Reporter;
  cluster: string;
  labels: string;
}

/** Counts one connection, opened and closed within the tick, with the bytes relayed each way. */
export function countConnection(s: TcpCounters, receivedBytes: number, sentBytes: number): void {
  s.opened++;
  s.closed++;
  s.receivedBytes += receivedBytes;
  s.sentBytes += sentBytes;
}

export interface RequestRow {
  reporter: Reporter;
  src: Peer;
  dst: Peer;
  svc: ServiceLabels;
  protocol: 'http' | 'grpc';
  code: number;
  grpcStatus: string;
  flags: string;
  mtls: boolean;
}

export type TcpRow = Omit<RequestRow, 'protocol' | 'code' | 'grpcStatus'>;

/** Escapes a label value for the text format. */
export function escapeLabel(v: string): string {
  return v.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n');
}

/** The peer labels Istio's standard metrics carry on each side, in the order it writes them. */
const PEER_LABELS = {
  source: [
    ...['workload', 'canonical_service', 'canonical_revision'],
    ...['workload_namespace', 'principal', 'app', 'version', 'cluster'],
  ],
  destination: ['workload', 'workload_namespace', 'principal', 'app', 'version'],
} as const;

function peerLabels(prefix: 'source' | 'destination', p: Peer, mtls: boolean, cluster: string): string[] {
  // A source without a proxy has no cluster either (istio/proxy's tests). A destination keeps the cluster of its
  // service even when no workload was reached: Kiali drops rows with a known service namespace and an unknown
  // destination_cluster as bad telemetry (IsBadDestTelemetry), and real fault-injected / overflow rows show up.
  const values: Record<(typeof PEER_LABELS)['source'][number], string> = {
    workload: p.workload,
    canonical_service: p.canonicalService,
    canonical_revision: p.canonicalRevision,
    workload_namespace: p.namespace,
    principal: mtls ? p.principal : 'unknown',
    app: p.app,
    version: p.version,
    cluster: prefix === 'source' && p.key === UNKNOWN_PEER.key ? 'unknown' : (p.cluster ?? cluster),
  };
  return PEER_LABELS[prefix].map((name) => `${prefix}_${name}="${escapeLabel(values[name])}"`);
}

function commonLabels(row: TcpRow, cluster: string): string[] {
  return [
    `reporter="${row.reporter}"`,
    ...peerLabels('source', row.src, row.mtls, cluster),
    ...peerLabels('destination', row.dst, row.mtls, cluster),
    `destination_service="${escapeLabel(row.svc.service)}"`,
    `destination_canonical_service="${escapeLabel(row.dst.canonicalService)}"`,
    `destination_canonical_revision="${escapeLabel(row.dst.canonicalRevision)}"`,
    `destination_service_name="${escapeLabel(row.svc.name)}"`,
    `destination_service_namespace="${escapeLabel(row.svc.namespace)}"`,
    `destination_cluster="${escapeLabel(destinationCluster(row, cluster))}"`,
  ];
}

/**
 * `destination_cluster`: the cluster of the workload reached; when none was (local replies), the cluster of the
 * reporting source proxy (the service's cluster as it sees it), else the registry's cluster.
 */
function destinationCluster(row: TcpRow, cluster: string): string {
  return row.dst.cluster ?? row.src.cluster ?? cluster;
}

/**
 * The cluster of the proxy reporting a row: the source's for reporter="source", the destination's otherwise (a
 * waypoint runs in its destination's cluster). Multi-cluster Prometheus setups scrape each row there.
 */
export function reporterCluster(row: TcpRow, cluster: string): string {
  return row.reporter === 'source' ? (row.src.cluster ?? cluster) : destinationCluster(row, cluster);
}

function securityPolicy(row: TcpRow): string {
  if (row.reporter === 'source') return 'unknown';
  return row.mtls ? 'mutual_tls' : 'none';
}

/**
 * The label text of a request or TCP series, in Istio's order: peers and service, `request_protocol`, the outcome
 * labels of the protocol (HTTP/gRPC: `response_code`, `grpc_response_status`), `response_flags`, and mTLS.
 */
function seriesLabels(row: TcpRow, cluster: string, protocol: string, outcome: string[]): string {
  return [
    ...commonLabels(row, cluster),
    `request_protocol="${protocol}"`,
    ...outcome,
    `response_flags="${escapeLabel(row.flags)}"`,
    `connection_security_policy="${securityPolicy(row)}"`,
  ].join(',');
}

/** `map.get(key)`, first storing `create()` under `key` when it is absent. */
function cached<K, V>(map: { get(key: K): V | undefined; set(key: K, value: V): unknown }, key: K, create: () => V): V {
  let value = map.get(key);
  if (value === undefined) map.set(key, (value = create()));
  return value;
}

/** What a /metrics endpoint renders: the series lists of a registry, or of one cluster's proxies. */
export type SeriesSource = Pick<TelemetryRegistry, 'requestSeriesList' | 'tcpSeriesList' | 'messageSeriesList'>;

/** The registry of all series the engine has produced; counters only ever grow. */
export class TelemetryRegistry {
  private requests = new Map<string, RequestSeries>();
  private tcp = new Map<string, TcpSeries>();
  private messages = new Map<string, MessageSeries>();
  private front = new WeakMap<Peer, WeakMap<Peer, WeakMap<ServiceLabels, Map<string, RequestSeries>>>>();

  constructor(
    readonly histogramMode: HistogramMode = 'full',
    readonly cluster = 'Kubernetes',
  ) {}

  /**
   * The series for a request row, created (with its label text) on first use. A front cache keyed by the row's
   * peer and service objects (stable within a mesh-index generation) avoids building the long string key.
   */
  requestSeries(row: RequestRow): RequestSeries {
    const bySrc = cached(
      this.front,
      row.src,
      () => new WeakMap<Peer, WeakMap<ServiceLabels, Map<string, RequestSeries>>>(),
    );
    const bySvc = cached(bySrc, row.dst, () => new WeakMap<ServiceLabels, Map<string, RequestSeries>>());
    const byOutcome = cached(bySvc, row.svc, () => new Map<string, RequestSeries>());
    const outcome = `${row.reporter[0]}${row.mtls ? 1 : 0}${row.protocol}|${row.code}|${row.flags}|${row.grpcStatus}`;
    return cached(byOutcome, outcome, () => this.masterSeries(row));
  }

  private masterSeries(row: RequestRow): RequestSeries {
    const key = `${row.reporter}|${row.src.key}|${row.dst.key}|${row.svc.service}|${row.protocol}|${row.code}|${row.grpcStatus}|${row.flags}|${row.mtls ? 1 : 0}`;
    return cached(this.requests, key, () => {
      const labels = seriesLabels(row, this.cluster, row.protocol, [
        `response_code="${row.code}"`,
        `grpc_response_status="${escapeLabel(row.grpcStatus)}"`,
      ]);
      const mode = this.histogramMode;
      const full = mode === 'full';
      const withHistograms = full || (mode === 'lean' && row.reporter !== 'source');
      return {
        reporter: row.reporter,
        cluster: reporterCluster(row, this.cluster),
        labels,
        requests: 0,
        duration: withHistograms ? new Histogram(full ? ISTIO_BUCKETS : LEAN_DURATION_BUCKETS) : null,
        requestBytes: withHistograms ? new Histogram(full ? ISTIO_BUCKETS : []) : null,
        responseBytes: withHistograms ? new Histogram(full ? ISTIO_BUCKETS : []) : null,
      };
    });
  }

  /** Counts one request (or gRPC call) on a row. */
  recordRequest(row: RequestRow, durationMs: number, requestBytes: number, responseBytes: number): void {
    const s = this.requestSeries(row);
    s.requests++;
    s.duration?.observe(durationMs);
    s.requestBytes?.observe(requestBytes);
    s.responseBytes?.observe(responseBytes);
    if (row.protocol === 'grpc') {
      const key = `${row.reporter}|${row.src.key}|${row.dst.key}|${row.svc.service}|${row.mtls ? 1 : 0}`;
      const m = cached(this.messages, key, () => ({
        reporter: row.reporter,
        cluster: reporterCluster(row, this.cluster),
        labels: commonLabels(row, this.cluster).join(','),
        requestMessages: 0,
        responseMessages: 0,
      }));
      m.requestMessages++;
      if (row.code === 200 && row.grpcStatus === '0') m.responseMessages++;
    }
  }

  /** Counts one TCP connection (opened and closed within the tick) with its bytes. */
  recordTcp(row: TcpRow, receivedBytes: number, sentBytes: number): void {
    const key = `${row.reporter}|${row.src.key}|${row.dst.key}|${row.svc.service}|${row.flags}|${row.mtls ? 1 : 0}`;
    const s = cached(this.tcp, key, () => ({
      reporter: row.reporter,
      cluster: reporterCluster(row, this.cluster),
      labels: seriesLabels(row, this.cluster, 'tcp', []),
      sentBytes: 0,
      receivedBytes: 0,
      opened: 0,
      closed: 0,
    }));
    countConnection(s, receivedBytes, sentBytes);
  }

  /** All request series, in creation order. */
  requestSeriesList(): IterableIterator<RequestSeries> {
    return this.requests.values();
  }

  /** All TCP series, in creation order. */
  tcpSeriesList(): IterableIterator<TcpSeries> {
    return this.tcp.values();
  }

  /** All gRPC message series, in creation order. */
  messageSeriesList(): IterableIterator<MessageSeries> {
    return this.messages.values();
  }

  /**
   * The series the proxies of one cluster report (see reporterCluster), for a per-cluster /metrics endpoint: the
   * same list methods, filtered. On a single-cluster registry, `forCluster(cluster)` holds every series.
   */
  forCluster(name: string): SeriesSource {
    const mine = <S extends { cluster: string }>(all: IterableIterator<S>) =>
      [...all].filter((s) => s.cluster === name).values();
    return {
      requestSeriesList: () => mine(this.requestSeriesList()),
      tcpSeriesList: () => mine(this.tcpSeriesList()),
      messageSeriesList: () => mine(this.messageSeriesList()),
    };
  }

  get size(): { requests: number; tcp: number; messages: number } {
    return { requests: this.requests.size, tcp: this.tcp.size, messages: this.messages.size };
  }
}
