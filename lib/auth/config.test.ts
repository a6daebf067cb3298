import { describe, expect, it, vi } from 'vitest';
import { ConfigError } from '@/lib/config';
import { loadAuthConfig } from './config';
import { startupChecks, startupWarnings } from './startup';

const base = { authStrategy: 'token' as const, allowedHosts: [], basePath: '', sessionIdleTimeoutSeconds: 1800 };
const SECRET = 'q8Vh2mZr7LwX0cTnB5yJ4pK1fG9sD3aE6uN';

describe('sign-in settings (S12, S16)', () => {
  it.each([
    ['', 'set but empty'],
    ['short', 'at least 32 characters'],
    ['changeme-changeme-changeme-changeme', 'example value'],
    ['secretsecretsecretsecretsecretsecret', 'example value'],
    ['aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa', 'distinct characters'],
    [`${SECRET},short`, 'at least 32 characters'],
  ])('refuses SESSION_SECRET=%j', (secret, message) => {
    expect(() => loadAuthConfig({ SESSION_SECRET: secret }, base)).toThrow(ConfigError);
    expect(() => loadAuthConfig({ SESSION_SECRET: secret }, base)).toThrow(message);
  });

  it('derives one key per listed secret (first encrypts, all decrypt) and a random key when unset', () => {
    const two = loadAuthConfig({ SESSION_SECRET: `${SECRET},${SECRET.split('').reverse().join('')}` }, base);
    expect(two.sessionKeys).toHaveLength(2);
    expect(two.sessionKeys[0]!.length).toBe(32);
    expect(two.randomKey).toBe(false);
    const random = loadAuthConfig({}, base);
    expect(random.randomKey).toBe(true);
    expect(random.sessionKeys[0]).toEqual(loadAuthConfig({}, base).sessionKeys[0]); // one per process
  });

  it('parses SameSite, TTL and proxy addresses, naming the variable on a bad value', () => {
    const cfg = loadAuthConfig(
      { SESSION_SAMESITE: 'none', SESSION_TTL: '30m', AUTH_PROXY_ADDRESSES: '10.0.0.0/8, ::1' },
      { ...base, basePath: '/meshscope' },
    );
    expect(cfg).toMatchObject({
      sameSite: 'None',
      sessionTtlSeconds: 1800,
      idleTimeoutSeconds: 1800,
      proxyAddresses: ['10.0.0.0/8', '::1'],
      cookiePath: '/meshscope',
    });
    expect(() => loadAuthConfig({ SESSION_SAMESITE: 'sometimes' }, base)).toThrow('SESSION_SAMESITE');
    expect(() => loadAuthConfig({ SESSION_TTL: '30d' }, base)).toThrow('SESSION_TTL');
    expect(() => loadAuthConfig({ AUTH_PROXY_ADDRESSES: '10.0.0.0/33' }, base)).toThrow('AUTH_PROXY_ADDRESSES');
  });

  it('refuses anonymous exposed through ALLOWED_HOSTS unless AUTH_ANONYMOUS_UNSAFE=true (the Kubernetes Dashboard "Skip" lesson)', () => {
    const exposed = {
      authStrategy: 'anonymous' as const,
      allowedHosts: ['meshscope.example.com'],
      basePath: '',
      sessionIdleTimeoutSeconds: 1800,
    };
    expect(() => loadAuthConfig({}, exposed)).toThrow(/AUTH_STRATEGY: anonymous gives every visitor/);
    expect(loadAuthConfig({ AUTH_ANONYMOUS_UNSAFE: 'true' }, exposed).anonymousUnsafe).toBe(true);
    expect(() => loadAuthConfig({}, { ...exposed, allowedHosts: [] })).not.toThrow();
  });

  it('start-up refuses to boot with an empty or example key (one line naming the variable, exit 1)', () => {
    const exit = vi.fn();
    const error = vi.spyOn(console, 'error').mockImplementation(() => {});
    startupChecks({ AUTH_STRATEGY: 'token', SESSION_SECRET: 'changeme' }, exit);
    expect(exit).toHaveBeenCalledWith(1);
    expect(error).toHaveBeenCalledWith(expect.stringMatching(/^ConfigError: SESSION_SECRET: /));
    error.mockRestore();
  });

  it('warns at start-up that anonymous uses the server credentials, and about a random session key', () => {
    expect(startupWarnings({})[0]).toMatch(
      /anonymous: every visitor acts with the server's own Kubernetes credentials/,
    );
    expect(startupWarnings({ AUTH_STRATEGY: 'token' })[0]).toMatch(/SESSION_SECRET is not set/);
    expect(startupWarnings({ AUTH_STRATEGY: 'token', SESSION_SECRET: SECRET })).toEqual([]);
  });
});

describe('effective frame-ancestors at start-up', () => {
  it('names the sources the pages are served with, malformed entries dropped', async () => {
    const { frameAncestorsLine } = await import('./startup');
    expect(frameAncestorsLine({})).toBe(
      `Embedding: pages are served with CSP "frame-ancestors 'self'" (FRAME_ANCESTORS not set); other origins cannot frame Meshscope`,
    );
    expect(frameAncestorsLine({ FRAME_ANCESTORS: "'self', https://portal.example.com/, javascript:x" })).toBe(
      `Embedding: pages are served with CSP "frame-ancestors 'self' https://portal.example.com"; other origins cannot frame Meshscope`,
    );
  });
});
