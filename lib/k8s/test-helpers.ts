/**
 * For the lib/k8s tests: the demo cluster served over HTTP on a free port (lib/demo/k8s-api/test-cluster.ts), the
 * config pointed at it, and helpers to run code as one of the demo's users (lib/demo/k8s-api/auth-users.ts lists
 * the tokens and what RBAC gives each).
 */
import { createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { resetConfig } from '@/lib/config';
import { startTestCluster, setupTestCluster, type TestCluster } from '@/lib/demo/test-cluster';
import { DEMO_TOKEN } from '@/lib/demo/k8s-api/kubeconfig';
import { buildKubeClients, resetKubeClients, SignalKubeConfig, type KubeClients } from './client';
import { runInKubeScope, type KubeScope } from './request-scope';
import { clientsForToken, type Impersonation } from './token-clients';

/** The namespaces of the demo cluster, sorted (what its admin lists). */
export { SEEDED_NAMESPACES as DEMO_NAMESPACES } from '@/lib/demo/test-cluster';

/**
 * Starts a seeded demo cluster and points `KUBECONFIG` (plus `env`) at it; `stop()` restores the environment.
 * Without `AUTH_STRATEGY` in `env` the strategy is `anonymous`. `withoutGroups`: API groups the cluster does not serve.
 */
export async function startKubeTestEnv(
  env: Record<string, string> = {},
  opts: { withoutGroups?: readonly string[] } = {},
): Promise<TestCluster> {
  const cluster = await startTestCluster(opts);
  const vars = { KUBECONFIG: cluster.kubeconfig, AUTH_STRATEGY: 'anonymous', ...env };
  const saved = Object.fromEntries(Object.keys(vars).map((k) => [k, process.env[k]]));
  setEnv(vars);
  return {
    ...cluster,
    stop: async () => {
      setEnv(saved);
      await cluster.stop();
    },
  };
}

/** startKubeTestEnv(`env`) before the file's tests, stopped after them; returns a getter for the cluster. */
export function setupKubeTestEnv(env: Record<string, string> = {}): () => TestCluster {
  return setupTestCluster(() => startKubeTestEnv(env));
}

/** Sets (or, for undefined values, removes) environment variables and forgets the cached config and clients. */
export function setEnv(vars: Record<string, string | undefined>): void {
  for (const [k, v] of Object.entries(vars)) {
    if (v === undefined) delete process.env[k];
    else process.env[k] = v;
  }
  resetConfig();
  resetKubeClients();
}

let next = 0;

/** A scope acting as `token`, under a key no other scope of the test run uses (so no per-identity cache is shared). */
export function userScope(token: string, impersonate?: Impersonation): KubeScope {
  const key = `test-user-${++next}`;
  return { key, anonymous: false, username: null, clients: clientsForToken(key, token, impersonate) };
}

/** Clients of any `server` URL with `token` (default: the demo admin's), built as getServerKubeClients builds them. */
export function clientsAt(
  server: string,
  opts: { token?: string; timeoutMs?: number; maxBytes?: number } = {},
): KubeClients {
  const kc = new SignalKubeConfig();
  kc.loadFromOptions({
    clusters: [{ name: 'c', server, skipTLSVerify: true }],
    users: [{ name: 'u', token: opts.token ?? DEMO_TOKEN }],
    contexts: [{ name: 'c', cluster: 'c', user: 'u' }],
    currentContext: 'c',
  });
  return buildKubeClients(kc, opts.timeoutMs ?? 10_000, opts.maxBytes);
}

/** A scope with the given clients and key (anonymous: false). */
export function scopeWith(clients: KubeClients, key = `test-scope-${++next}`): KubeScope {
  return { key, anonymous: false, username: null, clients };
}

/** Runs `f` as the user of `token` (a fresh identity key each call). */
export function asUser<T>(token: string, f: () => T, impersonate?: Impersonation): T {
  return runInKubeScope(userScope(token, impersonate), f);
}

/** A plain HTTP server on 127.0.0.1 and a free port; `url` is its base URL. `close()` also drops open sockets. */
export async function startHttpStub(
  handler: Parameters<typeof createServer>[1],
): Promise<{ url: string; close(): Promise<void> }> {
  const server: Server = createServer(handler);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((r) => {
        server.closeAllConnections();
        server.close(() => r());
      }),
  };
}

/** A request as the proxy saw it. */
export interface ProxiedRequest {
  method: string;
  /** Path and query. */
  path: string;
  body: string;
  /** The `Authorization` header, when sent. */
  authorization?: string;
}

/**
 * A proxy in front of the API at `target` that records each request and answers `fail(request)`'s status (with a
 * Kubernetes `Status` body) for the requests it picks, forwarding the rest: an API server failing on one call, or a
 * way to see what a client sent.
 */
export function startFaultyProxy(
  target: string,
  fail: (req: ProxiedRequest) => number | null = () => null,
): Promise<{ url: string; requests: ProxiedRequest[]; close(): Promise<void> }> {
  const upstream = new URL(target);
  const requests: ProxiedRequest[] = [];
  return startHttpStub((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const seen: ProxiedRequest = {
        method: req.method ?? 'GET',
        path: req.url ?? '/',
        body: Buffer.concat(chunks).toString('utf8'),
        ...(req.headers.authorization ? { authorization: req.headers.authorization } : {}),
      };
      requests.push(seen);
      const status = fail(seen);
      if (status !== null) {
        res.writeHead(status, { 'Content-Type': 'application/json' });
        res.end(
          JSON.stringify({
            kind: 'Status',
            apiVersion: 'v1',
            status: 'Failure',
            message: `injected failure on ${seen.path}`,
            code: status,
          }),
        );
        return;
      }
      const forward = request(
        { host: upstream.hostname, port: upstream.port, method: seen.method, path: seen.path, headers: req.headers },
        (up) => {
          res.writeHead(up.statusCode ?? 502, up.headers);
          res.flushHeaders(); // a watch sends its headers before any event, and its client waits for them
          up.pipe(res);
        },
      );
      forward.on('error', () => res.destroy()); // the API server went away mid-answer: so does the proxy's
      forward.end(Buffer.concat(chunks));
    });
  }).then((stub) => ({ ...stub, requests }));
}
