/**
 * Sign-in settings, read from the environment next to lib/config (DESIGN.md "Configuration"); a bad value stops
 * start-up with one line naming the variable (instrumentation.ts).
 *
 * | variable               | default            | meaning                                                                 |
 * |------------------------|--------------------|-------------------------------------------------------------------------|
 * | `SESSION_SECRET`       | random per process | key material for the session cookie (≥ 32 characters; `new,old` rotates)|
 * | `SESSION_SAMESITE`     | `Lax`              | `Lax`, `Strict` or `None` (`None` adds `Secure; Partitioned`: iframes)  |
 * | `SESSION_TTL`          | `8h`               | session lifetime (`30m`, `8h`, `1d`; at most 7d)                        |
 * | `SESSION_IDLE_TIMEOUT` | `30m`              | a session unused this long is refused (`0`: none); parsed in lib/config |
 * | `AUTH_PROXY_ADDRESSES` | –                  | IPs/CIDRs of the trusted proxy whose `Impersonate-*` headers count      |
 * | `AUTH_ANONYMOUS_UNSAFE`| `false`            | allow `anonymous` together with `ALLOWED_HOSTS` (a non-loopback name)   |
 */
import 'server-only';
import { createHash, hkdfSync, randomBytes } from 'node:crypto';
import { ConfigError, getConfig, type MeshscopeConfig } from '@/lib/config';
import { processGlobal } from '@/lib/config/process-global';
import { parseCidr } from './peer';

export type SameSite = 'Lax' | 'Strict' | 'None';

export interface AuthConfig {
  strategy: MeshscopeConfig['authStrategy'];
  /** AES-256-GCM keys; the first encrypts, all decrypt (rotation). */
  sessionKeys: Buffer[];
  /** True when no SESSION_SECRET was given and the key is random (sessions end when the process does). */
  randomKey: boolean;
  sameSite: SameSite;
  sessionTtlSeconds: number;
  /** A session unused for longer than this is refused (seconds; 0 = never). lib/auth/session-state.ts */
  idleTimeoutSeconds: number;
  /** CIDRs (`10.0.0.0/8`, `::1/128`) of the trusted reverse proxy (header strategy). */
  proxyAddresses: string[];
  anonymousUnsafe: boolean;
  /** Cookie path: the base path, or `/`. */
  cookiePath: string;
}

/** Secrets that appear in examples and must never protect a real session (CVE-2020-1762: Kiali's default key). */
const KNOWN_WEAK = ['changeme', 'secret', 'password', 'meshscope', 'kiali', 'default', 'example', '0123456789'];

function sessionKey(secret: string): Buffer {
  return Buffer.from(hkdfSync('sha256', Buffer.from(secret, 'utf8'), 'meshscope-session-v1', 'aes-256-gcm', 32));
}

/** Refuses short, example or repetitive secrets. @throws ConfigError SESSION_SECRET */
export function checkSecret(secret: string): void {
  if (secret.length < 32)
    throw new ConfigError('SESSION_SECRET', 'must be at least 32 characters (e.g. `openssl rand -base64 48`)');
  const stripped = secret.toLowerCase().replace(new RegExp(KNOWN_WEAK.join('|'), 'g'), '');
  if (stripped.length < 24)
    throw new ConfigError('SESSION_SECRET', 'looks like an example value; generate one with `openssl rand -base64 48`');
  if (new Set(secret).size < 10)
    throw new ConfigError(
      'SESSION_SECRET',
      'has too few distinct characters; generate one with `openssl rand -base64 48`',
    );
}

function parseTtl(raw: string | undefined): number {
  const v = (raw ?? '8h').trim();
  const m = /^(\d+)([smhd]?)$/.exec(v);
  if (!m) throw new ConfigError('SESSION_TTL', `must be a duration like 30m, 8h or 1d (got ${JSON.stringify(v)})`);
  const seconds = Number(m[1]) * ({ '': 1, s: 1, m: 60, h: 3600, d: 86400 } as const)[m[2] as ''];
  if (seconds < 60 || seconds > 7 * 86400) throw new ConfigError('SESSION_TTL', 'must be between 1m and 7d');
  return seconds;
}

function parseSameSite(raw: string | undefined): SameSite {
  const v = (raw ?? 'Lax').trim().toLowerCase();
  if (v === 'lax') return 'Lax';
  if (v === 'strict') return 'Strict';
  if (v === 'none') return 'None';
  throw new ConfigError('SESSION_SAMESITE', `must be Lax, Strict or None (got ${JSON.stringify(raw)})`);
}

/** One random key per process, shared by every route bundle (a key per bundle would reject other routes' cookies). */
function processRandomKey(): Buffer {
  return processGlobal('meshscope.auth.randomSessionKey', () => randomBytes(32));
}

/**
 * Reads the sign-in settings. Pure over `env` except for the random key.
 * @throws ConfigError naming the variable.
 */
export function loadAuthConfig(
  env: Record<string, string | undefined>,
  base: Pick<MeshscopeConfig, 'authStrategy' | 'allowedHosts' | 'basePath' | 'sessionIdleTimeoutSeconds'>,
): AuthConfig {
  const secrets = (env.SESSION_SECRET ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  if (env.SESSION_SECRET !== undefined && secrets.length === 0)
    throw new ConfigError(
      'SESSION_SECRET',
      'is set but empty; unset it for a random per-process key, or set a random value of 32+ characters',
    );
  secrets.forEach(checkSecret);
  const proxyAddresses = (env.AUTH_PROXY_ADDRESSES ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  for (const a of proxyAddresses)
    if (!parseCidr(a))
      throw new ConfigError(
        'AUTH_PROXY_ADDRESSES',
        `must be IP addresses or CIDRs like 10.0.0.5 or 10.0.0.0/24 (got ${JSON.stringify(a)})`,
      );
  const unsafe = (env.AUTH_ANONYMOUS_UNSAFE ?? '').trim().toLowerCase();
  if (!['', 'true', 'false'].includes(unsafe)) throw new ConfigError('AUTH_ANONYMOUS_UNSAFE', 'must be true or false');
  const anonymousUnsafe = unsafe === 'true';
  if (base.authStrategy === 'anonymous' && base.allowedHosts.length > 0 && !anonymousUnsafe) {
    throw new ConfigError(
      'AUTH_STRATEGY',
      "anonymous gives every visitor the server's own Kubernetes credentials, and ALLOWED_HOSTS exposes Meshscope beyond localhost: use AUTH_STRATEGY=token or header, or set AUTH_ANONYMOUS_UNSAFE=true",
    );
  }
  return {
    strategy: base.authStrategy,
    sessionKeys: secrets.length ? secrets.map(sessionKey) : [processRandomKey()],
    randomKey: secrets.length === 0,
    sameSite: parseSameSite(env.SESSION_SAMESITE),
    sessionTtlSeconds: parseTtl(env.SESSION_TTL),
    idleTimeoutSeconds: base.sessionIdleTimeoutSeconds,
    proxyAddresses,
    anonymousUnsafe,
    cookiePath: base.basePath || '/',
  };
}

let cached: AuthConfig | undefined;

/** The process-wide sign-in settings. @throws ConfigError */
export function getAuthConfig(): AuthConfig {
  cached ??= loadAuthConfig(process.env, getConfig());
  return cached;
}

/** For tests: forget the cached settings. */
export function resetAuthConfig(): void {
  cached = undefined;
}

/** A short, non-reversible fingerprint of a token for audit logs (never the token itself). */
export function tokenFingerprint(token: string): string {
  return createHash('sha256').update(token).digest('hex').slice(0, 12);
}
