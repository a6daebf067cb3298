/**
 * The config kinds Meshscope reads and edits ("Istio config", as Kiali calls it): Istio's own kinds and the Kubernetes
 * Gateway API kinds Istio implements, with their served versions, preferred first. Pure: the server (lib/k8s,
 * lib/server/istio-config, lib/demo) and the browser (components/istio-config) read this one table.
 *
 * Identity is group + kind: `Gateway` is both `networking.istio.io` (Istio's) and `gateway.networking.k8s.io` (the
 * Gateway API's). Look kinds up with `findKind(group, kind)` / `kindOfObject(obj)` / `kindByPlural(urlKey)`, never by
 * the kind name alone.
 *
 * Versions: Istio's as DESIGN.md says (v1 preferred, then v1beta1, v1alpha3); the Gateway API's as the v1.6.0 CRDs
 * (lib/istio/crds/gateway-api-crd.yaml) serve them, in Kubernetes' version priority (GA, then beta, then alpha), which
 * is how discovery picks the preferred version (ReferenceGrant serves v1 and v1beta1 and stores v1beta1; v1 is
 * preferred). InferencePool from the Inference Extension CRDs (inference.networking.k8s.io/v1).
 */
export type KindApi = 'istio' | 'gateway-api' | 'inference';

export interface IstioKind {
  kind: string;
  group: string;
  /**
   * Meshscope's URL key of the kind (`/istio/{ns}/{plural}/{name}`, `/api/namespaces/{ns}/istio/{plural}`), unique in
   * the table: the Kubernetes plural for Istio's kinds, Kiali's `k8s…` names for the Gateway API kinds
   * (`k8sgateways`, `k8shttproutes`), which would otherwise collide with Istio's `gateways`.
   */
  plural: string;
  /** The Kubernetes resource plural (API paths, RBAC `resource`), e.g. `gateways` for both Gateway kinds. */
  resource: string;
  /** Served versions, preferred first. */
  versions: string[];
  /** False for cluster-scoped kinds (GatewayClass). */
  namespaced: boolean;
  api: KindApi;
}

const NET = ['v1', 'v1beta1', 'v1alpha3'];
const SEC = ['v1', 'v1beta1'];
/** The Gateway API group (Kubernetes SIG Network). */
export const GATEWAY_API_GROUP = 'gateway.networking.k8s.io';
/** The Gateway API Inference Extension group (InferencePool). */
export const INFERENCE_GROUP = 'inference.networking.k8s.io';

function istio(kind: string, group: string, plural: string, versions: string[]): IstioKind {
  return { kind, group, plural, resource: plural, versions, namespaced: true, api: 'istio' };
}

function gatewayApi(kind: string, resource: string, versions: string[], namespaced = true): IstioKind {
  return {
    kind,
    group: GATEWAY_API_GROUP,
    plural: `k8s${resource}`,
    resource,
    versions,
    namespaced,
    api: 'gateway-api',
  };
}

export const ISTIO_KINDS: IstioKind[] = [
  istio('VirtualService', 'networking.istio.io', 'virtualservices', NET),
  istio('DestinationRule', 'networking.istio.io', 'destinationrules', NET),
  istio('Gateway', 'networking.istio.io', 'gateways', NET),
  istio('ServiceEntry', 'networking.istio.io', 'serviceentries', NET),
  istio('Sidecar', 'networking.istio.io', 'sidecars', NET),
  istio('WorkloadEntry', 'networking.istio.io', 'workloadentries', NET),
  istio('WorkloadGroup', 'networking.istio.io', 'workloadgroups', NET),
  istio('EnvoyFilter', 'networking.istio.io', 'envoyfilters', ['v1alpha3']),
  istio('AuthorizationPolicy', 'security.istio.io', 'authorizationpolicies', SEC),
  istio('PeerAuthentication', 'security.istio.io', 'peerauthentications', SEC),
  istio('RequestAuthentication', 'security.istio.io', 'requestauthentications', SEC),
  istio('Telemetry', 'telemetry.istio.io', 'telemetries', ['v1', 'v1alpha1']),
  gatewayApi('GatewayClass', 'gatewayclasses', ['v1', 'v1beta1'], false),
  gatewayApi('Gateway', 'gateways', ['v1', 'v1beta1']),
  gatewayApi('HTTPRoute', 'httproutes', ['v1', 'v1beta1']),
  gatewayApi('GRPCRoute', 'grpcroutes', ['v1']),
  gatewayApi('TCPRoute', 'tcproutes', ['v1', 'v1alpha2']),
  gatewayApi('TLSRoute', 'tlsroutes', ['v1', 'v1alpha3', 'v1alpha2']),
  gatewayApi('UDPRoute', 'udproutes', ['v1', 'v1alpha2']),
  gatewayApi('ReferenceGrant', 'referencegrants', ['v1', 'v1beta1']),
  gatewayApi('BackendTLSPolicy', 'backendtlspolicies', ['v1', 'v1alpha3']),
  {
    kind: 'InferencePool',
    group: INFERENCE_GROUP,
    plural: 'k8sinferencepools',
    resource: 'inferencepools',
    versions: ['v1'],
    namespaced: true,
    api: 'inference',
  },
];

/**
 * The namespace segment of Meshscope URLs for cluster-scoped objects (`/istio/-/k8sgatewayclasses/istio`,
 * `/api/namespaces/-/istio/k8sgatewayclasses/istio`): not a DNS-1123 label, so never a namespace's name.
 */
export const CLUSTER_SCOPE = '-';

/** The namespace segment of an object's URLs: its namespace, or `CLUSTER_SCOPE` for a cluster-scoped kind. */
export function scopeSegment(kind: Pick<IstioKind, 'namespaced'> | undefined, namespace: string): string {
  return kind && !kind.namespaced ? CLUSTER_SCOPE : namespace;
}

/** The kinds sorted by name (then group, Istio's Gateway first), for pickers. */
export const ISTIO_KINDS_BY_NAME: readonly IstioKind[] = [...ISTIO_KINDS].sort(
  (a, b) => a.kind.localeCompare(b.kind) || b.group.localeCompare(a.group),
);

/** The group of an `apiVersion` (`gateway.networking.k8s.io/v1` → `gateway.networking.k8s.io`; `v1` → `''`). */
export function groupOf(apiVersion: string): string {
  const slash = apiVersion.indexOf('/');
  return slash < 0 ? '' : apiVersion.slice(0, slash);
}

/** The kind with this group and kind name, or undefined. */
export function findKind(group: string, kind: string): IstioKind | undefined {
  return ISTIO_KINDS.find((k) => k.group === group && k.kind === kind);
}

/** The kind of an object by its `apiVersion` group and `kind` (any version), or undefined. */
export function kindOfObject(obj: { apiVersion?: unknown; kind?: unknown }): IstioKind | undefined {
  if (typeof obj.apiVersion !== 'string' || typeof obj.kind !== 'string') return undefined;
  return findKind(groupOf(obj.apiVersion), obj.kind);
}

/** The kind of a URL key (`virtualservices`, `k8shttproutes`), or undefined for keys that are not in the table. */
export function kindByPlural(plural: string): IstioKind | undefined {
  return ISTIO_KINDS.find((k) => k.plural === plural);
}

/**
 * The URL key of a kind given by `apiVersion` (or bare group) and kind name: `('networking.istio.io/v1', 'Gateway')`
 * → `gateways`, `('gateway.networking.k8s.io/v1', 'Gateway')` → `k8sgateways`; Kubernetes' lower-case `s` form for
 * kinds not in the table.
 */
export function pluralOf(apiVersionOrGroup: string, kind: string): string {
  const group = apiVersionOrGroup.includes('/') ? groupOf(apiVersionOrGroup) : apiVersionOrGroup;
  return findKind(group, kind)?.plural ?? `${kind.toLowerCase()}s`;
}

/** The kind's label where the name alone is ambiguous: `Gateway (Gateway API)` beside Istio's `Gateway`. */
export function kindLabel(kind: Pick<IstioKind, 'kind' | 'group'>): string {
  const same = ISTIO_KINDS.filter((k) => k.kind === kind.kind);
  if (same.length < 2) return kind.kind;
  return kind.group === GATEWAY_API_GROUP ? `${kind.kind} (Gateway API)` : `${kind.kind} (Istio)`;
}

/**
 * The URL key of a reference that may lack a group (validation findings, References entries): with `group`, as
 * `pluralOf`; without, the Istio kind of that name (the Istio checks' findings name Istio objects only), else
 * Kubernetes' lower-case `s` form.
 */
export function pluralOfRef(ref: { kind: string; group?: string }): string {
  if (ref.group !== undefined) return pluralOf(ref.group, ref.kind);
  return ISTIO_KINDS.find((k) => k.api === 'istio' && k.kind === ref.kind)?.plural ?? `${ref.kind.toLowerCase()}s`;
}

/**
 * The identity of one config object as a map key: `group|Kind/namespace/name`, where Istio's groups count as one
 * (`''`: the Istio checks' findings carry no group, and no two Istio groups share a kind name) and other groups are
 * kept, so Istio's and the Gateway API's `Gateway bookinfo/x` are two keys. `namespace` '' or absent is `default`
 * for namespaced objects, as the checks read it.
 */
export function configKey(ref: { group?: string; kind: string; namespace?: string; name: string }): string {
  const group = !ref.group || ref.group === 'istio.io' || ref.group.endsWith('.istio.io') ? '' : ref.group;
  return `${group}|${ref.kind}/${ref.namespace || 'default'}/${ref.name}`;
}

/** `configKey` of an object (`apiVersion`, `kind`, `metadata`). */
export function configKeyOf(o: {
  apiVersion?: string;
  kind: string;
  metadata: { namespace?: string; name: string };
}): string {
  return configKey({
    group: groupOf(o.apiVersion ?? ''),
    kind: o.kind,
    namespace: o.metadata.namespace,
    name: o.metadata.name,
  });
}

/**
 * Why an object must be shown read-only because of its version: null when its `apiVersion` is one the kinds table
 * lists for its kind; else a note naming the version (an older or newer CRD serves it; Meshscope neither validates nor
 * writes it at that version, but lists it: never dropped).
 */
export function unknownVersionNote(obj: { apiVersion?: unknown; kind?: unknown }): string | null {
  const kind = kindOfObject(obj);
  if (!kind || typeof obj.apiVersion !== 'string') return null;
  const version = obj.apiVersion.slice(obj.apiVersion.indexOf('/') + 1);
  if (kind.versions.includes(version)) return null;
  const known = kind.versions.map((v) => `${kind.group}/${v}`).join(', ');
  return `Served as ${obj.apiVersion}, a version Meshscope does not know for ${kind.kind} (it knows ${known}): shown read-only, not validated.`;
}
