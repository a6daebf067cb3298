import { rejection } from '@/lib/errors/test-helpers';
import { describe, expect, it } from 'vitest';
import { MeshscopeError } from '@/lib/errors';
import { guardMutation, JSON_BODY_LIMITS, MAX_BODY_BYTES, parseJsonSafe, PayloadTooLargeError } from './mutation-guard';

const config = { viewOnly: false, frameAncestors: ["'self'", 'https://portal.example.com'] };
const URL_ = 'http://127.0.0.1:20001/api/namespaces/bookinfo/istio/virtualservices';

function request(headers: Record<string, string>, body: BodyInit | null = '{"object":{}}', method = 'POST'): Request {
  return new Request(URL_, {
    method,
    headers: { host: '127.0.0.1:20001', ...headers },
    body,
    duplex: 'half',
  } as RequestInit);
}

const good = { 'content-type': 'application/json', 'x-meshscope-request': '1', origin: 'http://127.0.0.1:20001' };

describe('guardMutation', () => {
  it('accepts a same-origin JSON request with the custom header and returns the body', async () => {
    await expect(guardMutation(request(good), { config })).resolves.toEqual({ object: {} });
  });

  it('accepts Sec-Fetch-Site: same-origin without Origin', async () => {
    const { origin: _o, ...rest } = good;
    await expect(guardMutation(request({ ...rest, 'sec-fetch-site': 'same-origin' }), { config })).resolves.toEqual({
      object: {},
    });
  });

  it('refuses every write in view-only mode', async () => {
    const err = await rejection(guardMutation(request(good), { config: { ...config, viewOnly: true } }));
    expect(err).toMatchObject({ status: 403, code: 'forbidden:api' });
    expect(err.message).toMatch(/view-only/);
  });

  it.each([
    ['another origin', { origin: 'http://evil.example' }],
    ['Origin: null', { origin: 'null' }],
    ['a cross-site fetch', { 'sec-fetch-site': 'cross-site', origin: 'http://127.0.0.1:20001' }],
    ['a same-site (sibling) fetch', { 'sec-fetch-site': 'same-site', origin: 'http://other.127.0.0.1:20001' }],
    ['no Origin and no Sec-Fetch-Site', { origin: '' }],
    ['a host-header mismatch (DNS rebinding)', { host: 'evil.example:20001' }],
  ])('refuses %s with 403', async (_, headers) => {
    const h: Record<string, string> = { ...good, ...headers };
    for (const [k, v] of Object.entries(h)) if (v === '') delete h[k];
    expect(await rejection(guardMutation(request(h), { config }))).toMatchObject({
      status: 403,
      code: 'forbidden:api',
    });
  });

  it('accepts an origin allowed to embed us (FRAME_ANCESTORS)', async () => {
    await expect(
      guardMutation(request({ ...good, origin: 'https://portal.example.com', 'sec-fetch-site': 'cross-site' }), {
        config,
      }),
    ).resolves.toEqual({ object: {} });
  });

  it('refuses a request without X-Meshscope-Request: 1', async () => {
    const err = await rejection(guardMutation(request({ ...good, 'x-meshscope-request': '' }), { config }));
    expect(err).toMatchObject({ status: 403 });
    expect(err.message).toMatch(/X-Meshscope-Request/);
  });

  it.each(['text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x'])(
    'refuses Content-Type %s (a cross-site form post) with 403',
    async (type) => {
      expect(await rejection(guardMutation(request({ ...good, 'content-type': type }), { config }))).toMatchObject({
        status: 403,
      });
    },
  );

  it('accepts application/json with a charset', async () => {
    await expect(
      guardMutation(request({ ...good, 'content-type': 'application/json; charset=utf-8' }), { config }),
    ).resolves.toEqual({ object: {} });
  });

  it('answers 413 from Content-Length before reading', async () => {
    const err = await rejection(
      guardMutation(request({ ...good, 'content-length': String(4 * MAX_BODY_BYTES) }), { config }),
    );
    expect(err).toBeInstanceOf(PayloadTooLargeError);
    expect(err.status).toBe(413);
  });

  it('answers 413 while streaming a body without Content-Length', async () => {
    const chunk = new Uint8Array(256 * 1024).fill(32);
    let sent = 0;
    const stream = new ReadableStream<Uint8Array>({
      pull(controller) {
        sent++;
        if (sent > 16) controller.close();
        else controller.enqueue(chunk);
      },
    });
    const err = await rejection(guardMutation(request(good, stream), { config }));
    expect(err.status).toBe(413);
    expect(sent).toBeLessThanOrEqual(6); // stopped soon after 1 MiB, did not read all 4 MiB
  });

  it('answers 400 for malformed JSON', async () => {
    expect(await rejection(guardMutation(request(good, '{"object":'), { config }))).toMatchObject({
      status: 400,
      code: 'bad_request:api',
    });
  });

  it('lets DELETE through without a body or Content-Type', async () => {
    const { 'content-type': _c, ...rest } = good;
    await expect(guardMutation(request(rest, null, 'DELETE'), { config, body: false })).resolves.toBeUndefined();
  });
});

describe('parseJsonSafe', () => {
  it.each(['{"__proto__":{"x":1}}', '{"a":{"constructor":{"prototype":{}}}}'])('refuses prototype keys: %s', (text) => {
    expect(() => parseJsonSafe(text)).toThrow(/not allowed/);
    expect(({} as Record<string, unknown>).x).toBeUndefined();
  });

  const thrown = (text: string) => {
    try {
      parseJsonSafe(text);
    } catch (err) {
      return err as MeshscopeError;
    }
    throw new Error('expected an error');
  };

  it.each([5_000, 100_000])('refuses a body nested %i deep with 422 before JSON.parse', (n) => {
    const err = thrown(`{"yaml":"","with":${'['.repeat(n)}${']'.repeat(n)}}`);
    expect(err).toMatchObject({
      status: 422,
      code: 'invalid:api',
      details: { reason: 'JSON_TOO_DEEP', limit: 'depth', max: JSON_BODY_LIMITS.maxDepth },
    });
    expect(err.message).toContain(`limit of ${JSON_BODY_LIMITS.maxDepth} levels`);
  });

  it('refuses a body with more keys than the limit (60,000) with 422, and takes one at the limit', () => {
    const body = (n: number) => `{${Array.from({ length: n }, (_, i) => `"k${i}":1`).join(',')}}`;
    expect(thrown(body(60_000))).toMatchObject({
      status: 422,
      details: { reason: 'JSON_TOO_MANY_KEYS', max: JSON_BODY_LIMITS.maxKeys },
    });
    expect(parseJsonSafe(body(JSON_BODY_LIMITS.maxKeys))).toHaveProperty('k0', 1);
  });

  it('refuses a body with a longer list than the limit with 422', () => {
    expect(thrown(`{"with":[${Array(100_000).fill(1).join(',')}]}`)).toMatchObject({
      status: 422,
      details: { reason: 'JSON_TOO_MANY_ITEMS', max: JSON_BODY_LIMITS.maxItems },
    });
  });

  it('does not count brackets and colons inside strings', () => {
    expect(parseJsonSafe(JSON.stringify({ yaml: `a: ${'['.repeat(5000)}` }))).toEqual({
      yaml: `a: ${'['.repeat(5000)}`,
    });
  });
});
