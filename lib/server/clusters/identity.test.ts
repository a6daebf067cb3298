/**
 * How a signed-in user acts on another cluster (issue 18, "per-cluster credentials"): with `identity: token` (the
 * default) the user's own token goes to the cluster's API server; with `identity: impersonate` the cluster's own
 * kubeconfig credentials go, with `Impersonate-User` naming the user the home cluster verified, so the cluster's RBAC
 * for that user decides (Kubernetes user impersonation). Header sign-in over the multi-cluster demo (east home, west).
 */
import { afterEach, describe, expect, it } from 'vitest';
import { GET as workloadsGET } from '@/app/api/workloads/route';
import { pageRequest, route } from '@/lib/auth/test-helpers';
import type { ListResponse } from '@/lib/contracts/mesh';
import { BOOKINFO_VIEWER_TOKEN } from '@/lib/demo/k8s-api/auth-users';
import { writeKubeconfigFile } from '@/lib/demo/k8s-api/kubeconfig';
import type { TestMultiCluster } from '@/lib/demo/multicluster/test-clusters';
import { runInKubeScope } from '@/lib/k8s/request-scope';
import { startFaultyProxy } from '@/lib/k8s/test-helpers';
import { knownClusters, resetClusterRegistry, runOnCluster } from './index';
import { leaveClusterEnv, startDemoClusters } from './test-helpers';
import { clusterBackendsSchema, IDENTITY_ANNOTATION, REMOTE_SECRET_LABEL, specsFromRemoteSecrets } from './spec';

const workloads = route(workloadsGET);
let mesh: TestMultiCluster | undefined;
let gate: { close(): Promise<void> } | undefined;

afterEach(async () => {
  leaveClusterEnv(['AUTH_STRATEGY']);
  await mesh?.stop();
  await gate?.close();
  mesh = undefined;
  gate = undefined;
});

/** The demo with header sign-in; west configured with `identity`, reached through an API that distrusts the viewer. */
async function start(identity: 'token' | 'impersonate'): Promise<TestMultiCluster> {
  let westUrl = '';
  mesh = await startDemoClusters({ AUTH_STRATEGY: 'header' }, { west: { identity } }, (m) => {
    const west = m.clusters.find((c) => c.name === 'west')!;
    westUrl = west.url;
  });
  const west = mesh.clusters.find((c) => c.name === 'west')!;
  // west behind an API server that does not trust the home cluster's tokens: 401 for the viewer's bearer token, the
  // rest passed to the demo API (its own credentials, impersonation and RBAC)
  const distrusting = await startFaultyProxy(westUrl, (r) =>
    r.authorization === `Bearer ${BOOKINFO_VIEWER_TOKEN}` ? 401 : null,
  );
  gate = distrusting;
  writeKubeconfigFile(west.kubeconfig, [{ name: 'west', server: distrusting.url }]);
  resetClusterRegistry();
  return mesh;
}

/** West's bookinfo workloads as the bookinfo viewer sees them in the list of both clusters (east's always there), and the error naming a cluster that failed. */
async function viewerSeesWest(): Promise<{ rows: string[]; error: string | undefined }> {
  const res = await workloads(
    pageRequest('/api/workloads?namespaces=bookinfo&health=false', {
      headers: { authorization: `Bearer ${BOOKINFO_VIEWER_TOKEN}` },
    }),
  );
  expect(res.status, await res.clone().text()).toBe(200);
  const list = (await res.json()) as ListResponse;
  const rows = list.items.map((w) => `${w.cluster}/${w.name}`);
  expect(rows).toContain('east/productpage-v1');
  return { rows: rows.filter((r) => r.startsWith('west/')), error: list.errors.k8s?.message };
}

describe('per-cluster identity', () => {
  it("token (default): the user's own token goes to west, which refuses it: west is missing, named", async () => {
    await start('token');
    const seen = await viewerSeesWest();
    expect(seen.rows).toEqual([]);
    expect(seen.error).toMatch(/Cluster \[west\]/);
  });

  it("impersonate: west's own credentials impersonating the viewer, and west's RBAC for the viewer decides", async () => {
    await start('impersonate');
    const seen = await viewerSeesWest();
    expect(seen.rows).toEqual(['west/ratings-v1', 'west/reviews-v3']);
    expect(seen.error).toBeUndefined();
  });

  it('impersonate: refuses to act for a user whose name the API did not give (it would act as Meshscope)', async () => {
    await start('impersonate');
    const west = (await knownClusters()).find((c) => c.name === 'west')!;
    expect(west.identity).toBe('impersonate');
    const scope = { clients: west.runtime().clients(), key: 'k', anonymous: false, username: null, groups: [] };
    await expect(runInKubeScope(scope, () => runOnCluster(west, async () => 'ran'))).rejects.toMatchObject({
      code: 'unauthorized:k8s',
    });
  });
});

describe('where the identity is configured', () => {
  const limits = { maxClusters: 10, maxFileBytes: 10_000 };
  const secret = (annotations?: Record<string, string>) => ({
    metadata: { name: 's', namespace: 'istio-system', labels: { [REMOTE_SECRET_LABEL]: 'true' }, annotations },
    data: { west: Buffer.from('apiVersion: v1\nkind: Config\n').toString('base64') },
  });

  it('reads `identity` from <name>.json, and refuses another value naming the field', () => {
    expect(clusterBackendsSchema.parse({ identity: 'impersonate' })).toEqual({ identity: 'impersonate' });
    const bad = clusterBackendsSchema.safeParse({ identity: 'sudo' });
    expect(bad.success).toBe(false);
    expect(bad.error?.issues[0]?.path).toEqual(['identity']);
  });

  it('reads meshscope.io/identity on a remote secret; another value skips the secret with a problem', () => {
    expect(specsFromRemoteSecrets([secret()], limits).specs[0]?.identity).toBeUndefined();
    const imp = specsFromRemoteSecrets([secret({ [IDENTITY_ANNOTATION]: 'impersonate' })], limits);
    expect(imp.specs.map((s) => [s.name, s.identity])).toEqual([['west', 'impersonate']]);
    // a changed annotation is a changed cluster (the registry rebuilds it)
    expect(imp.specs[0]!.fingerprint).not.toBe(specsFromRemoteSecrets([secret()], limits).specs[0]!.fingerprint);
    const bad = specsFromRemoteSecrets([secret({ [IDENTITY_ANNOTATION]: 'root' })], limits);
    expect(bad.specs).toEqual([]);
    expect(bad.problems[0]?.message).toMatch(/meshscope\.io\/identity must be "token" or "impersonate", not "root"/);
  });
});
