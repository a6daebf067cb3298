import { describe, expect, it } from 'vitest';
import { formatFixed, rateToString } from './format';

describe('formatFixed (Go %.*f)', () => {
  it.each([
    [2.5, 0, '2'],
    [3.5, 0, '4'],
    [0.125, 2, '0.12'],
    [0.375, 2, '0.38'],
    [-2.5, 0, '-2'],
  ])(
    'rounds the exact binary tie %d (%d decimals) to even like Go, not away from zero like toFixed: %j',
    (v, d, want) => {
      expect(formatFixed(v, d)).toBe(want);
    },
  );

  it.each([
    [27.027027, 1, '27.0'],
    [100, 1, '100.0'],
    [0.1 + 0.2, 2, '0.30'],
    [1.005, 2, '1.00'], // 1.005 is below the tie in binary, Go prints 1.00 too
    [33.33333, 0, '33'],
  ])('agrees with toFixed away from ties: %d (%d decimals) is %j', (v, d, want) => {
    expect(formatFixed(v, d)).toBe(want);
  });
});

describe('rateToString', () => {
  it.each([
    [20, '20.00'],
    [0.004, '0.004'],
    [0.05, '0.05'],
    [0.000001, '0.00000'],
    [1162, '1162.00'],
  ])(
    'uses at least the minimum precision (2) and enough digits for one significant digit (max 5): %d is %j',
    (v, want) => {
      expect(rateToString(2, v)).toBe(want);
    },
  );
});
