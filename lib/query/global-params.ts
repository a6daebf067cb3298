'use client';
import { useSearchParams } from 'next/navigation';
import { useCallback, useMemo } from 'react';

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

const NAME = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

/** Parses the shared URL state (`namespaces=a,b&duration=600&refresh=15000`); bad values fall back to defaults. */
export function parseGlobalParams(search: URLSearchParams): GlobalParams {
  const namespaces = (search.get('namespaces') ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter((s) => NAME.test(s));
  const duration = Number(search.get('duration'));
  const refresh = Number(search.get('refresh'));
  return {
    namespaces: [...new Set(namespaces)],
    durationSeconds: DURATIONS.some((d) => d.value === duration) ? duration : DEFAULT_DURATION,
    refreshMs: search.has('refresh') && REFRESH_INTERVALS.some((r) => r.value === refresh) ? refresh : DEFAULT_REFRESH,
  };
}

/**
 * The namespace, duration and refresh state every page shares, kept in the URL so a link reproduces the view.
 * `update` merges a change into the current query string in place (no history spam).
 */
export function useGlobalParams(): GlobalParams & { update(change: Partial<GlobalParams>): void; query: string } {
  const search = useSearchParams();
  const params = useMemo(() => parseGlobalParams(new URLSearchParams(search.toString())), [search]);
  const update = useCallback(
    (change: Partial<GlobalParams>) => {
      // Read the live URL, not the render's snapshot: two updates in one tick must both land.
      const next = new URLSearchParams(window.location.search);
      if (change.namespaces) {
        if (change.namespaces.length) next.set('namespaces', change.namespaces.join(','));
        else next.delete('namespaces');
      }
      if (change.durationSeconds !== undefined) next.set('duration', String(change.durationSeconds));
      if (change.refreshMs !== undefined) next.set('refresh', String(change.refreshMs));
      // Native replaceState (Next syncs useSearchParams with it) changes the URL synchronously, so a second update in
      // the same tick builds on the first; router.replace would commit later and lose it. The state must be null:
      // Next treats a state carrying its own `__NA` marker as an internal call and would not sync useSearchParams
      // (it copies its router state into the entry itself).
      window.history.replaceState(null, '', `${window.location.pathname}?${next.toString()}`);
    },
    [],
  );
  const query = useMemo(() => {
    const q = new URLSearchParams();
    for (const key of ['namespaces', 'duration', 'refresh', 'kiosk']) {
      const v = search.get(key);
      if (v) q.set(key, v);
    }
    return q.toString();
  }, [search]);
  return { ...params, update, query };
}
