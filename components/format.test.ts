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

/** Formatter, value, unit (where one is given) and the expected text, by rule. */
type Case = [(v: number, unit?: string) => string, number, string, string?];
const RULES: [rule: string, cases: Case[]][] = [
  [
    'rates: 2 decimals',
    [
      [formatRate, 12.345, '12.35 rps'],
      [formatRate, 4.5, '4.5 rps'],
      [formatRate, 123.4, '123.4 rps'],
      [formatRate, 10, '10 rps'],
      [formatRate, 12345.678, '12345.68 rps'],
      [formatRate, 0.004, '0.004 rps'],
      [formatRate, 0.00042, '0.0004 rps'],
      [formatRate, 0.5, '0.5 conn/s', 'conn/s'],
    ],
  ],
  [
    'percentages: 1 decimal; ratios are percentages of [0, 1]',
    [
      [formatPercent, 4.5, '4.5%'],
      [formatPercent, 48.06, '48.1%'],
      [formatPercent, 100, '100%'],
      [formatPercent, 0.04, '0.04%'],
      [formatRatio, 0.5, '50%'],
      [formatRatio, 0.0123, '1.2%'],
      [formatRatio, 0.0001, '0.01%'],
    ],
  ],
  [
    'durations: whole milliseconds below 1 s (Kiali), seconds with 2 decimals from 1 s',
    [
      [formatMs, 45.25, '45 ms'],
      [formatMs, 2.4, '2 ms'],
      [formatMs, 0.18, '0.2 ms'],
      [formatMs, 999.4, '999 ms'],
      [formatMs, 999.6, '1 s'],
      [formatMs, 1240, '1.24 s'],
      [formatMs, 1500, '1.5 s'],
      [formatMs, 75_000, '75 s'],
    ],
  ],
  [
    'bytes: binary units (KiB = 1024 B, as Kiali), whole bytes, 2 decimals from KiB',
    [
      [formatBytes, 512, '512 B'],
      [formatBytes, 1023.4, '1023 B'],
      [formatBytes, 1023.6, '1 KiB'],
      [formatBytes, 1536, '1.5 KiB/s', '/s'],
      [formatBytesRate, 2400, '2.34 KiB/s'],
      [formatBytesRate, 3 * 1024 * 1024, '3 MiB/s'],
      [formatBytes, 5.5 * 1024 ** 3, '5.5 GiB'],
      [formatBytesRate, 0.3, '0.3 B/s'],
    ],
  ],
];

describe('one rule: at most N decimals, trailing zeros dropped, a nonzero value never shows as 0', () => {
  describe.each(RULES)('%s', (_rule, cases) => {
    it.each(cases)('%o(%d) is %j', (format, value, want, unit) => {
      expect(unit === undefined ? format(value) : format(value, unit)).toBe(want);
    });
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
