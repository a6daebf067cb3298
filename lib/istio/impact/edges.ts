/**
 * Observed traffic for impact previews: the edges of a Kiali graph (`GET /api/namespaces/graph`, reference/kiali.md
 * §2.2) as plain source → destination flows with their rate, mTLS share and SPIFFE principals (from the
 * `securityPolicy` appender). Works with workload, app and versionedApp graphs, with or without service nodes
 * (an edge into a service node is attributed to that service; an edge from it to a workload inherits the service).
 * Pure and isomorphic.
 */

/** The parts of Kiali's graph JSON this reads. */
export interface GraphJsonLike {
  elements?: {
    nodes?: { data: GraphNodeData }[];
    edges?: { data: GraphEdgeData }[];
  };
}

export interface GraphNodeData {
  id: string;
  nodeType?: string;
  namespace?: string;
  workload?: string;
  app?: string;
  version?: string;
  service?: string;
  destServices?: { namespace: string; name: string }[];
  isOutside?: boolean;
  isInaccessible?: boolean;
  /** Captured by ztunnel (the `meshCheck` appender). */
  isAmbient?: boolean;
  /** An ambient waypoint proxy (the `ambient` appender). */
  isWaypoint?: boolean;
  labels?: Record<string, string>;
}

export interface GraphEdgeData {
  source: string;
  target: string;
  traffic?: { protocol?: string; rates?: Record<string, string> };
  isMTLS?: string;
  sourcePrincipal?: string;
  destPrincipal?: string;
}

export interface Endpoint {
  /** Graph node id (for highlighting). */
  id: string;
  nodeType: string;
  namespace: string;
  workload: string | null;
  app: string | null;
  version: string | null;
  /** Labels known for the endpoint (app and version from the graph, plus the workload's labels when supplied). */
  labels: Record<string, string>;
  /** Captured by ztunnel (ambient mode), as the graph's `isAmbient` says; absent when the graph did not say. */
  ambient?: boolean;
  /** An ambient waypoint proxy (the graph's `isWaypoint`). */
  waypoint?: boolean;
}

export interface TrafficEdge {
  source: Endpoint;
  destination: Endpoint;
  /** The service the requests were sent to, when known. */
  service: { namespace: string; name: string } | null;
  protocol: 'http' | 'grpc' | 'tcp';
  /** Requests per second for HTTP/gRPC; bytes per second for TCP. */
  rate: number;
  /** Share of the traffic that used mutual TLS, 0–1; null when the graph did not say. */
  mtlsShare: number | null;
  /** Source SPIFFE principal without `spiffe://` (`cluster.local/ns/bookinfo/sa/bookinfo-reviews`), or null. */
  sourcePrincipal: string | null;
  /** Share of the requests answered 5xx, 0–1 (HTTP/gRPC; null for TCP or when the graph did not say). */
  errorShare?: number | null;
}

/** `spiffe://cluster.local/ns/x/sa/y` → `cluster.local/ns/x/sa/y` (how AuthorizationPolicy principals are written). */
export function principalOf(spiffe: string | undefined): string | null {
  if (!spiffe || spiffe === 'unknown') return null;
  return spiffe.replace(/^spiffe:\/\//, '');
}

/** The namespace a principal names (`.../ns/<ns>/sa/...`), or null. */
export function principalNamespace(principal: string | null): string | null {
  return principal ? (/\/ns\/([^/]+)\/sa\//.exec(principal)?.[1] ?? null) : null;
}

const rateOf = (rates: Record<string, string> | undefined, protocol: string): number => {
  const r = rates ?? {};
  const value = protocol === 'tcp' ? r.tcp : protocol === 'grpc' ? (r.grpc ?? r.http) : r.http;
  const n = Number(value);
  return Number.isFinite(n) ? n : 0;
};

/** The 5xx share of an HTTP edge's requests (`rates.http5xx / rates.http`), null for TCP or no requests. */
const errorShareOf = (rates: Record<string, string> | undefined, protocol: string): number | null => {
  if (protocol === 'tcp') return null;
  const total = rateOf(rates, protocol);
  const bad = Number((rates ?? {})[protocol === 'grpc' ? 'grpcErr' : 'http5xx'] ?? 0);
  return total > 0 && Number.isFinite(bad) ? Math.min(1, bad / total) : null;
};

function endpoint(
  n: GraphNodeData,
  extraLabels: (ns: string, workload: string) => Record<string, string> | undefined,
): Endpoint {
  const namespace = n.namespace ?? 'unknown';
  const labels: Record<string, string> = { ...(n.labels ?? {}) };
  if (n.app) labels.app ??= n.app;
  if (n.version) labels.version ??= n.version;
  if (n.workload) Object.assign(labels, extraLabels(namespace, n.workload) ?? {});
  return {
    id: n.id,
    nodeType: n.nodeType ?? 'unknown',
    namespace,
    workload: n.workload ?? null,
    app: n.app ?? null,
    version: n.version ?? null,
    labels,
    ...(n.isAmbient ? { ambient: true } : {}),
    ...(n.isWaypoint ? { waypoint: true } : {}),
  };
}

/**
 * Flattens a graph into traffic edges that end at a workload (or app) node. With service nodes injected, a
 * source → service → workload path becomes source → workload, the service → workload rate split over the service's
 * callers in proportion to what each sent to the service.
 * @param workloadLabels optional pod-template labels per `namespace/workload`, so selectors on other labels work.
 */
export function edgesFromGraph(
  graph: GraphJsonLike,
  workloadLabels: Record<string, Record<string, string>> = {},
): TrafficEdge[] {
  const nodes = new Map((graph.elements?.nodes ?? []).map((n) => [n.data.id, n.data]));
  const labels = (ns: string, wl: string) => workloadLabels[`${ns}/${wl}`];
  const raw = (graph.elements?.edges ?? []).map((e) => e.data);
  const out: TrafficEdge[] = [];
  const intoService = new Map<string, GraphEdgeData[]>();
  for (const e of raw) {
    const target = nodes.get(e.target);
    if (target?.nodeType === 'service') intoService.set(e.target, [...(intoService.get(e.target) ?? []), e]);
  }
  for (const e of raw) {
    const src = nodes.get(e.source);
    const dst = nodes.get(e.target);
    if (!src || !dst || dst.nodeType === 'service' || dst.nodeType === 'box') continue;
    const protocol = (
      e.traffic?.protocol === 'grpc' || e.traffic?.protocol === 'tcp' ? e.traffic.protocol : 'http'
    ) as TrafficEdge['protocol'];
    const rate = rateOf(e.traffic?.rates, protocol);
    const mtlsShare = e.isMTLS === undefined ? null : Number(e.isMTLS) / 100;
    const errorShare = errorShareOf(e.traffic?.rates, protocol);
    const destination = endpoint(dst, labels);
    if (src.nodeType === 'service') {
      // source → service → workload: attribute to each caller of the service by its share of the service's inbound.
      const callers = (intoService.get(src.id) ?? []).filter((c) => nodes.get(c.source));
      const total = callers.reduce((s, c) => s + rateOf(c.traffic?.rates, protocol), 0);
      const service = { namespace: src.namespace ?? destination.namespace, name: src.service ?? '' };
      for (const c of callers) {
        const share = total > 0 ? rateOf(c.traffic?.rates, protocol) / total : 1 / callers.length;
        out.push({
          source: endpoint(nodes.get(c.source)!, labels),
          destination,
          service,
          protocol,
          rate: rate * share,
          mtlsShare,
          errorShare,
          sourcePrincipal: principalOf(e.sourcePrincipal ?? c.sourcePrincipal),
        });
      }
      continue;
    }
    const ds = dst.destServices?.[0];
    out.push({
      source: endpoint(src, labels),
      destination,
      service: ds
        ? { namespace: ds.namespace, name: ds.name }
        : dst.app
          ? { namespace: destination.namespace, name: dst.app }
          : null,
      protocol,
      rate,
      mtlsShare,
      errorShare,
      sourcePrincipal: principalOf(e.sourcePrincipal),
    });
  }
  return out;
}

/** A readable name for an endpoint: `bookinfo/reviews-v1`, `bookinfo/reviews v1`, or `unknown`. */
export function endpointName(e: Endpoint): string {
  if (e.nodeType === 'unknown' || e.namespace === 'unknown') return 'unknown';
  if (e.workload) return `${e.namespace}/${e.workload}`;
  return `${e.namespace}/${e.app ?? '?'}${e.version ? ` ${e.version}` : ''}`;
}

/** The fields of an impact row that name its edge: endpoint names and ids, protocol, observed rate (requests/s). */
export const edgeBase = (e: TrafficEdge) => ({
  source: endpointName(e.source),
  destination: endpointName(e.destination),
  sourceId: e.source.id,
  destinationId: e.destination.id,
  protocol: e.protocol,
  rate: e.rate,
});
