import { describe, expect, it } from 'vitest';
import { isAllowedHost, parseHostHeader } from './hosts';

describe('Host allowlist (S10: DNS rebinding through port-forward)', () => {
  it.each([
    'localhost',
    'localhost:20001',
    '127.0.0.1',
    '127.0.0.1:21001',
    '[::1]',
    '[::1]:20001',
    'LOCALHOST:80',
    'localhost.:20001',
  ])('accepts the loopback name %s with any port', (host) => expect(isAllowedHost(host, [])).toBe(true));

  it.each([
    'evil.example',
    'evil.example:20001',
    'localhost.evil.example',
    '127.0.0.1.nip.io:20001',
    'evil.example@localhost',
    'localhost/evil',
    '::1',
    '[::1',
    'localhost:abc',
    '',
    ' ',
  ])('refuses %j', (host) => expect(isAllowedHost(host, [])).toBe(false));

  it('refuses a missing Host', () => {
    expect(isAllowedHost(null, [])).toBe(false);
    expect(isAllowedHost(undefined, ['meshscope.example.com'])).toBe(false);
  });

  it('accepts ALLOWED_HOSTS entries: exact name (any port), name:port (that port), *.domain (subdomains)', () => {
    const allowed = ['meshscope.example.com', 'ops.example.com:443', '*.mesh.internal'];
    expect(isAllowedHost('meshscope.example.com', allowed)).toBe(true);
    expect(isAllowedHost('Meshscope.Example.com:8443', allowed)).toBe(true);
    expect(isAllowedHost('ops.example.com:443', allowed)).toBe(true);
    expect(isAllowedHost('ops.example.com:8443', allowed)).toBe(false);
    expect(isAllowedHost('ops.example.com', allowed)).toBe(false);
    expect(isAllowedHost('a.mesh.internal', allowed)).toBe(true);
    expect(isAllowedHost('mesh.internal', allowed)).toBe(false);
    expect(isAllowedHost('evilmesh.internal', allowed)).toBe(false);
    expect(isAllowedHost('meshscope.example.com.evil.example', allowed)).toBe(false);
  });

  it('parses IPv6 literals with brackets and rejects junk', () => {
    expect(parseHostHeader('[::1]:20001')).toEqual({ name: '[::1]', port: '20001' });
    expect(parseHostHeader('[::1]x')).toBeNull();
    expect(parseHostHeader('a b')).toBeNull();
  });
});
