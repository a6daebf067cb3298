/**
 * Kubernetes Gateway API semantics (pure, both sides): route attachment, hostnames, match precedence, backendRef
 * and ReferenceGrant resolution, forwarding plans and the status conditions istiod writes.
 */
export * from './types';
export * from './hostnames';
export * from './references';
export * from './attachment';
export * from './match';
export * from './forwarding';
export * from './status';
export * from './world';
export * from './governing';
