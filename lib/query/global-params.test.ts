import { describe, expect, it } from 'vitest';
import { DEFAULT_DURATION, DEFAULT_REFRESH, parseGlobalParams } from './global-params';

describe('parseGlobalParams', () => {
  it('reads namespaces, duration and refresh from the URL', () => {
    expect(parseGlobalParams(new URLSearchParams('namespaces=bookinfo,default&duration=300&refresh=0'))).toEqual({
      namespaces: ['bookinfo', 'default'],
      durationSeconds: 300,
      refreshMs: 0,
    });
  });

  it('drops invalid namespace names and falls back to defaults for unknown values', () => {
    expect(parseGlobalParams(new URLSearchParams('namespaces=Bad_NS,ok,"}or{&duration=7&refresh=123'))).toEqual({
      namespaces: ['ok'],
      durationSeconds: DEFAULT_DURATION,
      refreshMs: DEFAULT_REFRESH,
    });
  });
});
