/**
 * One value per Node.js process, shared by every route bundle: Next.js may load a module once per bundle, so module
 * state (a cache, a random key, an AsyncLocalStorage) would otherwise exist once per route. The value lives on
 * `globalThis` under `Symbol.for(name)`; `name` is `meshscope.<folder>.<what>`.
 */
import 'server-only';
import { AsyncLocalStorage } from 'node:async_hooks';

/** The process's value under `name`, made by `create` on first use; later calls return the same value. */
export function processGlobal<T>(name: string, create: () => T): T {
  const g = globalThis as unknown as Record<symbol, T | undefined>;
  const key = Symbol.for(name);
  g[key] ??= create();
  return g[key];
}

/** The process's AsyncLocalStorage under `name` (one store for all route bundles, so a scope set in one is seen). */
export function processStorage<T>(name: string): AsyncLocalStorage<T> {
  return processGlobal(name, () => new AsyncLocalStorage<T>());
}
