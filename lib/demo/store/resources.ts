/**
 * The resource types the demo Kubernetes API serves, as a real API server's discovery documents them.
 * Istio CRDs list their served versions; the first is the preferred (storage) version, as in crd-all.gen.yaml. The
 * Gateway API (v1.6.0, experimental channel) and Inference Extension CRDs are served at the versions of their CRDs
 * (lib/istio/crds/gateway-api*.yaml), preferred first, with their short names and the `gateway-api` category.
 */
export interface ResourceType {
  /** API group; '' is the core group. */
  group: string;
  /** Served versions, preferred first. */
  versions: string[];
  kind: string;
  /** Lower-case plural used in URLs, e.g. `virtualservices`. */
  plural: string;
  singular: string;
  namespaced: boolean;
  shortNames?: string[];
  /** Verbs listed in discovery. */
  verbs: string[];
  /**
   * A custom resource of a CRD in lib/istio/crds (Istio's, the Gateway API's, the Inference Extension's): defaulted and
   * checked against its CRD schema on create and update (422 on failure), with a `status` subresource.
   */
  istio?: boolean;
  /** Discovery categories (`kubectl get gateway-api`); Istio kinds get theirs from the group (discovery.ts). */
  categories?: string[];
}

const ALL_VERBS = ['create', 'delete', 'deletecollection', 'get', 'list', 'patch', 'update', 'watch'];
const READ_VERBS = ['get', 'list', 'watch'];

function istio(group: string, kind: string, plural: string, versions: string[], shortNames: string[]): ResourceType {
  return {
    group,
    versions,
    kind,
    plural,
    singular: kind.toLowerCase(),
    namespaced: true,
    shortNames,
    verbs: ALL_VERBS,
    istio: true,
  };
}

/** A Gateway API or Inference Extension CRD (categories as their CRDs declare them). */
function gatewayApi(
  group: string,
  kind: string,
  plural: string,
  versions: string[],
  shortNames: string[],
  namespaced = true,
): ResourceType {
  const categories = group === 'gateway.networking.k8s.io' ? ['gateway-api'] : undefined;
  return { ...istio(group, kind, plural, versions, shortNames), namespaced, ...(categories ? { categories } : {}) };
}

const GW = 'gateway.networking.k8s.io';

/** ClusterRole, ClusterRoleBinding, Role and RoleBinding (the demo API enforces them, lib/demo/k8s-api/auth*.ts). */
function rbac(): ResourceType[] {
  const type = (kind: string, namespaced: boolean): ResourceType => ({
    group: 'rbac.authorization.k8s.io',
    versions: ['v1'],
    kind,
    plural: `${kind.toLowerCase()}s`,
    singular: kind.toLowerCase(),
    namespaced,
    verbs: ALL_VERBS,
  });
  return [type('ClusterRole', false), type('ClusterRoleBinding', false), type('Role', true), type('RoleBinding', true)];
}

export const RESOURCE_TYPES: ResourceType[] = [
  {
    group: '',
    versions: ['v1'],
    kind: 'Namespace',
    plural: 'namespaces',
    singular: 'namespace',
    namespaced: false,
    shortNames: ['ns'],
    verbs: ALL_VERBS,
  },
  {
    group: '',
    versions: ['v1'],
    kind: 'Service',
    plural: 'services',
    singular: 'service',
    namespaced: true,
    shortNames: ['svc'],
    verbs: ALL_VERBS,
  },
  {
    group: '',
    versions: ['v1'],
    kind: 'Endpoints',
    plural: 'endpoints',
    singular: 'endpoints',
    namespaced: true,
    shortNames: ['ep'],
    verbs: ALL_VERBS,
  },
  {
    group: '',
    versions: ['v1'],
    kind: 'Pod',
    plural: 'pods',
    singular: 'pod',
    namespaced: true,
    shortNames: ['po'],
    verbs: ALL_VERBS,
  },
  {
    group: '',
    versions: ['v1'],
    kind: 'ServiceAccount',
    plural: 'serviceaccounts',
    singular: 'serviceaccount',
    namespaced: true,
    shortNames: ['sa'],
    verbs: ALL_VERBS,
  },
  // Served only by the multi-cluster demo's APIs (startKubeApiServer's `withSecrets`): Istio's remote secrets.
  {
    group: '',
    versions: ['v1'],
    kind: 'Secret',
    plural: 'secrets',
    singular: 'secret',
    namespaced: true,
    verbs: ALL_VERBS,
  },
  {
    group: '',
    versions: ['v1'],
    kind: 'ConfigMap',
    plural: 'configmaps',
    singular: 'configmap',
    namespaced: true,
    shortNames: ['cm'],
    verbs: ALL_VERBS,
  },
  {
    group: 'apps',
    versions: ['v1'],
    kind: 'Deployment',
    plural: 'deployments',
    singular: 'deployment',
    namespaced: true,
    shortNames: ['deploy'],
    verbs: ALL_VERBS,
  },
  {
    group: 'apps',
    versions: ['v1'],
    kind: 'ReplicaSet',
    plural: 'replicasets',
    singular: 'replicaset',
    namespaced: true,
    shortNames: ['rs'],
    verbs: ALL_VERBS,
  },
  {
    group: 'apps',
    versions: ['v1'],
    kind: 'StatefulSet',
    plural: 'statefulsets',
    singular: 'statefulset',
    namespaced: true,
    shortNames: ['sts'],
    verbs: ALL_VERBS,
  },
  {
    group: 'apps',
    versions: ['v1'],
    kind: 'DaemonSet',
    plural: 'daemonsets',
    singular: 'daemonset',
    namespaced: true,
    shortNames: ['ds'],
    verbs: ALL_VERBS,
  },
  ...rbac(),
  // Stored as they are (no controller acts on them): deploy/kubernetes's overlays apply them (deploy-manifests.test.ts).
  {
    group: 'autoscaling',
    versions: ['v2'],
    kind: 'HorizontalPodAutoscaler',
    plural: 'horizontalpodautoscalers',
    singular: 'horizontalpodautoscaler',
    namespaced: true,
    shortNames: ['hpa'],
    verbs: ALL_VERBS,
  },
  {
    group: 'networking.k8s.io',
    versions: ['v1'],
    kind: 'Ingress',
    plural: 'ingresses',
    singular: 'ingress',
    namespaced: true,
    shortNames: ['ing'],
    verbs: ALL_VERBS,
  },
  // Create-only reviews, answered by lib/demo/k8s-api/auth-reviews.ts and never stored.
  {
    group: 'authorization.k8s.io',
    versions: ['v1'],
    kind: 'SelfSubjectAccessReview',
    plural: 'selfsubjectaccessreviews',
    singular: '',
    namespaced: false,
    verbs: ['create'],
  },
  {
    group: 'authentication.k8s.io',
    versions: ['v1'],
    kind: 'SelfSubjectReview',
    plural: 'selfsubjectreviews',
    singular: '',
    namespaced: false,
    verbs: ['create'],
  },
  istio('networking.istio.io', 'VirtualService', 'virtualservices', ['v1', 'v1beta1', 'v1alpha3'], ['vs']),
  istio('networking.istio.io', 'DestinationRule', 'destinationrules', ['v1', 'v1beta1', 'v1alpha3'], ['dr']),
  istio('networking.istio.io', 'Gateway', 'gateways', ['v1', 'v1beta1', 'v1alpha3'], ['gw']),
  istio('networking.istio.io', 'ServiceEntry', 'serviceentries', ['v1', 'v1beta1', 'v1alpha3'], ['se']),
  istio('networking.istio.io', 'Sidecar', 'sidecars', ['v1', 'v1beta1', 'v1alpha3'], []),
  istio('networking.istio.io', 'WorkloadEntry', 'workloadentries', ['v1', 'v1beta1', 'v1alpha3'], ['we']),
  istio('networking.istio.io', 'WorkloadGroup', 'workloadgroups', ['v1', 'v1beta1', 'v1alpha3'], ['wg']),
  istio('networking.istio.io', 'EnvoyFilter', 'envoyfilters', ['v1alpha3'], []),
  istio('security.istio.io', 'AuthorizationPolicy', 'authorizationpolicies', ['v1', 'v1beta1'], ['ap']),
  istio('security.istio.io', 'PeerAuthentication', 'peerauthentications', ['v1', 'v1beta1'], ['pa']),
  istio('security.istio.io', 'RequestAuthentication', 'requestauthentications', ['v1', 'v1beta1'], ['ra']),
  istio('telemetry.istio.io', 'Telemetry', 'telemetries', ['v1', 'v1alpha1'], ['telemetry']),
  gatewayApi(GW, 'GatewayClass', 'gatewayclasses', ['v1', 'v1beta1'], ['gc'], false),
  gatewayApi(GW, 'Gateway', 'gateways', ['v1', 'v1beta1'], ['gtw']),
  gatewayApi(GW, 'HTTPRoute', 'httproutes', ['v1', 'v1beta1'], []),
  gatewayApi(GW, 'GRPCRoute', 'grpcroutes', ['v1'], []),
  gatewayApi(GW, 'TCPRoute', 'tcproutes', ['v1', 'v1alpha2'], []),
  gatewayApi(GW, 'TLSRoute', 'tlsroutes', ['v1', 'v1alpha3', 'v1alpha2'], []),
  gatewayApi(GW, 'UDPRoute', 'udproutes', ['v1', 'v1alpha2'], []),
  gatewayApi(GW, 'ReferenceGrant', 'referencegrants', ['v1', 'v1beta1'], ['refgrant']),
  gatewayApi(GW, 'BackendTLSPolicy', 'backendtlspolicies', ['v1', 'v1alpha3'], ['btlspolicy']),
  gatewayApi('inference.networking.k8s.io', 'InferencePool', 'inferencepools', ['v1'], ['infpool']),
];

export const READ_ONLY_VERBS = READ_VERBS;

/** Finds a resource type by group and plural (as in a URL), or undefined. */
export function resourceByPlural(group: string, plural: string): ResourceType | undefined {
  return RESOURCE_TYPES.find((r) => r.group === group && r.plural === plural);
}

/** Finds a resource type by `apiVersion` and `kind` (as in a manifest), or undefined. */
export function resourceByKind(apiVersion: string, kind: string): ResourceType | undefined {
  const [group, version] = apiVersion.includes('/') ? (apiVersion.split('/') as [string, string]) : ['', apiVersion];
  return RESOURCE_TYPES.find((r) => r.group === group && r.kind === kind && r.versions.includes(version));
}
