import { describe, expect, it } from 'vitest';
import { safeNextPath } from './auth';

/** What the login page does: `?next=` as the browser sent it, decoded by URLSearchParams. */
const fromQuery = (rawQueryValue: string) => safeNextPath(new URLSearchParams(`next=${rawQueryValue}`).get('next'));

describe('safeNextPath (no open redirect after sign-in, S25)', () => {
  it.each([
    ['/graph?namespaces=a', '/graph?namespaces=a'],
    ['/graph?namespaces=bookinfo&kiosk=true', '/graph?namespaces=bookinfo&kiosk=true'],
    ['/istio/x#y', '/istio/x#y'],
    ['/namespaces/bookinfo/workloads/reviews-v1?tab=traffic', '/namespaces/bookinfo/workloads/reviews-v1?tab=traffic'],
    ['/a/../graph', '/graph'],
    ['/%2Fevil.example', '/%2Fevil.example'], // an encoded slash stays one path segment on this origin
  ])('keeps the same-site path %j as %j', (next, expected) => {
    expect(safeNextPath(next)).toBe(expected);
  });

  it.each([
    '//evil.example/x',
    '/\\evil.example',
    '\\\\evil.example',
    '/\t/evil.example/x',
    '\t//evil.example',
    '/\n/evil.example',
    '/\r\n/evil.example',
    ' //evil.example',
    '/.//evil.example/x',
    '/./\\evil.example',
    'https://evil.example',
    'https:evil.example',
    'http:/evil.example',
    'javascript:alert(1)',
    'JavaScript:alert(1)',
    'data:text/html,<script>alert(1)</script>',
    'evil.example',
    '',
    null,
    '/login',
    '/login?next=/x',
    '/a\r\nSet-Cookie: x',
  ])('refuses %j', (next) => {
    expect(safeNextPath(next)).toBe('/overview');
  });

  it.each([
    '/%09/evil.example/x',
    '%09//evil.example',
    '/%0d%0a/evil.example',
    '%2F%2Fevil.example',
    '/%5Cevil.example',
    '%5C%5Cevil.example',
    'https%3A%2F%2Fevil.example',
    'javascript%3Aalert(1)',
    '/%2E//evil.example',
  ])('refuses the query value %j once decoded as the page decodes it', (raw) => {
    expect(fromQuery(raw)).toBe('/overview');
  });

  it('never yields a target that a browser resolves to another origin (every combination of 4 tricky pieces)', () => {
    const pieces = [
      '/',
      '\\',
      '\t',
      '\n',
      ' ',
      '.',
      '%09',
      '%2F',
      '%5C',
      ':',
      '@',
      'evil.example',
      'https:',
      'javascript:',
    ];
    const base = 'https://meshscope.example.com/meshscope/login';
    let checked = 0;
    for (const a of pieces)
      for (const b of pieces)
        for (const c of pieces)
          for (const d of pieces) {
            const out = fromQuery(encodeURIComponent(a + b + c + d));
            checked++;
            expect(out.startsWith('/') && !out.startsWith('//')).toBe(true);
            expect(new URL(out, base).origin).toBe('https://meshscope.example.com');
          }
    expect(checked).toBe(pieces.length ** 4);
  });
});
