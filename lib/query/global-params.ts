'use client';
import { useSearchParams } from 'next/navigation';
import { useCallback, useMemo } from 'react';
import { parseGlobalParams, type GlobalParams } from './global-url';

export type { GlobalParams } from './global-url';
export {
  DEFAULT_DURATION,
  DEFAULT_REFRESH,
  DURATIONS,
  parseGlobalParams,
  REFRESH_INTERVALS,
  shortDuration,
} from './global-url';

/**
 * The namespace, duration and refresh state every page shares, kept in the URL so a link reproduces the view.
 * `update` merges a change into the current query string in place (no history spam).
 */
export function useGlobalParams(): GlobalParams & { update(change: Partial<GlobalParams>): void; query: string } {
  const search = useSearchParams();
  const params = useMemo(() => parseGlobalParams(new URLSearchParams(search.toString())), [search]);
  const update = useCallback((change: Partial<GlobalParams>) => {
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
  }, []);
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
