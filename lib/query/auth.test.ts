import { describe, expect, it } from 'vitest';
import { safeNextPath } from './auth';

describe('safeNextPath (no open redirect after sign-in)', () => {
  it('keeps same-site paths with their query', () => {
    expect(safeNextPath('/graph?namespaces=bookinfo&kiosk=true')).toBe('/graph?namespaces=bookinfo&kiosk=true');
  });
  it.each(['//evil.example/x', '/\\evil.example', 'https://evil.example', 'javascript:alert(1)', '', null, '/login?next=/x', '/a\r\nSet-Cookie: x'])('refuses %j', (next) => {
    expect(safeNextPath(next)).toBe('/overview');
  });
});
