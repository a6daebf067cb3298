import * as k8s from '@kubernetes/client-node';
import { afterAll, beforeAll } from 'vitest';
import { startTestCluster, type TestCluster } from '../test-cluster';
import type { Status } from './status';

/** For the demo API tests: the Status a client-node call failed with (the client throws ApiException with the body). */
export async function failure(call: Promise<unknown>): Promise<{ code: number; status: Status }> {
  try {
    await call;
  } catch (err) {
    if (err instanceof k8s.ApiException) return { code: err.code, status: JSON.parse(err.body as string) as Status };
    throw err;
  }
  throw new Error('expected the call to fail');
}

/**
 * For a demo API test file: starts a test cluster before its tests (`onStart` then gets the cluster and a KubeConfig
 * for it, to make the clients the tests use) and stops it after them.
 */
export function withDemoCluster(onStart: (cluster: TestCluster, kc: k8s.KubeConfig) => void): void {
  let cluster: TestCluster | undefined;
  beforeAll(async () => {
    cluster = await startTestCluster();
    const kc = new k8s.KubeConfig();
    kc.loadFromFile(cluster.kubeconfig);
    onStart(cluster, kc);
  });
  afterAll(async () => {
    await cluster?.stop();
  });
}
