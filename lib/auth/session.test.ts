import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  clearSessionCookies,
  newSessionId,
  openSession,
  readSessionCookie,
  sealSession,
  SESSION_COOKIE,
  sessionSetCookies,
  type SessionPayload,
} from './session';

const key = randomBytes(32);
const now = 1_800_000_000;
const SID = 'AAAAAAAAAAAAAAAAAAAAAA';
const payload = (token = 'bookinfo-viewer-token'): SessionPayload => ({
  sid: SID,
  token,
  username: 'bookinfo-viewer',
  groups: ['system:authenticated'],
  issuedAt: now,
  expiresAt: now + 3600,
  lastSeen: now,
});
const cfg = { sameSite: 'Lax' as const, cookiePath: '/', sessionTtlSeconds: 3600 };

/** What a browser sends back for the Set-Cookie values (name=value pairs). */
const asCookieHeader = (setCookies: string[]) => setCookies.map((c) => c.split(';')[0]).join('; ');

describe('session cookie (S13, S16)', () => {
  it('seals with AES-256-GCM: the token is not readable in the cookie, and opens with the same key', () => {
    const sealed = sealSession(payload(), key);
    expect(sealed).toMatch(/^v1\.[A-Za-z0-9_-]+$/);
    expect(sealed).not.toContain('bookinfo');
    expect(Buffer.from(sealed.slice(3), 'base64url').toString('latin1')).not.toContain('bookinfo-viewer-token');
    expect(openSession(sealed, [key], now)?.token).toBe('bookinfo-viewer-token');
    expect(sealSession(payload(), key)).not.toBe(sealed); // random IV
  });

  it('refuses a tampered, truncated, foreign-key, expired or unversioned cookie', () => {
    const sealed = sealSession(payload(), key);
    const raw = Buffer.from(sealed.slice(3), 'base64url');
    raw[raw.length - 1]! ^= 1;
    expect(openSession(`v1.${raw.toString('base64url')}`, [key], now)).toBeNull();
    expect(openSession(sealed.slice(0, 20), [key], now)).toBeNull();
    expect(openSession(sealed, [randomBytes(32)], now)).toBeNull();
    expect(openSession(sealed, [key], now + 3600)).toBeNull();
    expect(openSession(sealed.replace('v1.', 'v0.'), [key], now)).toBeNull();
    expect(openSession(JSON.stringify(payload()), [key], now)).toBeNull();
    expect(openSession(null, [key], now)).toBeNull();
  });

  it('carries a random 128-bit session id, and refuses a cookie whose sid is missing, malformed or tampered (S27)', () => {
    expect(newSessionId()).toMatch(/^[A-Za-z0-9_-]{22}$/);
    expect(newSessionId()).not.toBe(newSessionId());
    const sealed = sealSession(payload(), key);
    expect(openSession(sealed, [key], now)?.sid).toBe(SID);
    const { sid: _sid, ...withoutSid } = payload();
    expect(openSession(sealSession(withoutSid as SessionPayload, key), [key], now)).toBeNull(); // sealed before revocation existed
    expect(openSession(sealSession({ ...payload(), sid: 'short' }, key), [key], now)).toBeNull();
    const { lastSeen: _lastSeen, ...withoutLastSeen } = payload();
    expect(openSession(sealSession(withoutLastSeen as SessionPayload, key), [key], now)).toBeNull();
    // GCM is a stream cipher: flipping ciphertext bits flips the same plaintext bits. The sid is the first field
    // ({"sid":"AAAA…), so these bytes are inside it; the tag refuses the change.
    const raw = Buffer.from(sealed.slice(3), 'base64url');
    raw[28 + 10]! ^= 'A'.charCodeAt(0) ^ 'B'.charCodeAt(0);
    expect(openSession(`v1.${raw.toString('base64url')}`, [key], now)).toBeNull();
  });

  it('rotates keys: a cookie sealed with the old key still opens while the old key is listed second', () => {
    const old = randomBytes(32);
    const sealed = sealSession(payload(), old);
    expect(openSession(sealed, [key, old], now)?.username).toBe('bookinfo-viewer');
    expect(openSession(sealed, [key], now)).toBeNull();
  });

  it('sets HttpOnly, SameSite and Max-Age; Secure over HTTPS; None adds Secure and Partitioned (S9)', () => {
    const [lax] = sessionSetCookies(sealSession(payload(), key), cfg, { https: false }, null);
    expect(lax).toMatch(new RegExp(`^${SESSION_COOKIE}=v1\\.`));
    expect(lax).toContain('HttpOnly');
    expect(lax).toContain('SameSite=Lax');
    expect(lax).toContain('Max-Age=3600');
    expect(lax).toContain('Path=/');
    expect(lax).not.toContain('Secure');
    expect(sessionSetCookies(sealSession(payload(), key), cfg, { https: true }, null)[0]).toContain('; Secure');
    const none = sessionSetCookies(
      sealSession(payload(), key),
      { ...cfg, sameSite: 'None', cookiePath: '/meshscope' },
      { https: false },
      null,
    )[0]!;
    expect(none).toContain('SameSite=None; Secure; Partitioned');
    expect(none).toContain('Path=/meshscope');
  });

  it('splits sessions over 4 KB across cookies and joins them back (tokens over 4 KB work)', () => {
    const long = `eyJ.${'a'.repeat(6000)}`;
    const cookies = sessionSetCookies(sealSession(payload(long), key), cfg, { https: false }, null);
    expect(cookies.length).toBeGreaterThan(2);
    for (const c of cookies) expect(c.length).toBeLessThan(4096);
    expect(cookies[0]).toMatch(new RegExp(`^${SESSION_COOKIE}=chunks:\\d+;`));
    expect(openSession(readSessionCookie(asCookieHeader(cookies)), [key], now)?.token).toBe(long);
    // a later, smaller session clears the chunks the larger one left
    const small = sessionSetCookies(sealSession(payload(), key), cfg, { https: false }, asCookieHeader(cookies));
    expect(small.filter((c) => c.includes('Max-Age=0')).length).toBe(cookies.length - 1);
    expect(readSessionCookie(`${SESSION_COOKIE}=chunks:2; ${SESSION_COOKIE}.0=abc`)).toBeNull();
    expect(readSessionCookie(`${SESSION_COOKIE}=chunks:99`)).toBeNull();
  });

  it('logout expires the session and every chunk', () => {
    const cleared = clearSessionCookies(
      cfg,
      { https: false },
      `${SESSION_COOKIE}=chunks:2; ${SESSION_COOKIE}.0=a; ${SESSION_COOKIE}.1=b; other=1`,
    );
    expect(cleared.map((c) => c.split('=')[0]).sort()).toEqual([
      SESSION_COOKIE,
      `${SESSION_COOKIE}.0`,
      `${SESSION_COOKIE}.1`,
    ]);
    for (const c of cleared) expect(c).toContain('Max-Age=0');
  });
});
