import { describe, expect, it } from 'vitest';
import { DASH, formatBytes, formatMs, formatRate, formatRatio } from './format';

describe('formatting', () => {
  it('shows missing data as a dash, never as 0', () => {
    for (const f of [formatRate, formatRatio, formatMs, formatBytes]) expect(f(null)).toBe(DASH);
    expect(formatMs(undefined)).toBe(DASH);
  });
  it('formats rates, ratios, durations and bytes', () => {
    expect(formatRate(0)).toBe('0 rps');
    expect(formatRate(0.004)).toBe('<0.01 rps');
    expect(formatRate(4.567)).toBe('4.57 rps');
    expect(formatRate(123.4)).toBe('123 rps');
    expect(formatRatio(0.5)).toBe('50.0%');
    expect(formatRatio(0.0123)).toBe('1.23%');
    expect(formatRatio(0)).toBe('0%');
    expect(formatMs(0.18)).toBe('0.180 ms');
    expect(formatMs(45.25)).toBe('45.3 ms');
    expect(formatMs(1500)).toBe('1.50 s');
    expect(formatBytes(1536, '/s')).toBe('1.5 KiB/s');
    expect(formatBytes(512)).toBe('512 B');
  });
});
