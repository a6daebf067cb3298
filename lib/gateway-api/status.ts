/**
 * The status istiod writes on Gateway API objects, computed from the cluster: Gateway `Accepted`/`Programmed`,
 * per listener `attachedRoutes`, `supportedKinds` and `Accepted`/`Conflicted`/`Programmed`/`ResolvedRefs`; per
 * route parent `Accepted` (Accepted, NoMatchingParent, NotAllowedByListeners, NoMatchingListenerHostname) and
 * `ResolvedRefs` (ResolvedRefs, BackendNotFound, RefNotPermitted, InvalidKind). Messages follow Istio's
 * (pilot/pkg/config/kube/gateway/conditions.go); condition types and reasons are the specification's.
 */
import { conflictedListeners, isIstioClass, resolveParents, supportedKinds, type ParentResult } from './attachment';
import { referenceAllowed, resolveBackendRef } from './references';
import {
  GATEWAY_GROUP,
  ISTIO_CONTROLLER,
  keyOf,
  type AnyRoute,
  type BackendRef,
  type Condition,
  type Gateway,
  type GatewayApiWorld,
  type GatewayStatus,
  type ListenerStatus,
  type RouteStatus,
} from './types';

/** Name of the Deployment and Service Istio creates for a Gateway: `<gateway>-<class>`, a waypoint's own name. */
export function gatewayServiceName(gw: Gateway): string {
  // istiod's getDefaultName: waypoints keep the Gateway's name (`waypoint`), other classes get `-<class>`.
  if (gw.spec?.gatewayClassName === 'istio-waypoint') return gw.metadata.name;
  return `${gw.metadata.name}-${gw.spec?.gatewayClassName ?? 'istio'}`;
}

const cond = (type: string, ok: boolean, reason: string, message: string, generation?: number): Condition => ({
  type,
  status: ok ? 'True' : 'False',
  reason,
  message,
  ...(generation !== undefined ? { observedGeneration: generation } : {}),
});

/** The first unresolved reference of a route's rules (backendRefs and RequestMirror targets), if any. */
export function routeRefError(world: GatewayApiWorld, r: AnyRoute): { reason: string; message: string } | null {
  const ns = r.route.metadata.namespace ?? 'default';
  for (const rule of r.route.spec?.rules ?? []) {
    const refs: BackendRef[] = [...(rule.backendRefs ?? [])];
    for (const f of ('filters' in rule ? rule.filters : undefined) ?? [])
      if (f.type === 'RequestMirror' && f.requestMirror) refs.push(f.requestMirror.backendRef);
    for (const ref of refs) {
      const res = resolveBackendRef(world, r.kind, ns, ref);
      if (!res.ok) return { reason: res.reason, message: res.message };
    }
  }
  return null;
}

/** Route key as used in `computeStatus().routes`: `<Kind>:<namespace>/<name>`. */
export function routeKey(r: AnyRoute): string {
  return `${r.kind}:${keyOf(r.route)}`;
}

/** Status of every route (parents Istio owns) and every Istio-class Gateway, plus each route's parent results. */
export interface ComputedStatus {
  gateways: Map<string, GatewayStatus & { addresses: { type: string; value: string }[] }>;
  routes: Map<string, RouteStatus>;
  parents: Map<string, ParentResult[]>;
}

function routeParentConditions(
  p: ParentResult,
  refError: { reason: string; message: string } | null,
  generation?: number,
): Condition[] {
  const accepted = p.ok
    ? cond('Accepted', true, 'Accepted', 'Route was valid', generation)
    : cond('Accepted', false, p.reason, p.message, generation);
  const resolved = refError
    ? cond('ResolvedRefs', false, refError.reason, refError.message, generation)
    : cond('ResolvedRefs', true, 'ResolvedRefs', 'All references resolved', generation);
  return [accepted, resolved];
}

function listenerStatuses(world: GatewayApiWorld, gw: Gateway, attached: Map<string, number>): ListenerStatus[] {
  const gen = gw.metadata.generation;
  const ns = gw.metadata.namespace ?? 'default';
  const listeners = gw.spec?.listeners ?? [];
  const conflicted = conflictedListeners(listeners);
  return listeners.map((l) => {
    const { kinds, valid } = supportedKinds(l);
    const conflict = conflicted.get(l.name);
    const certRef = (l.tls?.certificateRefs ?? []).find(
      (c) =>
        !referenceAllowed(
          world.referenceGrants,
          { group: GATEWAY_GROUP, kind: 'Gateway', namespace: ns },
          { group: c.group ?? '', kind: c.kind ?? 'Secret', namespace: c.namespace ?? ns, name: c.name },
        ),
    );
    const resolved = !valid
      ? cond('ResolvedRefs', false, 'InvalidRouteKinds', 'Invalid route kinds', gen)
      : certRef
        ? cond(
            'ResolvedRefs',
            false,
            'RefNotPermitted',
            `certificateRef ${certRef.namespace}/${certRef.name} not accessible to a Gateway in namespace "${ns}" (missing a ReferenceGrant?)`,
            gen,
          )
        : cond('ResolvedRefs', true, 'ResolvedRefs', 'No errors found', gen);
    const ok = !conflict && resolved.status === 'True';
    return {
      name: l.name,
      attachedRoutes: ok ? (attached.get(l.name) ?? 0) : 0,
      supportedKinds: kinds,
      conditions: [
        cond(
          'Accepted',
          !conflict,
          conflict ? 'Conflicted' : 'Accepted',
          conflict ? 'Listener is conflicted' : 'No errors found',
          gen,
        ),
        conflict
          ? { ...cond('Conflicted', true, conflict, `Listener conflicts with another listener on port ${l.port}`, gen) }
          : cond('Conflicted', false, 'NoConflicts', 'No errors found', gen),
        cond('Programmed', ok, ok ? 'Programmed' : 'Invalid', ok ? 'No errors found' : 'Listener is not valid', gen),
        resolved,
      ],
    };
  });
}

/**
 * Computes the status istiod would write. Gateways of a class Istio does not serve get none (another controller
 * owns them), nor do route parents that are such Gateways. A Gateway is Accepted unless every listener is
 * conflicted (ListenersNotValid); Programmed once its Service exists (`deployed`, default: always, as the demo
 * controller deploys it at once), with the Service hostname as its address. `attachedRoutes` counts the routes
 * accepted on each listener.
 */
export function computeStatus(world: GatewayApiWorld, deployed: (gw: Gateway) => boolean = () => true): ComputedStatus {
  const routes = new Map<string, RouteStatus>();
  const parents = new Map<string, ParentResult[]>();
  const attached = new Map<string, Map<string, number>>();
  for (const r of world.routes) {
    const results = resolveParents(world, r);
    parents.set(routeKey(r), results);
    const refError = routeRefError(world, r);
    const owned = results.filter((p) => p.owned);
    routes.set(routeKey(r), {
      parents: owned.map((p) => ({
        parentRef: p.ref,
        controllerName: ISTIO_CONTROLLER,
        conditions: routeParentConditions(p, refError, r.route.metadata.generation),
      })),
    });
    for (const p of results) {
      if (!p.ok || p.kind !== 'Gateway') continue;
      const gk = keyOf(p.gateway);
      if (!attached.has(gk)) attached.set(gk, new Map());
      const m = attached.get(gk)!;
      for (const a of p.listeners) m.set(a.listener.name, (m.get(a.listener.name) ?? 0) + 1);
    }
  }
  const gateways: ComputedStatus['gateways'] = new Map();
  for (const gw of world.gateways) {
    if (!isIstioClass(gw.spec?.gatewayClassName)) continue;
    const gen = gw.metadata.generation;
    const listeners = listenerStatuses(world, gw, attached.get(keyOf(gw)) ?? new Map());
    const conflicted = listeners.filter((l) =>
      l.conditions.some((c) => c.type === 'Conflicted' && c.status === 'True'),
    );
    const allBad = listeners.length > 0 && conflicted.length === listeners.length;
    const accepted = allBad
      ? cond(
          'Accepted',
          false,
          'ListenersNotValid',
          `Invalid listeners: ${conflicted.map((l) => l.name).join(', ')}`,
          gen,
        )
      : conflicted.length > 0
        ? cond(
            'Accepted',
            true,
            'ListenersNotValid',
            `Invalid listeners: ${conflicted.map((l) => l.name).join(', ')}`,
            gen,
          )
        : cond('Accepted', true, 'Accepted', 'Resource accepted', gen);
    const ns = gw.metadata.namespace ?? 'default';
    const host = `${gatewayServiceName(gw)}.${ns}.svc.cluster.local`;
    const ports = [...new Set((gw.spec?.listeners ?? []).map((l) => l.port))].join(',');
    const isDeployed = deployed(gw);
    const programmed = isDeployed
      ? cond('Programmed', true, 'Programmed', `Resource programmed, assigned to service(s) ${host}:${ports}`, gen)
      : cond(
          'Programmed',
          false,
          'Pending',
          `Failed to assign to any requested addresses: service ${host} not found`,
          gen,
        );
    gateways.set(keyOf(gw), {
      conditions: [accepted, programmed],
      listeners,
      addresses: isDeployed ? [{ type: 'Hostname', value: host }] : [],
    });
  }
  return { gateways, routes, parents };
}
