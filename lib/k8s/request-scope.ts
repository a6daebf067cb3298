/**
 * Which Kubernetes identity the current request acts as. `handle()` (lib/server/http/respond.ts) resolves the signed-in user
 * (lib/auth) and runs the route handler inside `runInKubeScope`; `getKubeClients()` then returns that user's clients
 * wherever it is called, so every Kubernetes call of the request is made as the user and RBAC decides
 * (DESIGN.md "Security model"). Stored on `globalThis` so all route bundles share one store.
 */
import 'server-only';
import { processStorage } from '@/lib/config/process-global';
import type { KubeClients } from './client';
import type { InventoryCache } from './inventory-cache';

export interface KubeScope {
  clients: KubeClients;
  /** Cache key of the identity: `anonymous`, or a hash of the token (and impersonation). Never the token. */
  key: string;
  /** True when the server's own credentials are used (AUTH_STRATEGY=anonymous). */
  anonymous: boolean;
  /** The user's name as the API reported it, for logs and the UI; null when unknown. */
  username: string | null;
  /** The user's groups as the API reported them (token review or impersonation); empty when unknown or anonymous. */
  groups?: string[];
  /** Multi-cluster: the cluster these clients reach when it is not the home one (lib/server/clusters). */
  cluster?: string;
  /**
   * With `cluster`: that cluster's watch-based inventory cache, which getInventory reads instead of the home
   * cluster's (undefined: none, the inventory is listed per request).
   */
  inventoryCache?: InventoryCache;
  /** With `cluster`: the server's own clients on that cluster (what getServerKubeClients is for the home one). */
  serverClients?: KubeClients;
}

const storage = () => processStorage<KubeScope>('meshscope.k8s.kubeScope');

/** Runs `f` with `scope` as the request's Kubernetes identity. */
export function runInKubeScope<T>(scope: KubeScope, f: () => T): T {
  return storage().run(scope, f);
}

/** The current request's identity, or undefined outside a request. */
export function currentKubeScope(): KubeScope | undefined {
  return storage().getStore();
}

/** A key for per-user caches: the identity's key, or `server` outside a request. */
export function scopeKey(): string {
  return currentKubeScope()?.key ?? 'server';
}
