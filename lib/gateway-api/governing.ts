/**
 * Which routes govern a Service: per GAMMA, a route whose parentRef is the Service governs the mesh traffic sent to
 * it (its rules decide where those requests go); a route whose backendRef (or RequestMirror target) is the Service
 * sends traffic to it. Both are what a user asks when looking at a service or a workload it selects ("what routes
 * this?"). Pure; the objects may be unvalidated, so every field is read as optional.
 */
import { isServiceRef } from './references';
import type { AnyRoute, BackendRef, HTTPRouteFilter, RouteKind } from './types';

/** A route that governs a Service, and how. */
export interface GoverningRoute {
  kind: RouteKind;
  namespace: string;
  name: string;
  /** A parentRef names the Service (GAMMA: the route decides where requests to the Service go). */
  parent: boolean;
  /** A backendRef or a RequestMirror filter names the Service (the route sends traffic to it). */
  backend: boolean;
}

const nsOf = (r: AnyRoute): string => r.route.metadata.namespace ?? 'default';

/** The backendRefs of every rule of a route, with the RequestMirror targets of its (and its backends') filters. */
export function routeBackendRefs(r: AnyRoute): BackendRef[] {
  const out: BackendRef[] = [];
  const mirrors = (filters: HTTPRouteFilter[] | undefined) => {
    for (const f of filters ?? [])
      if (f.type === 'RequestMirror' && f.requestMirror) out.push(f.requestMirror.backendRef);
  };
  for (const rule of r.route.spec?.rules ?? []) {
    for (const ref of rule.backendRefs ?? []) {
      out.push(ref);
      mirrors(ref.filters);
    }
    mirrors('filters' in rule ? rule.filters : undefined);
  }
  return out;
}

/** True when a route has a parentRef to the Service `namespace/name` (GAMMA). */
export function hasServiceParent(r: AnyRoute, namespace: string, name: string): boolean {
  return (r.route.spec?.parentRefs ?? []).some(
    (p) =>
      isServiceRef({ group: p.group ?? 'gateway.networking.k8s.io', kind: p.kind ?? 'Gateway' }) &&
      p.name === name &&
      (p.namespace ?? nsOf(r)) === namespace,
  );
}

/**
 * The routes that name the Service `namespace/name` as a parent or a backend, sorted by kind, namespace and name.
 * A parentRef defaults to group `gateway.networking.k8s.io` kind `Gateway` (so it must say `group: ""` and
 * `kind: Service`); a backendRef defaults to a core Service; either defaults to the route's namespace.
 */
export function routesGoverningService(
  routes: readonly AnyRoute[],
  service: { namespace: string; name: string },
): GoverningRoute[] {
  const out: GoverningRoute[] = [];
  for (const r of routes) {
    const parent = hasServiceParent(r, service.namespace, service.name);
    const backend = routeBackendRefs(r).some(
      (b) => isServiceRef(b) && b.name === service.name && (b.namespace ?? nsOf(r)) === service.namespace,
    );
    if (parent || backend) out.push({ kind: r.kind, namespace: nsOf(r), name: r.route.metadata.name, parent, backend });
  }
  return out.sort(
    (a, b) => a.kind.localeCompare(b.kind) || a.namespace.localeCompare(b.namespace) || a.name.localeCompare(b.name),
  );
}
