/**
 * The URL state every page shares (namespaces, duration, refresh) as pure functions, for the client hooks
 * (`global-params.ts`) and server components alike.
 */
import { isDns1123Label } from '@/lib/istio/names';
import { isDecimal } from '@/lib/promql/index';

/**
 * A whole number of seconds in its largest whole unit, as the pickers write it: 15 -> "15s", 600 -> "10m",
 * 10800 -> "3h", 86400 -> "1d".
 */
export function shortDuration(seconds: number): string {
  for (const [unit, size] of [
    ['d', 86_400],
    ['h', 3_600],
    ['m', 60],
  ] as const) {
    if (seconds >= size && seconds % size === 0) return `${seconds / size}${unit}`;
  }
  return `${seconds}s`;
}

/** Duration choices (seconds), as Kiali offers them: "Last 1m" … "Last 1d". */
export const DURATIONS: { value: number; label: string }[] = [60, 300, 600, 1800, 3600, 10800, 21600, 43200, 86400].map(
  (value) => ({ value, label: `Last ${shortDuration(value)}` }),
);

/** Refresh choices (milliseconds; 0 = pause), Kiali's list (frontend/src/config/Config.ts): "Pause", "Every 10s"…. */
export const REFRESH_INTERVALS: { value: number; label: string }[] = [0, 10_000, 15_000, 30_000, 60_000, 300_000].map(
  (value) => ({ value, label: value === 0 ? 'Pause' : `Every ${shortDuration(value / 1000)}` }),
);

export const DEFAULT_DURATION = 600;
export const DEFAULT_REFRESH = 15_000;

export interface GlobalParams {
  namespaces: string[];
  durationSeconds: number;
  refreshMs: number;
}

/** Parses the shared URL state (`namespaces=a,b&duration=600&refresh=15000`); bad values fall back to defaults. */
export function parseGlobalParams(search: URLSearchParams): GlobalParams {
  const namespaces = (search.get('namespaces') ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(isDns1123Label);
  // decimal digits only, as the API reads numbers (`0x258` is not 600)
  const decimal = (v: string | null): number => (v !== null && isDecimal(v) ? Number(v) : NaN);
  const duration = decimal(search.get('duration'));
  const refresh = decimal(search.get('refresh'));
  return {
    namespaces: [...new Set(namespaces)],
    durationSeconds: DURATIONS.some((d) => d.value === duration) ? duration : DEFAULT_DURATION,
    refreshMs: REFRESH_INTERVALS.some((r) => r.value === refresh) ? refresh : DEFAULT_REFRESH,
  };
}
