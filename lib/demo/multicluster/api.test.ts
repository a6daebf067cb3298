import path from 'node:path';
import { AppsV1Api, CoreV1Api, KubeConfig } from '@kubernetes/client-node';
import { afterEach, describe, expect, it } from 'vitest';
import { DEMO_TOKEN } from '../k8s-api/kubeconfig';
import { startKubeApiServer, type KubeApiServer } from '../k8s-api/server';
import { ObjectStore } from '../store/object-store';
import { CLUSTER_ANNOTATION, MULTICLUSTER_SECRET_LABEL } from './seed';
import { startTestMultiCluster, type TestMultiCluster } from './test-clusters';
import { NETWORK_LABEL, parseClusterNames } from './topology';

const running: TestMultiCluster[] = [];
const servers: KubeApiServer[] = [];
afterEach(async () => {
  await Promise.all(running.splice(0).map((m) => m.stop()));
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

/** The multi-cluster demo's APIs for `names`, stopped after the test. */
async function startMesh(names: string[]): Promise<{ name: string; url: string }[]> {
  const mesh = await startTestMultiCluster(names);
  running.push(mesh);
  return mesh.clusters;
}

function client(url: string): KubeConfig {
  const kc = new KubeConfig();
  kc.loadFromClusterAndUser({ name: 'c', server: url, skipTLSVerify: true }, { name: 'u', token: DEMO_TOKEN });
  return kc;
}

describe('the multi-cluster demo’s Kubernetes APIs', () => {
  it('firstIndex places a cluster started on its own as that position of the demo: a third primary on network3', async () => {
    const mesh = await startTestMultiCluster(['north'], 2);
    running.push(mesh);
    const kc = new KubeConfig();
    kc.loadFromFile(mesh.clusters[0]!.kubeconfig);
    expect(kc.getCurrentContext()).toBe('north');
    const deployments = await kc.makeApiClient(AppsV1Api).listNamespacedDeployment({ namespace: 'bookinfo' });
    expect(deployments.items.map((d) => d.metadata!.name).sort()).toEqual(['ratings-v1', 'reviews-v3']);
    const system = await kc.makeApiClient(CoreV1Api).readNamespace({ name: 'istio-system' });
    expect(system.metadata!.labels?.[NETWORK_LABEL]).toBe('network3');
  });

  it('each serve their own cluster’s objects: every bookinfo Service, only the Deployments running there', async () => {
    const [east, west] = await startMesh(['east', 'west']);
    const view = async (url: string) => {
      const kc = client(url);
      const deployments = await kc.makeApiClient(AppsV1Api).listNamespacedDeployment({ namespace: 'bookinfo' });
      const services = await kc.makeApiClient(CoreV1Api).listNamespacedService({ namespace: 'bookinfo' });
      const system = await kc.makeApiClient(CoreV1Api).readNamespace({ name: 'istio-system' });
      const istio = await kc.makeApiClient(AppsV1Api).listNamespacedDeployment({ namespace: 'istio-system' });
      return {
        deployments: deployments.items.map((d) => d.metadata!.name).sort(),
        services: services.items.map((s) => s.metadata!.name).sort(),
        network: system.metadata!.labels?.[NETWORK_LABEL],
        istio: istio.items.map((d) => d.metadata!.name).sort(),
      };
    };
    const e = await view(east!.url);
    const w = await view(west!.url);
    expect(e.deployments).toEqual(['details-v1', 'productpage-v1', 'reviews-v1', 'reviews-v2']);
    expect(w.deployments).toEqual(['ratings-v1', 'reviews-v3']);
    expect(w.services).toEqual(e.services);
    expect(e.services).toEqual(expect.arrayContaining(['details', 'productpage', 'ratings', 'reviews']));
    expect([e.network, w.network]).toEqual(['network1', 'network2']);
    expect(e.istio).toEqual(['istio-eastwestgateway', 'istio-ingressgateway', 'istiod']);
    expect(w.istio).toEqual(['istio-eastwestgateway', 'istiod']);
  });

  it('serve a remote secret for the other cluster, as istioctl create-remote-secret writes it, that reaches it', async () => {
    const [east, west] = await startMesh(['east', 'west']);
    const core = client(east!.url).makeApiClient(CoreV1Api);
    const list = await core.listNamespacedSecret({
      namespace: 'istio-system',
      labelSelector: `${MULTICLUSTER_SECRET_LABEL}=true`,
    });
    expect(list.items).toHaveLength(1);
    const secret = list.items[0]!;
    expect(secret.metadata).toMatchObject({
      name: 'istio-remote-secret-west',
      annotations: { [CLUSTER_ANNOTATION]: 'west' },
    });
    const kc = new KubeConfig();
    kc.loadFromString(Buffer.from(secret.data!.west!, 'base64').toString('utf8'));
    expect(kc.getCurrentContext()).toBe('west');
    expect(kc.getCurrentCluster()?.server).toBe(west!.url);
    // The kubeconfig in the secret reads the other cluster: west's own network label.
    const ns = await kc.makeApiClient(CoreV1Api).readNamespace({ name: 'istio-system' });
    expect(ns.metadata!.labels?.[NETWORK_LABEL]).toBe('network2');
  });

  it('lay out CLUSTERS_DIR as the demo stack does, and one cluster’s API can go away and come back', async () => {
    const mesh = await startTestMultiCluster(['east', 'west']);
    running.push(mesh);
    const [east, west] = mesh.clusters;
    expect(east!.kubeconfig).toBe(path.join(mesh.clustersDir, 'east.kubeconfig'));
    const kc = new KubeConfig();
    kc.loadFromFile(west!.kubeconfig);
    expect(kc.getContexts().map((c) => c.name)).toEqual(['west']);
    await west!.stop();
    await expect(fetch(`${west!.url}/version`)).rejects.toThrow();
    expect((await fetch(`${east!.url}/version`)).status).toBe(200);
    await west!.start();
    const pods = await kc.makeApiClient(CoreV1Api).listNamespacedPod({ namespace: 'bookinfo' });
    expect(pods.items.length).toBe(2);
  });

  it('single-cluster APIs (no withSecrets) still answer 404 for Secrets and leave them out of discovery', async () => {
    const store = new ObjectStore();
    const server = await startKubeApiServer({ store, port: 0 });
    servers.push(server);
    const get = (p: string) => fetch(`${server.url}${p}`, { headers: { authorization: `Bearer ${DEMO_TOKEN}` } });
    expect((await get('/api/v1/namespaces/istio-system/secrets')).status).toBe(404);
    const core = (await (await get('/api/v1')).json()) as { resources: { name: string }[] };
    expect(core.resources.map((r) => r.name)).not.toContain('secrets');
    expect(core.resources.map((r) => r.name)).toContain('configmaps');
  });
});

describe('parseClusterNames', () => {
  it('takes 2 to 4 distinct DNS-1123 labels and names the flag otherwise', () => {
    expect(parseClusterNames('east,west')).toEqual(['east', 'west']);
    expect(() => parseClusterNames('east')).toThrow(/--clusters takes 2 to 4/);
    expect(() => parseClusterNames('east,East')).toThrow(/"East" is not a DNS-1123 label/);
    expect(() => parseClusterNames('a,a')).toThrow(/distinct/);
  });
});
