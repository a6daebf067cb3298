/**
 * The parts of the Kubernetes Gateway API v1 objects this module reads (group `gateway.networking.k8s.io`), taken
 * from the v1.6.0 CRDs (`shared/fixtures/gateway-api/gateway-api-crd.yaml`). Fields the semantics do not use are
 * left out; every field is optional as objects may arrive unvalidated (a route saved "if the user insists").
 */

export const GATEWAY_GROUP = 'gateway.networking.k8s.io';

/** Istio's controller name, written in `status.parents[].controllerName` and GatewayClass `spec.controllerName`. */
export const ISTIO_CONTROLLER = 'istio.io/gateway-controller';

/** Gateway classes Istio serves (istiod creates them): ingress, waypoints, remote (multi-cluster) gateways. */
export const ISTIO_GATEWAY_CLASSES = ['istio', 'istio-waypoint', 'istio-remote'] as const;

export interface ObjectMeta {
  name: string;
  namespace?: string;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
  creationTimestamp?: string;
  generation?: number;
}

/** Any object with Kubernetes metadata (Gateway API kinds, Services, Namespaces). */
export interface KObject<S = Record<string, unknown>> {
  apiVersion?: string;
  kind?: string;
  metadata: ObjectMeta;
  spec?: S;
  status?: Record<string, unknown>;
}

export interface LabelSelector {
  matchLabels?: Record<string, string>;
  matchExpressions?: {
    key: string;
    operator: 'In' | 'NotIn' | 'Exists' | 'DoesNotExist' | string;
    values?: string[];
  }[];
}

export interface RouteGroupKind {
  group?: string;
  kind: string;
}

export interface AllowedRoutes {
  namespaces?: { from?: 'Same' | 'All' | 'Selector' | string; selector?: LabelSelector };
  kinds?: RouteGroupKind[];
}

export interface SecretObjectReference {
  group?: string;
  kind?: string;
  name: string;
  namespace?: string;
}

export interface Listener {
  name: string;
  hostname?: string;
  port: number;
  protocol: 'HTTP' | 'HTTPS' | 'TLS' | 'TCP' | 'UDP' | string;
  tls?: { mode?: 'Terminate' | 'Passthrough' | string; certificateRefs?: SecretObjectReference[] };
  allowedRoutes?: AllowedRoutes;
}

export interface GatewaySpec {
  gatewayClassName?: string;
  listeners?: Listener[];
  addresses?: { type?: string; value: string }[];
}

export type Gateway = KObject<GatewaySpec>;
export type GatewayClass = KObject<{ controllerName?: string; description?: string }>;

/** A route's reference to its parent: a Gateway (optionally one listener) or, per GAMMA, a Service. */
export interface ParentReference {
  group?: string;
  kind?: string;
  namespace?: string;
  name: string;
  sectionName?: string;
  port?: number;
}

export interface BackendRef {
  group?: string;
  kind?: string;
  name: string;
  namespace?: string;
  port?: number;
  /** Relative share; default 1; 0 sends nothing. */
  weight?: number;
  filters?: HTTPRouteFilter[];
}

export interface HTTPHeader {
  name: string;
  value: string;
}

export interface HeaderMatch {
  type?: 'Exact' | 'RegularExpression' | string;
  name: string;
  value: string;
}

export interface HTTPPathMatch {
  type?: 'Exact' | 'PathPrefix' | 'RegularExpression' | string;
  value?: string;
}

export interface HTTPRouteMatch {
  path?: HTTPPathMatch;
  headers?: HeaderMatch[];
  queryParams?: HeaderMatch[];
  method?: string;
}

export interface HTTPHeaderFilter {
  set?: HTTPHeader[];
  add?: HTTPHeader[];
  remove?: string[];
}

export interface HTTPPathModifier {
  type: 'ReplaceFullPath' | 'ReplacePrefixMatch' | string;
  replaceFullPath?: string;
  replacePrefixMatch?: string;
}

export interface HTTPRouteFilter {
  type:
    'RequestHeaderModifier' | 'ResponseHeaderModifier' | 'RequestMirror' | 'RequestRedirect' | 'URLRewrite' | string;
  requestHeaderModifier?: HTTPHeaderFilter;
  responseHeaderModifier?: HTTPHeaderFilter;
  requestMirror?: { backendRef: BackendRef; percent?: number; fraction?: { numerator: number; denominator?: number } };
  requestRedirect?: { scheme?: string; hostname?: string; path?: HTTPPathModifier; port?: number; statusCode?: number };
  urlRewrite?: { hostname?: string; path?: HTTPPathModifier };
}

export interface HTTPRouteRule {
  name?: string;
  matches?: HTTPRouteMatch[];
  filters?: HTTPRouteFilter[];
  backendRefs?: BackendRef[];
  timeouts?: { request?: string; backendRequest?: string };
  retry?: { codes?: number[]; attempts?: number; backoff?: string };
}

export interface GRPCMethodMatch {
  type?: 'Exact' | 'RegularExpression' | string;
  service?: string;
  method?: string;
}

export interface GRPCRouteMatch {
  method?: GRPCMethodMatch;
  headers?: HeaderMatch[];
}

export interface GRPCRouteRule {
  name?: string;
  matches?: GRPCRouteMatch[];
  filters?: HTTPRouteFilter[];
  backendRefs?: BackendRef[];
}

export interface TCPRouteRule {
  name?: string;
  backendRefs?: BackendRef[];
}

export interface RouteSpec<R> {
  parentRefs?: ParentReference[];
  hostnames?: string[];
  rules?: R[];
}

export type HTTPRoute = KObject<RouteSpec<HTTPRouteRule>>;
export type GRPCRoute = KObject<RouteSpec<GRPCRouteRule>>;
export type TCPRoute = KObject<RouteSpec<TCPRouteRule>>;
export type TLSRoute = KObject<RouteSpec<TCPRouteRule>>;

/** The route kinds this module understands. */
export type RouteKind = 'HTTPRoute' | 'GRPCRoute' | 'TCPRoute' | 'TLSRoute';

/** A route with its kind made explicit (the `kind` field of a stored object may be missing). */
export interface AnyRoute {
  kind: RouteKind;
  route: KObject<RouteSpec<HTTPRouteRule | GRPCRouteRule | TCPRouteRule>>;
}

export interface ReferenceGrantSpec {
  from?: { group?: string; kind: string; namespace: string }[];
  to?: { group?: string; kind: string; name?: string }[];
}

export type ReferenceGrant = KObject<ReferenceGrantSpec>;

/** A Service as the semantics need it. */
export interface ServiceRef {
  namespace: string;
  name: string;
  ports: { port: number; name?: string }[];
}

/** Everything the semantics read: the cluster's Gateway API objects, Services and namespaces (with labels). */
export interface GatewayApiWorld {
  gatewayClasses: GatewayClass[];
  gateways: Gateway[];
  routes: AnyRoute[];
  referenceGrants: ReferenceGrant[];
  services: ServiceRef[];
  namespaces: { name: string; labels: Record<string, string> }[];
}

/** A `metav1.Condition` (lastTransitionTime left to the writer). */
export interface Condition {
  type: string;
  status: 'True' | 'False' | 'Unknown';
  reason: string;
  message: string;
  observedGeneration?: number;
}

export interface ListenerStatus {
  name: string;
  attachedRoutes: number;
  supportedKinds: RouteGroupKind[];
  conditions: Condition[];
}

export interface GatewayStatus {
  conditions: Condition[];
  listeners: ListenerStatus[];
}

export interface RouteParentStatus {
  parentRef: ParentReference;
  controllerName: string;
  conditions: Condition[];
}

export interface RouteStatus {
  parents: RouteParentStatus[];
}

/** `namespace/name` of an object (namespace `default` when missing). */
export function keyOf(o: { metadata: ObjectMeta }): string {
  return `${o.metadata.namespace ?? 'default'}/${o.metadata.name}`;
}
