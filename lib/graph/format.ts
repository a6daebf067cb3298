/**
 * Number formatting identical to Go's `fmt.Sprintf("%.*f")`, which Kiali uses for every rate in the graph JSON
 * (`graph/config/common/common.go`). JavaScript's `toFixed` rounds exact binary ties away from zero
 * (2.5 → "3"); Go rounds them to even (2.5 → "2"). Everything else agrees because both round the exact
 * binary value.
 */

/** Go's `%.{digits}f` of `value`. */
export function formatFixed(value: number, digits: number): string {
  if (!Number.isFinite(value)) return String(value);
  const plain = value.toFixed(digits);
  // a tie is exactly representable, so scaling it by 10^digits is exact too: cheap pre-check
  const scaled = Math.abs(value) * 10 ** digits;
  if (scaled - Math.floor(scaled) !== 0.5) return plain;
  // exact decimal expansion: toFixed(100) is exact for the magnitudes rates have
  const exact = Math.abs(value).toFixed(100);
  const dot = exact.indexOf('.');
  const tail = exact.slice(dot + 1 + digits);
  if (!/^50*$/.test(tail)) return plain; // not an exact tie
  const lastDigit = digits === 0 ? Number(exact[dot - 1]) : Number(exact[dot + digits]);
  if (lastDigit % 2 === 0) {
    // round half to even: truncate instead of rounding up
    const truncated = exact.slice(0, digits === 0 ? dot : dot + 1 + digits);
    return value < 0 && Number(truncated) !== 0 ? `-${truncated}` : truncated;
  }
  return plain;
}

/** Digits needed to show one significant digit of `val`, at most `max` (`calcPrecision`). */
function calcPrecision(val: number, max: number): number {
  if (val <= 0) return 0;
  let precision = 0;
  let v = val;
  while (precision < max && v < 1) {
    v *= 10;
    precision++;
  }
  return precision;
}

/** Kiali's `rateToString`: at least `minPrecision` decimals, more (up to 5) so one significant digit shows. */
export function rateToString(minPrecision: number, rate: number): string {
  return formatFixed(rate, Math.max(minPrecision, calcPrecision(rate, 5)));
}

/** A number from the graph JSON (rates are strings there, "12.34"); null when absent or not a finite number. */
export function num(value: string | number | undefined | null): number | null {
  if (value === undefined || value === null || value === '') return null;
  const n = typeof value === 'number' ? value : Number(value);
  return Number.isFinite(n) ? n : null;
}
