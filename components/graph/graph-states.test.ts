import { describe, expect, it } from 'vitest';
import { ApiError } from '@/lib/query/fetch';
import { graphErrorText, retryNotice } from './graph-states';

describe('retryNotice', () => {
  const busy = new ApiError(504, 'timeout:prometheus', 'No answer within 12 s');

  it('says nothing before a failure', () => {
    expect(retryNotice(0, null)).toBeNull();
    expect(retryNotice(0, busy)).toBeNull();
  });

  it('names the failure and the attempt, bounded by the retries', () => {
    expect(retryNotice(1, busy)).toBe('The graph took too long (No answer within 12 s): trying again, attempt 2 of 3');
    expect(retryNotice(2, busy)).toBe('The graph took too long (No answer within 12 s): trying again, attempt 3 of 3');
    expect(retryNotice(7, busy)).toContain('attempt 3 of 3');
  });
});

describe('graphErrorText', () => {
  it('tells a busy server, a slow graph and a too large answer apart', () => {
    expect(graphErrorText(new ApiError(429, 'overloaded:prometheus', 'busy')).title).toBe('Prometheus is busy');
    expect(graphErrorText(new ApiError(504, 'timeout:prometheus', 'slow')).title).toBe('The graph took too long');
    expect(graphErrorText(new ApiError(502, 'too_large:prometheus', 'big')).title).toBe('Answer too large');
    expect(graphErrorText(new ApiError(503, 'unavailable:prometheus', 'down')).title).toBe('Prometheus unavailable');
  });
});
