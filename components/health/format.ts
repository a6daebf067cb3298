/**
 * Number formatting shared by the overview, lists and detail pages. Missing data (`null`) is "–", never 0
 * (STYLE.md: "no traffic" must not read as "0 ms"). Ratios are in [0, 1]; percent exists only here.
 */
export const DASH = '–';

/** Requests (or any events) per second: `12.3 rps`, `0.05 rps`, `<0.01 rps`. */
export function formatRate(v: number | null | undefined, unit = 'rps'): string {
  if (v === null || v === undefined || !Number.isFinite(v)) return DASH;
  if (v === 0) return `0 ${unit}`;
  if (v < 0.01) return `<0.01 ${unit}`;
  return `${v >= 100 ? v.toFixed(0) : v >= 10 ? v.toFixed(1) : v.toFixed(2)} ${unit}`;
}

/** A ratio in [0, 1] as a percentage: `12.5%`, `0.05%`. */
export function formatRatio(r: number | null | undefined): string {
  if (r === null || r === undefined || !Number.isFinite(r)) return DASH;
  const pct = r * 100;
  if (pct === 0) return '0%';
  if (pct < 0.01) return '<0.01%';
  return `${pct >= 10 ? pct.toFixed(1) : pct.toFixed(2)}%`;
}

/** Milliseconds: `850 ms`, `12.5 ms`, `1.25 s`. */
export function formatMs(ms: number | null | undefined): string {
  if (ms === null || ms === undefined || !Number.isFinite(ms)) return DASH;
  if (ms >= 1000) return `${(ms / 1000).toFixed(2)} s`;
  if (ms >= 100) return `${ms.toFixed(0)} ms`;
  if (ms >= 1) return `${ms.toFixed(1)} ms`;
  return `${ms.toFixed(3)} ms`;
}

/** Bytes (or bytes per second with `suffix: '/s'`): `512 B`, `1.5 KiB`, `3.2 MiB`. */
export function formatBytes(b: number | null | undefined, suffix = ''): string {
  if (b === null || b === undefined || !Number.isFinite(b)) return DASH;
  const units = ['B', 'KiB', 'MiB', 'GiB'];
  let v = b;
  let i = 0;
  while (v >= 1024 && i < units.length - 1) {
    v /= 1024;
    i++;
  }
  return `${i === 0 ? v.toFixed(0) : v.toFixed(1)} ${units[i]}${suffix}`;
}

/** Local time of day for a unix-ms timestamp: `14:03:27`. */
export function formatClock(ms: number): string {
  return new Date(ms).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit', second: '2-digit', hour12: false });
}
