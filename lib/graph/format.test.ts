import { describe, expect, it } from 'vitest';
import { formatFixed, rateToString } from './format';

describe('formatFixed (Go %.*f)', () => {
  it('rounds exact binary ties to even like Go, not away from zero like toFixed', () => {
    expect(formatFixed(2.5, 0)).toBe('2');
    expect(formatFixed(3.5, 0)).toBe('4');
    expect(formatFixed(0.125, 2)).toBe('0.12');
    expect(formatFixed(0.375, 2)).toBe('0.38');
    expect(formatFixed(-2.5, 0)).toBe('-2');
  });

  it('agrees with toFixed away from ties', () => {
    expect(formatFixed(27.027027, 1)).toBe('27.0');
    expect(formatFixed(100, 1)).toBe('100.0');
    expect(formatFixed(0.1 + 0.2, 2)).toBe('0.30');
    expect(formatFixed(1.005, 2)).toBe('1.00'); // 1.005 is below the tie in binary, Go prints 1.00 too
    expect(formatFixed(33.33333, 0)).toBe('33');
  });
});

describe('rateToString', () => {
  it('uses at least the minimum precision and enough digits for one significant digit (max 5)', () => {
    expect(rateToString(2, 20)).toBe('20.00');
    expect(rateToString(2, 0.004)).toBe('0.004');
    expect(rateToString(2, 0.05)).toBe('0.05');
    expect(rateToString(2, 0.000001)).toBe('0.00000');
    expect(rateToString(2, 1162)).toBe('1162.00');
  });
});
