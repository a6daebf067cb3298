/**
 * Sharing of identical Prometheus queries: a query that is in flight is joined, and a result is reused for a
 * few seconds (Kiali caches Prometheus results for 7 s, "1/2 Prom Scrape Interval", `prometheus/cache.go`).
 * Keys are `promql + time` per query function, so two backends (or two users' clients) never share results.
 * Failures are never cached.
 */
import type { InstantQuery, PromSample } from './types';

export interface QueryCacheOptions {
  /** How long a finished result is reused, default 5000 ms. */
  ttlMs?: number;
  /** Entries kept per query function before the oldest are dropped, default 1000. */
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
  let byQuery = new WeakMap<InstantQuery, Map<string, Entry>>();

  function evict(entries: Map<string, Entry>): void {
    const t = now();
    for (const [k, e] of entries) if (e.expiresAt <= t) entries.delete(k);
    for (const k of entries.keys()) {
      if (entries.size < maxEntries) break;
      entries.delete(k);
    }
  }

  return {
    run(query, promql, timeSec) {
      let entries = byQuery.get(query);
      if (!entries) byQuery.set(query, (entries = new Map()));
      const key = `${timeSec}\u0000${promql}`;
      const hit = entries.get(key);
      if (hit && hit.expiresAt > now()) return hit.promise.then((samples) => ({ samples, cached: true }));
      if (entries.size >= maxEntries) evict(entries);
      const entry: Entry = { promise: Promise.resolve().then(() => query(promql, timeSec)), expiresAt: Infinity };
      entries.set(key, entry);
      const map = entries;
      entry.promise.then(
        () => {
          entry.expiresAt = now() + ttlMs;
        },
        () => {
          if (map.get(key) === entry) map.delete(key);
        },
      );
      return entry.promise.then((samples) => ({ samples, cached: false }));
    },
    clear() {
      byQuery = new WeakMap();
    },
  };
}
