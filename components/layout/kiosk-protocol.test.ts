import { describe, expect, it } from 'vitest';
import { isAppPath, navigateMessage, normalizeOrigin, parseIncoming, parseKiosk } from './kiosk-protocol';

describe('kiosk parameter (S8)', () => {
  it('turns chrome off for true, and messaging on only for a bare http(s) origin', () => {
    expect(parseKiosk(null)).toEqual({ kiosk: false });
    expect(parseKiosk('false')).toEqual({ kiosk: false });
    expect(parseKiosk('true')).toEqual({ kiosk: true, parentOrigin: null });
    expect(parseKiosk('https://portal.example.com')).toEqual({
      kiosk: true,
      parentOrigin: 'https://portal.example.com',
    });
    expect(parseKiosk('http://localhost:21097/')).toEqual({ kiosk: true, parentOrigin: 'http://localhost:21097' });
  });

  it.each([
    '*',
    'null',
    'javascript:alert(1)',
    'data:text/html,x',
    'https://portal.example.com/path',
    'https://u:p@portal.example.com',
    'portal.example.com',
    'file:///etc/passwd',
    'https://*.example.com',
  ])('never posts to %j (kiosk stays on, messaging off)', (v) => {
    expect(normalizeOrigin(v)).toBeNull();
    expect(parseKiosk(v)).toEqual({ kiosk: true, parentOrigin: null });
  });
});

describe('kiosk messages', () => {
  it('describes navigation without the kiosk parameter', () => {
    expect(navigateMessage('/graph', new URLSearchParams('namespaces=bookinfo&kiosk=http://localhost:1'))).toEqual({
      source: 'meshscope',
      version: 1,
      type: 'navigate',
      path: '/graph',
      query: 'namespaces=bookinfo',
    });
  });

  it('accepts well-formed messages from the parent', () => {
    expect(
      parseIncoming({ target: 'meshscope', type: 'navigate', path: '/workloads', query: '?namespaces=bookinfo' }),
    ).toEqual({ type: 'navigate', path: '/workloads', query: 'namespaces=bookinfo' });
    expect(parseIncoming({ target: 'meshscope', type: 'namespaces', namespaces: ['bookinfo'] })).toEqual({
      type: 'namespaces',
      namespaces: ['bookinfo'],
    });
    expect(parseIncoming({ target: 'meshscope', type: 'timeRange', duration: 1800 })).toEqual({
      type: 'timeRange',
      duration: 1800,
      refresh: undefined,
    });
  });

  it.each([
    null,
    'navigate /graph',
    { type: 'navigate', path: '/graph' },
    { target: 'meshscope', type: 'navigate', path: '//evil.example/x' },
    { target: 'meshscope', type: 'navigate', path: 'https://evil.example' },
    { target: 'meshscope', type: 'navigate', path: 'javascript:alert(1)' },
    { target: 'meshscope', type: 'navigate', path: '/\\evil.example' },
    { target: 'meshscope', type: 'navigate', path: '/a/../../x' },
    { target: 'meshscope', type: 'namespaces', namespaces: ['"} or up{'] },
    { target: 'meshscope', type: 'timeRange', duration: 123 },
    { target: 'meshscope', type: 'eval', code: 'alert(1)' },
  ])('ignores %j', (m) => expect(parseIncoming(m)).toBeNull());

  it('knows app paths', () => {
    expect(isAppPath('/namespaces/bookinfo/workloads/reviews-v1')).toBe(true);
    expect(isAppPath('/')).toBe(true);
    expect(isAppPath('')).toBe(false);
  });
});
