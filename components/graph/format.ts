/**
 * Number parsing and formatting for the graph's labels and panels. The graph JSON carries rates as strings
 * ("12.34"); missing or unparsable values are `null` and show as "–", never 0 (STYLE.md).
 */

export const DASH = '–';

/** A rate string from the graph JSON as a number; `null` when absent or not a finite number. */
export function num(value: string | number | undefined | null): number | null {
  if (value === undefined || value === null || value === '') return null;
  const n = typeof value === 'number' ? value : Number(value);
  return Number.isFinite(n) ? n : null;
}

/** Requests per second: "12.34 rps", small values keep one significant digit ("0.004 rps"). */
export function formatRps(rps: number | null, unit = 'rps'): string {
  if (rps === null) return DASH;
  if (rps === 0) return `0 ${unit}`;
  const digits = rps >= 1 ? 2 : Math.min(5, Math.max(2, Math.ceil(-Math.log10(rps)) + 1));
  return `${rps.toFixed(digits)} ${unit}`;
}

/** A percentage that is already in percent (the graph JSON's `httpPercentErr`): "4.5%". */
export function formatPercent(pct: number | null, digits = 1): string {
  return pct === null ? DASH : `${pct.toFixed(digits)}%`;
}

/** A ratio in [0, 1] as a percentage. */
export function formatRatio(ratio: number | null, digits = 1): string {
  return ratio === null ? DASH : formatPercent(ratio * 100, digits);
}

/** Milliseconds: "12 ms", "1.24 s". */
export function formatMs(ms: number | null): string {
  if (ms === null) return DASH;
  if (ms >= 1000) return `${(ms / 1000).toFixed(2)} s`;
  return ms >= 10 ? `${Math.round(ms)} ms` : `${Number(ms.toFixed(2))} ms`;
}

const BYTE_UNITS = ['B/s', 'kB/s', 'MB/s', 'GB/s'];

/** Bytes per second with decimal prefixes: "2.40 kB/s". */
export function formatBytesRate(bytesPerSecond: number | null): string {
  if (bytesPerSecond === null) return DASH;
  let v = bytesPerSecond;
  let i = 0;
  while (v >= 1000 && i < BYTE_UNITS.length - 1) {
    v /= 1000;
    i++;
  }
  return `${i === 0 ? Math.round(v) : v.toFixed(2)} ${BYTE_UNITS[i]}`;
}

/** Compact edge-label forms (no spaces, Kiali style): "12.34rps", "4.5%", "38ms", "2.4kB/s". */
export const compact = {
  rps: (v: number) => formatRps(v).replace(' ', ''),
  pct: (v: number) => formatPercent(v),
  ms: (v: number) => formatMs(v).replace(' ', ''),
  bytes: (v: number) => formatBytesRate(v).replace(' ', ''),
};
