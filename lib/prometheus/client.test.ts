import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { runWithSignal } from '@/lib/config/request-deadline';
import { createPrometheusClient, type PrometheusLimits } from './client';

let server: Server | undefined;
afterEach(() => new Promise<void>((r) => (server ? server.close(() => r()) : r())));

async function fakePrometheus(
  handler: (url: URL, headers: IncomingHttpHeaders) => { status: number; body?: unknown } | null,
): Promise<string> {
  server = createServer((req, res) => {
    const out = handler(new URL(req.url ?? '/', 'http://x'), req.headers);
    if (!out) return; // never answer: a hung backend
    res.writeHead(out.status, { 'Content-Type': 'application/json' }).end(JSON.stringify(out.body ?? {}));
  });
  await new Promise<void>((r) => server!.listen(0, '127.0.0.1', r));
  return `http://127.0.0.1:${(server!.address() as AddressInfo).port}`;
}

type Extra = Partial<{ headers: Record<string, string>; timeoutMs: number } & PrometheusLimits>;
const cfg = (url: string, extra: Extra = {}) => ({
  timeoutMs: 2_000,
  ...extra,
  url,
  headers: extra.headers ?? {},
});

const vector = (n: number) => ({
  status: 'success',
  data: {
    resultType: 'vector',
    result: Array.from({ length: n }, (_, i) => ({ metric: { pod: `p${i}` }, value: [1700000000, '1'] })),
  },
});

describe('createPrometheusClient', () => {
  it('returns instant vectors as plain samples and sends the extra headers', async () => {
    let seen: IncomingHttpHeaders = {};
    let query = '';
    const url = await fakePrometheus((u, h) => {
      seen = h;
      query = u.searchParams.get('query') ?? '';
      return {
        status: 200,
        body: {
          status: 'success',
          data: {
            resultType: 'vector',
            result: [{ metric: { source_workload: 'productpage-v1' }, value: [1700000000, '2.5'] }],
          },
        },
      };
    });
    const client = createPrometheusClient(cfg(url, { headers: { 'X-Scope-OrgID': 'tenant-1' } }));
    const samples = await client.instantQuery('sum(rate(istio_requests_total[1m])) by (source_workload)', 1700000000);
    expect(query).toBe('sum(rate(istio_requests_total[1m])) by (source_workload)');
    expect(seen['x-scope-orgid']).toBe('tenant-1');
    expect(samples).toEqual([{ metric: { source_workload: 'productpage-v1' }, value: 2.5 }]);
  });

  it('asks for uncompressed answers unless PROMETHEUS_HEADERS says otherwise', async () => {
    const seen: (string | undefined)[] = [];
    const url = await fakePrometheus((_u, h) => {
      seen.push(h['accept-encoding']);
      return { status: 200, body: { status: 'success', data: { resultType: 'vector', result: [] } } };
    });
    await createPrometheusClient(cfg(url)).instantQuery('up', 1700000000);
    await createPrometheusClient(cfg(url, { headers: { 'Accept-Encoding': 'gzip' } })).instantQuery('up', 1700000000);
    expect(seen).toEqual(['identity', 'gzip']);
  });

  it('maps a refused connection to unavailable:prometheus naming the URL', async () => {
    const client = createPrometheusClient(cfg('http://127.0.0.1:1'));
    await expect(client.instantQuery('up')).rejects.toMatchObject({
      code: 'unavailable:prometheus',
      status: 503,
      message: expect.stringContaining('127.0.0.1:1'),
    });
  });

  it('maps a hung backend to timeout:prometheus within the timeout', async () => {
    const url = await fakePrometheus(() => null);
    const client = createPrometheusClient(cfg(url, { timeoutMs: 300 }));
    const start = Date.now();
    await expect(client.instantQuery('up')).rejects.toMatchObject({ code: 'timeout:prometheus', status: 504 });
    expect(Date.now() - start).toBeLessThan(5_000);
  });

  it('maps bad_data to bad_request:prometheus', async () => {
    const url = await fakePrometheus(() => ({
      status: 400,
      body: { status: 'error', errorType: 'bad_data', error: 'parse error' },
    }));
    await expect(createPrometheusClient(cfg(url)).instantQuery('sum(')).rejects.toMatchObject({
      code: 'bad_request:prometheus',
    });
  });

  it('reads the version from build info', async () => {
    const url = await fakePrometheus((u) =>
      u.pathname.endsWith('/status/buildinfo')
        ? { status: 200, body: { status: 'success', data: { version: '2.42.0' } } }
        : { status: 404 },
    );
    await expect(createPrometheusClient(cfg(url)).buildInfo()).resolves.toEqual({ version: '2.42.0' });
  });
});

describe('scalar and string answers (issue 12 item 5)', () => {
  const answer = (resultType: string, result: unknown) => ({
    status: 200,
    body: { status: 'success', data: { resultType, result } },
  });

  it.each([
    ['1.5', 1.5],
    ['0', 0],
    ['+Inf', Infinity],
    ['-Inf', -Infinity],
  ])('reads the scalar [time, %j] as %d, not NaN', async (text, value) => {
    const url = await fakePrometheus(() => answer('scalar', [1700000000, text]));
    expect(await createPrometheusClient(cfg(url)).instantQuery('scalar(sum(up))')).toEqual([{ metric: {}, value }]);
  });

  it('keeps a scalar NaN as NaN (Prometheus sends "NaN" for an empty scalar())', async () => {
    const url = await fakePrometheus(() => answer('scalar', [1700000000, 'NaN']));
    const [sample] = await createPrometheusClient(cfg(url)).instantQuery('scalar(nothing)');
    expect(Number.isNaN(sample!.value)).toBe(true);
  });

  it('reads a numeric string answer as its number and refuses text with bad_request:prometheus', async () => {
    let text = '42';
    const url = await fakePrometheus(() => answer('string', [1700000000, text]));
    const client = createPrometheusClient(cfg(url));
    expect(await client.instantQuery('"42"')).toEqual([{ metric: {}, value: 42 }]);
    text = 'hello';
    await expect(client.instantQuery('"hello"')).rejects.toMatchObject({
      code: 'bad_request:prometheus',
      message: expect.stringContaining('"hello"'),
    });
  });

  it('reports a scalar that is not a [time, value] pair as not Prometheus JSON', async () => {
    const url = await fakePrometheus(() => answer('scalar', { value: 1 }));
    await expect(createPrometheusClient(cfg(url)).instantQuery('scalar(1)')).rejects.toMatchObject({
      code: 'unavailable:prometheus',
    });
  });
});

describe('an answer that is not Prometheus JSON (issue 12 item 7)', () => {
  let raw: Server | undefined;
  afterEach(() => new Promise<void>((r) => (raw ? raw.close(() => r()) : r())));

  /** A tiny server on port 0 that answers every request with `body` as it is. */
  async function rawServer(status: number, contentType: string, body: string): Promise<string> {
    raw = createServer((_req, res) => res.writeHead(status, { 'Content-Type': contentType }).end(body));
    await new Promise<void>((r) => raw!.listen(0, '127.0.0.1', r));
    return `http://127.0.0.1:${(raw.address() as AddressInfo).port}`;
  }

  it.each([
    ['garbage with a JSON content type', 200, 'application/json', 'garbage{'],
    ['an HTML page (a UI or login proxy at that URL)', 200, 'text/html', '<!doctype html><title>Sign in</title>'],
    ['JSON without the status envelope', 200, 'application/json', '{"hello":"world"}'],
    [
      'the envelope with a result that is not a list',
      200,
      'application/json',
      '{"status":"success","data":{"resultType":"vector","result":"x"}}',
    ],
    [
      'the envelope with an unknown resultType',
      200,
      'application/json',
      '{"status":"success","data":{"resultType":"banana","result":[]}}',
    ],
    ['the envelope without data', 200, 'application/json', '{"status":"success"}'],
    ['a proxy error page', 502, 'text/html', '<html>Bad Gateway</html>'],
  ])(
    'reports %s as unavailable:prometheus, not valid Prometheus JSON (not "unreachable")',
    async (_what, status, type, body) => {
      const url = await rawServer(status, type, body);
      const err = await createPrometheusClient(cfg(url))
        .instantQuery('up', 1700000000)
        .catch((e: unknown) => e);
      expect(err).toMatchObject({
        code: 'unavailable:prometheus',
        status: 503,
        message: expect.stringContaining('not valid Prometheus JSON'),
      });
      expect((err as Error).message).toContain(url);
      expect((err as Error).message).not.toContain('unreachable');
    },
  );

  it('reports a range query whose answer is a vector (not a matrix) the same way', async () => {
    const url = await rawServer(
      200,
      'application/json',
      '{"status":"success","data":{"resultType":"vector","result":[]}}',
    );
    await expect(createPrometheusClient(cfg(url)).rangeQuery('up', 1700000000, 1700000600, 60)).rejects.toMatchObject({
      code: 'unavailable:prometheus',
      message: expect.stringContaining('not valid Prometheus JSON'),
    });
  });

  it('still reports a refused connection as unreachable', async () => {
    await expect(createPrometheusClient(cfg('http://127.0.0.1:1')).instantQuery('up')).rejects.toMatchObject({
      message: expect.stringContaining('unreachable'),
    });
  });
});

describe('deadlines, caps and the query bound (issue 12)', () => {
  it('answers timeout:prometheus at the deadline of the request, not at the per-query timeout', async () => {
    const url = await fakePrometheus(() => null);
    const client = createPrometheusClient(cfg(url, { timeoutMs: 60_000 }));
    const err = await runWithSignal(AbortSignal.timeout(200), () => client.instantQuery('up').catch((e: unknown) => e));
    const message = expect.stringContaining('deadline');
    expect(err).toMatchObject({ code: 'timeout:prometheus', status: 504, message });
  }, 5_000);

  it('never sends a query still queued when its signal aborts (counted at the server)', async () => {
    let received = 0;
    const url = await fakePrometheus(() => {
      received++;
      return null; // hung: the two slots stay taken
    });
    const client = createPrometheusClient(cfg(url, { timeoutMs: 60_000, concurrency: 2 }));
    const controller = new AbortController();
    const signal = controller.signal;
    const send = (i: number) => client.instantQuery(`q${i}`, 1700000000, { signal }).catch((e: unknown) => e);
    const calls = Array.from({ length: 6 }, (_, i) => send(i));
    while (received < 2) await new Promise((r) => setTimeout(r, 5));
    expect(client.load()).toEqual({ active: 2, pending: 4 });
    controller.abort(new Error('client gone'));
    const errors = await Promise.all(calls);
    await new Promise((r) => setTimeout(r, 100));
    expect(received).toBe(2);
    expect(errors.every((e) => (e as { code?: string }).code === 'timeout:prometheus')).toBe(true);
    expect(client.load()).toEqual({ active: 0, pending: 0 });
  });

  it('refuses an answer over the byte cap with too_large:prometheus, and keeps serving', async () => {
    const url = await fakePrometheus((u) => ({
      status: 200,
      body: vector(u.searchParams.get('query') === 'huge' ? 20_000 : 1),
    }));
    const client = createPrometheusClient(cfg(url, { maxBytes: 64 * 1024 }));
    const tooLarge = { code: 'too_large:prometheus', status: 502 };
    await expect(client.instantQuery('huge', 1700000000)).rejects.toMatchObject(tooLarge);
    await expect(client.instantQuery('small', 1700000000)).resolves.toHaveLength(1);
  });

  it('refuses an answer over the series cap with too_large:prometheus', async () => {
    const url = await fakePrometheus(() => ({ status: 200, body: vector(11) }));
    const client = createPrometheusClient(cfg(url, { maxSeries: 10 }));
    const tooLarge = { code: 'too_large:prometheus', details: { series: 11, maxSeries: 10 } };
    await expect(client.instantQuery('up', 1700000000)).rejects.toMatchObject(tooLarge);
    const roomier = createPrometheusClient(cfg(url, { maxSeries: 11 }));
    await expect(roomier.instantQuery('up', 1700000000)).resolves.toHaveLength(11);
  });

  it('answers overloaded:prometheus (429, Retry-After) past the queue bound instead of queueing', async () => {
    const url = await fakePrometheus(() => null);
    const client = createPrometheusClient(cfg(url, { timeoutMs: 60_000, concurrency: 1, queueMax: 2 }));
    const controller = new AbortController();
    const hold = (i: number) => client.instantQuery(`q${i}`, 1, { signal: controller.signal }).catch(() => undefined);
    const held = [0, 1, 2].map(hold);
    await new Promise((r) => setTimeout(r, 20));
    expect(() => client.admit()).toThrow(expect.objectContaining({ code: 'overloaded:prometheus', status: 429 }));
    // single queries (those of graphs already admitted) are refused only past twice the bound
    held.push(...[3, 4].map(hold));
    expect(client.load()).toEqual({ active: 1, pending: 4 });
    const err = await client.instantQuery('q5', 1, { signal: controller.signal }).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'overloaded:prometheus', status: 429, retryAfterSeconds: expect.any(Number) });
    controller.abort(new Error('done'));
    await Promise.all(held);
  });
});
