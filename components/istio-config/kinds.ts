/** Kinds with a form (Kiali's create forms for security policies), by plural; the kinds table is lib/istio/kinds.ts. */
export const SECURITY_FORM_KINDS = ['authorizationpolicies', 'peerauthentications', 'requestauthentications'] as const;
export type SecurityFormKind = (typeof SECURITY_FORM_KINDS)[number];
/**
 * Networking kinds with a form (Istio's ingress, egress and Sidecar tasks; `k8sgateways` is the Gateway API Gateway,
 * Istio's ingress task with the Gateway API).
 */
export const NETWORKING_FORM_KINDS = ['gateways', 'k8sgateways', 'serviceentries', 'sidecars'] as const;
export type NetworkingFormKind = (typeof NETWORKING_FORM_KINDS)[number];
export const FORM_KINDS = [...SECURITY_FORM_KINDS, ...NETWORKING_FORM_KINDS] as const;
export type FormKind = (typeof FORM_KINDS)[number];
export const isFormKind = (plural: string): plural is FormKind => (FORM_KINDS as readonly string[]).includes(plural);
export const isNetworkingFormKind = (plural: string): plural is NetworkingFormKind =>
  (NETWORKING_FORM_KINDS as readonly string[]).includes(plural);
