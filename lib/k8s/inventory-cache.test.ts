import path from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { BOOKINFO_LIMITED_TOKEN, BOOKINFO_VIEWER_TOKEN, NOBODY_TOKEN } from '@/lib/demo/k8s-api/auth-users';
import { DEMO_TOKEN, writeKubeconfig } from '@/lib/demo/k8s-api/kubeconfig';
import { resourceByPlural } from '@/lib/demo/store/resources';
import { inventoryStatus } from '@/lib/server/status';
import { accessibleNamespaces } from './access';
import { getServerKubeClients } from './client';
import { getInventory, inventoryFromCache, listedInventory, startInventoryCache, type Inventory } from './inventory';
import {
  CACHED_KINDS,
  currentInventoryCache,
  inventoryCacheFor,
  stopInventoryCache,
  watchPath,
  type InventoryCache,
} from './inventory-cache';
import { asUser, setEnv, setupKubeTestEnv, startFaultyProxy } from './test-helpers';

const cluster = setupKubeTestEnv({ INVENTORY_CACHE: 'watch' });
afterAll(() => stopInventoryCache());

async function readyCache(): Promise<InventoryCache> {
  const cache = inventoryCacheFor(getServerKubeClients());
  expect(await cache.whenReady(15_000)).toBe(true);
  return cache;
}

/** An inventory with every list in one order, so the cached and the listed one compare whatever their list order. */
function normalized(inv: Inventory): Inventory {
  const key = (o: unknown) => JSON.stringify(o);
  const sorted = <T>(items: T[]) => [...items].sort((a, b) => (key(a) < key(b) ? -1 : 1));
  const config = (items: Inventory['istioConfig']) =>
    sorted(items.map((o) => ({ ...o, metadata: { ...o.metadata, managedFields: undefined } })));
  return {
    namespaces: sorted(inv.namespaces),
    workloads: sorted(inv.workloads),
    services: sorted(inv.services),
    pods: sorted(inv.pods),
    istioConfig: config(inv.istioConfig),
    gatewayApi: config(inv.gatewayApi),
  };
}

const namespacesOf = (inv: Inventory) =>
  new Set([
    ...inv.workloads.map((w) => w.namespace),
    ...inv.services.map((s) => s.namespace),
    ...inv.pods.map((p) => p.namespace),
    ...inv.istioConfig.map((o) => o.metadata.namespace),
    ...inv.gatewayApi.filter((o) => o.metadata.namespace).map((o) => o.metadata.namespace),
  ]);

/**
 * GET requests that list objects the inventory reads, as the API server saw them: not the cache's own (its watches,
 * its paged lists with `limit`).
 */
const inventoryLists = (requests: { method: string; url: string }[]) =>
  requests.filter(
    (r) =>
      r.method === 'GET' &&
      !/[?&](watch=(1|true)|limit=)/.test(r.url) &&
      /\/(pods|services|deployments|statefulsets|daemonsets|virtualservices|destinationrules|httproutes)(\?|$)/.test(
        r.url.split('?')[0] + '?',
      ),
  );

describe('the watch-based inventory cache (issue 17)', () => {
  it('lists every kind once, then watches it from the list resourceVersion; /api/status says ready', async () => {
    const cache = await readyCache();
    const status = cache.status(true);
    expect(status.ready).toBe(true);
    expect(status.readySince).not.toBeNull();
    // the demo serves every kind the inventory reads, so none is absent
    expect(status.kinds.map((k) => [k.key, k.state])).toEqual(CACHED_KINDS.map((k) => [k.key, 'ready']));
    const objects = new Map(status.kinds.map((k) => [k.key, k.objects]));
    expect(objects.get('namespaces')).toBeGreaterThan(3);
    expect(objects.get('pods')).toBeGreaterThan(7);
    expect(objects.get('virtualservices')).toBeGreaterThan(0);
    for (const kind of CACHED_KINDS) {
      const version = kind.istio ? (status.kinds.find((k) => k.key === kind.key)?.version ?? '') : 'v1';
      const watches = cluster().requests.filter(
        (r) => r.url.startsWith(`${watchPath(kind, version)}?`) && /[?&]watch=true/.test(r.url),
      );
      expect(watches.length, kind.key).toBeGreaterThan(0);
      // a watch from the list's resourceVersion, not from scratch
      expect(watches[0]!.url, kind.key).toMatch(/[?&]resourceVersion=\d+/);
    }
    const api = inventoryStatus();
    expect(api).toMatchObject({ mode: 'watch', ready: true, error: null });
    expect(api.kinds).toHaveLength(CACHED_KINDS.length);
  });

  it.each([
    ['anonymous (the server)', null],
    ['demo-admin', DEMO_TOKEN],
    ['bookinfo-viewer', BOOKINFO_VIEWER_TOKEN],
    ['bookinfo-limited', BOOKINFO_LIMITED_TOKEN],
    ['nobody', NOBODY_TOKEN],
  ])('the cached inventory is the listed one, for %s', async (_who, token) => {
    const cache = await readyCache();
    const as = <T>(f: () => Promise<T>) => (token ? asUser(token, f) : f());
    for (const namespaces of [[], ['bookinfo'], ['bookinfo', 'istio-system']]) {
      await vi.waitFor(async () => {
        const [cached, listed] = await as(() =>
          Promise.all([inventoryFromCache(cache, namespaces), listedInventory(namespaces)]),
        );
        expect(normalized(cached)).toEqual(normalized(listed));
      }, 10_000);
    }
  });

  it('a signed-in user never sees objects of a namespace they may not list (bookinfo-viewer, nobody)', async () => {
    const cache = await readyCache();
    // the cache holds other namespaces' objects: the filter below has something to leave out
    expect(new Set(cache.list('pods').map((p) => p.metadata?.namespace)).size).toBeGreaterThan(2);
    const viewer = await asUser(BOOKINFO_VIEWER_TOKEN, () => getInventory([]));
    expect(viewer.namespaces.map((n) => n.name)).toEqual(['bookinfo']);
    expect([...namespacesOf(viewer)]).toEqual(['bookinfo']);
    expect(viewer.workloads.length).toBeGreaterThan(5);
    expect(viewer.gatewayApi.filter((o) => !o.metadata.namespace)).toEqual([]); // may not list GatewayClasses
    const elsewhere = await asUser(BOOKINFO_VIEWER_TOKEN, () => getInventory(['istio-system']));
    expect(namespacesOf(elsewhere).size).toBe(0);
    expect(elsewhere.namespaces).toEqual([]);
    const nobody = await asUser(NOBODY_TOKEN, () => getInventory([]));
    expect(nobody).toEqual({ namespaces: [], workloads: [], services: [], pods: [], istioConfig: [], gatewayApi: [] });
  });

  it('a kind the user may not list in its namespace is left out (bookinfo-limited: no Deployments, VirtualServices)', async () => {
    await readyCache();
    const inv = await asUser(BOOKINFO_LIMITED_TOKEN, () => getInventory(['bookinfo']));
    expect(inv.workloads).toEqual([]);
    expect(inv.istioConfig.filter((o) => o.kind === 'VirtualService')).toEqual([]);
    expect(inv.istioConfig.filter((o) => o.kind === 'DestinationRule').length).toBeGreaterThan(0);
    expect(inv.services.length).toBeGreaterThan(0);
  });

  it('with the cache ready, requests list nothing from the API (anonymous and signed in)', async () => {
    await readyCache();
    cluster().requests.length = 0;
    const anonymous = await getInventory([]);
    const admin = await asUser(DEMO_TOKEN, () => getInventory([]));
    expect(anonymous.workloads.length).toBeGreaterThan(6);
    expect(admin.workloads.length).toBe(anonymous.workloads.length);
    expect(inventoryLists(cluster().requests)).toEqual([]);
  });

  it('with the cache ready, an anonymous request takes its namespaces from it; a signed-in one still asks as itself', async () => {
    const cache = await readyCache();
    cluster().requests.length = 0;
    const namespaceLists = () =>
      cluster().requests.filter(
        (r) =>
          r.method === 'GET' &&
          r.url.split('?')[0] === '/api/v1/namespaces' &&
          !/[?&](watch=(1|true)|limit=)/.test(r.url),
      );
    const anonymous = await accessibleNamespaces();
    expect(anonymous.map((n) => n.metadata?.name)).toEqual(cache.list('namespaces').map((n) => n.metadata?.name));
    expect(anonymous.find((n) => n.metadata?.name === 'bookinfo')?.metadata?.labels).toMatchObject({
      'istio-injection': 'enabled',
    });
    expect(namespaceLists()).toEqual([]);
    const viewer = await asUser(BOOKINFO_VIEWER_TOKEN, () => accessibleNamespaces());
    expect(viewer.map((n) => n.metadata?.name)).toEqual(['bookinfo']);
    expect(namespaceLists().length).toBeGreaterThan(0);
  });

  it('starts at server start-up (instrumentation), unless INVENTORY_CACHE=off', async () => {
    stopInventoryCache();
    setEnv({ INVENTORY_CACHE: 'off' });
    expect(startInventoryCache()).toBe(false);
    expect(currentInventoryCache()).toBeUndefined();
    setEnv({ INVENTORY_CACHE: 'watch' });
    expect(startInventoryCache()).toBe(true);
    expect(currentInventoryCache()?.starting).toBe(true);
    expect(await currentInventoryCache()!.whenReady(15_000)).toBe(true);
  });

  it('a request while the cache starts waits for it instead of listing beside it, anonymous too', async () => {
    stopInventoryCache();
    cluster().requests.length = 0;
    const cache = inventoryCacheFor(getServerKubeClients());
    expect(cache.starting).toBe(true);
    const inv = await getInventory(['bookinfo', 'istio-system']);
    expect(cache.ready).toBe(true);
    expect(inv.workloads.map((w) => w.name)).toContain('productpage-v1');
    expect(inventoryLists(cluster().requests)).toEqual([]); // only the cache's paged lists and watches
  });

  it('after its first sync, an API that goes away makes the cache not ready and requests fail (the outage shows)', async () => {
    const proxy = await startFaultyProxy(cluster().url);
    const kubeconfig = path.join(cluster().dir, 'going-away');
    writeKubeconfig(kubeconfig, proxy.url);
    const saved = { KUBECONFIG: process.env.KUBECONFIG };
    try {
      setEnv({ KUBECONFIG: kubeconfig });
      stopInventoryCache();
      const cache = await readyCache();
      await proxy.close(); // every watch drops; relists are refused
      await vi.waitFor(() => expect(cache.ready).toBe(false), { timeout: 15_000 });
      const status = inventoryStatus();
      expect(status.ready).toBe(false);
      expect(status.kinds.filter((k) => k.state === 'failed').every((k) => k.error)).toBe(true);
      // not the last state: the request lists, and the API that is gone is named (a cluster's partial view and banner)
      // (a namespace set no other test reads: listed reads are shared for 5 s)
      await expect(getInventory(['istio-system', 'default'])).rejects.toMatchObject({
        code: expect.stringMatching(/:k8s$/),
      });
    } finally {
      setEnv(saved);
      stopInventoryCache();
    }
  });

  it('changes arrive by watch: a created VirtualService is seen, a deleted one is gone', async () => {
    await readyCache();
    const vs = resourceByPlural('networking.istio.io', 'virtualservices')!;
    const names = async () =>
      (await getInventory(['bookinfo'])).istioConfig
        .filter((o) => o.kind === 'VirtualService')
        .map((o) => o.metadata.name);
    expect(await names()).not.toContain('watched');
    cluster().store.create(vs, {
      apiVersion: 'networking.istio.io/v1',
      kind: 'VirtualService',
      metadata: { name: 'watched', namespace: 'bookinfo' },
      spec: { hosts: ['watched'], http: [{ route: [{ destination: { host: 'reviews' } }] }] },
    });
    await vi.waitFor(async () => expect(await names()).toContain('watched'));
    cluster().store.delete(vs, 'bookinfo', 'watched');
    await vi.waitFor(async () => expect(await names()).not.toContain('watched'));
  });

  it('while watches fail: not ready in /api/status, anonymous lists as before, token sign-in lists only its namespaces', async () => {
    const failWatches = await startFaultyProxy(cluster().url, (r) => (/[?&]watch=true/.test(r.path) ? 500 : null));
    const kubeconfig = path.join(cluster().dir, 'failing-watches');
    writeKubeconfig(kubeconfig, failWatches.url);
    const saved = { KUBECONFIG: process.env.KUBECONFIG, AUTH_STRATEGY: process.env.AUTH_STRATEGY };
    try {
      setEnv({ KUBECONFIG: kubeconfig, AUTH_STRATEGY: 'token' });
      const cache = inventoryCacheFor(getServerKubeClients());
      await vi.waitFor(() => expect(cache.starting).toBe(false), { timeout: 15_000 });
      const status = await asUser(DEMO_TOKEN, async () => inventoryStatus());
      expect(status.ready).toBe(false);
      expect(status.kinds.some((k) => k.state === 'failed' && k.error)).toBe(true);
      expect(status.kinds.every((k) => k.objects === null)).toBe(true); // no cluster-wide counts for a user

      failWatches.requests.length = 0;
      const admin = await asUser(DEMO_TOKEN, () => getInventory(['bookinfo']));
      expect(admin.workloads.map((w) => w.name)).toContain('productpage-v1');
      const lists = inventoryLists(failWatches.requests.map((r) => ({ method: r.method, url: r.path })));
      expect(lists.length).toBeGreaterThan(4);
      // the admin may list the whole cluster, yet its request lists bookinfo only, namespace by namespace
      expect(lists.filter((r) => !r.url.includes('/namespaces/bookinfo/'))).toEqual([]);

      setEnv({ AUTH_STRATEGY: 'anonymous' });
      failWatches.requests.length = 0;
      // (another namespace set than the earlier tests', whose listed reads are still shared for 5 s)
      const anonymous = await getInventory(['bookinfo', 'default']);
      expect(normalized(anonymous).workloads.filter((w) => w.namespace === 'bookinfo')).toEqual(
        normalized(admin).workloads,
      );
      const anonymousLists = inventoryLists(failWatches.requests.map((r) => ({ method: r.method, url: r.path })));
      expect(anonymousLists.map((r) => r.url.split('?')[0])).toContain('/api/v1/pods'); // cluster-wide, as before
    } finally {
      setEnv(saved);
      stopInventoryCache();
      await failWatches.close();
    }
  });
});
