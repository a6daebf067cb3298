import { describe, expect, it } from 'vitest';
import { NextRequest } from 'next/server';
import { buildCsp, frameAncestorSources } from './headers';
import { decideEdge, edgeSettings } from './edge';
import { proxy } from '@/proxy';

const settings = edgeSettings({
  FRAME_ANCESTORS: "'self',https://portal.example.com",
  ALLOWED_HOSTS: 'meshscope.example.com',
});

describe('edge decision (S8, S10, S13, S21)', () => {
  it('refuses an unknown Host with 421 and a generic, non-reflecting JSON error', () => {
    const d = decideEdge({ pathname: '/api/status', host: 'evil.example:20001', forwardedHost: null }, settings);
    expect(d.action).toBe('reject');
    if (d.action !== 'reject') return;
    expect(d.status).toBe(421);
    expect(JSON.stringify(d.body)).not.toContain('evil.example');
    expect(d.headers['X-Content-Type-Options']).toBe('nosniff');
  });

  it('refuses a forged X-Forwarded-Host even when Host is loopback', () => {
    expect(decideEdge({ pathname: '/', host: '127.0.0.1:20001', forwardedHost: 'evil.example' }, settings).action).toBe(
      'reject',
    );
    expect(
      decideEdge({ pathname: '/', host: '127.0.0.1:20001', forwardedHost: 'meshscope.example.com' }, settings).action,
    ).toBe('continue');
  });

  it('gives pages a nonce CSP with the configured frame-ancestors and no X-Frame-Options', () => {
    const d = decideEdge(
      { pathname: '/graph', host: 'localhost:20001', forwardedHost: null },
      settings,
      () => 'bm9uY2U=',
    );
    expect(d.action).toBe('continue');
    const csp = d.headers['Content-Security-Policy']!;
    expect(csp).toContain("script-src 'self' 'nonce-bm9uY2U=' 'strict-dynamic'");
    expect(csp).toContain("frame-ancestors 'self' https://portal.example.com");
    expect(csp).toContain("object-src 'none'");
    expect(csp).not.toContain('unsafe-eval');
    expect(Object.keys(d.headers).map((h) => h.toLowerCase())).not.toContain('x-frame-options');
    expect(d.headers['Referrer-Policy']).toBe('no-referrer');
  });

  it('gives API answers a CSP that allows nothing', () => {
    const d = decideEdge({ pathname: '/api/namespaces', host: '[::1]:20001', forwardedHost: null }, settings);
    expect(d.action === 'continue' && d.nonce).toBe(null);
    expect(d.headers['Content-Security-Policy']).toMatch(
      /^default-src 'none'; frame-ancestors 'self' https:\/\/portal\.example\.com/,
    );
  });

  it("defaults frame-ancestors to 'self' and drops malformed sources", () => {
    expect(frameAncestorSources([])).toEqual(["'self'"]);
    expect(frameAncestorSources(['*', 'javascript:alert(1)', 'https://a.example; script-src *'])).toEqual(["'self'"]);
    expect(frameAncestorSources(["'none'", 'https://a.example'])).toEqual(["'none'"]);
    expect(buildCsp({ frameAncestors: [] })).toContain("frame-ancestors 'self'");
    expect(edgeSettings({}).frameAncestors).toEqual(["'self'"]);
  });
});

describe('proxy.ts', () => {
  it('answers 421 for every route when the Host is unknown, whatever the method or path', async () => {
    for (const [method, path] of [
      ['GET', '/'],
      ['GET', '/api/namespaces'],
      ['POST', '/api/auth/login'],
      ['GET', '/_next/static/chunks/x.js'],
      ['GET', '/x/%3Cscript%3E'],
    ]) {
      const res = proxy(
        new NextRequest(`http://evil.example:20001${path}`, { method, headers: { host: 'evil.example:20001' } }),
      );
      expect(res.status, `${method} ${path}`).toBe(421);
      expect(await res.text()).not.toContain('evil.example');
    }
  });

  it('lets loopback requests through with the security headers, and a different nonce per page', () => {
    const a = proxy(new NextRequest('http://127.0.0.1:20001/overview', { headers: { host: '127.0.0.1:20001' } }));
    const b = proxy(new NextRequest('http://127.0.0.1:20001/overview', { headers: { host: '127.0.0.1:20001' } }));
    expect(a.status).toBe(200);
    expect(a.headers.get('x-content-type-options')).toBe('nosniff');
    expect(a.headers.get('referrer-policy')).toBe('no-referrer');
    expect(a.headers.get('x-frame-options')).toBeNull();
    const nonce = (r: Response) => /'nonce-([^']+)'/.exec(r.headers.get('content-security-policy') ?? '')?.[1];
    expect(nonce(a)).toMatch(/^[A-Za-z0-9+/]{22}==$/); // 128 random bits, base64
    expect(nonce(a)).not.toBe(nonce(b));
  });
});
