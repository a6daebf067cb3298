/**
 * Meshscope over the multi-cluster demo's Kubernetes APIs as the demo stack hands them over (README "The multi-cluster
 * demo": CLUSTERS_DIR with one kubeconfig per cluster, KUBECONFIG the combined one, CLUSTER_NAME the first cluster;
 * lib/demo/multicluster/test-clusters.ts): the workloads list spans both clusters, an API stopped gives a partial
 * list naming it, and the remote secrets both clusters serve name the same clusters as the directory.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GET as workloadsGET } from '@/app/api/workloads/route';
import { pageRequest, route } from '@/lib/auth/test-helpers';
import type { ListResponse } from '@/lib/contracts/mesh';
import type { TestMultiCluster } from '@/lib/demo/multicluster/test-clusters';
import { leaveClusterEnv, readWhileStopped, startDemoClusters } from './test-helpers';
import { getClusterRegistry, knownClusters } from './index';

const workloads = route(workloadsGET);
let mesh: TestMultiCluster;

beforeAll(async () => {
  mesh = await startDemoClusters({ CLUSTERS_FROM_REMOTE_SECRETS: 'true' });
});

afterAll(async () => {
  leaveClusterEnv(['CLUSTERS_FROM_REMOTE_SECRETS']);
  await mesh.stop();
});

const rows = async () =>
  (await (await workloads(pageRequest('/api/workloads?namespaces=bookinfo&health=false'))).json()) as ListResponse;

describe('the multi-cluster demo contract', () => {
  it('knows east (home) and west from the directory; the remote secret for west is the same cluster', async () => {
    const clusters = await knownClusters();
    expect(clusters.map((c) => [c.name, c.source])).toEqual([
      ['east', 'home'],
      ['west', 'dir'],
    ]);
    expect(getClusterRegistry().problems()).toEqual([]);
  });

  it("lists bookinfo's workloads of both clusters, each in its own cluster", async () => {
    const list = await rows();
    const byCluster = (c: string) =>
      list.items.filter((w) => w.cluster === c && !w.name.startsWith('istio-')).map((w) => w.name);
    expect(byCluster('east')).toEqual(expect.arrayContaining(['productpage-v1', 'reviews-v1', 'reviews-v2']));
    expect(byCluster('west')).toEqual(expect.arrayContaining(['ratings-v1', 'reviews-v3']));
    expect(byCluster('east')).not.toContain('reviews-v3');
  });

  it("gives a partial list naming west while west's API is stopped", async () => {
    // the list read of west is shared for 5 s per identity: read again until a fresh one names west
    const list = await readWhileStopped(mesh.clusters[1]!, rows, (l) => Boolean(l.errors.k8s));
    expect(list.errors.k8s!.message).toMatch(/^Rows are missing: Cluster \[west\]: /);
    expect(new Set(list.items.map((w) => w.cluster))).toEqual(new Set(['east']));
  }, 20_000);
});
