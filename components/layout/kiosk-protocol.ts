/**
 * Kiosk mode and its postMessage protocol with an embedding portal (README "Embedding in an iframe"; kiali.md §1.9;
 * perf-security.md S8). Pure: parsing and validation only, used by kiosk.tsx and tests.
 *
 * `?kiosk=true` hides the masthead and navigation. `?kiosk=<parentOrigin>` (an http(s) origin, never `*`) also
 * posts navigation, namespace and time-range changes to that origin and accepts the same messages from it.
 *
 * Meshscope → parent (`window.parent.postMessage(msg, parentOrigin)`):
 *   { source: 'meshscope', version: 1, type: 'navigate', path: '/graph', query: 'namespaces=bookinfo&duration=600' }
 *   { source: 'meshscope', version: 1, type: 'namespaces', namespaces: ['bookinfo'] }
 *   { source: 'meshscope', version: 1, type: 'timeRange', duration: 600, refresh: 15000 }
 * Parent → Meshscope (accepted only when `event.origin === parentOrigin` and `event.source === window.parent`):
 *   { target: 'meshscope', type: 'navigate', path: '/workloads', query?: 'namespaces=bookinfo' }
 *   { target: 'meshscope', type: 'namespaces', namespaces: ['bookinfo', 'default'] }
 *   { target: 'meshscope', type: 'timeRange', duration?: 1800, refresh?: 30000 }
 */
import { DURATIONS, REFRESH_INTERVALS } from '@/lib/query/global-params';
import { isDns1123Label } from '@/lib/istio/names';

export type KioskMode = { kiosk: false } | { kiosk: true; parentOrigin: string | null };

/** Parses the `kiosk` query value: absent/`false` → off; `true` → chrome hidden; an http(s) origin → also messaging. */
export function parseKiosk(value: string | null): KioskMode {
  if (value === null || value === '' || value === 'false') return { kiosk: false };
  if (value === 'true') return { kiosk: true, parentOrigin: null };
  return { kiosk: true, parentOrigin: normalizeOrigin(value) };
}

/** `https://portal.example.com` for a bare http(s) origin; null for `*`, `null`, paths, other schemes or junk. */
export function normalizeOrigin(value: string): string | null {
  if (!/^https?:\/\//i.test(value)) return null;
  try {
    const url = new URL(value);
    if (url.origin === 'null' || url.username || url.password) return null;
    if (!/^([a-z0-9-]+\.)*[a-z0-9-]+$|^\[[0-9a-f:.]+\]$/i.test(url.hostname)) return null;
    const rest = value.slice(url.origin.length);
    if (rest !== '' && rest !== '/') return null;
    return url.origin;
  } catch {
    return null;
  }
}

export type OutgoingMessage =
  | { source: 'meshscope'; version: 1; type: 'navigate'; path: string; query: string }
  | { source: 'meshscope'; version: 1; type: 'namespaces'; namespaces: string[] }
  | { source: 'meshscope'; version: 1; type: 'timeRange'; duration: number; refresh: number };

export type IncomingMessage =
  | { type: 'navigate'; path: string; query: string }
  | { type: 'namespaces'; namespaces: string[] }
  | { type: 'timeRange'; duration?: number; refresh?: number };

/** An in-app path: `/graph`, `/namespaces/bookinfo/workloads/x`; never `//host`, a scheme, `..` or a backslash. */
export function isAppPath(path: unknown): path is string {
  return (
    typeof path === 'string' &&
    path.length <= 512 &&
    /^\/[A-Za-z0-9._~\-/]*$/.test(path) &&
    !path.startsWith('//') &&
    !path.split('/').includes('..')
  );
}

/** Validates a message from the parent; null for anything else (wrong shape, unknown type, bad values). */
export function parseIncoming(data: unknown): IncomingMessage | null {
  if (typeof data !== 'object' || data === null) return null;
  const m = data as Record<string, unknown>;
  if (m.target !== 'meshscope') return null;
  switch (m.type) {
    case 'navigate': {
      if (!isAppPath(m.path)) return null;
      const query = typeof m.query === 'string' ? m.query.replace(/^\?/, '') : '';
      if (query.length > 2048 || /[#\s]/.test(query)) return null;
      return { type: 'navigate', path: m.path, query };
    }
    case 'namespaces': {
      if (!Array.isArray(m.namespaces) || m.namespaces.length > 100 || !m.namespaces.every(isDns1123Label)) return null;
      return { type: 'namespaces', namespaces: m.namespaces as string[] };
    }
    case 'timeRange': {
      const duration = m.duration === undefined ? undefined : Number(m.duration);
      const refresh = m.refresh === undefined ? undefined : Number(m.refresh);
      if (duration !== undefined && !DURATIONS.some((d) => d.value === duration)) return null;
      if (refresh !== undefined && !REFRESH_INTERVALS.some((r) => r.value === refresh)) return null;
      if (duration === undefined && refresh === undefined) return null;
      return { type: 'timeRange', duration, refresh };
    }
    default:
      return null;
  }
}

/** The navigation message for a location (the `kiosk` parameter itself is left out of `query`). */
export function navigateMessage(path: string, search: URLSearchParams): OutgoingMessage {
  const q = new URLSearchParams(search);
  q.delete('kiosk');
  return { source: 'meshscope', version: 1, type: 'navigate', path, query: q.toString() };
}
