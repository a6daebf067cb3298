/**
 * Sharing of identical Prometheus queries: a query that is in flight is joined, and a result is reused for a
 * few seconds (Kiali caches Prometheus results for 7 s, "1/2 Prom Scrape Interval", `prometheus/cache.go`).
 * Keys are `promql + time`: keep one cache per Prometheus backend (results of different backends must not mix).
 * Failures are never cached.
 */
import type { InstantQuery, PromSample } from './types';

export interface QueryCacheOptions {
  /** How long a finished result is reused, default 5000 ms. */
  ttlMs?: number;
  /** Entries kept before the oldest are dropped, default 1000. */
  maxEntries?: number;
  /** Clock in ms (tests). */
  now?: () => number;
}

export interface QueryCache {
  /** The samples of `query(promql, timeSec)`, shared with identical calls in flight or finished < ttl ago. */
  run(query: InstantQuery, promql: string, timeSec: number): Promise<{ samples: PromSample[]; cached: boolean }>;
  clear(): void;
}

interface Entry {
  promise: Promise<PromSample[]>;
  /** Infinity while in flight. */
  expiresAt: number;
}

/** Creates a cache; the server keeps one for all graph requests, each build without one gets its own. */
export function createQueryCache(options: QueryCacheOptions = {}): QueryCache {
  const ttlMs = options.ttlMs ?? 5000;
  const maxEntries = options.maxEntries ?? 1000;
  const now = options.now ?? Date.now;
  const entries = new Map<string, Entry>();

  function evict(): void {
    const t = now();
    for (const [k, e] of entries) if (e.expiresAt <= t) entries.delete(k);
    for (const k of entries.keys()) {
      if (entries.size < maxEntries) break;
      entries.delete(k);
    }
  }

  return {
    run(query, promql, timeSec) {
      const key = `${timeSec}\u0000${promql}`;
      const hit = entries.get(key);
      if (hit && hit.expiresAt > now()) return hit.promise.then((samples) => ({ samples, cached: true }));
      if (entries.size >= maxEntries) evict();
      const entry: Entry = { promise: Promise.resolve().then(() => query(promql, timeSec)), expiresAt: Infinity };
      entries.set(key, entry);
      entry.promise.then(
        () => {
          entry.expiresAt = now() + ttlMs;
        },
        () => {
          if (entries.get(key) === entry) entries.delete(key);
        },
      );
      return entry.promise.then((samples) => ({ samples, cached: false }));
    },
    clear() {
      entries.clear();
    },
  };
}
