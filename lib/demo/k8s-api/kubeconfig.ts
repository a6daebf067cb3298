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
  const config = {
    apiVersion: 'v1',
    kind: 'Config',
    clusters: [
      { name: DEMO_CONTEXT, cluster: { server: serverUrl, 'insecure-skip-tls-verify': serverUrl.startsWith('http:') } },
    ],
    users: [{ name: DEMO_USER, user: { token: DEMO_TOKEN } }],
    contexts: [{ name: DEMO_CONTEXT, context: { cluster: DEMO_CONTEXT, user: DEMO_USER, namespace: 'default' } }],
    'current-context': DEMO_CONTEXT,
    preferences: {},
  };
  mkdirSync(path.dirname(filePath), { recursive: true });
  writeFileSync(filePath, stringify(config), { mode: 0o600 });
}
