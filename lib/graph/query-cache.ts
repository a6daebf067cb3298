/**
 * Sharing of identical work between requests (issue 12 item 8): a call whose key is in flight is joined, and a result
 * is reused for a few seconds (Kiali caches Prometheus results for 7 s, "1/2 Prom Scrape Interval",
 * `prometheus/cache.go`). Built on lru-cache's `fetchMethod` (joins in-flight fetches, `ttl`, `max`, failures are not
 * kept). What lru-cache does not do, and this adds: each caller waits only until its own signal aborts (its deadline,
 * or its client going away), and the shared call is cancelled (its signal aborts, so a queued Prometheus query is
 * never sent) only when every caller waiting for it has gone.
 *
 * `createQueryCache` keys Prometheus instant queries on `promql + time`: keep one per Prometheus backend (results of
 * different backends must not mix).
 */
import { LRUCache } from 'lru-cache';
import { untilAborted } from '@/lib/errors';
import type { InstantQuery, PromSample } from './types';

export interface SharedCacheOptions {
  /** How long a finished result is reused, default 5000 ms; 0 shares calls in flight only. */
  ttlMs?: number;
  /** Entries kept (in flight or finished) before the least recently used are dropped, default 5000. */
  maxEntries?: number;
  /** Clock in ms (tests). */
  now?: () => number;
}

export interface SharedCache<V> {
  /**
   * The value of `fetch(signal)` for `key`, shared with callers of the same key in flight or finished less than
   * `ttlMs` ago (`cached` tells which). `signal` ends this caller's wait (rejecting with its reason); `fetch`'s own
   * signal aborts when the last caller waiting for it has gone.
   */
  get(
    key: string,
    fetch: (signal: AbortSignal) => Promise<V>,
    signal?: AbortSignal,
  ): Promise<{ value: V; cached: boolean }>;
  /** Calls in flight. */
  inFlight(): number;
  clear(): void;
}

interface Flight {
  controller: AbortController;
  waiters: number;
  done: boolean;
}

type Fetcher<V> = (signal: AbortSignal) => Promise<V>;

/** Creates a shared cache (see the module comment). Values must not be `undefined`. */
export function createSharedCache<V extends object>(options: SharedCacheOptions = {}): SharedCache<V> {
  const ttlMs = options.ttlMs ?? 5000;
  const flights = new Map<string, Flight>();
  const cache = new LRUCache<string, V, Fetcher<V>>({
    max: options.maxEntries ?? 5000,
    // ttl 0 is "no ttl" to lru-cache: a value that is only shared in flight is dropped as it settles, below
    ttl: ttlMs > 0 ? ttlMs : undefined,
    ...(options.now ? { perf: { now: options.now }, ttlResolution: 0 } : {}),
    // lru-cache aborts a fetch whose entry is evicted (more calls in flight than `max`): the callers waiting for it
    // must still get its answer, so that abort is ignored and the call obeys only its callers (the flight's signal)
    ignoreFetchAbort: true,
    fetchMethod: async (key, _stale, { context }) => {
      const flight: Flight = { controller: new AbortController(), waiters: 0, done: false };
      flights.set(key, flight);
      try {
        return await context(flight.controller.signal);
      } finally {
        flight.done = true;
        if (flights.get(key) === flight) flights.delete(key);
      }
    },
  });

  return {
    async get(key, fetch, signal) {
      if (signal?.aborted) throw signal.reason;
      const status: LRUCache.Status<string, V, Fetcher<V>> = {};
      const promise = cache.fetch(key, { context: fetch, status }) as Promise<V>;
      const cached = status.fetch !== 'miss' && status.fetch !== 'stale' && status.fetch !== 'refresh';
      const flight = flights.get(key);
      if (!flight || flight.done) {
        const value = await promise;
        if (ttlMs <= 0) cache.delete(key);
        return { value, cached };
      }
      flight.waiters++;
      const leave = () => {
        flight.waiters--;
        if (flight.waiters > 0 || flight.done) return;
        // the last caller has gone: cancel the shared call, and let the next caller start afresh
        flight.controller.abort(signal?.reason);
        if (flights.get(key) === flight) {
          flights.delete(key);
          cache.delete(key);
        }
      };
      if (signal?.aborted)
        leave(); // aborted while the call was starting
      else signal?.addEventListener('abort', leave, { once: true });
      try {
        const value = await untilAborted(promise, signal);
        if (ttlMs <= 0 && cache.has(key)) cache.delete(key);
        return { value, cached };
      } finally {
        signal?.removeEventListener('abort', leave);
        if (!signal?.aborted) flight.waiters--;
      }
    },
    inFlight() {
      return flights.size;
    },
    clear() {
      cache.clear();
      flights.clear();
    },
  };
}

export interface QueryCache {
  /**
   * The samples of `query(promql, timeSec, signal)`, shared with identical calls in flight or finished < ttl ago.
   * `signal` ends this caller's wait; the query itself is cancelled when no caller waits for it any more.
   */
  run(
    query: InstantQuery,
    promql: string,
    timeSec: number,
    signal?: AbortSignal,
  ): Promise<{ samples: PromSample[]; cached: boolean }>;
  clear(): void;
}

export type QueryCacheOptions = SharedCacheOptions;

/** Creates a Prometheus query cache; the server keeps one for all requests, each build without one gets its own. */
export function createQueryCache(options: QueryCacheOptions = {}): QueryCache {
  const shared = createSharedCache<PromSample[]>(options);
  return {
    async run(query, promql, timeSec, signal) {
      const { value, cached } = await shared.get(`${timeSec}\u0000${promql}`, (s) => query(promql, timeSec, s), signal);
      return { samples: value, cached };
    },
    clear: () => shared.clear(),
  };
}
