/**
 * The Istio config kinds Meshscope reads and edits, with their served versions, preferred first
 * (DESIGN.md: networking.istio.io and security.istio.io, v1 preferred, then v1beta1, v1alpha3). Pure: the server
 * (lib/k8s, lib/server/istio-config) and the browser (components/istio-config) read the same table.
 */
export interface IstioKind {
  kind: string;
  group: string;
  plural: string;
  versions: string[];
}

const NET = ['v1', 'v1beta1', 'v1alpha3'];
const SEC = ['v1', 'v1beta1'];

export const ISTIO_KINDS: IstioKind[] = [
  { kind: 'VirtualService', group: 'networking.istio.io', plural: 'virtualservices', versions: NET },
  { kind: 'DestinationRule', group: 'networking.istio.io', plural: 'destinationrules', versions: NET },
  { kind: 'Gateway', group: 'networking.istio.io', plural: 'gateways', versions: NET },
  { kind: 'ServiceEntry', group: 'networking.istio.io', plural: 'serviceentries', versions: NET },
  { kind: 'Sidecar', group: 'networking.istio.io', plural: 'sidecars', versions: NET },
  { kind: 'WorkloadEntry', group: 'networking.istio.io', plural: 'workloadentries', versions: NET },
  { kind: 'WorkloadGroup', group: 'networking.istio.io', plural: 'workloadgroups', versions: NET },
  { kind: 'EnvoyFilter', group: 'networking.istio.io', plural: 'envoyfilters', versions: ['v1alpha3'] },
  { kind: 'AuthorizationPolicy', group: 'security.istio.io', plural: 'authorizationpolicies', versions: SEC },
  { kind: 'PeerAuthentication', group: 'security.istio.io', plural: 'peerauthentications', versions: SEC },
  { kind: 'RequestAuthentication', group: 'security.istio.io', plural: 'requestauthentications', versions: SEC },
  { kind: 'Telemetry', group: 'telemetry.istio.io', plural: 'telemetries', versions: ['v1', 'v1alpha1'] },
];

/** The kinds sorted by name, for pickers. */
export const ISTIO_KINDS_BY_NAME: readonly IstioKind[] = [...ISTIO_KINDS].sort((a, b) => a.kind.localeCompare(b.kind));

/** The URL plural of a kind (`VirtualService` → `virtualservices`); Kubernetes' lower-case `s` form for other kinds. */
export const pluralOf = (kind: string): string => ISTIO_KINDS.find((k) => k.kind === kind)?.plural ?? `${kind.toLowerCase()}s`;

/** The kind of a URL plural (`virtualservices` → `VirtualService`), undefined for plurals that are not Istio kinds. */
export const kindOf = (plural: string): string | undefined => ISTIO_KINDS.find((k) => k.plural === plural)?.kind;

/** Finds a kind by its name (`VirtualService`) or plural (`virtualservices`), case-insensitively. */
export function istioKind(nameOrPlural: string): IstioKind | undefined {
  const k = nameOrPlural.toLowerCase();
  return ISTIO_KINDS.find((i) => i.kind.toLowerCase() === k || i.plural === k);
}
