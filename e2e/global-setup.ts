import { createServer, type Server } from 'node:http';
import path from 'node:path';
import { rmSync } from 'node:fs';
import { startStack, type RunningStack, type StackPart } from '@/lib/demo/stack';
import { assertPortFree } from '@/lib/demo/stack/ports';
import { assertAuthPortsFree, MAIN_MESHSCOPE_ENV, startTokenMeshscope } from './auth-stack';
import { assertPerClusterPortsFree, startPerClusterMeshscope } from './multicluster/per-cluster-stack';
import { CONTROL_URL, E2E_BACKEND, E2E_PORTS } from './stack';

let stack: RunningStack | undefined;
let tokenServer: RunningStack | undefined;
let perClusterServer: RunningStack | undefined;
let control: Server | undefined;

/**
 * Starts the demo mesh, a real Prometheus (VictoriaMetrics with E2E_BACKEND=victoriametrics) and the built Meshscope
 * server on the e2e ports, a second Meshscope with token sign-in (e2e/auth-stack.ts), with E2E_CLUSTERS a third over
 * per-cluster Prometheus servers (e2e/multicluster/per-cluster-stack.ts), plus a control endpoint the specs use to
 * stop and restart a part (backend-down scenarios). Returns the teardown.
 */
export default async function globalSetup(): Promise<() => Promise<void>> {
  const root = path.resolve(__dirname, '..');
  const dir = path.join(root, '.demo', 'e2e');
  // Refuse before touching anything when another run holds the ports (it would lose its kubeconfig otherwise).
  for (const [what, port] of Object.entries(E2E_PORTS)) await assertPortFree(port, `e2e ${what}`);
  await assertPortFree(Number(new URL(CONTROL_URL).port), 'e2e stack control');
  await assertAuthPortsFree();
  const clusters = process.env.E2E_CLUSTERS?.split(',');
  if (clusters) await assertPerClusterPortsFree(clusters.length);
  rmSync(dir, { recursive: true, force: true });
  stack = await startStack({
    root,
    dir,
    ports: E2E_PORTS,
    scrapeSeconds: 2,
    meshscopeEnv: MAIN_MESHSCOPE_ENV,
    backend: E2E_BACKEND,
    // E2E_CLUSTERS=east,west: the multi-cluster demo stack (lib/demo/stack/multicluster.ts) with one Prometheus for
    // both clusters; its control endpoint also takes kube:<cluster>.
    ...(clusters ? { clusters } : {}),
  });
  // a second Meshscope with AUTH_STRATEGY=token on its own port (e2e/auth-stack.ts), sharing mesh and Prometheus
  // and, multi-cluster, a third with one Prometheus per cluster over the same mesh (e2e/multicluster/per-cluster-stack.ts)
  try {
    tokenServer = await startTokenMeshscope(root, dir, E2E_PORTS, stack.urls.kubeconfig);
    if (clusters) perClusterServer = await startPerClusterMeshscope(root, dir, stack);
  } catch (err) {
    await tokenServer?.stop();
    await stack.stop();
    throw err;
  }
  const running = stack;
  control = createServer((req, res) => {
    const [, action, part] = (req.url ?? '').split('/') as [string, string, StackPart];
    const parts: StackPart[] = ['mesh', 'prometheus', 'meshscope'];
    for (const c of running.clusters ?? []) parts.push(`kube:${c.name}`);
    if (req.method !== 'POST' || !['stop', 'start'].includes(action) || !parts.includes(part)) {
      res.writeHead(400).end('use POST /stop/<part> or /start/<part>');
      return;
    }
    (action === 'stop' ? running.stop(part) : running.start(part)).then(
      () => res.writeHead(204).end(),
      (err: Error) => res.writeHead(500).end(err.message),
    );
  });
  const port = Number(new URL(CONTROL_URL).port);
  await new Promise<void>((r) => control!.listen(port, '127.0.0.1', r));
  return async () => {
    await new Promise<void>((r) => control?.close(() => r()));
    await perClusterServer?.stop();
    await tokenServer?.stop();
    await stack?.stop();
  };
}
