import { describe, expect, it } from 'vitest';
import { BOOKINFO_EDITOR_TOKEN, BOOKINFO_VIEWER_TOKEN, NOBODY_TOKEN } from '@/lib/demo/k8s-api/auth-users';
import { DEMO_TOKEN } from '@/lib/demo/k8s-api/kubeconfig';
import { accessibleNamespaceNames, accessibleNamespaces, assertNamespacesAccessible, canI } from './access';
import { runInKubeScope } from './request-scope';
import { asUser, clientsAt, scopeWith, startFaultyProxy, startHttpStub, setupKubeTestEnv } from './test-helpers';
import { rejection } from '@/lib/errors/test-helpers';

const ALL = ['bookinfo', 'bookinfo-ambient', 'bookinfo-gateway-api', 'default', 'istio-system', 'tcp-echo'];
const sorted = (s: Set<string>) => [...s].sort();
const createVs = (namespace: string) => ({
  verb: 'create',
  group: 'networking.istio.io',
  resource: 'virtualservices',
  namespace,
});

const cluster = setupKubeTestEnv();

describe('accessibleNamespaces', () => {
  it('anonymous (server credentials): every namespace, as the API returns them', async () => {
    const list = await accessibleNamespaces();
    expect(list.map((n) => n.metadata?.name).sort()).toEqual(ALL);
    expect(list.find((n) => n.metadata?.name === 'bookinfo')?.metadata?.labels).toMatchObject({
      'istio-injection': 'enabled',
    });
  });

  it('a user who may list namespaces gets the list', async () => {
    expect(sorted(await asUser(DEMO_TOKEN, () => accessibleNamespaceNames()))).toEqual(ALL);
  });

  it('a user who may not list namespaces gets those they may get (bookinfo-viewer: bookinfo)', async () => {
    expect(sorted(await asUser(BOOKINFO_VIEWER_TOKEN, () => accessibleNamespaceNames()))).toEqual(['bookinfo']);
    expect(sorted(await asUser(NOBODY_TOKEN, () => accessibleNamespaceNames()))).toEqual([]);
  });

  it('a token the API refuses is an error (unauthorized:k8s), not an empty list', async () => {
    expect((await rejection(asUser('not-a-demo-token', () => accessibleNamespaces()))).code).toBe('unauthorized:k8s');
  });

  it('caches per identity: two identities in the same process get their own lists', async () => {
    const viewer = await asUser(BOOKINFO_VIEWER_TOKEN, () => accessibleNamespaceNames());
    const anonymous = await accessibleNamespaceNames();
    expect(sorted(viewer)).toEqual(['bookinfo']);
    expect(sorted(anonymous)).toEqual(ALL);
  });

  it('repeated reads by one identity share one answer', async () => {
    const scope = scopeWith(clientsAt(cluster().url));
    const first = runInKubeScope(scope, () => accessibleNamespaces());
    expect(runInKubeScope(scope, () => accessibleNamespaces())).toBe(first);
    expect((await first).length).toBe(ALL.length);
  });

  it('a failed read is not cached: the next read by the same identity asks again', async () => {
    const stub = await startHttpStub(() => undefined);
    const dead = stub.url;
    await stub.close();
    const key = 'access-retry';
    const err = await rejection(runInKubeScope(scopeWith(clientsAt(dead), key), () => accessibleNamespaces()));
    expect(err.code).toBe('unavailable:k8s');
    const names = await runInKubeScope(scopeWith(clientsAt(cluster().url), key), () => accessibleNamespaceNames());
    expect(names.has('bookinfo')).toBe(true);
  });

  it('only a 403 on the namespace list falls back to per-namespace reviews; other failures are errors', async () => {
    const proxy = await startFaultyProxy(cluster().url, ({ method, path }) =>
      method === 'GET' && /^\/api\/v1\/namespaces(\?|$)/.test(path) ? 500 : null,
    );
    try {
      const scope = scopeWith(clientsAt(proxy.url, { token: BOOKINFO_VIEWER_TOKEN }));
      const err = await rejection(runInKubeScope(scope, () => accessibleNamespaces()));
      expect(err.code).toBe('unavailable:k8s');
    } finally {
      await proxy.close();
    }
  });
});

describe('assertNamespacesAccessible', () => {
  it('lets a request through when every named namespace is accessible', async () => {
    await expect(
      asUser(BOOKINFO_VIEWER_TOKEN, () => assertNamespacesAccessible(['bookinfo'])),
    ).resolves.toBeUndefined();
  });

  it('refuses with 403 forbidden:k8s naming the first inaccessible namespace', async () => {
    const err = await rejection(
      asUser(BOOKINFO_VIEWER_TOKEN, () => assertNamespacesAccessible(['bookinfo', 'default', 'istio-system'])),
    );
    expect(err).toMatchObject({
      code: 'forbidden:k8s',
      status: 403,
      message: 'Namespace [default] is not accessible.',
      details: { namespace: 'default' },
    });
  });

  it('refuses a namespace that does not exist the same way (names cannot be probed)', async () => {
    const missing = await rejection(asUser(BOOKINFO_VIEWER_TOKEN, () => assertNamespacesAccessible(['no-such-ns'])));
    const hidden = await rejection(asUser(BOOKINFO_VIEWER_TOKEN, () => assertNamespacesAccessible(['tcp-echo'])));
    expect([missing.code, missing.message]).toEqual(['forbidden:k8s', 'Namespace [no-such-ns] is not accessible.']);
    expect([hidden.code, hidden.message]).toEqual(['forbidden:k8s', 'Namespace [tcp-echo] is not accessible.']);
  });

  it('asks nothing when no namespace is named (even a refused token passes)', async () => {
    await expect(asUser('not-a-demo-token', () => assertNamespacesAccessible([]))).resolves.toBeUndefined();
  });
});

describe('canI', () => {
  it("answers from the user's RBAC (SelfSubjectAccessReview)", async () => {
    expect(
      await asUser(BOOKINFO_VIEWER_TOKEN, () => canI({ verb: 'list', resource: 'pods', namespace: 'bookinfo' })),
    ).toBe(true);
    expect(await asUser(BOOKINFO_VIEWER_TOKEN, () => canI(createVs('bookinfo')))).toBe(false);
    expect(await asUser(BOOKINFO_EDITOR_TOKEN, () => canI(createVs('bookinfo')))).toBe(true);
    expect(await asUser(BOOKINFO_EDITOR_TOKEN, () => canI(createVs('default')))).toBe(false);
    expect(
      await asUser(BOOKINFO_VIEWER_TOKEN, () => canI({ verb: 'get', resource: 'namespaces', name: 'bookinfo' })),
    ).toBe(true);
    expect(
      await asUser(BOOKINFO_VIEWER_TOKEN, () => canI({ verb: 'get', resource: 'namespaces', name: 'default' })),
    ).toBe(false);
  });

  it("anonymous: the server's own answer (the demo admin may do anything)", async () => {
    expect(await canI({ verb: 'delete', resource: 'pods', namespace: 'istio-system' })).toBe(true);
  });

  it("caches per identity: one identity's answer is never another's", async () => {
    const viewer = scopeWith(clientsAt(cluster().url, { token: BOOKINFO_VIEWER_TOKEN }));
    const editor = scopeWith(clientsAt(cluster().url, { token: BOOKINFO_EDITOR_TOKEN }));
    const first = runInKubeScope(viewer, () => canI(createVs('bookinfo')));
    expect(runInKubeScope(viewer, () => canI(createVs('bookinfo')))).toBe(first);
    expect(await first).toBe(false);
    expect(await runInKubeScope(editor, () => canI(createVs('bookinfo')))).toBe(true);
  });

  it('a failed review is not cached: the next one by the same identity asks again', async () => {
    const stub = await startHttpStub(() => undefined);
    const dead = stub.url;
    await stub.close();
    const key = 'can-i-retry';
    expect(
      (await rejection(runInKubeScope(scopeWith(clientsAt(dead), key), () => canI(createVs('bookinfo'))))).code,
    ).toBe('unavailable:k8s');
    expect(
      await runInKubeScope(scopeWith(clientsAt(cluster().url, { token: BOOKINFO_EDITOR_TOKEN }), key), () =>
        canI(createVs('bookinfo')),
      ),
    ).toBe(true);
  });

  it('a refused token is an error, not a "no"', async () => {
    expect((await rejection(asUser('not-a-demo-token', () => canI(createVs('bookinfo'))))).code).toBe(
      'unauthorized:k8s',
    );
  });
});
