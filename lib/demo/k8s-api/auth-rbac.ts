/**
 * RBAC for the demo Kubernetes API, evaluated as the real authorizer does (`rbac.authorization.k8s.io/v1`):
 * ClusterRoleBindings grant their ClusterRole everywhere; RoleBindings grant a Role or ClusterRole in their namespace
 * only (including `get namespace <that namespace>`, since the API server files a namespace's own URL under it).
 * Rules match verbs, API groups, resources (`pods`, `pods/log`, `*`), resourceNames and nonResourceURLs. The group
 * `system:masters` is allowed everything without consulting RBAC, like the real server.
 */
import type { KubeObject, ObjectStore } from '../store/object-store';
import { resourceByPlural, type ResourceType } from '../store/resources';
import type { UserInfo } from './auth-users';
import { ApiError } from './status';

/** What a request wants to do (the API server's `authorizer.Attributes`). */
export interface RequestAttributes {
  verb: string;
  /** Resource requests. */
  apiGroup?: string;
  resource?: string;
  subresource?: string;
  namespace?: string;
  name?: string;
  /** Non-resource requests (`/api`, `/version`, ...). */
  path?: string;
}

interface PolicyRule {
  verbs?: string[];
  apiGroups?: string[];
  resources?: string[];
  resourceNames?: string[];
  nonResourceURLs?: string[];
}

interface Subject {
  kind: string;
  name: string;
  namespace?: string;
}

const rbacType = (plural: string): ResourceType | undefined => resourceByPlural('rbac.authorization.k8s.io', plural);

const has = (list: string[] | undefined, value: string) => !!list && (list.includes('*') || list.includes(value));

function resourceMatches(rule: PolicyRule, resource: string, subresource: string | undefined): boolean {
  const wanted = subresource ? `${resource}/${subresource}` : resource;
  return (rule.resources ?? []).some(
    (r) =>
      r === '*' || r === wanted || (subresource !== undefined && (r === `${resource}/*` || r === `*/${subresource}`)),
  );
}

/** Whether one rule allows the request. */
export function ruleAllows(rule: PolicyRule, a: RequestAttributes): boolean {
  if (!has(rule.verbs, a.verb)) return false;
  if (a.path !== undefined) {
    return (rule.nonResourceURLs ?? []).some(
      (u) => u === '*' || u === a.path || (u.endsWith('*') && a.path!.startsWith(u.slice(0, -1))),
    );
  }
  if (!has(rule.apiGroups, a.apiGroup ?? '') || !resourceMatches(rule, a.resource ?? '', a.subresource)) return false;
  if (rule.resourceNames && rule.resourceNames.length > 0)
    return a.name !== undefined && rule.resourceNames.includes(a.name);
  return true;
}

function subjectMatches(s: Subject, user: UserInfo): boolean {
  if (s.kind === 'User') return s.name === user.username;
  if (s.kind === 'Group') return user.groups.includes(s.name);
  if (s.kind === 'ServiceAccount') return user.username === `system:serviceaccount:${s.namespace ?? ''}:${s.name}`;
  return false;
}

function rulesOf(
  store: ObjectStore,
  roleRef: { kind?: string; name?: string },
  namespace: string | undefined,
): PolicyRule[] {
  const type = rbacType(roleRef.kind === 'Role' ? 'roles' : 'clusterroles');
  if (!type || !roleRef.name) return [];
  const role =
    roleRef.kind === 'Role'
      ? namespace
        ? store.get(type, namespace, roleRef.name)
        : undefined
      : store.get(type, undefined, roleRef.name);
  return (role?.rules as PolicyRule[] | undefined) ?? [];
}

function bound(binding: KubeObject, user: UserInfo): boolean {
  return ((binding.subjects as Subject[] | undefined) ?? []).some((s) => subjectMatches(s, user));
}

/** True when RBAC (or `system:masters`) allows `user` to do `a`. */
export function isAllowed(store: ObjectStore, user: UserInfo, a: RequestAttributes): boolean {
  if (user.groups.includes('system:masters')) return true;
  const crb = rbacType('clusterrolebindings');
  for (const b of crb ? store.list(crb) : []) {
    if (bound(b, user) && rulesOf(store, b.roleRef ?? {}, undefined).some((r) => ruleAllows(r, a))) return true;
  }
  const rb = rbacType('rolebindings');
  if (a.namespace && rb && a.path === undefined) {
    for (const b of store.list(rb, a.namespace)) {
      if (bound(b, user) && rulesOf(store, b.roleRef ?? {}, a.namespace).some((r) => ruleAllows(r, a))) return true;
    }
  }
  return false;
}

/**
 * The 403 the real server answers, worded the same:
 * `deployments.apps "x" is forbidden: User "u" cannot get resource "deployments" in API group "apps" in the namespace "ns"`.
 */
export function forbidden(user: UserInfo, a: RequestAttributes): ApiError {
  if (a.path !== undefined) {
    return new ApiError(403, 'Forbidden', `forbidden: User "${user.username}" cannot ${a.verb} path "${a.path}"`, {});
  }
  const group = a.apiGroup ?? '';
  const qualified = group ? `${a.resource}.${group}` : a.resource!;
  const what = a.name !== undefined ? `${qualified} "${a.name}"` : qualified;
  const resource = a.subresource ? `${a.resource}/${a.subresource}` : a.resource;
  const scope = a.namespace !== undefined ? `in the namespace "${a.namespace}"` : 'at the cluster scope';
  return new ApiError(
    403,
    'Forbidden',
    `${what} is forbidden: User "${user.username}" cannot ${a.verb} resource "${resource}" in API group "${group}" ${scope}`,
    {
      ...(a.name !== undefined ? { name: a.name } : {}),
      ...(group ? { group } : {}),
      kind: a.resource,
    },
  );
}

/** @throws ApiError 403 Forbidden unless `user` may do `a`. */
export function authorize(store: ObjectStore, user: UserInfo, a: RequestAttributes): void {
  if (!isAllowed(store, user, a)) throw forbidden(user, a);
}

/**
 * The verb of a resource request, as the API server derives it: get/list/watch, create, update, patch, delete,
 * deletecollection.
 */
export function verbOf(method: string, hasName: boolean, watch: boolean): string {
  switch (method) {
    case 'GET':
    case 'HEAD':
      return watch ? 'watch' : hasName ? 'get' : 'list';
    case 'POST':
      return 'create';
    case 'PUT':
      return 'update';
    case 'PATCH':
      return 'patch';
    case 'DELETE':
      return hasName ? 'delete' : 'deletecollection';
    default:
      return method.toLowerCase();
  }
}
