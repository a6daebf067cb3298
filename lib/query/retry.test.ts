import { describe, expect, it } from 'vitest';
import { ApiError } from './fetch';
import { backoffRefresh, MAX_RETRIES, refreshDelay, retryDelay, shouldRetry, type RefreshState } from './retry';

const err = (status: number, code: string, retryAfterMs: number | null = null) =>
  new ApiError(status, code, 'x', {}, retryAfterMs);
const noJitter = () => 0;

describe('shouldRetry', () => {
  it('never retries 4xx other than 429, nor a too large answer', () => {
    for (const status of [400, 401, 403, 404, 409, 422]) expect(shouldRetry(0, err(status, 'x:api'))).toBe(false);
    expect(shouldRetry(0, err(502, 'too_large:prometheus'))).toBe(false);
  });

  it('retries 429, 503, 504 and network failures twice, then stops', () => {
    const failures = [
      err(429, 'overloaded:prometheus', 3000),
      err(503, 'unavailable:prometheus'),
      err(504, 'timeout:prometheus'),
    ];
    for (const e of [...failures, err(0, 'unavailable:api')]) {
      expect([0, 1, 2, 3].map((n) => shouldRetry(n, e))).toEqual([true, true, false, false]);
    }
    expect(MAX_RETRIES).toBe(2);
  });
});

describe('retryDelay', () => {
  it('backs off 2 s then 4 s without Retry-After', () => {
    expect([0, 1].map((n) => retryDelay(n, err(504, 'timeout:prometheus'), noJitter))).toEqual([2000, 4000]);
  });

  it("waits the server's Retry-After, capped at 60 s", () => {
    expect(retryDelay(0, err(429, 'overloaded:prometheus', 9000), noJitter)).toBe(9000);
    expect(retryDelay(0, err(429, 'overloaded:prometheus', 600_000), noJitter)).toBe(60_000);
  });

  it('adds at most 20% jitter', () => {
    expect(retryDelay(0, err(503, 'unavailable:prometheus'), () => 0.999)).toBe(2400);
  });
});

describe('refreshDelay', () => {
  it('polls at the refresh interval while refreshes succeed, and not at all when paused', () => {
    expect(refreshDelay(15_000, 0, null)).toBe(15_000);
    expect(refreshDelay(0, 3, err(504, 'timeout:prometheus'))).toBe(false);
  });

  it('doubles the interval per failed refresh in a row, at least Retry-After, at most 5 minutes', () => {
    const e = err(504, 'timeout:prometheus');
    const delays = [1, 2, 3, 5, 10].map((n) => refreshDelay(15_000, n, e));
    expect(delays).toEqual([30_000, 60_000, 120_000, 300_000, 300_000]);
    expect(refreshDelay(15_000, 1, err(429, 'overloaded:prometheus', 45_000))).toBe(45_000);
  });
});

describe('backoffRefresh', () => {
  it('counts each new failed refresh once and resets on new data', () => {
    const next = backoffRefresh(15_000);
    const e = err(503, 'unavailable:prometheus');
    const state = (s: Partial<RefreshState>): { state: RefreshState } => ({
      state: { status: 'success', error: null, errorUpdatedAt: 0, dataUpdatedAt: 1, ...s },
    });
    expect(next(state({}))).toBe(15_000);
    expect(next(state({ status: 'error', error: e, errorUpdatedAt: 10 }))).toBe(30_000);
    expect(next(state({ status: 'error', error: e, errorUpdatedAt: 10 }))).toBe(30_000); // the same failure asked twice
    expect(next(state({ status: 'error', error: e, errorUpdatedAt: 20 }))).toBe(60_000);
    expect(next(state({ status: 'success', dataUpdatedAt: 30, errorUpdatedAt: 20 }))).toBe(15_000);
  });
});
