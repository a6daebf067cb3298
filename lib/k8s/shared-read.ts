/** One cluster-wide Kubernetes read shared per identity for a few seconds, like the inventory (lib/k8s/inventory). */
import 'server-only';
import { LRUCache } from 'lru-cache';
import { MeshscopeError } from '@/lib/errors';
import { getKubeClients, kubeCall, type KubeClients } from './client';
import { scopeKey } from './request-scope';

/**
 * A reader that runs `read` (with the request identity's clients, inside `kubeCall`) at most once per identity
 * (`scopeKey()`, lib/k8s/request-scope.ts; never shared across users) every `ttlMs` (default 5 s), and maps the
 * answer with `toItems`. When the identity may not make the read (403 forbidden, or 404 not found) the promise
 * resolves to `denied`; any other error rejects it and is not cached (the next call reads again). The reader never
 * throws synchronously, not even without a configured cluster: a caller's `Promise.all([getInventory(), this()])`
 * would otherwise leave the other rejection unhandled, and an unhandled rejection ends the Node process.
 * Errors: MeshscopeError unavailable:k8s / timeout:k8s (from kubeCall), through the promise.
 */
export function sharedPerIdentity<L, T, D>(
  read: (c: KubeClients) => Promise<L>,
  toItems: (answer: L) => T,
  denied: D,
  ttlMs = 5_000,
): () => Promise<T | D> {
  const cache = new LRUCache<string, Promise<T | D>>({ max: 100, ttl: ttlMs });
  return () => {
    const key = scopeKey();
    let entry = cache.get(key);
    if (!entry) {
      entry = Promise.resolve()
        .then(() => {
          const c = getKubeClients();
          return kubeCall(c, () => read(c));
        })
        .then(toItems)
        .catch((err: unknown) => {
          if (err instanceof MeshscopeError && (err.type === 'forbidden' || err.type === 'not_found')) return denied;
          throw err;
        });
      entry.catch(() => cache.delete(key));
      cache.set(key, entry);
    }
    return entry;
  };
}
