/**
 * Who a request acts as, per `AUTH_STRATEGY` (DESIGN.md "Security model", perf-security.md S12, S13, S15, S16):
 * - `anonymous`: the server's own credentials (port-forward, demo);
 * - `token`: the token sealed in the session cookie (lib/auth/session.ts); none, tampered, expired, signed out or
 *   idle too long (lib/auth/session-state.ts) → 401;
 * - `header`: `Authorization: Bearer` from the authenticating proxy on every request (none → 401). `Impersonate-User`
 *   and `Impersonate-Group` are honoured only when the TCP peer is in `AUTH_PROXY_ADDRESSES`; from anyone else they
 *   are dropped (logged), so a client cannot raise itself to another user through us.
 * Tokens are verified against the Kubernetes API (SelfSubjectReview) once per minute per identity; the effective user
 * is logged with a token fingerprint, never the token.
 */
import 'server-only';
import { createHash } from 'node:crypto';
import * as k8s from '@kubernetes/client-node';
import { LRUCache } from 'lru-cache';
import { MeshscopeError } from '@/lib/errors';
import { makeApi } from '@/lib/k8s/capped-http';
import { kubeCall } from '@/lib/k8s/client';
import { clientsForToken, type Impersonation } from '@/lib/k8s/token-clients';
import { logger } from '@/lib/log';
import { getAuthConfig, tokenFingerprint, type AuthConfig } from './config';
import { addressInCidrs, peerAddress } from './peer';
import { openSession, readSessionCookie, type SessionPayload } from './session';
import { sessionProblem } from './session-state';

export type Identity =
  | { kind: 'anonymous'; key: 'anonymous' }
  | {
      kind: 'user';
      /** Hash of token and impersonation: the per-user cache key. */
      key: string;
      token: string;
      username: string | null;
      groups: string[];
      impersonate?: Impersonation;
      via: 'session' | 'header';
      /** Unix seconds when the session ends (token strategy). */
      expiresAt?: number;
      /** The opened session cookie (token strategy), so a response can renew its `lastSeen`. */
      session?: SessionPayload;
    };

/** 401 with a message the UI can show; never says why a token was refused beyond "not accepted". */
export function unauthorized(message: string): MeshscopeError {
  return new MeshscopeError('unauthorized:api', message);
}

/** The per-user cache key for a token (+ impersonation). */
export function identityKey(token: string, impersonate?: Impersonation): string {
  const imp = impersonate ? `\n${impersonate.user}\n${impersonate.groups.join(',')}` : '';
  return `u:${createHash('sha256').update(`${token}${imp}`).digest('hex').slice(0, 40)}`;
}

/** A bearer token as HTTP carries it: visible ASCII, no spaces, at most 16 KB. */
export function isPlausibleToken(token: string): boolean {
  return token.length > 0 && token.length <= 16_384 && /^[\x21-\x7e]+$/.test(token);
}

const verified = new LRUCache<string, Promise<{ username: string | null; groups: string[] }>>({
  max: 1000,
  ttl: 60_000,
});

async function selfReview(
  key: string,
  token: string,
  impersonate?: Impersonation,
): Promise<{ username: string | null; groups: string[] }> {
  const clients = clientsForToken(key, token, impersonate);
  const api = makeApi(clients.kubeConfig, k8s.AuthenticationV1Api);
  try {
    const review = await kubeCall(clients, () => api.createSelfSubjectReview({ body: {} }));
    return { username: review.status?.userInfo?.username ?? null, groups: review.status?.userInfo?.groups ?? [] };
  } catch (err) {
    if (!(err instanceof MeshscopeError && (err.type === 'not_found' || err.type === 'forbidden'))) throw err;
  }
  // Clusters before 1.28 do not serve SelfSubjectReview: a token the API authenticates is good enough (like Kiali).
  try {
    await kubeCall(clients, () => clients.core.listNamespace({ limit: 1 }));
  } catch (err) {
    if (!(err instanceof MeshscopeError && err.type === 'forbidden')) throw err;
  }
  return { username: null, groups: [] };
}

/**
 * Checks a token against the Kubernetes API and says who it is (cached 60 s per identity).
 * @throws MeshscopeError unauthorized:k8s (the API refused the token), unavailable/timeout:k8s
 */
export function verifyToken(
  token: string,
  impersonate?: Impersonation,
): Promise<{ username: string | null; groups: string[] }> {
  const key = identityKey(token, impersonate);
  let hit = verified.get(key);
  if (!hit) {
    hit = selfReview(key, token, impersonate);
    hit.then(
      (who) =>
        logger.info(
          {
            user: who.username,
            impersonatedBy: impersonate ? 'proxy' : undefined,
            fingerprint: tokenFingerprint(token),
          },
          'auth: token verified',
        ),
      () => verified.delete(key),
    );
    verified.set(key, hit);
  }
  return hit;
}

function bearer(headers: Headers): string | null {
  const m = /^Bearer\s+(\S+)\s*$/i.exec(headers.get('authorization') ?? '');
  return m ? m[1]! : null;
}

function impersonation(req: Request, cfg: AuthConfig): Impersonation | undefined {
  const user = req.headers.get('impersonate-user');
  const groupHeader = req.headers.get('impersonate-group');
  const extras = [...req.headers.keys()].filter((h) => h.startsWith('impersonate-extra-') || h === 'impersonate-uid');
  if (!user && !groupHeader && extras.length === 0) return undefined;
  const peer = peerAddress(req.headers);
  if (!addressInCidrs(peer, cfg.proxyAddresses)) {
    logger.warn({ peer, user }, 'auth: Impersonate-* headers from an untrusted address were dropped');
    return undefined;
  }
  if (!user) return undefined;
  const groups = (groupHeader ?? '')
    .split(',')
    .map((g) => g.trim())
    .filter(Boolean);
  return { user, groups };
}

/**
 * Resolves the identity of `req` (null: a call without a request, e.g. from a test).
 * @throws MeshscopeError 401 unauthorized:api|k8s when the strategy needs credentials the request lacks or the API
 *   refuses; unavailable/timeout:k8s when the token cannot be checked.
 */
export async function resolveIdentity(req: Request | null, cfg: AuthConfig = getAuthConfig()): Promise<Identity> {
  if (cfg.strategy === 'anonymous') return { kind: 'anonymous', key: 'anonymous' };
  if (!req) throw unauthorized('Sign in first');
  if (cfg.strategy === 'token') {
    const nowSec = Math.floor(Date.now() / 1000);
    const session = openSession(readSessionCookie(req.headers.get('cookie')), cfg.sessionKeys, nowSec);
    if (!session) throw unauthorized('Sign in: there is no valid session (it may have expired)');
    const problem = sessionProblem(session, nowSec, cfg.idleTimeoutSeconds);
    if (problem === 'revoked') throw unauthorized('Sign in: this session was signed out');
    if (problem === 'idle') {
      const minutes = Math.round(cfg.idleTimeoutSeconds / 60);
      throw unauthorized(`Sign in: the session ended after ${minutes} minutes without use`);
    }
    const { token, username, groups, expiresAt } = session;
    return { kind: 'user', key: identityKey(token), token, username, groups, via: 'session', expiresAt, session };
  }
  const token = bearer(req.headers);
  if (!token || !isPlausibleToken(token))
    throw unauthorized('The authenticating proxy must send Authorization: Bearer <token> with every request');
  const impersonate = impersonation(req, cfg);
  const who = await verifyToken(token, impersonate);
  return {
    kind: 'user',
    key: identityKey(token, impersonate),
    token,
    username: who.username,
    groups: who.groups,
    impersonate,
    via: 'header',
  };
}
