/**
 * Domain types for Istio validation: the cluster snapshot the cross-object checks read, Istio objects typed by kind,
 * and findings.
 *
 * Kubernetes objects are the published `@kubernetes/client-node` models (type-only imports, so this stays isomorphic).
 * Istio specs are written here, field for field as Istio's JSON (`spec.http[].route[].destination.{host,subset}`),
 * and only for the fields the checks read: `@kubernetes-models/istio` 2.3.0 predates fields that our CRDs
 * (`crds/crd-all.gen.yaml`) serve and the checks need (`http[].mirrors`, `targetRef(s)`, `source.serviceAccounts`).
 */
import type { V1Pod, V1Service } from '@kubernetes/client-node';

export type Labels = Record<string, string>;

export interface Finding {
  /** Stable code: `IST0101` (istioctl analyze; `IST0106` for CRD schema and CEL errors) or `KIA0201` (Kiali). */
  code: string;
  severity: 'error' | 'warning' | 'info';
  kind: string;
  /**
   * API group of `kind` (`gateway.networking.k8s.io`, `apps`, `admissionregistration.k8s.io`); absent for Istio's kinds
   * and the core group's.
   */
  group?: string;
  namespace: string;
  name: string;
  /** Field path, `spec.http[0].route[1].destination.subset`; empty for the whole object. */
  path: string;
  message: string;
}

export interface WorkloadRef {
  namespace: string;
  name: string;
  kind: string;
  /** Pod template labels. */
  labels: Labels;
  serviceAccount: string | null;
  annotations?: Record<string, string>;
  /**
   * Its pod template runs application code as UID 1337, the proxy's, and it is not Istio's own (IST0144,
   * lib/istio/checks/application-uid.ts); set from files, absent when unknown.
   */
  runsAsProxyUid?: boolean;
  /**
   * Its pod template has an `istio-proxy` container with an image (`util.DeploymentInMesh`: a sidecar declared in the
   * template, as gateways deployed by hand have); set from files, absent when unknown or false.
   */
  proxyContainer?: boolean;
  /** Labelled `gateway.istio.io/managed: istio.io-mesh-controller` itself (a waypoint's Deployment); set from files. */
  meshController?: boolean;
  /**
   * Labelled `app: istiod` itself: whether a container of its template sets `BLOCKED_CIDRS_IN_JWKS_URIS` to a value
   * (IST0175, lib/istio/checks/jwks-cidrs.ts); set from files, absent for other workloads.
   */
  istiod?: { blockedCidrsInJwksUris: boolean };
  /** Its template has an `istio-proxy` container with `image: auto`, left for injection to fill (IST0146); from files. */
  autoImage?: boolean;
  /**
   * The workload's own `metadata` annotations and labels (not its template's), which Istio's annotation analyzer
   * reads on Deployments (IST0107/0108/0125/0135); set from files when it has annotations.
   */
  ownMetadata?: { annotations: Record<string, string>; labels: Labels };
}

export interface NamespaceRef {
  name: string;
  labels: Labels;
  /** `metadata.annotations` (the annotation analyzer, IST0107/0108); set from files when there are any. */
  annotations?: Record<string, string>;
}

/**
 * A ConfigMap of Istio's own (its name starts with `istio`: the injector's `istio-sidecar-injector[-rev]`, the mesh
 * config's `istio[-rev]`), with its string `data`; the injection and mesh networks checks read them.
 */
export interface ConfigMapRef {
  namespace: string;
  name: string;
  data: Record<string, string>;
}

/** A Kubernetes Node: its labels carry the topology (`topology.kubernetes.io/region`, `.../zone`). */
export interface NodeRef {
  name: string;
  labels: Labels;
}

/**
 * A Kubernetes Secret as the gateway checks need it (never its key material): where it is, and whether it holds a
 * usable certificate (Istio's `kube.ExtractCertInfo` then `xds.ValidateCertificate`).
 */
export interface SecretRef {
  namespace: string;
  name: string;
  /** Why its certificate is unusable (no `tls.crt`/`tls.key` nor `cert`/`key`, not PEM, not X.509, expired); absent = usable. */
  invalid?: string;
  /**
   * A remote cluster secret (labelled `istio/multiCluster: "true"`): its data keys, the cluster IDs istiod reads from
   * it (the mesh networks analyzer takes them as service registries, IST0126).
   */
  multiClusterIds?: string[];
}

export interface ServiceAccountRef {
  namespace: string;
  name: string;
}

/** Everything the cross-object checks look at; objects without `metadata.namespace` are in `default`. */
export interface ClusterSnapshot {
  namespaces: NamespaceRef[];
  services: V1Service[];
  workloads: WorkloadRef[];
  pods: V1Pod[];
  serviceAccounts: ServiceAccountRef[];
  /** Istio's own kinds only. */
  istioConfig: IstioObject[];
  /** Gateway API and Inference Extension objects (lib/istio/kinds.ts `api` not `istio`); absent = none known. */
  gatewayApi?: IstioObject[];
  /** Nodes, for the topology labels Istio adds to their pods' labels; absent = none known. */
  nodes?: NodeRef[];
  /**
   * Secrets (gateway `credentialName`s, IST0101/IST0161); absent = unknown (the live cluster: Meshscope does not read
   * Secrets), and the checks that need them stay silent.
   */
  secrets?: SecretRef[];
  /** MutatingWebhookConfigurations as JSON (files only: a live cluster's are not read; absent = none known). */
  webhookConfigurations?: Record<string, unknown>[];
  /** ValidatingWebhookConfigurations as JSON (files only; absent = none known). */
  validatingWebhookConfigurations?: Record<string, unknown>[];
  /** Istio's ConfigMaps (`ConfigMapRef`; files only; absent = none known). */
  configMaps?: ConfigMapRef[];
  /** CustomResourceDefinitions: name and annotations (files only; absent = none known). */
  customResourceDefinitions?: CrdRef[];
}

/** A CustomResourceDefinition's `metadata.name` (`plural.group`) and annotations (Gateway API's bundle version). */
export interface CrdRef {
  name: string;
  annotations: Record<string, string>;
}

/** An Istio object's `metadata` (Kubernetes ObjectMeta): the fields read here; others (uid, generation…) ride along. */
export interface IstioMetadata {
  name: string;
  namespace?: string;
  labels?: Labels;
  annotations?: Record<string, string>;
  resourceVersion?: string;
  creationTimestamp?: string;
  [field: string]: unknown;
}

/**
 * The one Istio object type: an Istio (or Gateway API) custom resource as JSON, as the Kubernetes API serves it and
 * the API routes carry it (`status` and other top-level fields ride along). Typed by kind and spec where practical
 * (`VirtualService` = `IstioResource<'VirtualService', VirtualServiceSpec>`, the `IstioObject` union); without type
 * arguments it is any kind with an untyped spec, which is what the inventory (`lib/k8s/inventory.ts`), the graph's
 * inventory (`lib/graph/types.ts`) and the wire (`IstioConfigObject`, `lib/contracts/istio-config.ts`) name.
 */
export interface IstioResource<K extends string = string, S = Record<string, unknown>> {
  apiVersion: string;
  kind: K;
  metadata: IstioMetadata;
  spec?: S;
  [field: string]: unknown;
}

export interface PortSelector {
  number?: number;
}

export interface Destination {
  host?: string;
  subset?: string;
  port?: PortSelector;
}

export interface RouteDestination {
  destination?: Destination;
  weight?: number;
}

export interface HTTPMatchRequest {
  name?: string;
  /** Gateways the rule applies on, overriding the VirtualService's `gateways`. */
  gateways?: string[];
  [field: string]: unknown;
}

export interface HTTPRoute {
  name?: string;
  match?: HTTPMatchRequest[];
  route?: RouteDestination[];
  mirror?: Destination;
  mirrors?: { destination?: Destination }[];
}

export interface TCPRoute {
  match?: Record<string, unknown>[];
  route?: RouteDestination[];
}

export interface VirtualServiceSpec {
  hosts?: string[];
  gateways?: string[];
  exportTo?: string[];
  http?: HTTPRoute[];
  tcp?: TCPRoute[];
  tls?: TCPRoute[];
}

export interface TLSSettings {
  mode?: 'DISABLE' | 'SIMPLE' | 'MUTUAL' | 'ISTIO_MUTUAL' | string;
  caCertificates?: string;
  credentialName?: string;
}

export interface TrafficPolicy {
  tls?: TLSSettings;
  portLevelSettings?: { port?: PortSelector; tls?: TLSSettings }[];
}

export interface Subset {
  name: string;
  labels?: Labels;
  trafficPolicy?: TrafficPolicy;
}

export interface DestinationRuleSpec {
  host?: string;
  exportTo?: string[];
  subsets?: Subset[];
  trafficPolicy?: TrafficPolicy;
  workloadSelector?: { matchLabels?: Labels };
}

export interface Server {
  port?: { number?: number; name?: string; protocol?: string; targetPort?: number };
  hosts?: string[];
  /** The address the server listens on (a Gateway server's `bind`). */
  bind?: string;
  tls?: { mode?: string; credentialName?: string; serverCertificate?: string; privateKey?: string };
}

export interface GatewaySpec {
  selector?: Labels;
  servers?: Server[];
}

export interface ServicePortSpec {
  number?: number;
  name?: string;
  protocol?: string;
  targetPort?: number;
}

export interface ServiceEntrySpec {
  hosts?: string[];
  addresses?: string[];
  ports?: ServicePortSpec[];
  location?: string;
  resolution?: string;
  exportTo?: string[];
  workloadSelector?: { labels?: Labels };
}

export interface SidecarSpec {
  workloadSelector?: { labels?: Labels };
  egress?: { hosts?: string[]; port?: ServicePortSpec }[];
}

export interface WorkloadSelector {
  matchLabels?: Labels;
}

export interface PolicyTargetReference {
  group?: string;
  kind?: string;
  name?: string;
  namespace?: string;
}

export interface AuthorizationPolicySource {
  principals?: string[];
  notPrincipals?: string[];
  namespaces?: string[];
  notNamespaces?: string[];
  serviceAccounts?: string[];
  notServiceAccounts?: string[];
  requestPrincipals?: string[];
  notRequestPrincipals?: string[];
}

export interface AuthorizationPolicyOperation {
  methods?: string[];
  notMethods?: string[];
  ports?: string[];
  notPorts?: string[];
  hosts?: string[];
  notHosts?: string[];
  paths?: string[];
  notPaths?: string[];
}

export interface AuthorizationPolicySpec {
  selector?: WorkloadSelector;
  targetRef?: PolicyTargetReference;
  targetRefs?: PolicyTargetReference[];
  action?: string;
  rules?: {
    from?: { source?: AuthorizationPolicySource }[];
    to?: { operation?: AuthorizationPolicyOperation }[];
    when?: { key?: string; values?: string[]; notValues?: string[] }[];
  }[];
}

export type MtlsMode = 'UNSET' | 'DISABLE' | 'PERMISSIVE' | 'STRICT';

export interface PeerAuthenticationSpec {
  selector?: WorkloadSelector;
  mtls?: { mode?: MtlsMode };
  portLevelMtls?: Record<string, { mode?: MtlsMode }>;
}

export interface RequestAuthenticationSpec {
  selector?: WorkloadSelector;
  targetRef?: PolicyTargetReference;
  targetRefs?: PolicyTargetReference[];
  jwtRules?: { issuer?: string }[];
}

export type VirtualService = IstioResource<'VirtualService', VirtualServiceSpec>;
export type DestinationRule = IstioResource<'DestinationRule', DestinationRuleSpec>;
export type Gateway = IstioResource<'Gateway', GatewaySpec>;
export type ServiceEntry = IstioResource<'ServiceEntry', ServiceEntrySpec>;
export type Sidecar = IstioResource<'Sidecar', SidecarSpec>;
export type AuthorizationPolicy = IstioResource<'AuthorizationPolicy', AuthorizationPolicySpec>;
export type PeerAuthentication = IstioResource<'PeerAuthentication', PeerAuthenticationSpec>;
export type RequestAuthentication = IstioResource<'RequestAuthentication', RequestAuthenticationSpec>;

export interface IstioKindMap {
  VirtualService: VirtualService;
  DestinationRule: DestinationRule;
  Gateway: Gateway;
  ServiceEntry: ServiceEntry;
  Sidecar: Sidecar;
  AuthorizationPolicy: AuthorizationPolicy;
  PeerAuthentication: PeerAuthentication;
  RequestAuthentication: RequestAuthentication;
}

/** Any Istio object (EnvoyFilter, Telemetry, WorkloadEntry... are carried with an untyped spec). */
export type IstioObject = IstioKindMap[keyof IstioKindMap] | IstioResource;

/** Narrow an Istio object to a kind the checks understand. */
export function isKind<K extends keyof IstioKindMap>(obj: IstioObject, kind: K): obj is IstioKindMap[K] {
  return obj.kind === kind && obj.apiVersion.split('/')[0]?.endsWith('istio.io') === true;
}

export { type V1Pod, type V1Service };
