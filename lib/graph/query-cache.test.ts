import { describe, expect, it, vi } from 'vitest';
import { createQueryCache, createSharedCache } from './query-cache';
import type { InstantQuery } from './types';

const sample = [{ metric: { a: '1' }, value: 1 }];

describe('createQueryCache', () => {
  it('joins identical queries in flight and reuses results within the TTL', async () => {
    let t = 1000; // lru-cache reads a start time of 0 as "no start"
    const cache = createQueryCache({ ttlMs: 5000, now: () => t });
    const q = vi.fn<InstantQuery>(async () => sample);
    const [a, b] = await Promise.all([cache.run(q, 'up', 100), cache.run(q, 'up', 100)]);
    expect(q).toHaveBeenCalledTimes(1);
    expect(a).toEqual({ samples: sample, cached: false });
    expect(b.cached).toBe(true);
    t = 6000; // lru-cache: stale once strictly older than the ttl
    expect((await cache.run(q, 'up', 100)).cached).toBe(true);
    t = 6001;
    expect((await cache.run(q, 'up', 100)).cached).toBe(false);
    expect(q).toHaveBeenCalledTimes(2);
  });

  it('keys on promql and time', async () => {
    const cache = createQueryCache();
    const q = vi.fn<InstantQuery>(async () => sample);
    await Promise.all([cache.run(q, 'up', 1), cache.run(q, 'up', 2), cache.run(q, 'down', 1)]);
    expect(q).toHaveBeenCalledTimes(3);
  });

  it('never caches failures', async () => {
    const cache = createQueryCache();
    const q = vi.fn<InstantQuery>().mockRejectedValueOnce(new Error('unavailable')).mockResolvedValue(sample);
    await expect(cache.run(q, 'up', 1)).rejects.toThrow('unavailable');
    expect((await cache.run(q, 'up', 1)).samples).toBe(sample);
    expect(q).toHaveBeenCalledTimes(2);
  });

  it('bounds its size', async () => {
    const cache = createQueryCache({ maxEntries: 2, now: () => 1000 });
    const q = vi.fn<InstantQuery>(async () => sample);
    for (const p of ['a', 'b', 'c']) await cache.run(q, p, 1);
    await cache.run(q, 'a', 1); // evicted
    expect(q).toHaveBeenCalledTimes(4);
    cache.clear();
    await cache.run(q, 'c', 1);
    expect(q).toHaveBeenCalledTimes(5);
  });
});

describe('createSharedCache', () => {
  /** A fetch that resolves when told, recording its signal. */
  function deferred() {
    const calls: { signal: AbortSignal; resolve: (v: { n: number }) => void }[] = [];
    const fetch = (signal: AbortSignal) => new Promise<{ n: number }>((resolve) => calls.push({ signal, resolve }));
    return { calls, fetch };
  }

  it('lets one caller leave without cancelling the call the others still wait for', async () => {
    const cache = createSharedCache<{ n: number }>();
    const { calls, fetch } = deferred();
    const leaving = new AbortController();
    const a = cache.get('k', fetch, leaving.signal);
    const b = cache.get('k', fetch, new AbortController().signal);
    leaving.abort(new Error('client gone'));
    await expect(a).rejects.toThrow('client gone');
    expect(calls).toHaveLength(1);
    expect(calls[0]!.signal.aborted).toBe(false);
    calls[0]!.resolve({ n: 1 });
    await expect(b).resolves.toEqual({ value: { n: 1 }, cached: true });
  });

  it('cancels the call when the last caller leaves, and the next caller starts afresh', async () => {
    const cache = createSharedCache<{ n: number }>();
    const { calls, fetch } = deferred();
    const one = new AbortController();
    const two = new AbortController();
    const a = cache.get('k', fetch, one.signal);
    const b = cache.get('k', fetch, two.signal);
    one.abort(new Error('deadline'));
    two.abort(new Error('deadline'));
    await expect(Promise.allSettled([a, b])).resolves.toMatchObject([{ status: 'rejected' }, { status: 'rejected' }]);
    expect(calls[0]!.signal.aborted).toBe(true);
    expect(cache.inFlight()).toBe(0);
    const c = cache.get('k', fetch);
    expect(calls).toHaveLength(2);
    calls[1]!.resolve({ n: 2 });
    await expect(c).resolves.toEqual({ value: { n: 2 }, cached: false });
  });

  it('refuses a caller whose signal already aborted without calling', async () => {
    const cache = createSharedCache<{ n: number }>();
    const { calls, fetch } = deferred();
    await expect(cache.get('k', fetch, AbortSignal.abort(new Error('late')))).rejects.toThrow('late');
    expect(calls).toHaveLength(0);
  });

  it('with ttlMs 0 shares calls in flight only', async () => {
    const cache = createSharedCache<{ n: number }>({ ttlMs: 0 });
    let n = 0;
    const fetch = async () => ({ n: ++n });
    const [a, b] = await Promise.all([cache.get('k', fetch), cache.get('k', fetch)]);
    expect([a.value, b.value]).toEqual([{ n: 1 }, { n: 1 }]);
    expect((await cache.get('k', fetch)).value).toEqual({ n: 2 });
  });

  it('answers every caller of a call whose entry was evicted while in flight (more calls than maxEntries)', async () => {
    const cache = createSharedCache<{ n: number }>({ maxEntries: 2 });
    const { calls, fetch } = deferred();
    const pending = ['a', 'b', 'c', 'd'].map((k) => cache.get(k, fetch, new AbortController().signal));
    calls.forEach((c, i) => c.resolve({ n: i }));
    await expect(Promise.all(pending)).resolves.toEqual([0, 1, 2, 3].map((n) => ({ value: { n }, cached: false })));
    expect(calls.every((c) => !c.signal.aborted)).toBe(true);
  });
});
