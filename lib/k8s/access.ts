/**
 * What the current request's identity may see and do (Kiali's model, kiali.md §1.8: a user has access to a namespace
 * when they may `get` it). Every answer is cached per identity key, never shared between users (perf-security.md S13).
 *
 * - `accessibleNamespaces()`: the user's own namespace list when RBAC allows listing; otherwise the server lists the
 *   names and keeps those the user may `get` (SelfSubjectAccessReview as the user). Anonymous: the server's list —
 *   from the shared inventory cache while it is ready (it lists and watches namespaces with those same credentials).
 * - `assertNamespacesAccessible(names)`: 403 before anything is asked of Prometheus, Jaeger or Kubernetes.
 * - `canI(attributes)`: one SelfSubjectAccessReview as the user, for the UI's permissions and `canWrite`.
 * Cached reads are shared by the identity's concurrent requests, so they run detached from the request that started
 * them (bounded by KUBE_TIMEOUT_MS), and each request waits only until its own deadline
 * (lib/config/request-deadline.ts).
 */
import 'server-only';
import * as k8s from '@kubernetes/client-node';
import { LRUCache } from 'lru-cache';
import { sharedUntilAborted } from '@/lib/config/request-deadline';
import { MeshscopeError } from '@/lib/errors';
import { getConfig } from '@/lib/config';
import { getKubeClients, getServerKubeClients, kubeCall, type KubeClients } from './client';
import { runningInventoryCacheFor } from './inventory-cache';
import { makeApi } from './capped-http';
import { currentKubeScope, scopeKey } from './request-scope';

export interface AccessAttributes {
  verb: string;
  group?: string;
  resource: string;
  namespace?: string;
  name?: string;
  subresource?: string;
}

const namespaceCache = new LRUCache<string, Promise<k8s.V1Namespace[]>>({ max: 500, ttl: 10_000 });
const reviewCache = new LRUCache<string, Promise<boolean>>({ max: 20_000, ttl: 30_000 });

async function review(clients: KubeClients, a: AccessAttributes): Promise<boolean> {
  const api = makeApi(clients.kubeConfig, k8s.AuthorizationV1Api);
  const res = await kubeCall(clients, () =>
    api.createSelfSubjectAccessReview({
      body: {
        spec: {
          resourceAttributes: {
            verb: a.verb,
            group: a.group ?? '',
            resource: a.resource,
            namespace: a.namespace,
            name: a.name,
            subresource: a.subresource,
          },
        },
      },
    }),
  );
  return res.status?.allowed === true;
}

/**
 * Whether the current identity may do `a` (SelfSubjectAccessReview; the server's own answer for anonymous).
 * Cached 30 s per identity. @throws MeshscopeError unavailable/timeout/unauthorized:k8s
 */
export function canI(a: AccessAttributes): Promise<boolean> {
  const key = `${scopeKey()}\u0000${a.verb}\u0000${a.group ?? ''}\u0000${a.resource}\u0000${a.subresource ?? ''}\u0000${a.namespace ?? ''}\u0000${a.name ?? ''}`;
  // the clients of the caller's identity: read on a miss, in the caller's scope (detached keeps it, drops the signal)
  return sharedUntilAborted(reviewCache, key, () => review(getKubeClients(), a));
}

/** Runs `f` over `items` with at most `n` in flight. */
async function mapLimit<T, R>(items: readonly T[], n: number, f: (t: T) => Promise<R>): Promise<R[]> {
  const out: R[] = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      out[i] = await f(items[i]!);
    }
  };
  await Promise.all(Array.from({ length: Math.min(n, items.length) }, worker));
  return out;
}

async function readAccessible(): Promise<k8s.V1Namespace[]> {
  const scope = currentKubeScope();
  const clients = getKubeClients();
  try {
    return (await kubeCall(clients, () => clients.core.listNamespace())).items;
  } catch (err) {
    if (!scope || scope.anonymous || !(err instanceof MeshscopeError && err.type === 'forbidden')) throw err;
  }
  // The user may not list namespaces: the server lists the names, the user's own reviews decide which to keep.
  const server = scope.serverClients ?? getServerKubeClients(); // the server's own on the scope's cluster
  const all = (await kubeCall(server, () => server.core.listNamespace())).items;
  const allowed = await mapLimit(all, 16, (ns) =>
    canI({ verb: 'get', resource: 'namespaces', name: ns.metadata?.name ?? '' }),
  );
  return all.filter((_, i) => allowed[i]);
}

/**
 * The namespaces the current identity may see, as the API returns them (labels, creation time). Cached 10 s per
 * identity. @throws MeshscopeError unavailable/timeout/unauthorized/forbidden:k8s
 */
export function accessibleNamespaces(): Promise<k8s.V1Namespace[]> {
  const cached = namespacesFromCache();
  if (cached) return Promise.resolve(cached);
  return sharedUntilAborted(namespaceCache, scopeKey(), readAccessible);
}

/**
 * For an anonymous request (the server's own credentials), the namespaces of the ready shared inventory cache (home
 * cluster, or the scope's cluster), which lists and watches them with those credentials: no list per request (at
 * 10,000 workloads a list of 1,000 namespaces took 0.2 s, and 3 s while the page's other requests ran beside it:
 * `npm run bench:graph`). Null for a signed-in user (their list is theirs), with INVENTORY_CACHE=off, or while the
 * cache is not ready. Never starts a cache.
 */
function namespacesFromCache(): k8s.V1Namespace[] | null {
  const scope = currentKubeScope();
  if ((scope && !scope.anonymous) || getConfig().kube.inventoryCache === 'off') return null;
  let cache;
  if (scope?.cluster !== undefined) cache = scope.inventoryCache;
  else {
    try {
      cache = runningInventoryCacheFor(scope?.clients ?? getServerKubeClients());
    } catch {
      return null; // no server credentials: no cache
    }
  }
  return cache?.ready ? (cache.list('namespaces') as k8s.V1Namespace[]) : null;
}

/** The names of `accessibleNamespaces()`. */
export async function accessibleNamespaceNames(): Promise<Set<string>> {
  return new Set((await accessibleNamespaces()).map((n) => n.metadata?.name ?? '').filter(Boolean));
}

/**
 * Refuses a request naming a namespace the current identity may not get (a namespace that does not exist is
 * refused the same way, so names of other teams' namespaces cannot be probed).
 * @throws MeshscopeError 403 forbidden:k8s `Namespace [x] is not accessible.`
 */
export async function assertNamespacesAccessible(names: readonly string[]): Promise<void> {
  if (names.length === 0) return;
  const accessible = await accessibleNamespaceNames();
  const denied = names.find((n) => !accessible.has(n));
  if (denied !== undefined)
    throw new MeshscopeError('forbidden:k8s', `Namespace [${denied}] is not accessible.`, { namespace: denied });
}
