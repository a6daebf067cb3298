'use client';
/**
 * Browser side of sign-in: the session (`/api/auth/session`), the user's write permissions (`/api/permissions`),
 * sign-in and sign-out. The token goes to the server once, in a POST body; it is never kept in the page, in storage or
 * in a URL (the server keeps it in an HttpOnly cookie).
 */
import { useQuery } from '@tanstack/react-query';
import { apiFetch } from './fetch';
import { queryKeys } from './keys';

/** `GET /api/auth/session`. */
export interface SessionInfo {
  strategy: 'anonymous' | 'token' | 'header';
  authenticated: boolean;
  user: { username: string | null; groups: string[] } | null;
  expiresAt: number | null;
}

/** `GET /api/permissions`. */
export interface PermissionsInfo {
  viewOnly: boolean;
  canWriteIstio: boolean;
  namespaces: Record<
    string,
    {
      canWriteIstio: boolean;
      reason: string | null;
      istio: Record<string, { create: boolean; update: boolean; delete: boolean }>;
    }
  >;
}

const WRITE_HEADERS = { 'Content-Type': 'application/json', 'X-Meshscope-Request': '1' };

/** The session, re-checked every minute (an expired session sends the user to /login). */
export function useSession() {
  return useQuery({
    queryKey: queryKeys.auth.session(),
    queryFn: () => apiFetch<SessionInfo>('/api/auth/session'),
    refetchInterval: 60_000,
    staleTime: 30_000,
  });
}

/** What the signed-in user may change (all namespaces they can see); cached for 30 s. */
export function usePermissions(enabled = true) {
  return useQuery({
    queryKey: queryKeys.auth.permissions(),
    queryFn: () => apiFetch<PermissionsInfo>('/api/permissions'),
    staleTime: 30_000,
    enabled,
  });
}

/** Sends the token once; the answer sets the session cookie. @throws ApiError 400/401/403/503 */
export function signIn(
  token: string,
): Promise<{ user: { username: string | null; groups: string[] }; expiresAt: number }> {
  return apiFetch('/api/auth/login', { method: 'POST', headers: WRITE_HEADERS, body: JSON.stringify({ token }) });
}

/** Clears the session cookie. */
export function signOut(): Promise<{ signedOut: true }> {
  return apiFetch('/api/auth/logout', { method: 'POST', headers: WRITE_HEADERS, body: '{}' });
}

/** The origin `next` is resolved against; any fixed origin works, since only paths on it are kept. */
const OWN_ORIGIN = 'http://meshscope.invalid';
const DEFAULT_NEXT = '/overview';

/**
 * Where to go after sign-in: a path on this app from `?next=` (as `URLSearchParams.get` returns it, i.e. decoded),
 * else `/overview`. `next` is resolved with the WHATWG URL parser, the one the browser itself uses, against a fixed
 * origin and kept only when the result stays on that origin; the answer is the parsed `pathname + search + hash`, so
 * the browser can never read it as another host. That defeats the tricks a string check misses: `//evil`, `/\evil`,
 * `/\t/evil` (the parser, like the browser, drops tab, CR and LF inside URLs), `https:evil`, `javascript:`.
 * Control characters anywhere, a value not starting with `/`, a result that would itself read as another host
 * (`/.//evil` parses to the path `//evil`), and `/login` itself are refused as well. The path is
 * without BASE_PATH (components/layout/session-gate.tsx strips it; `router.replace` and `<Link>` add it back).
 */
export function safeNextPath(next: string | null): string {
  if (!next || !next.startsWith('/') || /[\u0000-\u001f\u007f]/.test(next)) return DEFAULT_NEXT;
  let url: URL;
  try {
    url = new URL(next, OWN_ORIGIN);
  } catch {
    return DEFAULT_NEXT;
  }
  const path = `${url.pathname}${url.search}${url.hash}`;
  // `/.//evil` parses to the pathname `//evil`, which a browser would read as a host of its own.
  if (url.origin !== OWN_ORIGIN || url.pathname === '/login' || path.startsWith('//')) return DEFAULT_NEXT;
  return path;
}
