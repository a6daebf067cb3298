import { describe, expect, it, vi } from 'vitest';
import { createQueryCache } from './query-cache';
import type { InstantQuery } from './types';

const sample = [{ metric: { a: '1' }, value: 1 }];

describe('createQueryCache', () => {
  it('joins identical queries in flight and reuses results within the TTL', async () => {
    let t = 0;
    const cache = createQueryCache({ ttlMs: 5000, now: () => t });
    const q = vi.fn<InstantQuery>(async () => sample);
    const [a, b] = await Promise.all([cache.run(q, 'up', 100), cache.run(q, 'up', 100)]);
    expect(q).toHaveBeenCalledTimes(1);
    expect(a).toEqual({ samples: sample, cached: false });
    expect(b.cached).toBe(true);
    t = 4999;
    expect((await cache.run(q, 'up', 100)).cached).toBe(true);
    t = 5000;
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
    const cache = createQueryCache({ maxEntries: 2, now: () => 0 });
    const q = vi.fn<InstantQuery>(async () => sample);
    for (const p of ['a', 'b', 'c']) await cache.run(q, p, 1);
    await cache.run(q, 'a', 1); // evicted
    expect(q).toHaveBeenCalledTimes(4);
    cache.clear();
    await cache.run(q, 'c', 1);
    expect(q).toHaveBeenCalledTimes(5);
  });
});
