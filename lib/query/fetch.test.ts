import { afterEach, describe, expect, it, vi } from 'vitest';
import { ApiError, apiFetch, shouldRetry } from './fetch';

afterEach(() => vi.unstubAllGlobals());

describe('apiFetch', () => {
  it('turns the error JSON into an ApiError with code, status and backend', async () => {
    vi.stubGlobal('fetch', async () => new Response(JSON.stringify({ error: { code: 'unavailable:prometheus', message: 'Prometheus unreachable' } }), { status: 503 }));
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
});

describe('shouldRetry', () => {
  it('never retries 4xx and retries 5xx twice', () => {
    for (const status of [400, 401, 403, 404, 409, 422]) expect(shouldRetry(0, new ApiError(status, 'x:api', 'x'))).toBe(false);
    expect(shouldRetry(0, new ApiError(503, 'unavailable:prometheus', 'x'))).toBe(true);
    expect(shouldRetry(2, new ApiError(503, 'unavailable:prometheus', 'x'))).toBe(false);
  });
});
