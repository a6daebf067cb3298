import { randomBytes } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { AuthConfig } from './config';
import { openSession, readSessionCookie, type SessionPayload } from './session';
import {
  RENEW_AFTER_SECONDS,
  renewedSessionCookies,
  resetRevokedSessions,
  revokeSession,
  sessionProblem,
} from './session-state';

const key = randomBytes(32);
const now = 1_800_000_000;
const IDLE = 1800;
const session = (over: Partial<SessionPayload> = {}): SessionPayload => ({
  sid: 'rVh2mZr7LwX0cTnB5yJ4pK',
  token: 'bookinfo-viewer-token',
  username: 'bookinfo-viewer',
  groups: [],
  issuedAt: now,
  expiresAt: now + 8 * 3600,
  lastSeen: now,
  ...over,
});
const cfg = {
  sessionKeys: [key],
  sameSite: 'Lax',
  cookiePath: '/',
  sessionTtlSeconds: 8 * 3600,
  idleTimeoutSeconds: IDLE,
} as AuthConfig;
const request = (cookie = '') => new Request('http://127.0.0.1:20001/api/namespaces', { headers: { cookie } });
const asCookieHeader = (setCookies: string[]) => setCookies.map((c) => c.split(';')[0]).join('; ');

beforeEach(() => {
  vi.useFakeTimers({ toFake: ['Date'] });
  vi.setSystemTime(now * 1000);
  resetRevokedSessions();
});
afterEach(() => vi.useRealTimers());

describe('session revocation (S27)', () => {
  it('refuses a revoked session by its sid, and no other', () => {
    revokeSession(session(), now);
    expect(sessionProblem(session(), now, IDLE)).toBe('revoked');
    expect(sessionProblem(session({ sid: 'AAAAAAAAAAAAAAAAAAAAAA' }), now, IDLE)).toBeNull();
  });

  it('keeps the revocation until the session would have expired, then lets it go', () => {
    revokeSession(session({ expiresAt: now + 600 }), now);
    vi.setSystemTime((now + 599) * 1000);
    expect(sessionProblem(session({ lastSeen: now + 599 }), now + 599, IDLE)).toBe('revoked');
    vi.setSystemTime((now + 601) * 1000);
    expect(sessionProblem(session({ lastSeen: now + 601 }), now + 601, IDLE)).toBeNull(); // (openSession refuses it by then)
  });

  it('does not store an already expired session', () => {
    revokeSession(session({ expiresAt: now }), now);
    expect(sessionProblem(session(), now, IDLE)).toBeNull();
  });
});

describe('idle timeout', () => {
  it('refuses a session unused for longer than the timeout, and none with the timeout off', () => {
    expect(sessionProblem(session(), now + IDLE, IDLE)).toBeNull();
    expect(sessionProblem(session(), now + IDLE + 1, IDLE)).toBe('idle');
    expect(sessionProblem(session(), now + 7 * 3600, 0)).toBeNull();
  });

  it('renews lastSeen at most once a minute, keeping sid and expiry, with Max-Age the remaining lifetime', () => {
    expect(renewedSessionCookies(session(), request(), cfg, now + RENEW_AFTER_SECONDS - 1)).toEqual([]);
    const cookies = renewedSessionCookies(session(), request(), cfg, now + 600);
    expect(cookies).toHaveLength(1);
    expect(cookies[0]).toContain(`Max-Age=${8 * 3600 - 600}`);
    const renewed = openSession(readSessionCookie(asCookieHeader(cookies)), [key], now + 600);
    expect(renewed).toMatchObject({ sid: session().sid, expiresAt: now + 8 * 3600, lastSeen: now + 600 });
    expect(sessionProblem(renewed!, now + 600 + IDLE, IDLE)).toBeNull();
    expect(sessionProblem(session(), now + 600 + IDLE, IDLE)).toBe('idle');
  });
});
