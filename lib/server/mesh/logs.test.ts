import { describe, expect, it } from 'vitest';
import { BadRequestError } from '@/lib/promql/index';
import { parseLogsRequest, splitLogLines } from './logs';

describe('parseLogsRequest', () => {
  it('reads pod, container, tail (default 100) and timestamps', () => {
    expect(parseLogsRequest(new URLSearchParams({ pod: 'reviews-v2-5f7c-abc12', container: 'istio-proxy' }))).toEqual({
      pod: 'reviews-v2-5f7c-abc12',
      container: 'istio-proxy',
      tailLines: 100,
      timestamps: false,
      sinceSeconds: undefined,
    });
    expect(
      parseLogsRequest(
        new URLSearchParams({ pod: 'p', container: 'c', tailLines: '500', timestamps: 'true', sinceSeconds: '60' }),
      ),
    ).toMatchObject({ tailLines: 500, timestamps: true, sinceSeconds: 60 });
  });
  it('refuses bad names and tails, naming the parameter', () => {
    expect(() => parseLogsRequest(new URLSearchParams({ pod: '../etc', container: 'c' }))).toThrow(
      expect.objectContaining({ param: 'pod' }),
    );
    expect(() => parseLogsRequest(new URLSearchParams({ pod: 'p' }))).toThrow(
      expect.objectContaining({ param: 'container' }),
    );
    expect(() => parseLogsRequest(new URLSearchParams({ pod: 'p', container: 'c', tailLines: '0' }))).toThrow(
      BadRequestError,
    );
    expect(() => parseLogsRequest(new URLSearchParams({ pod: 'p', container: 'c', tailLines: '5001' }))).toThrow(
      expect.objectContaining({ param: 'tailLines' }),
    );
    expect(() => parseLogsRequest(new URLSearchParams({ pod: 'p', container: 'c', tailLines: '0x10' }))).toThrow(
      expect.objectContaining({ param: 'tailLines' }),
    );
    expect(() => parseLogsRequest(new URLSearchParams({ pod: 'p', container: 'c', sinceSeconds: '6e1' }))).toThrow(
      expect.objectContaining({ param: 'sinceSeconds' }),
    );
  });
});

describe('splitLogLines', () => {
  it('splits lines and drops the final newline', () => {
    expect(splitLogLines('a\nb\n', false)).toEqual([
      { timestamp: null, message: 'a' },
      { timestamp: null, message: 'b' },
    ]);
  });
  it('separates the RFC 3339 timestamp the API prefixes', () => {
    expect(splitLogLines('2026-08-20T10:00:00.123456789Z [info] GET /ratings/0 200\n', true)).toEqual([
      { timestamp: '2026-08-20T10:00:00.123456789Z', message: '[info] GET /ratings/0 200' },
    ]);
    expect(splitLogLines('no time here', true)).toEqual([{ timestamp: null, message: 'no time here' }]);
  });
});
