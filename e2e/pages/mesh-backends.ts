/**
 * Scenario helpers for the mesh specs, acting on real backends (STYLE.md: scenario switches through the demo mesh's
 * APIs, not flags inside the product):
 * - `applyRatingsFault` / `removeRatingsFault`: a 50% abort VirtualService on ratings, written to the demo
 *   Kubernetes API as `kubectl apply` would; the demo traffic engine honours it within a tick.
 * - `startMeshscopeWithoutJaeger`: a second Meshscope server on its own port, pointed at the e2e Kubernetes API and
 *   Prometheus but at a Jaeger address where nothing listens. Stopping the demo mesh would also stop the Kubernetes
 *   API and the metrics, so this is how a Jaeger-only outage is reproduced with real components.
 * - `promInstant`: an instant query straight to the e2e Prometheus, to compare the UI with.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { E2E_PORTS } from '../stack';

const KUBE = `http://127.0.0.1:${E2E_PORTS.kube}`;
const VS_PATH = '/apis/networking.istio.io/v1/namespaces/bookinfo/virtualservices';

export async function applyRatingsFault(percent = 50): Promise<void> {
  await removeRatingsFault();
  const body = {
    apiVersion: 'networking.istio.io/v1',
    kind: 'VirtualService',
    metadata: { name: 'ratings-fault-e2e', namespace: 'bookinfo' },
    spec: {
      hosts: ['ratings'],
      http: [
        {
          fault: { abort: { httpStatus: 500, percentage: { value: percent } } },
          route: [{ destination: { host: 'ratings', subset: 'v1' } }],
        },
      ],
    },
  };
  const res = await fetch(`${KUBE}${VS_PATH}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  if (!res.ok) throw new Error(`creating the fault VirtualService failed: ${res.status} ${await res.text()}`);
}

export async function removeRatingsFault(): Promise<void> {
  const res = await fetch(`${KUBE}${VS_PATH}/ratings-fault-e2e`, { method: 'DELETE' });
  if (!res.ok && res.status !== 404) throw new Error(`deleting the fault VirtualService failed: ${res.status}`);
}

/** One instant query to the e2e Prometheus at `timeSec`; the first sample's value or null. */
export async function promInstant(query: string, timeSec: number): Promise<number | null> {
  const u = new URL(`http://127.0.0.1:${E2E_PORTS.prometheus}/api/v1/query`);
  u.searchParams.set('query', query);
  u.searchParams.set('time', String(timeSec));
  const body = (await (await fetch(u)).json()) as { data: { result: { value: [number, string] }[] } };
  const first = body.data.result[0];
  return first ? Number(first.value[1]) : null;
}

export const NO_JAEGER_PORT = E2E_PORTS.meshscope + 7;

/** Starts a Meshscope whose JAEGER_URL points where nothing listens; resolves once it answers. */
export async function startMeshscopeWithoutJaeger(): Promise<{ url: string; stop(): Promise<void> }> {
  const root = path.resolve(__dirname, '..', '..');
  const server = path.join(root, '.next/standalone/server.js');
  if (!existsSync(server)) throw new Error('Meshscope is not built: run `npm run build` first');
  const child: ChildProcess = spawn(process.execPath, [server], {
    cwd: root,
    stdio: 'ignore',
    env: {
      ...process.env,
      PORT: String(NO_JAEGER_PORT),
      HOSTNAME: '127.0.0.1',
      PROMETHEUS_URL: `http://127.0.0.1:${E2E_PORTS.prometheus}`,
      JAEGER_URL: 'http://127.0.0.1:9', // discard port: connection refused
      JAEGER_TIMEOUT_MS: '2000',
      KUBECONFIG: path.join(root, '.demo', 'e2e', 'kubeconfig'),
      CLUSTER_NAME: 'Kubernetes',
    },
  });
  const url = `http://127.0.0.1:${NO_JAEGER_PORT}`;
  const deadline = Date.now() + 60_000;
  for (;;) {
    try {
      if ((await fetch(`${url}/api/health`)).ok) break;
    } catch {
      /* not yet */
    }
    if (child.exitCode !== null) throw new Error(`the second Meshscope exited with ${child.exitCode}`);
    if (Date.now() > deadline) throw new Error('the second Meshscope did not start within 60 s');
    await new Promise((r) => setTimeout(r, 300));
  }
  return {
    url,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}
