import { beforeAll, describe, expect, it, vi } from 'vitest';
import { BOOKINFO_LIMITED_TOKEN, BOOKINFO_VIEWER_TOKEN, NOBODY_TOKEN } from '@/lib/demo/k8s-api/auth-users';
import { resourceByPlural } from '@/lib/demo/store/resources';
import { BOOKINFO_DEPLOYMENTS, BOOKINFO_SERVICES } from '@/lib/demo/test-cluster';
import { getInventory, type Inventory } from './inventory';
import { runInKubeScope } from './request-scope';
import { asUser, clientsAt, scopeWith, startFaultyProxy, setupKubeTestEnv, DEMO_NAMESPACES } from './test-helpers';
import { rejection } from '@/lib/errors/test-helpers';

/** The seeded Istio config of bookinfo but its VirtualService, as configOf lists it. */
const BOOKINFO_RULES_AND_GATEWAY = [
  'DestinationRule bookinfo/details',
  'DestinationRule bookinfo/productpage',
  'DestinationRule bookinfo/ratings',
  'DestinationRule bookinfo/reviews',
  'Gateway bookinfo/bookinfo-gateway',
];
const names = (items: { name: string }[]) => items.map((i) => i.name).sort();
const configOf = (inv: Inventory) =>
  inv.istioConfig.map((o) => `${o.kind} ${o.metadata.namespace}/${o.metadata.name}`).sort();
const mustServe = (group: string, plural: string) => {
  const r = resourceByPlural(group, plural);
  if (!r) throw new Error(`the demo does not serve ${plural}`);
  return r;
};

const cluster = setupKubeTestEnv();
beforeAll(async () => {
  const { store } = cluster();
  // Workloads the demo controllers do not run: a StatefulSet with one pod of its own, a DaemonSet with a status,
  // and Deployments scaled to zero (their injection comes from the namespace label and the template annotation).
  const template = (app: string, annotations: Record<string, string> = {}) => ({
    metadata: { labels: { app, version: 'v1' }, annotations },
    spec: { serviceAccountName: app, containers: [{ name: app, image: `${app}:1` }] },
  });
  store.create(mustServe('apps', 'statefulsets'), {
    apiVersion: 'apps/v1',
    kind: 'StatefulSet',
    metadata: { name: 'mongodb', namespace: 'bookinfo' },
    spec: { replicas: 2, selector: { matchLabels: { app: 'mongodb' } }, template: template('mongodb') },
  });
  store.create(mustServe('', 'pods'), {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: 'mongodb-0', namespace: 'bookinfo', labels: { app: 'mongodb', version: 'v1' } },
    spec: {
      serviceAccountName: 'mongodb',
      containers: [{ name: 'mongodb' }],
      initContainers: [{ name: 'istio-proxy' }],
    },
    status: { phase: 'Running', podIP: '10.244.9.9', containerStatuses: [{ name: 'mongodb', ready: true }] },
  });
  store.create(mustServe('apps', 'daemonsets'), {
    apiVersion: 'apps/v1',
    kind: 'DaemonSet',
    metadata: { name: 'node-agent', namespace: 'istio-system' },
    spec: { selector: { matchLabels: { app: 'node-agent' } }, template: template('node-agent') },
    status: { desiredNumberScheduled: 3, currentNumberScheduled: 2, numberAvailable: 1 },
  });
  const deployments = mustServe('apps', 'deployments');
  const idle = (name: string, namespace: string, annotations: Record<string, string> = {}) =>
    store.create(deployments, {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name, namespace },
      spec: { replicas: 0, selector: { matchLabels: { app: name } }, template: template(name, annotations) },
    });
  idle('idle-injected', 'bookinfo');
  idle('idle-opted-out', 'bookinfo', { 'sidecar.istio.io/inject': 'false' });
  idle('idle-plain', 'istio-system');
});

describe("getInventory (anonymous: the server's credentials)", () => {
  it('reads the namespaces asked for: workloads, services, pods and Istio config of bookinfo only', async () => {
    const inv = await getInventory(['bookinfo']);
    expect(inv.namespaces).toEqual([
      {
        name: 'bookinfo',
        labels: { 'istio-injection': 'enabled', 'kubernetes.io/metadata.name': 'bookinfo' },
        createdAt: expect.stringMatching(/Z$/),
      },
    ]);
    expect(names(inv.workloads)).toEqual(
      [...BOOKINFO_DEPLOYMENTS, 'idle-injected', 'idle-opted-out', 'mongodb'].sort(),
    );
    expect(names(inv.services)).toEqual(BOOKINFO_SERVICES);
    expect(inv.pods).toHaveLength(7);
    expect(new Set(inv.pods.map((p) => p.namespace))).toEqual(new Set(['bookinfo']));
    expect(configOf(inv)).toEqual([...BOOKINFO_RULES_AND_GATEWAY, 'VirtualService bookinfo/bookinfo']);
  });

  it('describes a Deployment from its template, status and pods', async () => {
    const inv = await getInventory(['bookinfo']);
    expect(inv.workloads.find((w) => w.name === 'reviews-v2')).toMatchObject({
      namespace: 'bookinfo',
      kind: 'Deployment',
      labels: { app: 'reviews', version: 'v2' },
      serviceAccount: 'bookinfo-reviews',
      desiredReplicas: 1,
      currentReplicas: 1,
      availableReplicas: 1,
      sidecarInjected: true,
      createdAt: expect.stringMatching(/Z$/),
    });
  });

  it('a StatefulSet without status counts its own pods; a DaemonSet reads its scheduling status', async () => {
    const inv = await getInventory([]);
    expect(inv.workloads.find((w) => w.name === 'mongodb')).toMatchObject({
      kind: 'StatefulSet',
      desiredReplicas: 2,
      currentReplicas: 1,
      availableReplicas: 1,
      sidecarInjected: true, // istio-proxy as a native sidecar (init container)
      serviceAccount: 'mongodb',
    });
    // The demo's DaemonSet controller schedules one pod on its single node and reports that status.
    expect(inv.workloads.find((w) => w.name === 'node-agent')).toMatchObject({
      kind: 'DaemonSet',
      namespace: 'istio-system',
      desiredReplicas: 1,
      currentReplicas: 1,
      availableReplicas: 1,
      sidecarInjected: false,
    });
  });

  it('a workload without pods is injected when its namespace is and its template does not opt out', async () => {
    const inv = await getInventory([]);
    const injected = Object.fromEntries(
      inv.workloads.filter((w) => w.name.startsWith('idle-')).map((w) => [w.name, w.sidecarInjected]),
    );
    expect(injected).toEqual({ 'idle-injected': true, 'idle-opted-out': false, 'idle-plain': false });
    expect(inv.workloads.find((w) => w.name === 'idle-injected')).toMatchObject({
      desiredReplicas: 0,
      currentReplicas: 0,
      availableReplicas: 0,
    });
  });

  it('a workload whose pods lack the proxy is not injected (istiod)', async () => {
    const inv = await getInventory(['istio-system']);
    expect(inv.workloads.find((w) => w.name === 'istiod')?.sidecarInjected).toBe(false);
  });

  it('describes services and pods as the lists need them', async () => {
    const inv = await getInventory(['bookinfo']);
    expect(inv.services.find((s) => s.name === 'reviews')).toMatchObject({
      namespace: 'bookinfo',
      selector: { app: 'reviews' },
      type: 'ClusterIP',
      ports: [{ name: 'http', port: 9080, protocol: 'TCP', appProtocol: null, targetPort: 9080 }],
    });
    const pod = inv.pods.find((p) => p.name.startsWith('ratings-v1-'));
    expect(pod).toMatchObject({
      namespace: 'bookinfo',
      phase: 'Running',
      ready: true,
      containers: ['ratings', 'istio-proxy'],
      hasSidecar: true,
      serviceAccount: 'bookinfo-ratings',
      podIP: expect.stringMatching(/^10\.244\.\d+\.\d+$/),
    });
  });

  it('all namespaces when none is named; unknown names contribute nothing', async () => {
    const all = await getInventory([]);
    expect(names(all.namespaces)).toEqual(DEMO_NAMESPACES);
    expect(configOf(all)).toContain('ServiceEntry default/github-https');
    const none = await getInventory(['no-such-ns']);
    // GatewayClasses are cluster-scoped: listed whatever the namespaces (the server's admin credentials may).
    const classes = none.gatewayApi.map((o) => `${o.kind} ${o.metadata.name}`);
    expect({ ...none, gatewayApi: classes }).toEqual({
      namespaces: [],
      workloads: [],
      services: [],
      pods: [],
      istioConfig: [],
      gatewayApi: ['GatewayClass istio', 'GatewayClass istio-remote', 'GatewayClass istio-waypoint'],
    });
  });

  it('the same read by the same identity within 5 s shares one result, whatever the order of the names', async () => {
    const first = getInventory(['default', 'bookinfo']);
    expect(getInventory(['bookinfo', 'default'])).toBe(first);
    expect(names((await first).namespaces)).toEqual(['bookinfo', 'default']);
  });
});

describe('getInventory as a signed-in user (RBAC decides what is listed)', () => {
  it('bookinfo-viewer, who may not list cluster-wide, gets bookinfo only (per-namespace lists)', async () => {
    const inv = await asUser(BOOKINFO_VIEWER_TOKEN, () => getInventory([]));
    expect(names(inv.namespaces)).toEqual(['bookinfo']);
    expect(names(inv.workloads)).toEqual(
      [...BOOKINFO_DEPLOYMENTS, 'idle-injected', 'idle-opted-out', 'mongodb'].sort(),
    );
    expect(configOf(inv)).toContain('VirtualService bookinfo/bookinfo');
    expect(inv.pods.every((p) => p.namespace === 'bookinfo')).toBe(true);
  });

  it('asking for a namespace the user may not see gives nothing of it', async () => {
    const inv = await asUser(BOOKINFO_VIEWER_TOKEN, () => getInventory(['istio-system']));
    expect(inv).toEqual({ namespaces: [], workloads: [], services: [], pods: [], istioConfig: [], gatewayApi: [] });
  });

  it('kinds the user may not list in a namespace are left out; the rest is there (bookinfo-limited)', async () => {
    const inv = await asUser(BOOKINFO_LIMITED_TOKEN, () => getInventory(['bookinfo']));
    expect(inv.workloads).toEqual([]); // no Deployments or StatefulSets in its Role
    expect(names(inv.services)).toEqual(BOOKINFO_SERVICES);
    expect(inv.pods).toHaveLength(7);
    expect(configOf(inv)).toEqual(BOOKINFO_RULES_AND_GATEWAY); // no VirtualServices in its Role
  });

  it('a user who sees no namespace gets an empty inventory', async () => {
    expect(await asUser(NOBODY_TOKEN, () => getInventory([]))).toEqual({
      namespaces: [],
      workloads: [],
      services: [],
      pods: [],
      istioConfig: [],
      gatewayApi: [],
    });
  });

  it('a refused token is an error (unauthorized:k8s), not an empty inventory', async () => {
    expect((await rejection(asUser('not-a-demo-token', () => getInventory([])))).code).toBe('unauthorized:k8s');
  });

  it('a failing per-namespace list is an error (unavailable:k8s), not an empty list', async () => {
    const proxy = await startFaultyProxy(cluster().url, ({ path }) =>
      path.startsWith('/api/v1/namespaces/bookinfo/services') ? 500 : null,
    );
    try {
      const scope = scopeWith(clientsAt(proxy.url, { token: BOOKINFO_VIEWER_TOKEN }));
      const err = await rejection(runInKubeScope(scope, () => getInventory(['bookinfo'])));
      expect(err.code).toBe('unavailable:k8s');
      expect(err.message).toContain('injected failure on /api/v1/namespaces/bookinfo/services');
    } finally {
      await proxy.close();
    }
  });
});

describe('getInventory and the Istio versions the cluster serves', () => {
  it('falls back to an older served version, and reads nothing of a kind whose CRD is not installed', async () => {
    const vs = mustServe('networking.istio.io', 'virtualservices');
    const telemetry = mustServe('telemetry.istio.io', 'telemetries');
    const saved = [vs.versions, telemetry.versions];
    // an Istio older than 1.22 (no v1), and no Telemetry CRD at any version Meshscope knows
    vs.versions = ['v1beta1', 'v1alpha3'];
    telemetry.versions = ['v1alpha9'];
    try {
      vi.resetModules(); // a fresh module: no version remembered from the tests above
      const fresh = await import('./inventory');
      const inv = await fresh.getInventory(['bookinfo']);
      expect(
        inv.istioConfig.filter((o) => o.kind === 'VirtualService').map((o) => [o.apiVersion, o.metadata.name]),
      ).toEqual([['networking.istio.io/v1beta1', 'bookinfo']]);
      expect(inv.istioConfig.filter((o) => o.kind === 'DestinationRule').map((o) => o.apiVersion)).toEqual(
        Array(4).fill('networking.istio.io/v1'),
      );
      expect(inv.istioConfig.some((o) => o.kind === 'Telemetry')).toBe(false);
    } finally {
      [vs.versions, telemetry.versions] = saved as [string[], string[]];
    }
  });

  it('re-discovers the version when the remembered one answers 404, and prefers v1 again after the TTL (issue 12)', async () => {
    const vs = mustServe('networking.istio.io', 'virtualservices');
    const saved = vs.versions;
    const vsVersions = (inv: Inventory) =>
      inv.istioConfig.filter((o) => o.kind === 'VirtualService').map((o) => o.apiVersion);
    vi.useFakeTimers({ toFake: ['Date'] });
    try {
      vi.resetModules();
      const fresh = await import('./inventory');
      vs.versions = ['v1beta1']; // an old Istio: v1beta1 is found and remembered
      expect(vsVersions(await fresh.getInventory(['bookinfo']))).toEqual(['networking.istio.io/v1beta1']);
      vs.versions = ['v1']; // upgraded, v1beta1 removed: the remembered version answers 404
      expect(vsVersions(await fresh.getInventory(['bookinfo', 'default']))).toEqual(['networking.istio.io/v1']);
      vs.versions = ['v1beta1']; // and back: v1 is remembered now, v1beta1 found again on its 404
      expect(vsVersions(await fresh.getInventory(['bookinfo', 'istio-system']))).toEqual([
        'networking.istio.io/v1beta1',
      ]);
      vs.versions = ['v1', 'v1beta1']; // both served: the remembered v1beta1 is used until the TTL ends...
      expect(vsVersions(await fresh.getInventory(['bookinfo', 'default', 'istio-system']))).toEqual([
        'networking.istio.io/v1beta1',
      ]);
      vi.setSystemTime(Date.now() + fresh.ISTIO_VERSION_TTL_MS + 1);
      // ...then v1 comes first again (other names: the inventory cache of 5 s keeps the first read)
      expect(vsVersions(await fresh.getInventory(['bookinfo', 'no-such-namespace']))).toEqual([
        'networking.istio.io/v1',
      ]);
    } finally {
      vs.versions = saved;
      vi.useRealTimers();
    }
  });
});
