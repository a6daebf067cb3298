/**
 * The Istio kinds the console lists and edits, with their URL plurals (the server's list is lib/k8s/istio-kinds.ts,
 * which the browser may not import; `kinds.test.ts` keeps the two equal).
 */
export const KIND_PLURALS: { kind: string; plural: string }[] = [
  { kind: 'AuthorizationPolicy', plural: 'authorizationpolicies' },
  { kind: 'DestinationRule', plural: 'destinationrules' },
  { kind: 'EnvoyFilter', plural: 'envoyfilters' },
  { kind: 'Gateway', plural: 'gateways' },
  { kind: 'PeerAuthentication', plural: 'peerauthentications' },
  { kind: 'RequestAuthentication', plural: 'requestauthentications' },
  { kind: 'ServiceEntry', plural: 'serviceentries' },
  { kind: 'Sidecar', plural: 'sidecars' },
  { kind: 'Telemetry', plural: 'telemetries' },
  { kind: 'VirtualService', plural: 'virtualservices' },
  { kind: 'WorkloadEntry', plural: 'workloadentries' },
  { kind: 'WorkloadGroup', plural: 'workloadgroups' },
];

export const pluralOf = (kind: string): string => KIND_PLURALS.find((k) => k.kind === kind)?.plural ?? `${kind.toLowerCase()}s`;
export const kindOf = (plural: string): string | undefined => KIND_PLURALS.find((k) => k.plural === plural)?.kind;

/** Kinds with a form (Kiali's create forms for security policies), by plural. */
export const FORM_KINDS = ['authorizationpolicies', 'peerauthentications', 'requestauthentications'] as const;
export type FormKind = (typeof FORM_KINDS)[number];
export const isFormKind = (plural: string): plural is FormKind => (FORM_KINDS as readonly string[]).includes(plural);
