/**
 * The demo Kubernetes API's authentication and authorization step, run before every request is served: who is
 * asking (bearer token, then impersonation if allowed) and whether RBAC lets them (401 / 403 Status otherwise).
 * Discovery and health paths (`/api`, `/apis/...`, `/openapi/...`, `/version`, `/healthz`) are open to anyone: the real
 * server opens them to authenticated users (`system:discovery`) and `/version` to everyone; the demo also lets
 * anonymous clients read discovery, which holds nothing secret. Resource requests without a token act as
 * `system:anonymous`, which RBAC allows nothing.
 */
import type { IncomingHttpHeaders } from 'node:http';
import type { ObjectStore } from '../store/object-store';
import { authorize, forbidden, isAllowed, verbOf, type RequestAttributes } from './auth-rbac';
import { isReviewResource } from './auth-reviews';
import { ANONYMOUS, authenticate, impersonatedUser, requestedImpersonation, type UserInfo } from './auth-users';
import type { Route } from './router';

/** The attributes of a resource request, with a namespace's own URL filed under that namespace (as the real server does). */
export function attributesOf(
  route: Extract<Route, { type: 'resource' }>,
  method: string,
  params: URLSearchParams,
): RequestAttributes {
  const watch = route.watchPath || params.get('watch') === 'true' || params.get('watch') === '1';
  const isNamespaceObject =
    route.resource.group === '' && route.resource.plural === 'namespaces' && route.name !== undefined;
  return {
    verb: verbOf(method, route.name !== undefined, watch),
    apiGroup: route.resource.group,
    resource: route.resource.plural,
    subresource: route.subresource,
    namespace: isNamespaceObject ? route.name : route.namespace,
    name: route.name,
  };
}

function impersonate(store: ObjectStore, user: UserInfo, headers: IncomingHttpHeaders): UserInfo {
  const target = requestedImpersonation(headers);
  if (!target) return user;
  if (!target.username) throw forbidden(user, { verb: 'impersonate', apiGroup: '', resource: 'users', name: '' });
  const checks: RequestAttributes[] = [
    { verb: 'impersonate', apiGroup: '', resource: 'users', name: target.username },
    ...target.groups.map((g) => ({ verb: 'impersonate', apiGroup: '', resource: 'groups', name: g })),
  ];
  for (const a of checks) authorize(store, user, a);
  return impersonatedUser(target);
}

/**
 * Authenticates and authorizes one request; returns the user it acts as.
 * @throws ApiError 401 (bad token), 403 (RBAC says no, or impersonation not allowed).
 */
export function admitRequest(
  store: ObjectStore,
  headers: IncomingHttpHeaders,
  route: Route,
  method: string,
  params: URLSearchParams,
): UserInfo {
  const user = impersonate(store, authenticate(headers), headers);
  const isAnonymous = user === ANONYMOUS;
  if (route.type === 'discovery') return user;
  if (isReviewResource(route.resource)) {
    if (isAnonymous) throw forbidden(user, attributesOf(route, method, params));
    return user; // every authenticated user may ask about itself (system:basic-user)
  }
  const attrs = attributesOf(route, method, params);
  if (!isAllowed(store, user, attrs)) throw forbidden(user, attrs);
  return user;
}
