import { describe, expect, it, vi } from 'vitest';
import { BOOKINFO_EDITOR_TOKEN, BOOKINFO_VIEWER_TOKEN } from '@/lib/demo/k8s-api/auth-users';
import type { IstioObject } from './inventory';
import {
  createIstioObject,
  deleteIstioObject,
  findIstioObject,
  getIstioObject,
  kindByPlural,
  listServiceAccounts,
  replaceIstioObject,
  versionFor,
} from './istio-config';
import { findKind } from '@/lib/istio/kinds';
import { runInKubeScope } from './request-scope';
import { asUser, clientsAt, scopeWith, startFaultyProxy, setupKubeTestEnv } from './test-helpers';
import { rejection } from '@/lib/errors/test-helpers';

const VS = findKind('networking.istio.io', 'VirtualService')!;
const AP = findKind('security.istio.io', 'AuthorizationPolicy')!;

/** A VirtualService routing `host` to one subset. */
function vs(
  name: string,
  opts: { apiVersion?: string; namespace?: string; resourceVersion?: string; subset?: string } = {},
): IstioObject {
  return {
    apiVersion: opts.apiVersion ?? 'networking.istio.io/v1',
    kind: 'VirtualService',
    metadata: {
      name,
      ...(opts.namespace ? { namespace: opts.namespace } : {}),
      ...(opts.resourceVersion ? { resourceVersion: opts.resourceVersion } : {}),
    },
    spec: {
      hosts: ['reviews'],
      http: [{ route: [{ destination: { host: 'reviews', subset: opts.subset ?? 'v1' } }] }],
    },
  };
}

/** Replaces `loaded` (a VirtualService of bookinfo, as read at its resourceVersion) with one routing to `subset`. */
const routeTo = (loaded: IstioObject, subset: string, options?: { dryRun?: boolean }) =>
  replaceIstioObject(
    'bookinfo',
    VS,
    vs(loaded.metadata.name, { resourceVersion: loaded.metadata.resourceVersion, subset }),
    options,
  );

const cluster = setupKubeTestEnv();

describe('reading Istio objects', () => {
  it('getIstioObject reads one object at the preferred version', async () => {
    const obj = await getIstioObject('bookinfo', VS, 'bookinfo');
    expect(obj).toMatchObject({
      apiVersion: 'networking.istio.io/v1',
      kind: 'VirtualService',
      metadata: { name: 'bookinfo', namespace: 'bookinfo' },
    });
    expect(obj.spec?.gateways).toEqual(['bookinfo-gateway']);
  });

  it('a missing object: getIstioObject → not_found:k8s, findIstioObject → null', async () => {
    const err = await rejection(getIstioObject('bookinfo', VS, 'nope'));
    expect(err).toMatchObject({
      code: 'not_found:k8s',
      message: 'virtualservices.networking.istio.io "nope" not found',
    });
    expect(await findIstioObject('bookinfo', VS, 'nope')).toBeNull();
  });

  it('findIstioObject still reports other failures (forbidden:k8s)', async () => {
    expect((await rejection(asUser(BOOKINFO_VIEWER_TOKEN, () => findIstioObject('default', VS, 'x')))).code).toBe(
      'forbidden:k8s',
    );
  });
});

describe('createIstioObject', () => {
  it('creates in the namespace given, whatever the object says, sending no resourceVersion', async () => {
    const proxy = await startFaultyProxy(cluster().url);
    try {
      const created = await runInKubeScope(scopeWith(clientsAt(proxy.url)), () =>
        createIstioObject('bookinfo', VS, vs('create-ns', { namespace: 'default', resourceVersion: '1' })),
      );
      expect(created.metadata).toMatchObject({ name: 'create-ns', namespace: 'bookinfo' });
      const sent = proxy.requests.find((r) => r.method === 'POST')!;
      expect(sent.path).toBe('/apis/networking.istio.io/v1/namespaces/bookinfo/virtualservices?fieldManager=meshscope');
      // the API server refuses a create that sets resourceVersion ("resourceVersion should not be set on objects to be created")
      expect(JSON.parse(sent.body).metadata).toEqual({ name: 'create-ns', namespace: 'bookinfo' });
    } finally {
      await proxy.close();
    }
    expect(await findIstioObject('default', VS, 'create-ns')).toBeNull();
  });

  it('a dry run answers the object and stores nothing', async () => {
    const dry = await createIstioObject('bookinfo', VS, vs('create-dry'), { dryRun: true });
    expect(dry.metadata.name).toBe('create-dry');
    expect(await findIstioObject('bookinfo', VS, 'create-dry')).toBeNull();
  });

  it('an existing name → conflict:k8s (AlreadyExists)', async () => {
    await createIstioObject('bookinfo', VS, vs('create-twice'));
    const err = await rejection(createIstioObject('bookinfo', VS, vs('create-twice')));
    expect(err).toMatchObject({ code: 'conflict:k8s', details: { reason: 'AlreadyExists' } });
  });

  it('an object the schema refuses → invalid:k8s with the field causes', async () => {
    const bad = { ...vs('create-bad'), spec: { hosts: 'reviews' } };
    const err = await rejection(createIstioObject('bookinfo', VS, bad));
    expect(err.code).toBe('invalid:k8s');
    expect(err.details?.causes).toEqual([expect.objectContaining({ field: 'spec.hosts' })]);
  });

  it('RBAC applies: the editor may create in bookinfo, the viewer may not', async () => {
    const made = await asUser(BOOKINFO_EDITOR_TOKEN, () =>
      createIstioObject('bookinfo', VS, vs('create-editor'), { dryRun: true }),
    );
    expect(made.metadata.name).toBe('create-editor');
    const err = await rejection(
      asUser(BOOKINFO_VIEWER_TOKEN, () => createIstioObject('bookinfo', VS, vs('create-viewer'))),
    );
    expect(err.code).toBe('forbidden:k8s');
    expect(err.message).toContain('User "bookinfo-viewer" cannot create resource "virtualservices"');
  });

  it('writes with the version the object declares when the kind serves it', async () => {
    const created = await createIstioObject(
      'bookinfo',
      VS,
      vs('create-beta', { apiVersion: 'networking.istio.io/v1beta1' }),
    );
    expect(created.apiVersion).toBe('networking.istio.io/v1beta1');
  });
});

describe('replaceIstioObject', () => {
  it('refuses an update without metadata.resourceVersion (bad_request:api naming the parameter)', async () => {
    const err = await rejection(replaceIstioObject('bookinfo', VS, vs('replace-none')));
    expect(err).toMatchObject({
      code: 'bad_request:api',
      status: 400,
      details: { parameter: 'object.metadata.resourceVersion' },
    });
  });

  it('replaces the object when its resourceVersion is current', async () => {
    const created = await createIstioObject('bookinfo', VS, vs('replace-ok'));
    const updated = await routeTo(created, 'v2');
    expect(updated.metadata.resourceVersion).not.toBe(created.metadata.resourceVersion);
    expect((await getIstioObject('bookinfo', VS, 'replace-ok')).spec).toEqual({
      hosts: ['reviews'],
      http: [{ route: [{ destination: { host: 'reviews', subset: 'v2' } }] }],
    });
  });

  it('a dry-run replace changes nothing', async () => {
    const created = await createIstioObject('bookinfo', VS, vs('replace-dry'));
    await routeTo(created, 'v3', { dryRun: true });
    const live = await getIstioObject('bookinfo', VS, 'replace-dry');
    expect(live.metadata.resourceVersion).toBe(created.metadata.resourceVersion);
    expect(JSON.stringify(live.spec)).toContain('"subset":"v1"');
  });

  it('a stale resourceVersion → conflict:k8s carrying the live object, and the write is not applied', async () => {
    const created = await createIstioObject('bookinfo', VS, vs('replace-stale'));
    const theirs = await routeTo(created, 'v2');
    const err = await rejection(routeTo(created, 'v3'));
    expect(err.code).toBe('conflict:k8s');
    expect(err.message).toBe(
      `VirtualService bookinfo/replace-stale was changed by someone else since you loaded it (your version ${created.metadata.resourceVersion}, now ${theirs.metadata.resourceVersion})`,
    );
    const current = err.details?.current as IstioObject;
    expect(current.metadata.resourceVersion).toBe(theirs.metadata.resourceVersion);
    expect(JSON.stringify(current.spec)).toContain('"subset":"v2"');
  });

  it('replacing an object that does not exist → not_found:k8s', async () => {
    expect(
      (await rejection(replaceIstioObject('bookinfo', VS, vs('replace-missing', { resourceVersion: '5' })))).code,
    ).toBe('not_found:k8s');
  });
});

describe('deleteIstioObject', () => {
  it('deletes the object', async () => {
    await createIstioObject('bookinfo', VS, vs('delete-me'));
    await deleteIstioObject('bookinfo', VS, 'delete-me');
    expect(await findIstioObject('bookinfo', VS, 'delete-me')).toBeNull();
  });

  it('with a resourceVersion, only if it is still that version (conflict:k8s otherwise, and the object stays)', async () => {
    const created = await createIstioObject('bookinfo', VS, vs('delete-guarded'));
    const changed = await routeTo(created, 'v2');
    expect(
      (await rejection(deleteIstioObject('bookinfo', VS, 'delete-guarded', created.metadata.resourceVersion))).code,
    ).toBe('conflict:k8s');
    expect((await getIstioObject('bookinfo', VS, 'delete-guarded')).metadata.resourceVersion).toBe(
      changed.metadata.resourceVersion,
    );
    await deleteIstioObject('bookinfo', VS, 'delete-guarded', changed.metadata.resourceVersion);
    expect(await findIstioObject('bookinfo', VS, 'delete-guarded')).toBeNull();
  });

  it('a missing object → not_found:k8s', async () => {
    expect((await rejection(deleteIstioObject('bookinfo', VS, 'never-was'))).code).toBe('not_found:k8s');
  });
});

describe('versions and kinds', () => {
  it('versionFor: the declared version when the kind serves it, else the preferred one', () => {
    expect(versionFor(VS, 'networking.istio.io/v1alpha3')).toBe('v1alpha3');
    expect(versionFor(AP, 'security.istio.io/v1beta1')).toBe('v1beta1');
    expect(versionFor(AP, 'security.istio.io/v1alpha3')).toBe('v1'); // not a served version of AuthorizationPolicy
    expect(versionFor(AP, 'networking.istio.io/v1beta1')).toBe('v1'); // another group
    expect(versionFor(VS, undefined)).toBe('v1');
    expect(versionFor(VS, 42)).toBe('v1');
  });

  it('kindByPlural finds the kinds Meshscope edits, and nothing else', () => {
    expect(kindByPlural('virtualservices')).toBe(VS);
    expect(kindByPlural('VirtualService')).toBeUndefined();
    expect(kindByPlural('pods')).toBeUndefined();
  });

  it('tries the next served version when one is not served, and remembers the one that answered', async () => {
    vi.resetModules(); // a fresh module: nothing remembered by the tests above
    const fresh = await import('./istio-config');
    // as if the cluster's Istio predates v2 (not served) and the kind table listed it first
    const kind = { ...VS, versions: ['v2', 'v1beta1', 'v1'] };
    const obj = await fresh.getIstioObject('bookinfo', kind, 'bookinfo');
    expect(obj.apiVersion).toBe('networking.istio.io/v1beta1');
    expect(fresh.versionFor(kind, undefined)).toBe('v1beta1');
    expect(fresh.versionFor(VS, undefined)).toBe('v1beta1'); // remembered per plural
    // an object that does not exist is still not_found:k8s, with the API's message about the object
    // (the fresh module has its own MeshscopeError class, so the error is matched by shape)
    await expect(fresh.getIstioObject('bookinfo', kind, 'nope')).rejects.toMatchObject({
      code: 'not_found:k8s',
      message: 'virtualservices.networking.istio.io "nope" not found',
    });
  });
});

describe('listServiceAccounts', () => {
  it('lists every service account in the cluster', async () => {
    const all = await listServiceAccounts();
    // 13 for the sidecar namespaces and istio-system; bookinfo-gateway-api's: default, bookinfo's four and
    // bookinfo-gateway-istio (the Gateway's deployment); ztunnel's; bookinfo-ambient's: default, bookinfo's four, curl
    // and the waypoint's.
    expect(all).toHaveLength(27);
    expect(all).toContainEqual({ namespace: 'bookinfo-gateway-api', name: 'bookinfo-gateway-istio' });
    expect(all).toEqual(
      expect.arrayContaining([
        { namespace: 'bookinfo', name: 'bookinfo-reviews' },
        { namespace: 'istio-system', name: 'istiod' },
        { namespace: 'istio-system', name: 'ztunnel' },
        { namespace: 'bookinfo-ambient', name: 'bookinfo-reviews' },
        { namespace: 'bookinfo-ambient', name: 'waypoint' },
      ]),
    );
  });

  it("a user who may not list them cluster-wide gets an empty list (checks fall back to workloads')", async () => {
    expect(await asUser(BOOKINFO_VIEWER_TOKEN, () => listServiceAccounts())).toEqual([]);
  });

  it('a refused token is an error (unauthorized:k8s)', async () => {
    expect((await rejection(asUser('not-a-demo-token', () => listServiceAccounts()))).code).toBe('unauthorized:k8s');
  });
});
