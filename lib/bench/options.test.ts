import { describe, expect, it } from 'vitest';
import { parseBenchArgs } from './options';

describe('bench:graph options', () => {
  it('runs against Prometheus unless --backend victoriametrics, which cannot backfill', () => {
    expect(parseBenchArgs([]).backend).toBe('prometheus');
    expect(parseBenchArgs(['--backend', 'victoriametrics', '--sizes', '500']).backend).toBe('victoriametrics');
    expect(() => parseBenchArgs(['--backend', 'thanos'])).toThrow(/--backend must be prometheus or victoriametrics/);
    expect(() => parseBenchArgs(['--backend', 'victoriametrics', '--mode', 'backfill'])).toThrow(
      /--mode backfill needs --backend prometheus/,
    );
  });
});
