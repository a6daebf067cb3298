import { beforeAll, describe, expect, it } from 'vitest';
import { BOOKINFO_VIEWER_TOKEN, NOBODY_TOKEN } from '@/lib/demo/k8s-api/auth-users';
import { getServerKubeClients } from './client';
import { listNamespaces } from './namespaces';
import { asUser, setupKubeTestEnv } from './test-helpers';
import { rejection } from '@/lib/errors/test-helpers';

setupKubeTestEnv();
beforeAll(async () => {
  // injection by revision label instead of istio-injection (revision-based installs); and one turned off explicitly
  const c = getServerKubeClients();
  await c.core.createNamespace({ body: { metadata: { name: 'canary-apps', labels: { 'istio.io/rev': 'canary' } } } });
  await c.core.createNamespace({ body: { metadata: { name: 'no-mesh', labels: { 'istio-injection': 'disabled' } } } });
});

describe('listNamespaces', () => {
  it('lists every namespace the server sees, sorted by name, with sidecar injection read from the labels', async () => {
    const list = await listNamespaces();
    expect(list.map((n) => [n.name, n.istioInjection])).toEqual([
      ['bookinfo', true],
      ['bookinfo-ambient', false], // ambient mode: no sidecars
      ['bookinfo-gateway-api', true],
      ['canary-apps', true],
      ['default', true],
      ['istio-system', false],
      ['no-mesh', false],
      ['tcp-echo', true],
    ]);
    expect(list[0]!.labels).toEqual({ 'istio-injection': 'enabled', 'kubernetes.io/metadata.name': 'bookinfo' });
  });

  it('gives the creation time as an ISO 8601 string', async () => {
    const c = getServerKubeClients();
    const created = (await c.core.readNamespace({ name: 'bookinfo' })).metadata?.creationTimestamp;
    const bookinfo = (await listNamespaces()).find((n) => n.name === 'bookinfo');
    expect(bookinfo?.creationTimestamp).toBe(new Date(created!).toISOString());
    expect(bookinfo?.creationTimestamp).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
  });

  it('as a signed-in user, only the namespaces that user may get', async () => {
    expect((await asUser(BOOKINFO_VIEWER_TOKEN, () => listNamespaces())).map((n) => n.name)).toEqual(['bookinfo']);
    expect(await asUser(NOBODY_TOKEN, () => listNamespaces())).toEqual([]);
  });

  it('a refused token is an error (unauthorized:k8s)', async () => {
    expect((await rejection(asUser('not-a-demo-token', () => listNamespaces()))).code).toBe('unauthorized:k8s');
  });
});
