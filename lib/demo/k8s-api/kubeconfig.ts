import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { stringify } from 'yaml';

/** Names used in the demo kubeconfig. */
export const DEMO_CONTEXT = 'meshscope-demo';
export const DEMO_USER = 'demo-admin';
export const DEMO_TOKEN = 'demo-admin-token';

/**
 * Writes a kubeconfig for the demo mesh's Kubernetes API: cluster and context `meshscope-demo` (current), user
 * `demo-admin` with bearer token `demo-admin-token`, default namespace `default`. The server is plain HTTP, so there
 * is no CA; the cluster still says `insecure-skip-tls-verify: true` because @kubernetes/client-node 1.x refuses an
 * `http:` server without it ("HTTP protocol is not allowed when skipTLSVerify is not set or false"); kubectl ignores
 * it for HTTP. Creates the parent folder; the file is private to the user (0600).
 */
export function writeKubeconfig(filePath: string, serverUrl: string): void {
  writeKubeconfigFile(filePath, [{ name: DEMO_CONTEXT, server: serverUrl }]);
}

/** One cluster of a kubeconfig: its name (cluster, user and context are all named so) and API server URL. */
export interface KubeconfigCluster {
  name: string;
  server: string;
  /** Bearer token (default the demo admin's). */
  token?: string;
}

/**
 * A kubeconfig (as an object) with one cluster, user and context per entry, all three named after the cluster (as
 * `istioctl create-remote-secret` names them), the first current. Plain-HTTP servers get `insecure-skip-tls-verify`
 * (see writeKubeconfig). `namespace`: the contexts' default namespace (omitted when undefined).
 */
export function kubeconfigObject(clusters: KubeconfigCluster[], namespace?: string): Record<string, unknown> {
  if (clusters.length === 0) throw new Error('a kubeconfig needs at least one cluster');
  const single = clusters.length === 1 && clusters[0]!.name === DEMO_CONTEXT;
  const userOf = (name: string) => (single ? DEMO_USER : name);
  return {
    apiVersion: 'v1',
    kind: 'Config',
    clusters: clusters.map((c) => ({
      name: c.name,
      cluster: { server: c.server, 'insecure-skip-tls-verify': c.server.startsWith('http:') },
    })),
    users: clusters.map((c) => ({ name: userOf(c.name), user: { token: c.token ?? DEMO_TOKEN } })),
    contexts: clusters.map((c) => ({
      name: c.name,
      context: { cluster: c.name, user: userOf(c.name), ...(namespace ? { namespace } : {}) },
    })),
    'current-context': clusters[0]!.name,
    preferences: {},
  };
}

/** Writes kubeconfigObject(clusters, 'default') to `filePath` (parent folder created, mode 0600). */
export function writeKubeconfigFile(filePath: string, clusters: KubeconfigCluster[]): void {
  mkdirSync(path.dirname(filePath), { recursive: true });
  writeFileSync(filePath, stringify(kubeconfigObject(clusters, 'default')), { mode: 0o600 });
}
