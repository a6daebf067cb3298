/**
 * The URL state every page shares (namespaces, duration, refresh) as pure functions, for the client hooks
 * (`global-params.ts`) and server components alike.
 */
import { isDns1123Label } from '@/lib/istio/names';
import { isDecimal } from '@/lib/promql/index';

/** Duration choices (seconds), as Kiali offers them. */
export const DURATIONS: { value: number; label: string }[] = [
  { value: 60, label: 'Last 1m' },
  { value: 300, label: 'Last 5m' },
  { value: 600, label: 'Last 10m' },
  { value: 1800, label: 'Last 30m' },
  { value: 3600, label: 'Last 1h' },
  { value: 10800, label: 'Last 3h' },
  { value: 21600, label: 'Last 6h' },
  { value: 43200, label: 'Last 12h' },
  { value: 86400, label: 'Last 1d' },
];

/** Refresh choices (milliseconds; 0 = pause), Kiali's list (frontend/src/config/Config.ts). */
export const REFRESH_INTERVALS: { value: number; label: string }[] = [
  { value: 0, label: 'Pause' },
  { value: 10_000, label: 'Every 10s' },
  { value: 15_000, label: 'Every 15s' },
  { value: 30_000, label: 'Every 30s' },
  { value: 60_000, label: 'Every 1m' },
  { value: 300_000, label: 'Every 5m' },
];

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
