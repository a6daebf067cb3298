/**
 * Kubernetes clients acting as the signed-in user, for code that has the request in hand.
 *
 * Route handlers wrapped in `handle()` (lib/server/http/respond.ts) need nothing: inside them `getKubeClients()` already
 * returns the user's clients (lib/k8s/request-scope.ts). Use these in handlers that do not use `handle()`:
 *
 * ```ts
 * export async function GET(req: Request) {
 *   const clients = await getRequestKubeClients(req);          // 401 when not signed in
 *   const pods = await kubeCall(clients, () => clients.core.listNamespacedPod({ namespace }));
 * }
 * ```
 * or `runAsRequestUser(req, () => ...)` to run existing lib code (which calls `getKubeClients()`) as the user.
 */
import 'server-only';
import { resolveIdentity } from '@/lib/auth/identity';
import { scopeFor, withRequestScope } from '@/lib/auth/request';
import type { KubeClients } from '@/lib/k8s/client';

/**
 * The clients of `req`'s identity: the user's with AUTH_STRATEGY=token|header, the server's own with anonymous.
 * @throws MeshscopeError 401 unauthorized:* when the request is not signed in; unavailable:k8s without cluster config.
 */
export async function getRequestKubeClients(req: Request): Promise<KubeClients> {
  return scopeFor(await resolveIdentity(req)).clients;
}

/**
 * Runs `f` as `req`'s identity (and refuses namespaces named by the request that the user may not get).
 * @throws MeshscopeError 401, 403 forbidden:k8s
 */
export function runAsRequestUser<T>(req: Request, f: () => Promise<T>, routeContext?: unknown): Promise<T> {
  return withRequestScope([req, routeContext], f);
}
