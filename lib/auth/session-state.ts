/**
 * Server-side state of token-strategy sessions (perf-security.md S27): revocation on logout and the idle timeout.
 *
 * - **Revocation.** Logout puts the session's `sid` into an in-memory set that every request reading the session
 *   consults (lib/auth/identity.ts), so a copied cookie stops working at once. An entry lives as long as the session
 *   could (its `expiresAt`), then drops out by itself. The set holds at most 100,000 ids (10.6 MiB of heap, measured);
 *   when it is full, the least recently revoked id falls out early (logged). The set belongs to one process: another
 *   replica, or this one after a restart, does not know the id, and the cookie works there until it expires or idles
 *   out (README, "Sign-in"). One set per process, shared by every route bundle (like the random session key).
 * - **Idle timeout** (`SESSION_IDLE_TIMEOUT`, default 30m). The cookie carries `lastSeen`; a request more than the
 *   timeout after it is refused. Each API request that finds `lastSeen` a minute old or more re-seals the cookie with
 *   the current time (`renewedSessionCookies`, applied by `handle()` in lib/server/http/respond.ts): a session in use
 *   never idles out, and the check works on every replica and across restarts with no shared store; the price is a
 *   `Set-Cookie` on at most one response a minute, and a session that may idle out up to a minute early. `GET
 *   /api/auth/session` (the page's once-a-minute session poll) reads but never renews, so an open but unused tab does
 *   idle out; a page that refreshes data (the graph every 15 s) counts as use.
 */
import 'server-only';
import { LRUCache } from 'lru-cache';
import { processGlobal } from '@/lib/config/process-global';
import { logger } from '@/lib/log';
import type { AuthConfig } from './config';
import { cookieContext, sealSession, sessionSetCookies, type SessionPayload } from './session';

/** Most revoked ids kept at once (an id is 22 characters; about 110 bytes an entry with the cache's bookkeeping). */
export const MAX_REVOKED_SESSIONS = 100_000;
/** `lastSeen` is refreshed when it is at least this old (seconds). */
export const RENEW_AFTER_SECONDS = 60;

let lastFullWarningMs = 0;

function revoked(): LRUCache<string, true> {
  return processGlobal(
    'meshscope.auth.revokedSessions',
    () =>
      new LRUCache<string, true>({
        max: MAX_REVOKED_SESSIONS,
        // wall-clock time, like the sessions' own expiresAt, read on every check (Date.now() is cheap; tests can move it)
        perf: { now: () => Date.now() },
        ttlResolution: 0,
        dispose: (_v, _sid, reason) => {
          if (reason !== 'evict' || Date.now() - lastFullWarningMs < 60_000) return;
          lastFullWarningMs = Date.now();
          const msg =
            'auth: the revoked-session set is full; older revocations are dropped before their sessions expire';
          logger.warn({ max: MAX_REVOKED_SESSIONS }, msg);
        },
      }),
  );
}

/** Revokes `session` until its expiry (a session already expired at `nowSec` needs nothing). */
export function revokeSession(session: Pick<SessionPayload, 'sid' | 'expiresAt'>, nowSec: number): void {
  const ttlMs = (session.expiresAt - nowSec) * 1000;
  if (ttlMs > 0) revoked().set(session.sid, true, { ttl: ttlMs });
}

/** Why an opened session must be refused at `nowSec`, or null when it is good. */
export function sessionProblem(
  session: SessionPayload,
  nowSec: number,
  idleTimeoutSeconds: number,
): 'revoked' | 'idle' | null {
  if (revoked().has(session.sid)) return 'revoked';
  if (idleTimeoutSeconds > 0 && nowSec - session.lastSeen > idleTimeoutSeconds) return 'idle';
  return null;
}

/**
 * The `Set-Cookie` values that renew `session`'s `lastSeen` to `nowSec` when it is at least a minute old, else none.
 * The cookie keeps its `sid` and `expiresAt` (Max-Age is the remaining lifetime).
 */
export function renewedSessionCookies(
  session: SessionPayload,
  req: Request,
  cfg: AuthConfig,
  nowSec: number,
): string[] {
  if (nowSec - session.lastSeen < RENEW_AFTER_SECONDS || session.expiresAt <= nowSec) return [];
  const sealed = sealSession({ ...session, lastSeen: nowSec }, cfg.sessionKeys[0]!);
  const remaining = { ...cfg, sessionTtlSeconds: session.expiresAt - nowSec };
  return sessionSetCookies(sealed, remaining, cookieContext(req), req.headers.get('cookie'));
}

/** For tests: forget every revocation. */
export function resetRevokedSessions(): void {
  revoked().clear();
}
