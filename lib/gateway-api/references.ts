/**
 * Cross-namespace references (ReferenceGrant) and backendRef resolution, per the Gateway API specification:
 * a reference to an object in another namespace is allowed only when a ReferenceGrant in the target namespace
 * lists the referrer (group, kind, namespace) in `from` and the target (group, kind, optional name) in `to`.
 */
import { GATEWAY_GROUP, type BackendRef, type GatewayApiWorld, type ReferenceGrant, type ServiceRef } from './types';

/** Why a backendRef does not resolve, with the RouteConditionReason the specification defines. */
export type BackendRefError = { reason: 'BackendNotFound' | 'RefNotPermitted' | 'InvalidKind'; message: string };

export type BackendResolution = { ok: true; service: ServiceRef; port: number } | ({ ok: false } & BackendRefError);

/**
 * True when a ReferenceGrant in `to.namespace` allows `from` (an object of group/kind in namespace) to refer to
 * `to` (group/kind/name). Same-namespace references need no grant. An empty group means the core group.
 */
export function referenceAllowed(
  grants: readonly ReferenceGrant[],
  from: { group: string; kind: string; namespace: string },
  to: { group: string; kind: string; namespace: string; name: string },
): boolean {
  if (from.namespace === to.namespace) return true;
  return grants.some(
    (g) =>
      (g.metadata.namespace ?? 'default') === to.namespace &&
      (g.spec?.from ?? []).some(
        (f) => (f.group ?? '') === from.group && f.kind === from.kind && f.namespace === from.namespace,
      ) &&
      (g.spec?.to ?? []).some(
        (t) => (t.group ?? '') === to.group && t.kind === to.kind && (!t.name || t.name === to.name),
      ),
  );
}

/** True when a backendRef/parentRef names a core Service (group `""` and kind `Service`, the defaults). */
export function isServiceRef(ref: { group?: string; kind?: string }): boolean {
  return (ref.group ?? '') === '' && (ref.kind ?? 'Service') === 'Service';
}

/**
 * Resolves a backendRef of a route (kind `routeKind`, namespace `routeNs`): only core Services are supported
 * (any other kind: InvalidKind, as Istio reports for kinds it does not serve); a Service in another namespace
 * needs a ReferenceGrant (else RefNotPermitted); the Service must exist and declare the port (else
 * BackendNotFound; the CRD's CEL rule makes `port` required for Services).
 */
export function resolveBackendRef(
  world: Pick<GatewayApiWorld, 'services' | 'referenceGrants'>,
  routeKind: string,
  routeNs: string,
  ref: BackendRef,
): BackendResolution {
  const ns = ref.namespace ?? routeNs;
  if (!isServiceRef(ref)) {
    return {
      ok: false,
      reason: 'InvalidKind',
      message: `referencing unsupported backendRef: group "${ref.group ?? ''}" kind "${ref.kind ?? ''}"`,
    };
  }
  if (
    !referenceAllowed(
      world.referenceGrants,
      { group: GATEWAY_GROUP, kind: routeKind, namespace: routeNs },
      { group: '', kind: 'Service', namespace: ns, name: ref.name },
    )
  ) {
    return {
      ok: false,
      reason: 'RefNotPermitted',
      message: `backendRef ${ref.name}/${ns} not accessible to a ${routeKind} in namespace "${routeNs}" (missing a ReferenceGrant?)`,
    };
  }
  const service = world.services.find((s) => s.namespace === ns && s.name === ref.name);
  if (!service)
    return { ok: false, reason: 'BackendNotFound', message: `backend(${ref.name}.${ns}.svc.cluster.local) not found` };
  if (ref.port === undefined)
    return { ok: false, reason: 'BackendNotFound', message: `backendRef ${ref.name}/${ns}: port is required` };
  if (!service.ports.some((p) => p.port === ref.port)) {
    return {
      ok: false,
      reason: 'BackendNotFound',
      message: `backend(${ref.name}.${ns}.svc.cluster.local) has no port ${ref.port}`,
    };
  }
  return { ok: true, service, port: ref.port };
}

/** The weight of a backendRef: its `weight`, default 1 (0 means it receives no traffic). */
export function backendWeight(ref: BackendRef): number {
  return typeof ref.weight === 'number' && ref.weight >= 0 ? ref.weight : 1;
}
