/**
 * Public types of the graph core: options, the inputs it is given (Prometheus query function, Kubernetes
 * inventory) and Kiali's graph JSON it returns (`graph/config/common/common.go`, reference/kiali.md §2.2).
 * Isomorphic: no imports from server-only folders.
 */
import type { HealthData } from '@/lib/health/types';
import type { IstioResource } from '@/lib/istio/types';
import type {
  AmbientTraffic,
  AppenderName,
  BoxBy,
  GraphType,
  RateGrpc,
  RateHttp,
  RateTcp,
  ResponseTimeOption,
  ThroughputType,
} from './params';

// ---------------------------------------------------------------------------------------------------------------
// Inputs
// ---------------------------------------------------------------------------------------------------------------

/** One sample of an instant vector: labels and value (NaN allowed, as Prometheus sends it). */
export interface PromSample {
  metric: Record<string, string>;
  value: number;
}

/** Instant query at `timeSec` (unix seconds). Throws `Error`s with a `code` such as `unavailable:prometheus`. */
/** One Prometheus instant query; `signal` cancels it (a queued query is then never sent). */
export type InstantQuery = (query: string, timeSec: number, signal?: AbortSignal) => Promise<PromSample[]>;

export interface InventoryNamespace {
  name: string;
  labels: Record<string, string>;
  /** RFC 3339; used to clip the query window to the namespace's lifetime (Kiali `getSafeNamespaceDuration`). */
  creationTimestamp?: string;
}

export interface InventoryWorkload {
  namespace: string;
  name: string;
  /** Deployment, StatefulSet, DaemonSet, ... */
  kind: string;
  labels: Record<string, string>;
  podCount: number;
  sidecarInjected: boolean;
  serviceAccount?: string;
  annotations?: Record<string, string>;
  /** Captured by ambient (ztunnel) rather than a sidecar (`lib/ambient` `isAmbientWorkload`). */
  ambient?: boolean;
  /** A waypoint proxy (`gateway.istio.io/managed=istio.io-mesh-controller`, Kiali `config.IsWaypoint`). */
  waypoint?: boolean;
  /** Replica counts from the controller status; when absent they are derived from `podCount` and `pods`. */
  desiredReplicas?: number;
  currentReplicas?: number;
  availableReplicas?: number;
}

export interface InventoryServicePort {
  name?: string;
  port: number;
  protocol?: string;
  appProtocol?: string;
}

export interface InventoryService {
  namespace: string;
  name: string;
  labels: Record<string, string>;
  selector: Record<string, string>;
  ports: InventoryServicePort[];
  annotations?: Record<string, string>;
}

export interface InventoryPod {
  namespace: string;
  name: string;
  labels: Record<string, string>;
  phase: string;
  ready: boolean;
  containers?: unknown[];
}

/** An Istio (or Gateway API) object of the inventory: the one Istio object type (`lib/istio/types.ts`), any kind. */
export type IstioObject = IstioResource;

/** What the Kubernetes side hands the graph: everything the user may see. */
export interface GraphInventory {
  namespaces: InventoryNamespace[];
  workloads: InventoryWorkload[];
  services: InventoryService[];
  istioConfig: IstioObject[];
  /** Gateway API objects (`gateway.networking.k8s.io`: Gateways, routes), kept apart from Istio's kinds. */
  gatewayApi?: IstioObject[];
  pods?: InventoryPod[];
  /** Cluster name of the inventory (multi-cluster telemetry); default: the cluster seen in the telemetry. */
  cluster?: string;
  /** Istio control-plane namespace (default `istio-system`). */
  istioNamespace?: string;
}

// ---------------------------------------------------------------------------------------------------------------
// Options (graph/options.go)
// ---------------------------------------------------------------------------------------------------------------

// The parameter vocabulary (GraphType, BoxBy, rates, appender names) is declared once, in `params.ts`, with the
// parameter schema the page and the API share.

export interface RequestedRates {
  http: RateHttp;
  grpc: RateGrpc;
  tcp: RateTcp;
  ambient: AmbientTraffic;
}

/** Path parameters of a node (drill-down) graph; exactly one of workload, app or service is set. */
export interface NodeOptions {
  namespace: string;
  workload?: string;
  app?: string;
  version?: string;
  service?: string;
  /** From `clusterName`; narrows the node's queries by cluster when set. */
  cluster?: string;
}

export interface GraphOptions {
  graphType: GraphType;
  namespaces: string[];
  /** The Prometheus range in seconds (`duration`, default 10m). */
  durationSeconds: number;
  /** Unix seconds (`queryTime`, default now). */
  queryTime: number;
  injectServiceNodes: boolean;
  includeIdleEdges: boolean;
  boxBy: BoxBy[];
  /** `all` when the `appenders` param is absent; `names` (possibly empty) otherwise. */
  appenders: { all: boolean; names: AppenderName[] };
  rates: RequestedRates;
  responseTime: ResponseTimeOption;
  throughputType: ThroughputType;
  /** `waypoints`: keep waypoint proxy nodes (the `ambient` finalizer removes them otherwise); default true. */
  showWaypoints?: boolean;
  /** Set for node graphs. */
  node?: NodeOptions;
  /**
   * `clusterName` of a namespace graph (multi-cluster): only that cluster's nodes, their edges and the nodes at their
   * other ends (node graphs carry it in `node.cluster` instead).
   */
  clusterName?: string;
  /** `refreshInterval` in ms when given (10 s – 15 min, or ≤ 0 for no background refresh). */
  refreshIntervalMs?: number;
}

// ---------------------------------------------------------------------------------------------------------------
// Output: Kiali's graph JSON (graph/config/common/common.go)
// ---------------------------------------------------------------------------------------------------------------

export type NodeType = 'workload' | 'app' | 'service' | 'aggregate' | 'box' | 'unknown';

export interface ServiceName {
  cluster: string;
  namespace: string;
  name: string;
}

export interface ResponseDetailJson {
  flags?: Record<string, string>;
  hosts?: Record<string, string>;
}

export interface ProtocolTrafficJson {
  protocol?: string;
  rates?: Record<string, string>;
  responses?: Record<string, ResponseDetailJson>;
}

export interface GatewayHostsJson {
  hostnames?: string[];
}

export interface SEInfo {
  hosts: string[];
  location: string;
  namespace: string;
}

export interface NodeDataJson {
  id: string;
  parent?: string;
  nodeType: NodeType;
  cluster: string;
  namespace: string;
  workload?: string;
  app?: string;
  version?: string;
  service?: string;
  aggregate?: string;
  destServices?: ServiceName[];
  labels?: Record<string, string>;
  traffic?: ProtocolTrafficJson[];
  healthData: HealthData | null;
  hasCB?: boolean;
  hasFaultInjection?: boolean;
  hasHealthConfig?: Record<string, string>;
  /** Meshscope extension: the Gateway API routes (HTTPRoute, GRPCRoute, TCPRoute) that govern a service node. */
  hasK8sRoutes?: { kind: string; namespace: string; name: string }[];
  hasMirroring?: boolean;
  hasRequestRouting?: boolean;
  hasRequestTimeout?: boolean;
  hasTCPTrafficShifting?: boolean;
  hasTrafficShifting?: boolean;
  hasVS?: { hostnames?: string[] };
  /**
   * Meshscope extension: the VirtualServices that route to a service node (Kiali's `hasVS` names none), for find/hide
   * `route = name`.
   */
  virtualServices?: { namespace: string; name: string }[];
  isAmbient?: boolean;
  isBox?: BoxBy;
  isDead?: boolean;
  isGateway?: { ingressInfo: GatewayHostsJson; egressInfo: GatewayHostsJson; gatewayAPIInfo: GatewayHostsJson };
  isIdle?: boolean;
  isInaccessible?: boolean;
  isInjected?: boolean;
  isK8sGatewayAPI?: boolean;
  isOutOfMesh?: boolean;
  isOutside?: boolean;
  isRoot?: boolean;
  isServiceEntry?: SEInfo;
  isWaypoint?: boolean;
}

/** Kiali's `WaypointEdgeInfo`: an edge to a waypoint carries the waypoint's edge back (`from`) as one bi-directional edge. */
export interface WaypointEdgeJson {
  direction: 'to' | 'from';
  fromEdge?: EdgeDataJson;
}

export interface EdgeDataJson {
  id: string;
  source: string;
  target: string;
  destPrincipal?: string;
  healthStatus?: string;
  isMTLS?: string;
  responseTime?: string;
  sourcePrincipal?: string;
  throughput?: string;
  traffic: ProtocolTrafficJson;
  waypoint?: WaypointEdgeJson;
}

/** Rates of one protocol: req/s (HTTP, gRPC) or bytes/s (TCP); errors are req/s (HTTP, gRPC only). */
export interface ProtocolRate {
  rate: number;
  errorRate: number;
}

export type Protocol = 'http' | 'grpc' | 'tcp';

/** What the side panel shows of a namespace node of the namespace view (lib/graph/namespace-view.ts). */
export interface NamespaceSummary {
  /** The namespace node's id (`ns:<cluster>:<namespace>`). */
  id: string;
  cluster: string;
  namespace: string;
  /** Member nodes by Kiali node type (service entries count as services, as Kiali's summary does). */
  counts: { apps: number; services: number; workloads: number; other: number; total: number };
  /** Members per health class (`nodeHealth` classes: healthy, degraded, failure, na, idle). */
  health: Record<'healthy' | 'degraded' | 'failure' | 'na' | 'idle', number>;
  /** Traffic between members, per protocol. */
  internal: Partial<Record<Protocol, ProtocolRate>>;
  /** Traffic from other namespaces (and the unknown source) into this one, per protocol. */
  inbound: Partial<Record<Protocol, ProtocolRate>>;
  outbound: Partial<Record<Protocol, ProtocolRate>>;
}

/** Total traffic of one protocol over a graph's edges. */
export interface ProtocolTotals {
  /** req/s for HTTP and gRPC, bytes/s for TCP. */
  rate: number;
  errorRate: number;
  /** errorRate / rate; null without traffic. */
  errorRatio: number | null;
}

/** Distinct apps, services and workloads of one namespace in a graph. */
export interface NamespaceCounts {
  namespace: string;
  apps: number;
  services: number;
  workloads: number;
}

/** Kiali's graph summary: namespace counts and traffic totals (lib/graph/summary.ts `graphSummary`). */
export interface GraphSummary {
  namespaces: NamespaceCounts[];
  nodes: number;
  edges: number;
  http: ProtocolTotals;
  grpc: ProtocolTotals;
  tcp: ProtocolTotals;
}

export interface KialiGraphJson {
  timestamp: number;
  duration: number;
  graphType: GraphType;
  elements: { nodes: { data: NodeDataJson }[]; edges: { data: EdgeDataJson }[] };
  /** Meshscope extension, present only when non-empty: namespaces whose data is missing or partial. */
  warnings?: GraphWarning[];
  /**
   * Meshscope extension, present only when the request asked for the namespace view (`namespaceView=true`, or `auto`
   * above the threshold): `elements` are then the namespace nodes and edges, `summaries` theirs, and `graph` the
   * summary of the full graph they stand for (its namespace counts and traffic totals, lib/graph/summary.ts).
   */
  namespaceView?: { summaries: NamespaceSummary[]; graph: GraphSummary };
}

export interface GraphWarning {
  namespace: string;
  message: string;
  /** Multi-cluster: the cluster whose data is missing or partial (`namespace` is then '' for the whole cluster). */
  cluster?: string;
}

export interface QueryStat {
  promql: string;
  ms: number;
}
