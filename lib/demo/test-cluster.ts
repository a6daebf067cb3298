import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll } from 'vitest';
import { startControllers } from './controllers';
import { KINDS, mustServe } from './controllers/kinds';
import { writeKubeconfig } from './k8s-api/kubeconfig';
import { seedDemoCluster } from './seed';
import { ObjectStore } from './store/object-store';
import { startKubeApiServer } from './k8s-api/server';

/** A seeded demo cluster served on a free port, with a kubeconfig for it in a temporary folder. */
export interface TestCluster {
  store: ObjectStore;
  url: string;
  /** Path of a kubeconfig pointing at `url`. */
  kubeconfig: string;
  /** The temporary folder holding the kubeconfig (and anything else a test wants to put there). */
  dir: string;
  /** Every request the API server received, in order (`url` is the path with query); a test may empty it. */
  requests: { method: string; url: string }[];
  stop(): Promise<void>;
}

/**
 * For tests (here and in other folders): the demo cluster as `npm run demo` serves it (seed, controllers, API
 * server on 127.0.0.1 and a free port), reachable through real clients with `kubeconfig`. `withoutGroups`: API groups
 * the cluster does not serve (a cluster without the Gateway API CRDs).
 */
export async function startTestCluster(
  opts: { seed?: boolean; withoutGroups?: readonly string[] } = {},
): Promise<TestCluster> {
  const store = new ObjectStore();
  if (opts.seed ?? true) seedDemoCluster(store);
  const stopControllers = startControllers(store);
  const requests: TestCluster['requests'] = [];
  const onRequest = (method: string, url: string) => requests.push({ method, url });
  const server = await startKubeApiServer({ store, port: 0, onRequest, withoutGroups: opts.withoutGroups });
  const dir = mkdtempSync(path.join(tmpdir(), 'meshscope-kube-'));
  const kubeconfig = path.join(dir, 'kubeconfig');
  writeKubeconfig(kubeconfig, server.url);
  return {
    store,
    url: server.url,
    kubeconfig,
    dir,
    requests,
    stop: async () => {
      stopControllers();
      await server.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/**
 * For a test file: starts a cluster with `start` (default: a seeded demo cluster) before the file's tests and stops it
 * after them. Returns a getter for the running cluster; it throws when called before `beforeAll` has run. Hooks a file
 * registers after this call run after the cluster is up (vitest runs `beforeAll` hooks in order).
 */
export function setupTestCluster(start: () => Promise<TestCluster> = startTestCluster): () => TestCluster {
  let cluster: TestCluster | undefined;
  beforeAll(async () => {
    cluster = await start();
  });
  afterAll(async () => {
    await cluster?.stop();
  });
  return () => {
    if (!cluster) throw new Error('the test cluster is not running (setupTestCluster is read in beforeAll/it only)');
    return cluster;
  };
}

/** What the demo seed holds, by name, for tests here and in other folders. The namespaces, sorted. */
export const SEEDED_NAMESPACES = [
  'bookinfo',
  'bookinfo-ambient',
  'bookinfo-gateway-api',
  'default',
  'istio-system',
  'tcp-echo',
];

/** The Deployments of Istio's bookinfo sample (each bookinfo namespace runs them), sorted. */
export const BOOKINFO_DEPLOYMENTS = [
  'details-v1',
  'productpage-v1',
  'ratings-v1',
  'reviews-v1',
  'reviews-v2',
  'reviews-v3',
];

/** Bookinfo's Services and the per-version ones of bookinfo-versions.yaml (the targets of Istio's Gateway API tasks). */
export const BOOKINFO_SERVICES = [
  'details',
  'details-v1',
  'productpage',
  'productpage-v1',
  'ratings',
  'ratings-v1',
  'reviews',
  'reviews-v1',
  'reviews-v2',
  'reviews-v3',
];

const G = 'gateway.networking.k8s.io';

/** The resource types the store tests read and write, by short name (the controllers' KINDS and more). */
export const R = {
  ns: KINDS.namespaces,
  pods: KINDS.pods,
  services: KINDS.services,
  endpoints: KINDS.endpoints,
  sa: KINDS.serviceAccounts,
  deployments: KINDS.deployments,
  rs: KINDS.replicaSets,
  daemonsets: mustServe('apps', 'daemonsets'),
  classes: mustServe(G, 'gatewayclasses'),
  gateways: mustServe(G, 'gateways'),
  httproutes: mustServe(G, 'httproutes'),
  referencegrants: mustServe(G, 'referencegrants'),
};

/** Controllers act in a microtask after each write; let them finish. */
export const settle = (): Promise<unknown> => new Promise((resolve) => setTimeout(resolve, 0));

/**
 * For a test file, at its top level: returns a factory of fresh in-process demo clusters (an ObjectStore with the
 * demo seed and the controllers running, no API server); the controllers of each stop after the test that made it.
 */
export function demoStores(): () => ObjectStore {
  const stops: (() => void)[] = [];
  afterEach(() => {
    while (stops.length) stops.pop()!();
  });
  return () => {
    const store = new ObjectStore();
    seedDemoCluster(store);
    stops.push(startControllers(store));
    return store;
  };
}
