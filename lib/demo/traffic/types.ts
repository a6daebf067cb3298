/**
 * Types of the demo mesh's traffic model: the call graph (who calls whom, how often) and the workloads and
 * services the engine derives from the object store.
 */

/** A caller: the workloads of an app in a namespace (optionally only some versions), or the out-of-mesh source. */
export type EdgeSource = { namespace: string; app: string; versions?: string[] } | 'unknown';

/** One kind of request a caller sends; `weight` is its relative share among the edge's templates. */
export interface RequestTemplate {
  method: string;
  path: string;
  headers?: Record<string, string>;
  /** The signed-in user of this request's session; edges with `endUserHeader` send it as `end-user`. */
  user?: string;
  /** The Host header (gateway routing); absent matches any VirtualService host. */
  authority?: string;
  weight?: number;
}

/** A call from a source to a destination host. Either `rps` (a client's own rate) or `perRequest` is set. */
export interface CallEdge {
  source: EdgeSource;
  /** Host as the caller addresses it: FQDN (`reviews.bookinfo.svc.cluster.local`), short name, or external host. */
  destination: { host: string; port?: number };
  protocol: 'http' | 'grpc' | 'tcp';
  /** Requests (TCP: connections) per second the source sends on its own, split over its workloads. */
  rps?: number;
  /** Calls made per request the source serves (causal edges, e.g. productpage → reviews). */
  perRequest?: number;
  /** Causal edges fire only for inbound requests whose path starts with one of these. */
  onPaths?: string[];
  /** Request templates (HTTP/gRPC); default `GET /`. Causal edges forward the inbound `end-user` header. */
  requests?: RequestTemplate[];
  /** Send the session user (see RequestTemplate.user) as the `end-user` header (bookinfo's productpage does). */
  endUserHeader?: boolean;
  /** TCP: bytes the client sends per connection (the server answers a little more, as tcp-echo does). */
  bytesPerConnection?: number;
}

/** How a workload behaves when it serves a request. */
export interface ServiceProfile {
  /** Median own processing time (ms), before downstream calls. */
  latencyMs: number;
  /** Log-normal shape; 0.3–0.7 is realistic. */
  latencySigma?: number;
  /** Share of requests answered with `errorCode` (a ratio in [0, 1]). */
  errorRate?: number;
  errorCode?: number;
  /** Typical response body size (bytes). */
  responseBytes?: number;
  /** Answer `/status/<code>` with that code, as httpbin does. */
  statusFromPath?: boolean;
}

/**
 * The traffic model: edges plus per-app profiles keyed `app`, `app:version`, `namespace/app` or
 * `namespace/app:version` (later, more specific keys win).
 */
export interface CallGraph {
  edges: CallEdge[];
  profiles?: Record<string, ServiceProfile>;
  /** One root request in this many starts a sampled trace (default 20). */
  traceSampling?: number;
}

/** A workload as the engine sees it, derived from a Deployment's pod template. */
export interface WorkloadInfo {
  /** `namespace/name`. */
  key: string;
  namespace: string;
  name: string;
  labels: Record<string, string>;
  app: string;
  version: string;
  canonicalService: string;
  canonicalRevision: string;
  serviceAccount: string;
  /** `spiffe://cluster.local/ns/<ns>/sa/<sa>`. */
  principal: string;
  replicas: number;
  /** Has an Envoy sidecar (injection enabled and not opted out). */
  sidecar: boolean;
  /** An Istio gateway (labels `istio: ingressgateway|egressgateway`); has a proxy but no sidecar telemetry inbound. */
  gateway: boolean;
  /**
   * Captured by ztunnel (ambient mode): no sidecar, and the namespace or the pod template says
   * `istio.io/dataplane-mode=ambient` (a pod label `istio.io/dataplane-mode=none` opts out). See traffic/ambient.ts.
   */
  ambient: boolean;
  /**
   * A waypoint proxy as istiod deploys it for a Gateway of class `istio-waypoint` (pod label
   * `gateway.istio.io/managed=istio.io-mesh-controller`): the Gateway's name, else null.
   */
  waypointFor: string | null;
  /** Pod names and IPs for trace tags (from Pods in the store when present, else made up from the name). */
  pods: { name: string; ip: string }[];
  /** The cluster running it, on a multi-cluster mesh (lib/demo/multicluster); absent on the single-cluster demo. */
  cluster?: string;
}

export type PortProtocol = 'http' | 'grpc' | 'tcp' | 'tls';

export interface ServicePort {
  name?: string;
  port: number;
  targetPort: number;
  protocol: PortProtocol;
}

/** A Kubernetes Service with the workloads its selector picks. */
export interface ServiceInfo {
  namespace: string;
  name: string;
  fqdn: string;
  /** The Service's own labels (e.g. `istio.io/use-waypoint`); absent on made-up gateway services. */
  labels?: Record<string, string>;
  ports: ServicePort[];
  workloads: WorkloadInfo[];
}

/** A host declared by a ServiceEntry. */
export interface ExternalHost {
  host: string;
  /** The ServiceEntry's namespace: Istio reports it as destination_service_namespace. */
  namespace: string;
  seName: string;
  ports: ServicePort[];
  meshExternal: boolean;
}
