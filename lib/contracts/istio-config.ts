/**
 * Wire types of the Istio config API (`/api/istio`, `/api/istio/validate`, `/api/namespaces/{ns}/istio/...`), shared
 * by the route handlers and the browser. Types only: no server code is imported here.
 */
import type { EditorMarker, MarkerSeverity } from '@/lib/istio/editor/markers';
import type { References } from '@/lib/istio/editor/references';
import type { ReportedStatus } from '@/lib/istio/reported-status';
import type { IstioResource } from '@/lib/istio/types';
import type { UnsavedText } from '@/lib/istio/validate-unsaved';

export type { ReportedStatus } from '@/lib/istio/reported-status';

/** An Istio object on the wire: the one Istio object type (`lib/istio/types.ts`), any kind, spec untyped. */
export type IstioConfigObject = IstioResource;

/** A validation finding without position (positions only exist for editor text). */
export interface WireFinding {
  code: string;
  severity: MarkerSeverity;
  path: string;
  message: string;
  kind?: string;
  /** API group of `kind` when it is not an Istio kind (`gateway.networking.k8s.io`); absent for Istio's kinds. */
  group?: string;
  namespace?: string;
  name?: string;
  /**
   * Multi-cluster (issue 18): a mesh-wide finding raised by comparing this object with another cluster's (MS1106), names
   * that cluster and object; absent for findings of the object's own cluster.
   */
  origin?: { cluster: string; kind: string; namespace: string; name: string };
}

export type SeverityCounts = Record<MarkerSeverity, number>;

export interface ObjectValidation {
  /** False only when there is an error; warnings keep an object valid (Kiali's rule, kiali.md §1.3). */
  valid: boolean;
  counts: SeverityCounts;
  findings: WireFinding[];
}

/** `GET /api/istio` item. */
export interface IstioConfigItem {
  /** Multi-cluster (issue 18): the object's cluster; absent when Meshscope knows one cluster. */
  cluster?: string;
  kind: string;
  /** URL key of the kind (`virtualservices`, `k8shttproutes`; lib/istio/kinds.ts). */
  plural: string;
  apiVersion: string;
  /** '' for cluster-scoped objects (GatewayClass); their URLs use `-` (CLUSTER_SCOPE) as the namespace segment. */
  namespace: string;
  name: string;
  resourceVersion: string | null;
  creationTimestamp: string | null;
  /** Null when `validate` was not asked for. */
  validation: ObjectValidation | null;
  /** Status conditions as the cluster reports them (Gateway API kinds); null for Istio's kinds. */
  reportedStatus: ReportedStatus | null;
  /** Set when the object is shown read-only, saying why (an API version Meshscope does not know). */
  readOnly?: string;
  /** The full object, with `objects=true`. */
  object?: IstioConfigObject;
}

/** `GET /api/istio` body. */
export interface IstioConfigList {
  items: IstioConfigItem[];
  /** Totals over the listed objects (when validated). */
  counts: SeverityCounts;
  validated: boolean;
  /** Multi-cluster: every known cluster; absent with one cluster. */
  clusters?: string[];
  /** Multi-cluster: the clusters whose objects are missing, and why. */
  clusterErrors?: { cluster: string; message: string }[];
}

/** `GET /api/namespaces/{ns}/istio/{kind}/{name}` body. */
export interface IstioObjectDetails {
  object: IstioConfigObject;
  plural: string;
  validation: ObjectValidation | null;
  references: References;
  /** Whether the server accepts writes (false in view-only mode, for read-only objects and without RBAC `update`). */
  canWrite: boolean;
  /** Status conditions as the cluster reports them (Gateway API kinds); null for Istio's kinds. */
  reportedStatus: ReportedStatus | null;
  /** Set when the object is shown read-only, saying why (an API version Meshscope does not know). */
  readOnly?: string;
}

/** `PUT`/`POST` body. */
export interface IstioWriteRequest {
  object: IstioConfigObject;
  /** Stop after the server dry run (`dryRun=All`); nothing is stored. */
  dryRun?: boolean;
  /**
   * A write (not a dry run) of the object exactly as it passed a dry run of this API (the review step): the server
   * skips its schema check and sends the write alone (Kubernetes validates and admits it as always).
   */
  reviewed?: boolean;
}

/** `PUT`/`POST` answer. */
export interface IstioWriteResponse {
  object: IstioConfigObject;
  dryRun: boolean;
}

/** `POST /api/istio/validate` body (the fields: `UnsavedText`, lib/istio/validate-unsaved.ts). */
export interface ValidateRequest extends UnsavedText {
  with?: IstioConfigObject[];
}

/** `POST /api/istio/validate` answer. */
export interface ValidateResponse {
  /** Parsed object, or null on a syntax error. */
  object: IstioConfigObject | null;
  markers: EditorMarker[];
  counts: SeverityCounts;
  /** New findings on other objects that this text would cause (e.g. a removed subset a VirtualService uses). */
  related: WireFinding[];
  /** False when the cluster could not be read: only syntax and schema were checked. */
  crossObjectChecked: boolean;
}

/** Error details of a 409 on save: the object as it is now (null when deleted meanwhile). */
export interface ConflictDetails {
  current: IstioConfigObject | null;
}

/** Error details of a 422: the API's field causes (`details.causes` of the Kubernetes Status). */
export interface InvalidDetails {
  causes: { field?: string; message?: string; reason?: string }[];
}

/** `GET /api/istio/services` item: what the service wizards need about a service. */
export interface ServiceRoutingTarget {
  namespace: string;
  name: string;
  ports: { name: string | null; port: number; protocol: string; appProtocol: string | null }[];
  workloads: { name: string; labels: Record<string, string>; serviceAccount: string | null }[];
  /** Names (in the service's namespace) of VirtualServices whose `hosts` name the service. */
  virtualServices: string[];
  /** Names of DestinationRules whose `host` is the service. */
  destinationRules: string[];
  /**
   * Gateway API routes (HTTPRoute, GRPCRoute, TCPRoute, TLSRoute) whose parentRef is the service (GAMMA: they route
   * the mesh traffic sent to it), from any namespace.
   */
  routes: { kind: string; namespace: string; name: string }[];
}

/** `GET /api/istio/services` body. */
export interface ServiceRoutingTargets {
  services: ServiceRoutingTarget[];
  /** The cluster serves `gateway.networking.k8s.io` (the Gateway API CRDs are installed). */
  gatewayApi: boolean;
}
