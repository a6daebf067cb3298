import { describe, expect, it } from 'vitest';
import { DURATIONS, REFRESH_INTERVALS, shortDuration } from './global-url';

describe('shortDuration', () => {
  it('writes seconds in their largest whole unit', () => {
    expect([15, 59, 60, 90, 600, 3600, 5400, 10800, 86400, 172800].map(shortDuration)).toEqual([
      '15s',
      '59s',
      '1m',
      '90s',
      '10m',
      '1h',
      '90m',
      '3h',
      '1d',
      '2d',
    ]);
  });
});

describe('picker choices', () => {
  it('labels the durations as Kiali does', () => {
    expect(DURATIONS.map((d) => d.label)).toEqual([
      'Last 1m',
      'Last 5m',
      'Last 10m',
      'Last 30m',
      'Last 1h',
      'Last 3h',
      'Last 6h',
      'Last 12h',
      'Last 1d',
    ]);
  });

  it('labels the refresh intervals, 0 as Pause', () => {
    expect(REFRESH_INTERVALS.map((r) => r.value)).toEqual([0, 10_000, 15_000, 30_000, 60_000, 300_000]);
    expect(REFRESH_INTERVALS.map((r) => r.label)).toEqual([
      'Pause',
      'Every 10s',
      'Every 15s',
      'Every 30s',
      'Every 1m',
      'Every 5m',
    ]);
  });
});
