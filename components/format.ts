/**
 * The one unit formatter of the UI: rates, percentages, durations and bytes in the graph (labels, side panel), the
 * overview, lists, details, metrics and traces. Pure (no React), so it runs the same in server renders and tests.
 *
 * One rule for every quantity:
 * - Missing data (`null`, `undefined`, NaN, ±Infinity) is "–", never 0 (STYLE.md: "no traffic" must not read as
 *   "0 ms"); a real zero is "0 rps", "0%".
 * - At most N decimals, trailing zeros dropped (Kiali's `trimFixed`): rates N=2 ("12.34 rps", "12.3 rps", "12 rps"),
 *   percentages N=1 ("4.5%", "50%"), milliseconds N=0 ("12 ms", as Kiali's `toFixedDuration`), seconds N=2 from
 *   1 s ("1.24 s"), bytes N=0 in B and N=2 from KiB ("512 B/s", "2.34 KiB/s").
 * - A value that is not zero never shows as 0: below the last decimal it keeps one significant digit ("0.004 rps",
 *   "0.05%", "0.4 ms").
 * - Bytes are binary (IEC: KiB, MiB, GiB, by 1024), as Kiali shows them: its edge labels divide byte rates by 1024
 *   (`toFixedByteRate`, "kps") and its `formatByteRateIEC` writes KiB/s.
 * - Numbers are `Intl.NumberFormat` in a fixed locale (`en-US`, no grouping), so the server's HTML and the browser's
 *   render agree (no hydration mismatch) and labels stay short.
 * Ratios in [0, 1] (`formatRatio`) and percentages (`formatPercent`) differ only in their input.
 * (`lib/graph/format.ts` is not a display formatter: it writes the graph JSON's numbers as Kiali's Go server does.)
 */

export const DASH = '–';

const LOCALE = 'en-US';
const FIXED = [0, 1, 2].map(
  (digits) => new Intl.NumberFormat(LOCALE, { maximumFractionDigits: digits, useGrouping: false }),
);
const ONE_SIGNIFICANT = new Intl.NumberFormat(LOCALE, { maximumSignificantDigits: 1, useGrouping: false });

/** A present, finite number (missing data is shown as DASH by every formatter). */
function present(v: number | null | undefined): v is number {
  return v !== null && v !== undefined && Number.isFinite(v);
}

/** `v` with at most `digits` decimals (0–2), trailing zeros dropped; below that precision one significant digit. */
function decimal(v: number, digits: 0 | 1 | 2): string {
  if (v === 0) return '0';
  if (Math.abs(v) < 0.5 * 10 ** -digits) return ONE_SIGNIFICANT.format(v);
  return FIXED[digits]!.format(v);
}

/** A number from the graph JSON (lib/graph/format.ts: the graph's JSON numbers are read in one place). */
export { num } from '@/lib/graph/format';

/** Events per second: "12.34 rps", "0.004 rps"; `unit` for others ("mps", "conn/s"). */
export function formatRate(v: number | null | undefined, unit = 'rps'): string {
  return present(v) ? `${decimal(v, 2)} ${unit}` : DASH;
}

/** A value already in percent (Kiali's `httpPercentErr`, health's `errorRatio`): "4.5%", "0.05%", "100%". */
export function formatPercent(pct: number | null | undefined): string {
  return present(pct) ? `${decimal(pct, 1)}%` : DASH;
}

/** A ratio in [0, 1] as a percentage: 0.045 → "4.5%". */
export function formatRatio(ratio: number | null | undefined): string {
  return present(ratio) ? formatPercent(ratio * 100) : DASH;
}

/** Milliseconds: "12 ms", "0.4 ms"; from one second on, seconds: "1.24 s", "75 s". */
export function formatMs(ms: number | null | undefined): string {
  if (!present(ms)) return DASH;
  // 999.6 ms rounds to 1000: show it as 1 s
  return Math.abs(ms) >= 999.5 ? `${decimal(ms / 1000, 2)} s` : `${decimal(ms, 0)} ms`;
}

const BYTE_UNITS = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];

/** Bytes (or, with `suffix` "/s", bytes per second) in binary units: "512 B", "1.5 KiB", "2.34 MiB/s". */
export function formatBytes(bytes: number | null | undefined, suffix = ''): string {
  if (!present(bytes)) return DASH;
  let v = bytes;
  let i = 0;
  // a unit up when the value would print as 1024 or more in this one
  while (Math.abs(v) >= (i === 0 ? 1023.5 : 1023.995) && i < BYTE_UNITS.length - 1) {
    v /= 1024;
    i++;
  }
  return `${decimal(v, i === 0 ? 0 : 2)} ${BYTE_UNITS[i]}${suffix}`;
}

/** Bytes per second: "2.34 KiB/s". */
export function formatBytesRate(bytesPerSecond: number | null | undefined): string {
  return formatBytes(bytesPerSecond, '/s');
}

/** Local time of day for a unix-ms timestamp: `14:03:27`. */
export function formatClock(ms: number): string {
  return new Date(ms).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit', second: '2-digit', hour12: false });
}

/** Edge-label forms, without the space (Kiali's labels): "12.34rps", "4.5%", "38ms", "2.34KiB/s". */
export const compact = {
  rate: (v: number, unit = 'rps') => formatRate(v, unit).replace(' ', ''),
  percent: (v: number) => formatPercent(v),
  ms: (v: number) => formatMs(v).replace(' ', ''),
  bytesRate: (v: number) => formatBytesRate(v).replace(' ', ''),
};
