import * as k8s from '@kubernetes/client-node';
import { describe, expect, it } from 'vitest';
import { ObjectStore } from '../store/object-store';
import { startKubeApiServer } from './server';
import type { Status } from './status';
import type { TestCluster } from '../test-cluster';
import { failure, withDemoCluster } from './test-helpers';

let cluster: TestCluster;
let core: k8s.CoreV1Api;
let apps: k8s.AppsV1Api;
let custom: k8s.CustomObjectsApi;

const VS = { group: 'networking.istio.io', version: 'v1', plural: 'virtualservices' };
const mergePatch = k8s.setHeaderOptions('Content-Type', k8s.PatchStrategy.MergePatch);

function virtualService(name: string, weight: unknown = 100): object {
  return {
    apiVersion: 'networking.istio.io/v1',
    kind: 'VirtualService',
    metadata: { name },
    spec: { hosts: ['ratings'], http: [{ route: [{ destination: { host: 'ratings', subset: 'v1' }, weight }] }] },
  };
}

/** Polls until `check` passes (the controllers act in a microtask after each write; no timing assumptions). */
async function eventually(check: () => Promise<void>): Promise<void> {
  for (let i = 0; ; i++) {
    try {
      return await check();
    } catch (err) {
      if (i > 100) throw err;
      await new Promise((r) => setTimeout(r, 20));
    }
  }
}

withDemoCluster((c, kc) => {
  cluster = c;
  core = kc.makeApiClient(k8s.CoreV1Api);
  apps = kc.makeApiClient(k8s.AppsV1Api);
  custom = kc.makeApiClient(k8s.CustomObjectsApi);
});

describe('list and get through @kubernetes/client-node', () => {
  it('lists the three reviews pods of bookinfo with a label selector', async () => {
    const pods = await core.listNamespacedPod({ namespace: 'bookinfo', labelSelector: 'app=reviews' });
    expect(pods.items).toHaveLength(3);
    expect(pods.items.map((p) => p.metadata?.labels?.version).sort()).toEqual(['v1', 'v2', 'v3']);
    expect(Number(pods.metadata?.resourceVersion)).toBeGreaterThan(0);
  });

  it('supports set-based selectors, !key and field selectors across namespaces', async () => {
    const v1v2 = await core.listPodForAllNamespaces({ labelSelector: 'app=reviews,version notin (v3)' });
    // bookinfo runs three times: with sidecars in bookinfo and bookinfo-gateway-api, in ambient mode in bookinfo-ambient.
    expect(v1v2.items.map((p) => `${p.metadata?.namespace}/${p.metadata?.labels?.version}`).sort()).toEqual([
      'bookinfo-ambient/v1',
      'bookinfo-ambient/v2',
      'bookinfo-gateway-api/v1',
      'bookinfo-gateway-api/v2',
      'bookinfo/v1',
      'bookinfo/v2',
    ]);
    const unversioned = await core.listPodForAllNamespaces({ labelSelector: '!version' });
    // Pods Istio deploys for Gateways (bookinfo-gateway-istio, the waypoint) have neither app nor version.
    const appOrGateway = (p: (typeof unversioned.items)[number]) =>
      p.metadata?.labels?.app ?? p.metadata?.labels?.['gateway.networking.k8s.io/gateway-name'];
    expect(new Set(unversioned.items.map(appOrGateway))).toEqual(
      new Set(['curl', 'istiod', 'istio-ingressgateway', 'ztunnel', 'waypoint', 'bookinfo-gateway']),
    );
    const byName = await core.listServiceForAllNamespaces({ fieldSelector: 'metadata.name=curl' });
    expect(byName.items.map((s) => s.metadata?.namespace).sort()).toEqual(['bookinfo-ambient', 'default', 'tcp-echo']);
    const bad = await failure(core.listPodForAllNamespaces({ fieldSelector: 'spec.bogus=1' }));
    expect(bad.code).toBe(400);
  });

  it('gets one object, and an Istio CR at a non-preferred version', async () => {
    const svc = await core.readNamespacedService({ name: 'reviews', namespace: 'bookinfo' });
    expect(svc.spec?.clusterIP).toMatch(/^10\.\d+\.\d+\.\d+$/);
    const vs = (await custom.getNamespacedCustomObject({
      ...VS,
      version: 'v1beta1',
      namespace: 'bookinfo',
      name: 'bookinfo',
    })) as k8s.KubernetesObject;
    expect(vs.apiVersion).toBe('networking.istio.io/v1beta1');
  });

  it('answers a missing object with a 404 Status', async () => {
    const { code, status } = await failure(core.readNamespacedPod({ name: 'nope', namespace: 'bookinfo' }));
    expect(code).toBe(404);
    expect(status).toMatchObject({
      kind: 'Status',
      status: 'Failure',
      reason: 'NotFound',
      code: 404,
      message: 'pods "nope" not found',
    });
    expect(status.details).toMatchObject({ name: 'nope', kind: 'pods' });
  });
});

describe('writes', () => {
  it('creates an object (201) and refuses a second with 409 AlreadyExists', async () => {
    const body = { metadata: { name: 'settings' }, data: { a: '1' } };
    const created = await core.createNamespacedConfigMap({ namespace: 'default', body });
    expect(created.metadata?.uid).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
    const { code, status } = await failure(core.createNamespacedConfigMap({ namespace: 'default', body }));
    expect(code).toBe(409);
    expect(status.reason).toBe('AlreadyExists');
  });

  it('rejects a replace with a stale resourceVersion with 409 Conflict', async () => {
    const current = await core.readNamespacedConfigMap({ name: 'settings', namespace: 'default' });
    await core.replaceNamespacedConfigMap({
      name: 'settings',
      namespace: 'default',
      body: { ...current, data: { a: '2' } },
    });
    const { code, status } = await failure(
      core.replaceNamespacedConfigMap({
        name: 'settings',
        namespace: 'default',
        body: { ...current, data: { a: '3' } },
      }),
    );
    expect(code).toBe(409);
    expect(status.reason).toBe('Conflict');
    expect((await core.readNamespacedConfigMap({ name: 'settings', namespace: 'default' })).data).toEqual({ a: '2' });
  });

  it('refuses a body whose namespace differs from the URL with 400', async () => {
    const body = { metadata: { name: 'x', namespace: 'bookinfo' } };
    const { code, status } = await failure(core.createNamespacedConfigMap({ namespace: 'default', body }));
    expect(code).toBe(400);
    expect(status.reason).toBe('BadRequest');
  });

  it('applies a merge patch and a JSON patch to a VirtualService', async () => {
    await custom.createNamespacedCustomObject({ ...VS, namespace: 'bookinfo', body: virtualService('ratings') });
    const merged = (await custom.patchNamespacedCustomObject(
      {
        ...VS,
        namespace: 'bookinfo',
        name: 'ratings',
        body: { spec: { http: [{ timeout: '2s', route: [{ destination: { host: 'ratings', subset: 'v2' } }] }] } },
      },
      mergePatch,
    )) as { spec: { hosts: string[]; http: { timeout?: string; route: { destination: { subset: string } }[] }[] } };
    expect(merged.spec.hosts).toEqual(['ratings']);
    expect(merged.spec.http[0]!.timeout).toBe('2s');
    expect(merged.spec.http[0]!.route[0]!.destination.subset).toBe('v2');

    // The client's default patch type is application/json-patch+json.
    const patched = (await custom.patchNamespacedCustomObject({
      ...VS,
      namespace: 'bookinfo',
      name: 'ratings',
      body: [
        { op: 'test', path: '/spec/http/0/timeout', value: '2s' },
        { op: 'remove', path: '/spec/http/0/timeout' },
        { op: 'add', path: '/spec/http/0/route/-', value: { destination: { host: 'ratings', subset: 'v1' } } },
        { op: 'replace', path: '/spec/hosts/0', value: 'ratings.bookinfo.svc.cluster.local' },
      ],
    })) as typeof merged;
    expect(patched.spec.http[0]!.timeout).toBeUndefined();
    expect(patched.spec.http[0]!.route.map((r) => r.destination.subset)).toEqual(['v2', 'v1']);
    expect(patched.spec.hosts).toEqual(['ratings.bookinfo.svc.cluster.local']);

    const failed = await failure(
      custom.patchNamespacedCustomObject({
        ...VS,
        namespace: 'bookinfo',
        name: 'ratings',
        body: [{ op: 'test', path: '/spec/hosts/0', value: 'nope' }],
      }),
    );
    expect(failed.code).toBe(422);
  });

  it('validates Istio CRs against the CRD schema: 422 with field causes', async () => {
    const { code, status } = await failure(
      custom.createNamespacedCustomObject({ ...VS, namespace: 'bookinfo', body: virtualService('bad', 'abc') }),
    );
    expect(code).toBe(422);
    expect(status.reason).toBe('Invalid');
    expect(status.details?.kind).toBe('VirtualService');
    expect(status.details?.causes).toContainEqual(
      expect.objectContaining({ reason: 'FieldValueInvalid', field: 'spec.http[0].route[0].weight' }),
    );
    expect((await failure(custom.getNamespacedCustomObject({ ...VS, namespace: 'bookinfo', name: 'bad' }))).code).toBe(
      404,
    ); // nothing stored

    const viaPatch = await failure(
      custom.patchNamespacedCustomObject(
        {
          ...VS,
          namespace: 'bookinfo',
          name: 'bookinfo',
          body: { spec: { http: [{ route: [{ destination: { host: 'x' }, weight: 'abc' }] }] } },
        },
        mergePatch,
      ),
    );
    expect(viaPatch.code).toBe(422);
  });

  it('persists nothing with dryRun=All', async () => {
    const dry = (await custom.createNamespacedCustomObject({
      ...VS,
      namespace: 'bookinfo',
      body: virtualService('dry'),
      dryRun: 'All',
    })) as k8s.KubernetesObject;
    expect(dry.metadata?.name).toBe('dry');
    expect((await failure(custom.getNamespacedCustomObject({ ...VS, namespace: 'bookinfo', name: 'dry' }))).code).toBe(
      404,
    );

    const before = (await custom.getNamespacedCustomObject({
      ...VS,
      namespace: 'bookinfo',
      name: 'bookinfo',
    })) as k8s.KubernetesObject;
    await custom.patchNamespacedCustomObject(
      { ...VS, namespace: 'bookinfo', name: 'bookinfo', body: { spec: { hosts: ['changed'] } }, dryRun: 'All' },
      mergePatch,
    );
    await core.deleteNamespacedService({ name: 'reviews', namespace: 'bookinfo', dryRun: 'All' });
    const after = (await custom.getNamespacedCustomObject({
      ...VS,
      namespace: 'bookinfo',
      name: 'bookinfo',
    })) as k8s.KubernetesObject;
    expect(after.metadata?.resourceVersion).toBe(before.metadata?.resourceVersion);
    expect((await core.readNamespacedService({ name: 'reviews', namespace: 'bookinfo' })).metadata?.name).toBe(
      'reviews',
    );
  });

  it('deletes an object, after which it is a 404', async () => {
    await custom.deleteNamespacedCustomObject({ ...VS, namespace: 'bookinfo', name: 'ratings' });
    const { code } = await failure(custom.getNamespacedCustomObject({ ...VS, namespace: 'bookinfo', name: 'ratings' }));
    expect(code).toBe(404);
  });
});

describe('controllers behind the API', () => {
  it('scaling a deployment changes its pods and status', async () => {
    const ratingsPods = (n: number) =>
      eventually(async () => {
        const pods = await core.listNamespacedPod({ namespace: 'bookinfo', labelSelector: 'app=ratings' });
        expect(pods.items).toHaveLength(n);
      });
    await apps.patchNamespacedDeployment(
      { name: 'ratings-v1', namespace: 'bookinfo', body: { spec: { replicas: 3 } } },
      mergePatch,
    );
    await ratingsPods(3);
    const deployment = await apps.readNamespacedDeployment({ name: 'ratings-v1', namespace: 'bookinfo' });
    expect(deployment.status).toMatchObject({
      replicas: 3,
      readyReplicas: 3,
      availableReplicas: 3,
      updatedReplicas: 3,
    });

    await apps.patchNamespacedDeploymentScale(
      { name: 'ratings-v1', namespace: 'bookinfo', body: { spec: { replicas: 1 } } },
      mergePatch,
    );
    await ratingsPods(1);
    const endpoints = await core.readNamespacedEndpoints({ name: 'ratings', namespace: 'bookinfo' });
    expect(endpoints.subsets?.[0]?.addresses).toHaveLength(1);
  });

  it('keeps container ports on a strategic merge patch that changes an image', async () => {
    const strategic = k8s.setHeaderOptions('Content-Type', k8s.PatchStrategy.StrategicMergePatch);
    const body = {
      spec: { template: { spec: { containers: [{ name: 'details', image: 'example.com/details:2' }] } } },
    };
    const patched = await apps.patchNamespacedDeployment(
      { name: 'details-v1', namespace: 'bookinfo', body },
      strategic,
    );
    const container = patched.spec?.template.spec?.containers[0];
    expect(container?.image).toBe('example.com/details:2');
    expect(container?.ports?.[0]?.containerPort).toBe(9080);
  });
});

describe('pod logs, tables, discovery, watch', () => {
  it('serves Envoy access logs for istio-proxy and asks which container when there are several', async () => {
    const [pod] = (await core.listNamespacedPod({ namespace: 'bookinfo', labelSelector: 'app=productpage' })).items;
    const name = pod!.metadata!.name!;
    const log = await core.readNamespacedPodLog({ name, namespace: 'bookinfo', container: 'istio-proxy' });
    expect(log).toContain('Envoy proxy is ready');
    const res = await fetch(`${cluster.url}/api/v1/namespaces/bookinfo/pods/${name}/log`);
    expect(res.status).toBe(400);
    expect(((await res.json()) as Status).message).toContain('choose one of: [productpage istio-proxy]');
  });

  it('answers kubectl-style Table requests', async () => {
    const res = await fetch(`${cluster.url}/apis/apps/v1/namespaces/bookinfo/deployments`, {
      headers: { Accept: 'application/json;as=Table;v=v1;g=meta.k8s.io,application/json' },
    });
    const table = (await res.json()) as {
      kind: string;
      columnDefinitions: { name: string }[];
      rows: { cells: unknown[] }[];
    };
    expect(table.kind).toBe('Table');
    expect(table.columnDefinitions.map((c) => c.name).slice(0, 5)).toEqual([
      'Name',
      'Ready',
      'Up-to-date',
      'Available',
      'Age',
    ]);
    expect(table.rows.find((r) => r.cells[0] === 'productpage-v1')?.cells[1]).toBe('1/1');
  });

  it('serves discovery with Istio preferred versions', async () => {
    const groups = (await (await fetch(`${cluster.url}/apis`)).json()) as {
      groups: { name: string; preferredVersion: { version: string }; versions: unknown[] }[];
    };
    const networking = groups.groups.find((g) => g.name === 'networking.istio.io');
    expect(networking?.preferredVersion.version).toBe('v1');
    expect(networking?.versions).toHaveLength(3);
    const list = (await (await fetch(`${cluster.url}/apis/networking.istio.io/v1`)).json()) as {
      resources: { name: string; shortNames?: string[] }[];
    };
    expect(list.resources.find((r) => r.name === 'virtualservices')?.shortNames).toEqual(['vs']);
    const version = (await (await fetch(`${cluster.url}/version`)).json()) as { gitVersion: string };
    expect(version.gitVersion).toBe('v1.32.0');
  });

  it('streams watch events to the client-node Watch', async () => {
    const kc = new k8s.KubeConfig();
    kc.loadFromFile(cluster.kubeconfig);
    const seen: string[] = [];
    const request = await new k8s.Watch(kc).watch(
      '/api/v1/namespaces/default/configmaps',
      { resourceVersion: cluster.store.resourceVersion },
      (type, obj: k8s.V1ConfigMap) => seen.push(`${type} ${obj.metadata?.name}`),
      () => undefined,
    );
    await core.createNamespacedConfigMap({ namespace: 'default', body: { metadata: { name: 'watched' } } });
    await core.deleteNamespacedConfigMap({ name: 'watched', namespace: 'default' });
    await eventually(async () => expect(seen).toEqual(['ADDED watched', 'DELETED watched']));
    request.abort();
  });

  it('feeds a client-node informer (list, then watch from the list resourceVersion)', async () => {
    const kc = new k8s.KubeConfig();
    kc.loadFromFile(cluster.kubeconfig);
    const informer = k8s.makeInformer(kc, '/api/v1/namespaces/tcp-echo/pods', () =>
      core.listNamespacedPod({ namespace: 'tcp-echo' }),
    );
    const added: string[] = [];
    informer.on('add', (pod) => added.push(pod.metadata?.labels?.app ?? ''));
    await informer.start();
    expect(added.sort()).toEqual(['curl', 'tcp-echo', 'tcp-echo']);
    await apps.patchNamespacedDeployment(
      { name: 'tcp-echo-v2', namespace: 'tcp-echo', body: { spec: { replicas: 2 } } },
      mergePatch,
    );
    await eventually(async () => expect(added.filter((a) => a === 'tcp-echo')).toHaveLength(3));
    await informer.stop();
  });

  it('says which port is taken when it cannot listen', async () => {
    const port = Number(new URL(cluster.url).port);
    await expect(startKubeApiServer({ store: new ObjectStore(), port })).rejects.toThrow(
      `port ${port} is already in use (Kubernetes API of the demo mesh)`,
    );
  });
});
