import { afterEach, describe, expect, it, vi } from 'vitest';
import { ApiError, apiFetch, parseRetryAfter } from './fetch';

afterEach(() => vi.unstubAllGlobals());

describe('apiFetch', () => {
  it('turns the error JSON into an ApiError with code, status and backend', async () => {
    vi.stubGlobal(
      'fetch',
      async () =>
        new Response(JSON.stringify({ error: { code: 'unavailable:prometheus', message: 'Prometheus unreachable' } }), {
          status: 503,
        }),
    );
    const err = await apiFetch('/api/x').catch((e) => e);
    expect(err).toBeInstanceOf(ApiError);
    expect(err).toMatchObject({ status: 503, code: 'unavailable:prometheus', message: 'Prometheus unreachable' });
    expect((err as ApiError).backend).toBe('prometheus');
  });

  it('reports a network failure as unavailable:api', async () => {
    vi.stubGlobal('fetch', async () => {
      throw new TypeError('fetch failed');
    });
    await expect(apiFetch('/api/x')).rejects.toMatchObject({ status: 0, code: 'unavailable:api' });
  });

  it('returns the parsed body on success', async () => {
    vi.stubGlobal('fetch', async () => new Response(JSON.stringify({ a: 1 }), { status: 200 }));
    await expect(apiFetch<{ a: number }>('/api/x')).resolves.toEqual({ a: 1 });
  });

  it('with `measure`, writes the body read and the JSON parse to the performance entries; without, nothing', async () => {
    vi.stubGlobal('fetch', async () => new Response(JSON.stringify({ a: 1 }), { status: 200 }));
    performance.clearMeasures();
    await expect(apiFetch<{ a: number }>('/api/x', { measure: 'test:x' })).resolves.toEqual({ a: 1 });
    expect(performance.getEntriesByType('measure').map((e) => e.name)).toEqual(['test:x:body', 'test:x:parse']);
    await apiFetch('/api/x');
    expect(performance.getEntriesByType('measure')).toHaveLength(2);
  });
});

describe('apiFetch and cancellation', () => {
  it('passes the signal to fetch and rejects with its reason when cancelled, not as a server failure', async () => {
    let seen: AbortSignal | null | undefined;
    vi.stubGlobal('fetch', (_url: string, init: RequestInit) => {
      seen = init.signal;
      return new Promise((_resolve, reject) => {
        init.signal?.addEventListener('abort', () => reject(new DOMException('aborted', 'AbortError')));
      });
    });
    const controller = new AbortController();
    const pending = apiFetch('/api/x', { signal: controller.signal });
    controller.abort(new Error('replaced by a newer request'));
    await expect(pending).rejects.toThrow('replaced by a newer request');
    expect(seen).toBe(controller.signal);
  });

  it('reads Retry-After (seconds or a date) into the ApiError', async () => {
    const body = JSON.stringify({ error: { code: 'overloaded:prometheus', message: 'busy' } });
    vi.stubGlobal('fetch', async () => new Response(body, { status: 429, headers: { 'Retry-After': '7' } }));
    await expect(apiFetch('/api/x')).rejects.toMatchObject({ status: 429, retryAfterMs: 7000 });
    expect(parseRetryAfter('Wed, 21 Oct 2015 07:28:30 GMT', Date.parse('Wed, 21 Oct 2015 07:28:00 GMT'))).toBe(30_000);
    expect(parseRetryAfter('soon')).toBeNull();
    expect(parseRetryAfter(null)).toBeNull();
  });
});
