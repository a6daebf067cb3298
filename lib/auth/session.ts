/**
 * The token strategy's session: the user's bearer token and who they are, sealed with AES-256-GCM into HttpOnly
 * cookies (reference/perf-security.md S13, S16). The browser never sees the token in readable form: not in a URL,
 * not in storage, not in HTML. A tampered, expired or foreign-key cookie opens to null (→ 401).
 *
 * Wire form of the sealed value: `v1.<base64url(iv[12] | tag[16] | ciphertext)>`, with the cookie name as additional
 * data. Values larger than one cookie (a 5 KB OIDC token) are split over `meshscope-session.0`, `.1`, …, and the
 * main cookie then holds `chunks:N` (as Headlamp and Kiali do).
 */
import 'server-only';
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import type { AuthConfig } from './config';

export const SESSION_COOKIE = 'meshscope-session';
/** Largest cookie value we write; browsers cap name+value+attributes at 4096 bytes. */
const CHUNK = 3800;
const MAX_CHUNKS = 10;

/** What the session cookie holds. Times are unix seconds. */
export interface SessionPayload {
  /** Random id (16 bytes, base64url) that logout revokes (lib/auth/session-state.ts); first, so its place is fixed. */
  sid: string;
  token: string;
  username: string | null;
  groups: string[];
  issuedAt: number;
  expiresAt: number;
  /** Last use, refreshed at most once a minute by re-sealing: the idle timeout counts from here. */
  lastSeen: number;
}

const SID = /^[A-Za-z0-9_-]{22}$/;

/** A new random session id (128 bits). */
export function newSessionId(): string {
  return randomBytes(16).toString('base64url');
}

const AAD = Buffer.from(SESSION_COOKIE, 'utf8');

/** Encrypts a payload with `key` (32 bytes). */
export function sealSession(payload: SessionPayload, key: Buffer): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  cipher.setAAD(AAD);
  const ct = Buffer.concat([cipher.update(JSON.stringify(payload), 'utf8'), cipher.final()]);
  return `v1.${Buffer.concat([iv, cipher.getAuthTag(), ct]).toString('base64url')}`;
}

/**
 * Decrypts with any of `keys` (rotation); null when tampered, foreign, malformed or expired at `nowSec`, and for a
 * cookie without a well-formed `sid` and `lastSeen` (sealed before sessions could be revoked: sign in again).
 * Revocation and the idle timeout are checked by lib/auth/session-state.ts.
 */
export function openSession(value: string | null, keys: readonly Buffer[], nowSec: number): SessionPayload | null {
  if (!value?.startsWith('v1.')) return null;
  const raw = Buffer.from(value.slice(3), 'base64url');
  if (raw.length < 29) return null;
  for (const key of keys) {
    try {
      const decipher = createDecipheriv('aes-256-gcm', key, raw.subarray(0, 12));
      decipher.setAAD(AAD);
      decipher.setAuthTag(raw.subarray(12, 28));
      const text = Buffer.concat([decipher.update(raw.subarray(28)), decipher.final()]).toString('utf8');
      const p = JSON.parse(text) as SessionPayload;
      if (typeof p.token !== 'string' || typeof p.expiresAt !== 'number' || p.expiresAt <= nowSec) return null;
      if (typeof p.sid !== 'string' || !SID.test(p.sid) || typeof p.lastSeen !== 'number') return null;
      return p;
    } catch {
      // wrong key or tampered: try the next key
    }
  }
  return null;
}

/** Parses a Cookie header into name → value (first wins, as browsers send the most specific first). */
export function parseCookies(header: string | null): Map<string, string> {
  const out = new Map<string, string>();
  for (const part of (header ?? '').split(';')) {
    const i = part.indexOf('=');
    if (i <= 0) continue;
    const name = part.slice(0, i).trim();
    if (!out.has(name)) out.set(name, part.slice(i + 1).trim());
  }
  return out;
}

/** The sealed session value from the request's cookies (joining chunks), or null. */
export function readSessionCookie(cookieHeader: string | null): string | null {
  const cookies = parseCookies(cookieHeader);
  const main = cookies.get(SESSION_COOKIE);
  if (!main) return null;
  const m = /^chunks:(\d+)$/.exec(main);
  if (!m) return main;
  const n = Number(m[1]);
  if (n < 1 || n > MAX_CHUNKS) return null;
  const parts: string[] = [];
  for (let i = 0; i < n; i++) {
    const part = cookies.get(`${SESSION_COOKIE}.${i}`);
    if (part === undefined) return null;
    parts.push(part);
  }
  return parts.join('');
}

export interface CookieContext {
  /** The request came over HTTPS (directly or per `X-Forwarded-Proto`). */
  https: boolean;
}

/** Whether `req` came over HTTPS (its URL, or the first `X-Forwarded-Proto`): cookies then get `Secure`. */
export function cookieContext(req: Request): CookieContext {
  const proto = req.headers.get('x-forwarded-proto')?.split(',')[0]?.trim();
  return { https: new URL(req.url).protocol === 'https:' || proto === 'https' };
}

function attributes(cfg: Pick<AuthConfig, 'sameSite' | 'cookiePath'>, ctx: CookieContext, maxAge: number): string {
  // SameSite=None needs Secure, and cross-site iframes need a partitioned cookie (CHIPS) when third-party cookies are blocked.
  const secure = ctx.https || cfg.sameSite === 'None';
  return [
    `Path=${cfg.cookiePath}`,
    `Max-Age=${maxAge}`,
    'HttpOnly',
    `SameSite=${cfg.sameSite}`,
    ...(secure ? ['Secure'] : []),
    ...(cfg.sameSite === 'None' ? ['Partitioned'] : []),
  ].join('; ');
}

/**
 * `Set-Cookie` values that store `sealed` (chunked when large) and clear chunks a previous, larger session left.
 * @throws Error when the value would need more than 10 cookies (a token over ~38 KB).
 */
export function sessionSetCookies(
  sealed: string,
  cfg: Pick<AuthConfig, 'sameSite' | 'cookiePath' | 'sessionTtlSeconds'>,
  ctx: CookieContext,
  previousCookieHeader: string | null,
): string[] {
  const attrs = attributes(cfg, ctx, cfg.sessionTtlSeconds);
  const out: string[] = [];
  let chunks = 0;
  if (sealed.length <= CHUNK) {
    out.push(`${SESSION_COOKIE}=${sealed}; ${attrs}`);
  } else {
    chunks = Math.ceil(sealed.length / CHUNK);
    if (chunks > MAX_CHUNKS) throw new Error('The token is too large to keep in cookies');
    out.push(`${SESSION_COOKIE}=chunks:${chunks}; ${attrs}`);
    for (let i = 0; i < chunks; i++)
      out.push(`${SESSION_COOKIE}.${i}=${sealed.slice(i * CHUNK, (i + 1) * CHUNK)}; ${attrs}`);
  }
  for (const name of parseCookies(previousCookieHeader).keys()) {
    const m = new RegExp(`^${SESSION_COOKIE}\\.(\\d+)$`).exec(name);
    if (m && Number(m[1]) >= chunks) out.push(`${name}=; ${attributes(cfg, ctx, 0)}`);
  }
  return out;
}

/** `Set-Cookie` values that delete the session and all its chunks (logout, or a session that no longer opens). */
export function clearSessionCookies(
  cfg: Pick<AuthConfig, 'sameSite' | 'cookiePath'>,
  ctx: CookieContext,
  cookieHeader: string | null,
): string[] {
  const names = new Set([
    SESSION_COOKIE,
    ...[...parseCookies(cookieHeader).keys()].filter((n) => n.startsWith(`${SESSION_COOKIE}.`)),
  ]);
  return [...names].map((n) => `${n}=; ${attributes(cfg, ctx, 0)}`);
}
