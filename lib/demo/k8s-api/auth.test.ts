import * as k8s from '@kubernetes/client-node';
import { describe, expect, it } from 'vitest';
import { DEMO_TOKEN } from './kubeconfig';
import { BOOKINFO_EDITOR_TOKEN, BOOKINFO_VIEWER_LONG_TOKEN, BOOKINFO_VIEWER_TOKEN, NOBODY_TOKEN } from './auth-users';
import { runKubectl } from './test-kubectl';
import type { Status } from './status';
import { setupTestCluster } from '../test-cluster';

const cluster = setupTestCluster();

function clientsFor(token: string, impersonate?: string) {
  const kc = new k8s.KubeConfig();
  kc.loadFromOptions({
    clusters: [{ name: 'demo', server: cluster().url, skipTLSVerify: true }],
    users: [{ name: 'u', token, impersonateUser: impersonate }],
    contexts: [{ name: 'demo', cluster: 'demo', user: 'u' }],
    currentContext: 'demo',
  });
  return {
    core: kc.makeApiClient(k8s.CoreV1Api),
    custom: kc.makeApiClient(k8s.CustomObjectsApi),
    authz: kc.makeApiClient(k8s.AuthorizationV1Api),
    authn: kc.makeApiClient(k8s.AuthenticationV1Api),
  };
}

async function failure(call: Promise<unknown>): Promise<{ code: number; status: Status }> {
  try {
    await call;
  } catch (err) {
    if (err instanceof k8s.ApiException)
      return { code: err.code, status: (typeof err.body === 'string' ? JSON.parse(err.body) : err.body) as Status };
    throw err;
  }
  throw new Error('expected the call to fail');
}

const vs = (name: string) => ({
  apiVersion: 'networking.istio.io/v1',
  kind: 'VirtualService',
  metadata: { name },
  spec: { hosts: ['reviews'], http: [{ route: [{ destination: { host: 'reviews' } }] }] },
});

describe('demo Kubernetes API: tokens and RBAC', () => {
  it('answers 401 Unauthorized to an unknown token, on resources and discovery alike', async () => {
    const bad = clientsFor('not-a-demo-token');
    expect((await failure(bad.core.listNamespace())).code).toBe(401);
    const res = await fetch(`${cluster().url}/api`, { headers: { Authorization: 'Bearer not-a-demo-token' } });
    expect(res.status).toBe(401);
    expect(await res.json()).toMatchObject({ kind: 'Status', reason: 'Unauthorized', code: 401 });
  });

  it("lets bookinfo-viewer read bookinfo only, with the API server's wording for the 403s", async () => {
    const viewer = clientsFor(BOOKINFO_VIEWER_TOKEN);
    expect((await viewer.core.listNamespacedPod({ namespace: 'bookinfo' })).items.length).toBeGreaterThan(0);
    expect((await viewer.core.readNamespace({ name: 'bookinfo' })).metadata?.name).toBe('bookinfo');
    const other = await failure(viewer.core.listNamespacedPod({ namespace: 'istio-system' }));
    expect(other.code).toBe(403);
    expect(other.status).toMatchObject({ reason: 'Forbidden', details: { kind: 'pods' } });
    expect(other.status.message).toBe(
      'pods is forbidden: User "bookinfo-viewer" cannot list resource "pods" in API group "" in the namespace "istio-system"',
    );
    expect((await failure(viewer.core.listPodForAllNamespaces())).status.message).toContain('at the cluster scope');
    expect((await failure(viewer.core.listNamespace())).code).toBe(403);
    expect((await failure(viewer.core.readNamespace({ name: 'default' }))).status.message).toBe(
      'namespaces "default" is forbidden: User "bookinfo-viewer" cannot get resource "namespaces" in API group "" in the namespace "default"',
    );
    const write = await failure(
      viewer.custom.createNamespacedCustomObject({
        group: 'networking.istio.io',
        version: 'v1',
        namespace: 'bookinfo',
        plural: 'virtualservices',
        body: vs('x'),
        dryRun: 'All',
      }),
    );
    expect(write.status.message).toBe(
      'virtualservices.networking.istio.io is forbidden: User "bookinfo-viewer" cannot create resource "virtualservices" in API group "networking.istio.io" in the namespace "bookinfo"',
    );
  });

  it('lets bookinfo-editor write Istio config in bookinfo, and nowhere else', async () => {
    const editor = clientsFor(BOOKINFO_EDITOR_TOKEN);
    const args = {
      group: 'networking.istio.io',
      version: 'v1',
      plural: 'virtualservices',
      body: vs('editor-test'),
      dryRun: 'All',
    };
    await expect(editor.custom.createNamespacedCustomObject({ ...args, namespace: 'bookinfo' })).resolves.toMatchObject(
      { metadata: { name: 'editor-test' } },
    );
    expect((await failure(editor.custom.createNamespacedCustomObject({ ...args, namespace: 'default' }))).code).toBe(
      403,
    );
    expect((await failure(editor.core.deleteNamespacedPod({ namespace: 'bookinfo', name: 'x' }))).code).toBe(403);
  });

  it('answers SelfSubjectAccessReviews from RBAC and SelfSubjectReviews with the user', async () => {
    const viewer = clientsFor(BOOKINFO_VIEWER_TOKEN);
    const can = async (namespace: string, verb: string, resource: string, group = '') =>
      (
        await viewer.authz.createSelfSubjectAccessReview({
          body: { spec: { resourceAttributes: { namespace, verb, resource, group } } },
        })
      ).status?.allowed;
    expect(await can('bookinfo', 'list', 'pods')).toBe(true);
    expect(await can('bookinfo', 'create', 'virtualservices', 'networking.istio.io')).toBe(false);
    expect(await can('default', 'list', 'pods')).toBe(false);
    const who = await viewer.authn.createSelfSubjectReview({ body: {} });
    expect(who.status?.userInfo).toMatchObject({ username: 'bookinfo-viewer', groups: ['system:authenticated'] });
    const nobody = clientsFor(NOBODY_TOKEN);
    expect(
      (
        await nobody.authz.createSelfSubjectAccessReview({
          body: {
            spec: {
              resourceAttributes: { namespace: 'bookinfo', verb: 'get', resource: 'namespaces', name: 'bookinfo' },
            },
          },
        })
      ).status?.allowed,
    ).toBe(false);
  });

  it('accepts tokens longer than 4 KB', async () => {
    expect(
      (await clientsFor(BOOKINFO_VIEWER_LONG_TOKEN).core.listNamespacedService({ namespace: 'bookinfo' })).items.length,
    ).toBeGreaterThan(0);
  });

  it('lets the admin impersonate a user, and refuses impersonation to others', async () => {
    const asViewer = clientsFor(DEMO_TOKEN, 'bookinfo-viewer');
    expect((await failure(asViewer.core.listNamespacedPod({ namespace: 'default' }))).status.message).toContain(
      'User "bookinfo-viewer" cannot list',
    );
    const escalate = await failure(clientsFor(BOOKINFO_VIEWER_TOKEN, 'demo-admin').core.listNamespace());
    expect(escalate.status.message).toBe(
      'users "demo-admin" is forbidden: User "bookinfo-viewer" cannot impersonate resource "users" in API group "" at the cluster scope',
    );
  });

  it('serves the RBAC objects it enforces', async () => {
    const kc = new k8s.KubeConfig();
    kc.loadFromFile(cluster().kubeconfig);
    const rbac = kc.makeApiClient(k8s.RbacAuthorizationV1Api);
    expect((await rbac.listClusterRole()).items.map((r) => r.metadata?.name)).toEqual(
      expect.arrayContaining(['cluster-admin', 'meshscope-demo-view', 'meshscope-demo-istio-edit']),
    );
    expect(
      (await rbac.listNamespacedRoleBinding({ namespace: 'bookinfo' })).items.map((r) => r.metadata?.name),
    ).toEqual(expect.arrayContaining(['bookinfo-view', 'bookinfo-istio-edit']));
  });
});

describe('kubectl auth against the demo API', () => {
  it('kubectl auth can-i --as answers from the demo RBAC', async () => {
    const can = async (...args: string[]) => (await runKubectl(cluster(), ['auth', 'can-i', ...args])).stdout.trim();
    expect(await can('list', 'pods', '-n', 'bookinfo', '--as', 'bookinfo-viewer')).toBe('yes');
    expect(await can('list', 'pods', '-n', 'default', '--as', 'bookinfo-viewer')).toBe('no');
    expect(
      await can('create', 'virtualservices.networking.istio.io', '-n', 'bookinfo', '--as', 'bookinfo-editor'),
    ).toBe('yes');
  });
});
