/** Kinds with a form (Kiali's create forms for security policies), by plural; the kinds table is lib/istio/kinds.ts. */
export const FORM_KINDS = ['authorizationpolicies', 'peerauthentications', 'requestauthentications'] as const;
export type FormKind = (typeof FORM_KINDS)[number];
export const isFormKind = (plural: string): plural is FormKind => (FORM_KINDS as readonly string[]).includes(plural);
