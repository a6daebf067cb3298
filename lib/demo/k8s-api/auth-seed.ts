/**
 * The demo cluster's RBAC, stored as real `rbac.authorization.k8s.io/v1` objects (so `kubectl get clusterroles`,
 * RoleBindings edits and Meshscope's permission checks all see the same thing):
 * - `cluster-admin` bound to the group `system:masters` (the demo admin), and to `system:unauthenticated` because
 *   kubectl sends no token over plain HTTP (requests with a bad token still get 401);
 * - `system:basic-user` bound to `system:authenticated`: create SelfSubjectAccessReviews and SelfSubjectReviews, read
 *   discovery (the real server's `system:basic-user` and `system:discovery`);
 * - `meshscope-demo-view`: get/list/watch on core, apps, Istio and Gateway API kinds and pod logs;
 * - `meshscope-demo-istio-edit`: create/update/patch/delete Istio config (Istio and Gateway API groups);
 * - in `bookinfo`: `bookinfo-viewer` and `bookinfo-editor` get the view role, `bookinfo-editor` the Istio edit role,
 *   and `bookinfo-limited` a Role without Deployments and VirtualServices (auth-users.ts lists the tokens).
 */
import { StoreError, type KubeObject, type ObjectStore } from '../store/object-store';
import { resourceByPlural } from '../store/resources';

const GROUP = 'rbac.authorization.k8s.io';
const API_VERSION = `${GROUP}/v1`;
const READ = ['get', 'list', 'watch'];
const WRITE = ['create', 'update', 'patch', 'delete', 'deletecollection'];
const ISTIO_GROUPS = [
  'networking.istio.io',
  'security.istio.io',
  'telemetry.istio.io',
  'gateway.networking.k8s.io',
  'inference.networking.k8s.io',
];
// pods/proxy: the proxies' admin config dump (ztunnel and waypoint tabs; `GET pods/{name}:15000/proxy/config_dump`)
const CORE_READ = [
  'namespaces',
  'pods',
  'pods/log',
  'pods/proxy',
  'services',
  'endpoints',
  'serviceaccounts',
  'configmaps',
];
const APPS_READ = ['deployments', 'replicasets', 'statefulsets', 'daemonsets'];

const clusterRole = (name: string, rules: object[]): KubeObject => ({
  apiVersion: API_VERSION,
  kind: 'ClusterRole',
  metadata: { name },
  rules,
});

/** A ClusterRoleBinding `name` granting ClusterRole `role` to `subjects`. */
const clusterRoleBinding = (name: string, role: string, subjects: object[]): KubeObject => ({
  apiVersion: API_VERSION,
  kind: 'ClusterRoleBinding',
  metadata: { name },
  roleRef: { apiGroup: GROUP, kind: 'ClusterRole', name: role },
  subjects,
});

/** A RoleBinding `name` in `namespace` granting the ClusterRole or Role `role` to `subjects`. */
const roleBinding = (
  namespace: string,
  name: string,
  role: { kind: 'ClusterRole' | 'Role'; name: string },
  subjects: object[],
): KubeObject => ({
  apiVersion: API_VERSION,
  kind: 'RoleBinding',
  metadata: { name, namespace },
  roleRef: { apiGroup: GROUP, ...role },
  subjects,
});

const user = (name: string) => ({ kind: 'User', apiGroup: GROUP, name });
const group = (name: string) => ({ kind: 'Group', apiGroup: GROUP, name });

/** The ClusterRoles, ClusterRoleBindings, Roles and RoleBindings the demo starts with. */
export function demoRbacObjects(): KubeObject[] {
  return [
    clusterRole('cluster-admin', [
      { apiGroups: ['*'], resources: ['*'], verbs: ['*'] },
      { nonResourceURLs: ['*'], verbs: ['*'] },
    ]),
    clusterRoleBinding('cluster-admin', 'cluster-admin', [group('system:masters')]),
    // kubectl (client-go) never sends a bearer token over plain HTTP, so its requests arrive without credentials.
    // The demo API listens on 127.0.0.1 only; a real cluster must never bind anonymous users to anything.
    clusterRoleBinding('demo-kubectl-over-http', 'cluster-admin', [group('system:unauthenticated')]),
    clusterRole('system:basic-user', [
      {
        apiGroups: ['authorization.k8s.io'],
        resources: ['selfsubjectaccessreviews', 'selfsubjectrulesreviews'],
        verbs: ['create'],
      },
      { apiGroups: ['authentication.k8s.io'], resources: ['selfsubjectreviews'], verbs: ['create'] },
      {
        nonResourceURLs: [
          '/api',
          '/api/*',
          '/apis',
          '/apis/*',
          '/openapi',
          '/openapi/*',
          '/version',
          '/version/',
          '/healthz',
          '/livez',
          '/readyz',
        ],
        verbs: ['get'],
      },
    ]),
    clusterRoleBinding('system:basic-user', 'system:basic-user', [group('system:authenticated')]),
    clusterRole('meshscope-demo-view', [
      { apiGroups: [''], resources: CORE_READ, verbs: READ },
      { apiGroups: ['apps'], resources: APPS_READ, verbs: READ },
      { apiGroups: ISTIO_GROUPS, resources: ['*'], verbs: READ },
    ]),
    clusterRole('meshscope-demo-istio-edit', [{ apiGroups: ISTIO_GROUPS, resources: ['*'], verbs: WRITE }]),
    roleBinding('bookinfo', 'bookinfo-view', { kind: 'ClusterRole', name: 'meshscope-demo-view' }, [
      user('bookinfo-viewer'),
      user('bookinfo-editor'),
    ]),
    roleBinding('bookinfo', 'bookinfo-istio-edit', { kind: 'ClusterRole', name: 'meshscope-demo-istio-edit' }, [
      user('bookinfo-editor'),
    ]),
    {
      apiVersion: API_VERSION,
      kind: 'Role',
      metadata: { name: 'bookinfo-limited', namespace: 'bookinfo' },
      rules: [
        { apiGroups: [''], resources: CORE_READ, verbs: READ },
        { apiGroups: ['apps'], resources: ['replicasets'], verbs: READ },
        {
          apiGroups: ISTIO_GROUPS,
          resources: ['destinationrules', 'gateways', 'serviceentries', 'authorizationpolicies', 'peerauthentications'],
          verbs: READ,
        },
      ],
    },
    roleBinding('bookinfo', 'bookinfo-limited', { kind: 'Role', name: 'bookinfo-limited' }, [user('bookinfo-limited')]),
  ];
}

/**
 * Stores the demo RBAC. Objects that exist are left alone; namespaced ones whose namespace does not exist (a
 * synthetic mesh has no bookinfo) are skipped.
 */
export function seedDemoRbac(store: ObjectStore): void {
  const namespaces = resourceByPlural('', 'namespaces')!;
  for (const obj of demoRbacObjects()) {
    const plural = `${obj.kind.toLowerCase()}s`;
    const type = resourceByPlural(GROUP, plural);
    if (!type) continue;
    if (obj.metadata.namespace && !store.get(namespaces, undefined, obj.metadata.namespace)) continue;
    try {
      store.create(type, structuredClone(obj));
    } catch (err) {
      if (!(err instanceof StoreError && err.reason === 'AlreadyExists')) throw err;
    }
  }
}
