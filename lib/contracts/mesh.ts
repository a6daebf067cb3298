/**
 * Wire types of the mesh API (overview, health, app/workload/service lists and details, traces, logs), shared by the
 * route handlers and the browser. Types only: nothing here imports server code, so components may import it.
 *
 * Conventions (STYLE.md): `errorRatio` is a ratio in [0, 1]; rates are `requestsPerSecond`; missing data is `null`
 * and shows as "–"; missing health is `NA`, never Healthy.
 */
import type { HealthStatus, RequestsByCode, WorkloadStatus } from '@/lib/health/types';
import type { ReportedStatus } from '@/lib/istio/reported-status';

export type { HealthStatus, RequestsByCode, WorkloadStatus };

/** The three object kinds of the lists and detail pages, spelled as in Kiali's API paths. */
export type MeshKind = 'apps' | 'workloads' | 'services';

/** A backend failure reported beside partial data: `{ code: 'unavailable:prometheus', message }`. */
export interface BackendError {
  code: string;
  message: string;
}

/** Which backends failed while the rest of the answer is good. */
export type PartialErrors = Partial<Record<'prometheus' | 'validation' | 'k8s' | 'jaeger', BackendError>>;

/** Health of one app, workload or service (Kiali's tolerance algorithm, reference/kiali.md §1.7). */
export interface ObjectHealth {
  /** Worst of pod health and request health. */
  status: HealthStatus;
  /** Error ratio in [0, 1] of the tolerance that decided the request status; null without traffic or data. */
  errorRatio: number | null;
  /** Inbound + outbound requests per second over the rate interval; null when Prometheus failed. */
  requestsPerSecond: number | null;
  /** Replica health (Failure when no pod is available...); null for services, which have no pods of their own. */
  podStatus: HealthStatus | null;
  /** Request health; null when Prometheus failed (unknown, not healthy). */
  requestStatus: HealthStatus | null;
  /** Requests per second by protocol and response code; null when Prometheus failed. */
  requests: { inbound: RequestsByCode; outbound: RequestsByCode } | null;
  workloadStatuses: WorkloadStatus[];
}

/** `GET /api/health/namespaces`: every app, workload and service of the namespaces, from one batch of queries. */
export interface NamespacesHealth {
  /** Unix seconds the rates were read at. */
  queryTime: number;
  rateIntervalSeconds: number;
  namespaces: Record<
    string,
    {
      apps: Record<string, ObjectHealth>;
      workloads: Record<string, ObjectHealth>;
      services: Record<string, ObjectHealth>;
    }
  >;
  errors: PartialErrors;
  /** Multi-cluster (issue 18): each cluster's namespaces' health (`namespaces` is the asked or home cluster's). */
  clusters?: Record<string, NamespacesHealth['namespaces']>;
}

export type StatusCounts = Record<HealthStatus, number>;

/** Validation of one Istio object: an object is invalid only when it has an error (Kiali's rule). */
export interface ValidationSummary {
  valid: boolean;
  errors: number;
  warnings: number;
  findings: {
    code: string;
    severity: 'error' | 'warning' | 'info';
    path: string;
    message: string;
    /** Multi-cluster: the other cluster's object a mesh-wide finding compares with (WireFinding `origin`). */
    origin?: { cluster: string; kind: string; namespace: string; name: string };
  }[];
}

/** An Istio object that references (selects, routes to, applies to) an app, workload or service. */
export interface IstioReference {
  kind: string;
  /** Kubernetes plural (`virtualservices`), for links to the Istio config pages. */
  plural: string;
  namespace: string;
  name: string;
  /** Null when validation could not run. */
  validation: ValidationSummary | null;
}

/** Sidecar status of an object's pods: all have `istio-proxy`, none, some, or there are no pods/workloads. */
export type SidecarStatus = 'present' | 'missing' | 'partial' | 'none';

/**
 * How a workload is in the mesh: `sidecar`; `ambient` (L4 through ztunnel); `ambient-waypoint` (and L7 through a
 * waypoint); `waypoint` or `ztunnel` (the ambient proxies themselves); `none`.
 */
export type MeshMode = 'sidecar' | 'ambient' | 'ambient-waypoint' | 'waypoint' | 'ztunnel' | 'none';

/** A workload's mesh membership: its mode, the waypoint serving it (and whether that exists), its ztunnel. */
export interface MeshMembership {
  mode: MeshMode;
  waypoint: { namespace: string; name: string; exists: boolean } | null;
  /** The ztunnel DaemonSet carrying its L4 traffic (ambient only). */
  ztunnel: { namespace: string; name: string } | null;
}

interface ListItemBase {
  /** Multi-cluster (issue 18): the row's cluster; absent when Meshscope knows one cluster. */
  cluster?: string;
  namespace: string;
  name: string;
  labels: Record<string, string>;
  sidecar: SidecarStatus;
  istioReferences: IstioReference[];
  /** Null when `health=false` was asked. */
  health: ObjectHealth | null;
}

export interface AppListItem extends ListItemBase {
  workloads: string[];
  services: string[];
  versions: string[];
}

export interface WorkloadListItem extends ListItemBase {
  kind: string;
  /**
   * The workload's own findings (Kiali's workload validations: the ambient KIA1311–KIA1317, KIA1313 on a missing
   * waypoint); null when validation did not run. Absent from servers that predate it.
   */
  validation?: ValidationSummary | null;
  /** How it is in the mesh (sidecar, ambient, ambient with waypoint, ...). */
  mesh: MeshMode;
  app: string | null;
  version: string | null;
  desiredReplicas: number;
  availableReplicas: number;
  serviceAccount: string | null;
}

export interface ServiceListItem extends ListItemBase {
  type: string;
  ports: { name: string | null; port: number; protocol: string; appProtocol: string | null }[];
  selector: Record<string, string>;
  workloads: string[];
}

export type ListItem = AppListItem | WorkloadListItem | ServiceListItem;

/** `GET /api/{apps|workloads|services}?namespaces=a,b&health=true`. */
export interface ListResponse<T extends ListItem = ListItem> {
  items: T[];
  rateIntervalSeconds: number;
  errors: PartialErrors;
  /** Multi-cluster: every known cluster (the list's Cluster column and filter); absent with one cluster. */
  clusters?: string[];
}

/** One pod on a detail page, with its containers and proxy (sidecar) state. */
export interface PodDetail {
  name: string;
  namespace: string;
  phase: string;
  ready: boolean;
  labels: Record<string, string>;
  createdAt: string | null;
  podIP: string | null;
  nodeName: string | null;
  containers: { name: string; image: string | null; ready: boolean | null; restartCount: number; isProxy: boolean }[];
  /** `istio-proxy` in the pod: its readiness and the proxy version from its image tag. */
  proxy: { present: boolean; ready: boolean | null; version: string | null };
}

export interface WorkloadSummary {
  name: string;
  kind: string;
  labels: Record<string, string>;
  version: string | null;
  sidecar: SidecarStatus;
  desiredReplicas: number;
  currentReplicas: number;
  availableReplicas: number;
  health: ObjectHealth | null;
}

export interface ServiceSummary {
  name: string;
  type: string;
  ports: ServiceListItem['ports'];
  health: ObjectHealth | null;
}

interface DetailBase {
  namespace: string;
  name: string;
  labels: Record<string, string>;
  pods: PodDetail[];
  istioConfig: IstioReference[];
  health: ObjectHealth | null;
  rateIntervalSeconds: number;
  /** The Jaeger service name the Traces tab searches (`<app>.<namespace>`); null when there is no app label. */
  tracingService: string | null;
  errors: PartialErrors;
}

export interface AppDetail extends DetailBase {
  kind: 'app';
  workloads: WorkloadSummary[];
  services: ServiceSummary[];
  sidecar: SidecarStatus;
}

/**
 * A Kubernetes Gateway API route (HTTPRoute, GRPCRoute, TCPRoute, TLSRoute) that governs a service: its parentRef is
 * the service (GAMMA: it decides where mesh requests to the service go) or a backendRef (or mirror) names it; with
 * the status conditions the cluster reports on it, per parent.
 */
export interface RouteReference {
  kind: string;
  /** Meshscope's URL key of the kind (`k8shttproutes`), for links to the Istio config pages. */
  plural: string;
  namespace: string;
  name: string;
  /** The services of the detail page it names: as parent (`parentOf`) or as backend (`backendOf`). */
  parentOf: string[];
  backendOf: string[];
  /** `status.parents[].conditions` as reported, by parent (`Parent Service bookinfo/reviews:9080`). */
  status: ReportedStatus;
}

export interface WorkloadDetail extends DetailBase {
  kind: 'workload';
  /** The workload's own findings (see WorkloadListItem.validation). */
  validation?: ValidationSummary | null;
  workloadKind: string;
  annotations: Record<string, string>;
  serviceAccount: string | null;
  app: string | null;
  version: string | null;
  sidecar: SidecarStatus;
  desiredReplicas: number;
  currentReplicas: number;
  availableReplicas: number;
  createdAt: string | null;
  services: ServiceSummary[];
  mesh: MeshMembership;
  /** Gateway API routes that govern the services selecting it (absent from servers that predate them). */
  routes?: RouteReference[];
}

export interface ServiceDetail extends DetailBase {
  kind: 'service';
  annotations: Record<string, string>;
  type: string;
  ports: ServiceListItem['ports'];
  selector: Record<string, string>;
  createdAt: string | null;
  workloads: WorkloadSummary[];
  sidecar: SidecarStatus;
  /** The waypoint its traffic goes through (`istio.io/use-waypoint` on it or its namespace), or null. */
  waypoint: MeshMembership['waypoint'];
  /** Gateway API routes that govern it (absent from servers that predate them). */
  routes?: RouteReference[];
}

export type ObjectDetail = AppDetail | WorkloadDetail | ServiceDetail;

/** mTLS of a namespace: the mode its PeerAuthentications give it and where that comes from. */
export interface NamespaceMtls {
  mode: 'STRICT' | 'PERMISSIVE' | 'DISABLE' | 'UNSET';
  /** `namespace`: a namespace-wide PeerAuthentication; `mesh`: the root namespace's; `default`: none (Istio: PERMISSIVE). */
  source: 'namespace' | 'mesh' | 'default';
  /** Workload-level PeerAuthentications in the namespace whose mode differs. */
  workloadOverrides: number;
}

export interface OverviewNamespace {
  /** Multi-cluster (issue 18): the cluster of this card (one card per cluster and namespace); absent with one cluster. */
  cluster?: string;
  name: string;
  labels: Record<string, string>;
  istioInjection: boolean;
  /** `istio.io/dataplane-mode`: ambient, sidecar (injection asked for, which wins), or none. */
  dataplaneMode: 'ambient' | 'sidecar' | 'none';
  /** The namespace's `istio.io/use-waypoint`, when set (and not `none`). */
  waypoint: string | null;
  counts: { apps: number; workloads: number; services: number };
  health: { apps: StatusCounts; workloads: StatusCounts; services: StatusCounts } | null;
  /** The worst objects (Failure and Degraded first), at most 5, for a quick look. */
  unhealthy: { kind: MeshKind; name: string; status: HealthStatus }[];
  mtls: NamespaceMtls;
  /** Istio objects in the namespace by validation result; null when validation could not run. */
  validations: { objects: number; valid: number; warning: number; error: number } | null;
}

/** An Istio control-plane or gateway deployment found in the Istio namespace. */
export interface MeshComponent {
  /** Multi-cluster: the component's cluster (each primary has its istiod); absent with one cluster. */
  cluster?: string;
  name: string;
  namespace: string;
  role: 'control-plane' | 'ingress-gateway' | 'egress-gateway';
  status: HealthStatus;
  desiredReplicas: number;
  availableReplicas: number;
  version: string | null;
}

/** `GET /api/overview`. */
export interface OverviewResponse {
  namespaces: OverviewNamespace[];
  components: MeshComponent[];
  istioNamespace: string;
  rateIntervalSeconds: number;
  errors: PartialErrors;
  /** Multi-cluster: every known cluster; absent with one cluster. */
  clusters?: string[];
}

/** `GET /api/overview/metrics`: per-namespace inbound request and error rates, `[unixSeconds, value]`. */
export interface OverviewMetrics {
  stepSeconds: number;
  namespaces: Record<string, { requestsPerSecond: [number, number][]; errorsPerSecond: [number, number][] }>;
  /** Multi-cluster (issue 18): the same per cluster of the destination services (`destination_cluster`). */
  clusters?: Record<string, OverviewMetrics['namespaces']>;
}

/** `GET /api/namespaces/{ns}/workloads/{w}/logs`. */
export interface PodLogs {
  pod: string;
  container: string;
  lines: { timestamp: string | null; message: string }[];
  /** True when the API returned as many lines as asked (older lines may exist). */
  truncated: boolean;
}

/** One ambient waypoint (a Gateway of class `istio-waypoint`) and what it serves (`lib/ambient` `WaypointInfo`). */
export interface WaypointItem {
  namespace: string;
  name: string;
  /** `istio.io/waypoint-for`: service (default), workload, all or none. */
  waypointFor: 'service' | 'workload' | 'all' | 'none';
  /** False when only its Deployment was seen (the Gateway object is not readable). */
  hasGateway: boolean;
  /** Its Deployment, or null when not deployed (yet). */
  workload: string | null;
  /** `namespace/name` of the services attached to it (their own label or their namespace's). */
  services: string[];
  workloads: string[];
  namespaces: string[];
}

/** `GET /api/waypoints?namespaces=a,b`. */
export interface WaypointsResponse {
  items: WaypointItem[];
}
