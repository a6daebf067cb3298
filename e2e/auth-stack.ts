/**
 * The e2e stack's second Meshscope server (AUTH_STRATEGY=token, on its own port, sharing the main stack's demo
 * mesh and Prometheus) and the portal pages that embed Meshscope in an iframe (embed-server.ts). The main server
 * allows framing by the "allowed" portal origin; the "refused" one is not in FRAME_ANCESTORS.
 */
import path from 'node:path';
import { startStack, type RunningStack, type StackPorts } from '@/lib/demo/stack';
import { assertPortFree } from '@/lib/demo/stack/ports';
import { e2ePort } from './stack';

/** Portal pages on `localhost` (another site than 127.0.0.1): the allowed and a refused parent origin. */
export const PORTAL_PORTS = { allowed: e2ePort(21097), refused: e2ePort(21096) } as const;
export const PORTAL = {
  allowed: `http://localhost:${PORTAL_PORTS.allowed}`,
  refused: `http://localhost:${PORTAL_PORTS.refused}`,
} as const;

export const TOKEN_PORT = e2ePort(21002);
/** The token-strategy Meshscope. */
export const TOKEN_URL = `http://127.0.0.1:${TOKEN_PORT}`;
/** The demo's session key for the token server (test only). */
const SESSION_SECRET = 'e2e-Zq4m8VbX1tR7yNc2Lw9Pk3Hs6Gd0Fj5Ua';

/** Extra environment of the main (anonymous) e2e Meshscope: framing allowed for the allowed portal only. */
export const MAIN_MESHSCOPE_ENV: Record<string, string> = { FRAME_ANCESTORS: `'self',${PORTAL.allowed}` };

/** Fails fast when a port this file needs is taken. */
export async function assertAuthPortsFree(): Promise<void> {
  await assertPortFree(TOKEN_PORT, 'e2e token-strategy Meshscope');
  for (const [what, port] of Object.entries(PORTAL_PORTS)) await assertPortFree(port, `e2e portal (${what})`);
}

/**
 * Starts the token-strategy Meshscope against the running main stack (its kubeconfig, Prometheus and Jaeger), on
 * `port` (another port and `name` give a replica of it: same session key). `SameSite=None; Partitioned` so its
 * session works inside a cross-site iframe (perf-security.md S9).
 */
export function startTokenMeshscope(
  root: string,
  dir: string,
  ports: StackPorts,
  kubeconfig: string,
  port = TOKEN_PORT,
  name = 'token',
): Promise<RunningStack> {
  return startStack({
    root,
    dir: path.join(dir, name),
    ports: { ...ports, meshscope: port },
    parts: { mesh: false, prometheus: false, meshscope: true },
    meshscopeEnv: {
      ...MAIN_MESHSCOPE_ENV,
      KUBECONFIG: kubeconfig,
      AUTH_STRATEGY: 'token',
      SESSION_SECRET,
      SESSION_SAMESITE: 'None',
    },
  });
}
