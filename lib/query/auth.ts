'use client';
/**
 * Browser side of sign-in: the session (`/api/auth/session`), the user's write permissions (`/api/permissions`),
 * sign-in and sign-out. The token goes to the server once, in a POST body; it is never kept in the page, in storage or
 * in a URL (the server keeps it in an HttpOnly cookie).
 */
import { useQuery } from '@tanstack/react-query';
import { apiFetch } from './fetch';

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
  namespaces: Record<string, { canWriteIstio: boolean; reason: string | null; istio: Record<string, { create: boolean; update: boolean; delete: boolean }> }>;
}

export const authKeys = {
  session: ['auth', 'session'] as const,
  permissions: ['auth', 'permissions'] as const,
};

const WRITE_HEADERS = { 'Content-Type': 'application/json', 'X-Meshscope-Request': '1' };

/** The session, re-checked every minute (an expired session sends the user to /login). */
export function useSession() {
  return useQuery({ queryKey: authKeys.session, queryFn: () => apiFetch<SessionInfo>('/api/auth/session'), refetchInterval: 60_000, staleTime: 30_000 });
}

/** What the signed-in user may change (all namespaces they can see); cached for 30 s. */
export function usePermissions(enabled = true) {
  return useQuery({ queryKey: authKeys.permissions, queryFn: () => apiFetch<PermissionsInfo>('/api/permissions'), staleTime: 30_000, enabled });
}

/** Sends the token once; the answer sets the session cookie. @throws ApiError 400/401/403/503 */
export function signIn(token: string): Promise<{ user: { username: string | null; groups: string[] }; expiresAt: number }> {
  return apiFetch('/api/auth/login', { method: 'POST', headers: WRITE_HEADERS, body: JSON.stringify({ token }) });
}

/** Clears the session cookie. */
export function signOut(): Promise<{ signedOut: true }> {
  return apiFetch('/api/auth/logout', { method: 'POST', headers: WRITE_HEADERS, body: '{}' });
}

/**
 * Where to go after sign-in: a same-site path from `?next=` (never another origin: `//evil`, `/\evil`, `https://…`
 * are refused), else the overview.
 */
export function safeNextPath(next: string | null): string {
  if (!next || !next.startsWith('/') || next.startsWith('//') || next.startsWith('/\\') || /[\r\n]/.test(next)) return '/overview';
  if (next === '/login' || next.startsWith('/login?')) return '/overview';
  return next;
}
