/**
 * The sign-in endpoints (`app/api/auth/*`), which answer without a session (they are how one gets one):
 * - `POST /api/auth/login` `{ token }`: token strategy only; checks the token with the Kubernetes API, then sets the
 *   sealed session cookies. Same-origin JSON with `X-Meshscope-Request: 1` (login CSRF); allowed in view-only mode.
 * - `POST /api/auth/logout`: revokes the session server-side and clears its cookies (works with an expired session).
 *   Same-origin, custom header.
 * - `GET /api/auth/session`: `{ strategy, authenticated, user: { username, groups } | null, expiresAt | null }`.
 * Login and logout are logged with the user and a token fingerprint (never the token).
 */
import 'server-only';
import { NextResponse } from 'next/server';
import { getConfig } from '@/lib/config';
import { MeshscopeError } from '@/lib/errors';
import { isSameOrigin, MUTATION_HEADER, readJsonBody } from '@/lib/server/http/mutation-guard';
import { json } from '@/lib/server/http/respond';
import { logger } from '@/lib/log';
import { getAuthConfig, tokenFingerprint, type AuthConfig } from '@/lib/auth/config';
import { isPlausibleToken, resolveIdentity, verifyToken } from '@/lib/auth/identity';
import {
  clearSessionCookies,
  cookieContext,
  newSessionId,
  openSession,
  readSessionCookie,
  sealSession,
  sessionSetCookies,
} from '@/lib/auth/session';
import { revokeSession } from '@/lib/auth/session-state';

/** What `GET /api/auth/session` answers. */
export interface SessionInfo {
  strategy: AuthConfig['strategy'];
  authenticated: boolean;
  user: { username: string | null; groups: string[] } | null;
  /** Unix seconds (token strategy). */
  expiresAt: number | null;
}

/** Login CSRF: our own page only (same origin or an allowed portal), with the custom header. @throws 403 */
function assertOwnPage(req: Request): void {
  const portals = getConfig().frameAncestors.filter((o) => /^https?:\/\//.test(o));
  if (req.headers.get(MUTATION_HEADER) !== '1' || !isSameOrigin(req.headers, portals)) {
    throw new MeshscopeError('forbidden:api', 'Sign-in requests must come from the Meshscope page itself');
  }
}

/** The `exp` claim of a JWT (service-account and OIDC tokens), or null. Not a signature check: the API does that. */
export function jwtExpiry(token: string): number | null {
  const part = token.split('.')[1];
  if (!part) return null;
  try {
    const exp = (JSON.parse(Buffer.from(part, 'base64url').toString('utf8')) as { exp?: unknown }).exp;
    return typeof exp === 'number' && Number.isFinite(exp) ? exp : null;
  } catch {
    return null;
  }
}

function withCookies(res: NextResponse, cookies: string[]): NextResponse {
  for (const c of cookies) res.headers.append('Set-Cookie', c);
  return res;
}

/**
 * `POST /api/auth/login`. Answers `{ user: { username, groups }, expiresAt }` and the session cookies.
 * @throws MeshscopeError 404 (not the token strategy), 403 (not our page), 400 (no token), 401 unauthorized:k8s
 *   (the API refused the token), 413, 503/504 (the API is down)
 */
export async function login(req: Request): Promise<NextResponse> {
  const cfg = getAuthConfig();
  if (cfg.strategy !== 'token')
    throw new MeshscopeError('not_found:api', `Sign-in with a token is not enabled (AUTH_STRATEGY=${cfg.strategy})`);
  assertOwnPage(req);
  const body = (await readJsonBody(req, 64 * 1024)) as { token?: unknown } | null;
  const token = typeof body?.token === 'string' ? body.token.trim().replace(/^Bearer\s+/i, '') : '';
  if (!isPlausibleToken(token))
    throw new MeshscopeError('bad_request:api', 'Paste a Kubernetes bearer token (visible characters, no spaces)', {
      parameter: 'token',
    });
  let who: { username: string | null; groups: string[] };
  try {
    who = await verifyToken(token);
  } catch (err) {
    if (err instanceof MeshscopeError && err.type === 'unauthorized') {
      logger.info({ fingerprint: tokenFingerprint(token) }, 'auth: login refused by the Kubernetes API');
      throw new MeshscopeError('unauthorized:k8s', 'The Kubernetes API did not accept this token');
    }
    throw err;
  }
  const now = Math.floor(Date.now() / 1000);
  const jwtExp = jwtExpiry(token);
  const expiresAt = Math.min(now + cfg.sessionTtlSeconds, jwtExp ?? Infinity);
  if (expiresAt <= now) throw new MeshscopeError('unauthorized:k8s', 'This token has expired');
  const { username, groups } = who;
  const payload = { sid: newSessionId(), token, username, groups, issuedAt: now, expiresAt, lastSeen: now };
  const sealed = sealSession(payload, cfg.sessionKeys[0]!);
  const cookies = sessionSetCookies(
    sealed,
    { ...cfg, sessionTtlSeconds: expiresAt - now },
    cookieContext(req),
    req.headers.get('cookie'),
  );
  logger.info({ user: who.username, fingerprint: tokenFingerprint(token) }, 'auth: login');
  return withCookies(json({ user: who, expiresAt }), cookies);
}

/**
 * `POST /api/auth/logout`: `{ signedOut: true }` and expired cookies. The session is revoked in this process until its
 * expiry (lib/auth/session-state.ts), so a copy of the cookie gets 401 from then on. @throws MeshscopeError 403
 */
export async function logout(req: Request): Promise<NextResponse> {
  const cfg = getAuthConfig();
  assertOwnPage(req);
  const now = Math.floor(Date.now() / 1000);
  const session = openSession(readSessionCookie(req.headers.get('cookie')), cfg.sessionKeys, now);
  if (session) {
    revokeSession(session, now);
    logger.info({ user: session.username, fingerprint: tokenFingerprint(session.token) }, 'auth: logout');
  }
  return withCookies(
    json({ signedOut: true }),
    clearSessionCookies(cfg, cookieContext(req), req.headers.get('cookie')),
  );
}

/** `GET /api/auth/session`. A session cookie that no longer opens is cleared. Never fails with 401. */
export async function session(req: Request): Promise<NextResponse> {
  const cfg = getAuthConfig();
  const info: SessionInfo = { strategy: cfg.strategy, authenticated: false, user: null, expiresAt: null };
  if (cfg.strategy === 'anonymous') return json({ ...info, authenticated: true });
  try {
    const id = await resolveIdentity(req, cfg);
    if (id.kind === 'user')
      return json({
        ...info,
        authenticated: true,
        user: { username: id.username, groups: id.groups },
        expiresAt: id.expiresAt ?? null,
      });
  } catch (err) {
    if (!(err instanceof MeshscopeError && err.type === 'unauthorized')) throw err;
  }
  const stale = cfg.strategy === 'token' && readSessionCookie(req.headers.get('cookie')) !== null;
  return withCookies(json(info), stale ? clearSessionCookies(cfg, cookieContext(req), req.headers.get('cookie')) : []);
}
