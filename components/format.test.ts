import { describe, expect, it } from 'vitest';
import {
  DASH,
  compact,
  formatBytes,
  formatBytesRate,
  formatMs,
  formatPercent,
  formatRate,
  formatRatio,
  num,
} from './format';

describe('missing data', () => {
  it('is a dash, never 0, for every formatter', () => {
    for (const f of [formatRate, formatPercent, formatRatio, formatMs, formatBytes, formatBytesRate]) {
      for (const missing of [null, undefined, NaN, Infinity, -Infinity])
        expect(f(missing), `${f.name}(${missing})`).toBe(DASH);
    }
  });
  it('while a real zero is a zero', () => {
    expect(formatRate(0)).toBe('0 rps');
    expect(formatRatio(0)).toBe('0%');
    expect(formatMs(0)).toBe('0 ms');
    expect(formatBytesRate(0)).toBe('0 B/s');
    expect(formatRate(-0)).toBe('0 rps');
  });
  it('reads the graph JSON’s number strings', () => {
    expect(num('12.34')).toBe(12.34);
    expect(num('')).toBeNull();
    expect(num('NaN')).toBeNull();
    expect(num(undefined)).toBeNull();
  });
});

describe('one rule: at most N decimals, trailing zeros dropped, a nonzero value never shows as 0', () => {
  it('rates: 2 decimals', () => {
    expect(formatRate(12.345)).toBe('12.35 rps');
    expect(formatRate(4.5)).toBe('4.5 rps');
    expect(formatRate(123.4)).toBe('123.4 rps');
    expect(formatRate(10)).toBe('10 rps');
    expect(formatRate(12345.678)).toBe('12345.68 rps');
    expect(formatRate(0.004)).toBe('0.004 rps');
    expect(formatRate(0.00042)).toBe('0.0004 rps');
    expect(formatRate(0.5, 'conn/s')).toBe('0.5 conn/s');
  });
  it('percentages: 1 decimal; ratios are percentages of [0, 1]', () => {
    expect(formatPercent(4.5)).toBe('4.5%');
    expect(formatPercent(48.06)).toBe('48.1%');
    expect(formatPercent(100)).toBe('100%');
    expect(formatPercent(0.04)).toBe('0.04%');
    expect(formatRatio(0.5)).toBe('50%');
    expect(formatRatio(0.0123)).toBe('1.2%');
    expect(formatRatio(0.0001)).toBe('0.01%');
  });
  it('durations: whole milliseconds below 1 s (Kiali), seconds with 2 decimals from 1 s', () => {
    expect(formatMs(45.25)).toBe('45 ms');
    expect(formatMs(2.4)).toBe('2 ms');
    expect(formatMs(0.18)).toBe('0.2 ms');
    expect(formatMs(999.4)).toBe('999 ms');
    expect(formatMs(999.6)).toBe('1 s');
    expect(formatMs(1240)).toBe('1.24 s');
    expect(formatMs(1500)).toBe('1.5 s');
    expect(formatMs(75_000)).toBe('75 s');
  });
  it('bytes: binary units (KiB = 1024 B, as Kiali), whole bytes, 2 decimals from KiB', () => {
    expect(formatBytes(512)).toBe('512 B');
    expect(formatBytes(1023.4)).toBe('1023 B');
    expect(formatBytes(1023.6)).toBe('1 KiB');
    expect(formatBytes(1536, '/s')).toBe('1.5 KiB/s');
    expect(formatBytesRate(2400)).toBe('2.34 KiB/s');
    expect(formatBytesRate(3 * 1024 * 1024)).toBe('3 MiB/s');
    expect(formatBytes(5.5 * 1024 ** 3)).toBe('5.5 GiB');
    expect(formatBytesRate(0.3)).toBe('0.3 B/s');
  });
  it('never groups digits, whatever the browser’s locale', () => {
    expect(formatRate(1234567)).toBe('1234567 rps');
  });
});

describe('edge-label forms', () => {
  it('drop the space', () => {
    expect(compact.rate(10.17)).toBe('10.17rps');
    expect(compact.percent(4.5)).toBe('4.5%');
    expect(compact.ms(38)).toBe('38ms');
    expect(compact.bytesRate(2400)).toBe('2.34KiB/s');
  });
});
