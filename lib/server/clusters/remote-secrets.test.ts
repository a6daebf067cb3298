/**
 * Clusters from Istio remote secrets (CLUSTERS_FROM_REMOTE_SECRETS=true): the home cluster's API (a stub serving the
 * Secrets list) names a second cluster (a demo Kubernetes API) in a Secret as `istioctl create-remote-secret` writes
 * it; the registry adds it, its inventory is read from its own API, and it goes when the Secret goes.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeKubeconfig } from '@/lib/demo/k8s-api/kubeconfig';
import { startTestCluster, type TestCluster } from '@/lib/demo/test-cluster';
import { setEnv, startHttpStub } from '@/lib/k8s/test-helpers';
import { clusterInventory, getClusterRegistry, knownClusters, resetClusterRegistry } from './index';

let west: TestCluster;
let home: Awaited<ReturnType<typeof startHttpStub>>;
let dir: string;
const seen: string[] = [];
const state = { secrets: [] as object[] };

beforeAll(async () => {
  west = await startTestCluster();
  home = await startHttpStub((req, res) => {
    seen.push(req.url ?? '');
    res.writeHead(200, { 'Content-Type': 'application/json' });
    res.end(JSON.stringify({ apiVersion: 'v1', kind: 'SecretList', metadata: {}, items: state.secrets }));
  });
  dir = mkdtempSync(path.join(tmpdir(), 'meshscope-home-'));
  writeKubeconfig(path.join(dir, 'kubeconfig'), home.url);
  state.secrets = [
    {
      metadata: {
        name: 'istio-remote-secret-west',
        namespace: 'istio-system',
        labels: { 'istio/multiCluster': 'true' },
      },
      data: { west: Buffer.from(readFileSync(west.kubeconfig)).toString('base64') },
    },
  ];
  setEnv({
    AUTH_STRATEGY: 'anonymous',
    KUBECONFIG: path.join(dir, 'kubeconfig'),
    CLUSTER_NAME: 'east',
    CLUSTERS_FROM_REMOTE_SECRETS: 'true',
  });
  resetClusterRegistry();
});

afterAll(async () => {
  resetClusterRegistry();
  setEnv({ CLUSTER_NAME: undefined, CLUSTERS_FROM_REMOTE_SECRETS: undefined });
  await Promise.all([west.stop(), home.close()]);
  rmSync(dir, { recursive: true, force: true });
});

describe('clusters from Istio remote secrets', () => {
  it('adds the cluster a labelled Secret of the home cluster names, and reads it with its own kubeconfig', async () => {
    const clusters = await knownClusters();
    expect(clusters.map((c) => [c.name, c.source])).toEqual([
      ['east', 'home'],
      ['west', 'remote-secret'],
    ]);
    expect(seen[0]).toBe('/api/v1/namespaces/istio-system/secrets?labelSelector=istio%2FmultiCluster%3Dtrue');
    const inventory = await clusterInventory(clusters[1]!);
    expect(inventory.namespaces.map((n) => n.name)).toContain('bookinfo');
  });

  it('removes the cluster once its Secret is gone', async () => {
    state.secrets = [];
    expect(await getClusterRegistry().refresh()).toEqual({ added: [], removed: ['west'], changed: [] });
    expect((await knownClusters()).map((c) => c.name)).toEqual(['east']);
  });
});
