import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { createPrometheusClient } from './client';

let server: Server | undefined;
afterEach(() => new Promise<void>((r) => (server ? server.close(() => r()) : r())));

async function fakePrometheus(handler: (url: URL, headers: IncomingHttpHeaders) => { status: number; body?: unknown } | null): Promise<string> {
  server = createServer((req, res) => {
    const out = handler(new URL(req.url ?? '/', 'http://x'), req.headers);
    if (!out) return; // never answer: a hung backend
    res.writeHead(out.status, { 'Content-Type': 'application/json' }).end(JSON.stringify(out.body ?? {}));
  });
  await new Promise<void>((r) => server!.listen(0, '127.0.0.1', r));
  return `http://127.0.0.1:${(server!.address() as AddressInfo).port}`;
}

const cfg = (url: string, extra: Partial<{ headers: Record<string, string>; timeoutMs: number }> = {}) => ({
  url,
  headers: extra.headers ?? {},
  timeoutMs: extra.timeoutMs ?? 2_000,
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
        body: { status: 'success', data: { resultType: 'vector', result: [{ metric: { source_workload: 'productpage-v1' }, value: [1700000000, '2.5'] }] } },
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
    await expect(client.instantQuery('up')).rejects.toMatchObject({ code: 'unavailable:prometheus', status: 503, message: expect.stringContaining('127.0.0.1:1') });
  });

  it('maps a hung backend to timeout:prometheus within the timeout', async () => {
    const url = await fakePrometheus(() => null);
    const client = createPrometheusClient(cfg(url, { timeoutMs: 300 }));
    const start = Date.now();
    await expect(client.instantQuery('up')).rejects.toMatchObject({ code: 'timeout:prometheus', status: 504 });
    expect(Date.now() - start).toBeLessThan(5_000);
  });

  it('maps bad_data to bad_request:prometheus', async () => {
    const url = await fakePrometheus(() => ({ status: 400, body: { status: 'error', errorType: 'bad_data', error: 'parse error' } }));
    await expect(createPrometheusClient(cfg(url)).instantQuery('sum(')).rejects.toMatchObject({ code: 'bad_request:prometheus' });
  });

  it('reads the version from build info', async () => {
    const url = await fakePrometheus((u) =>
      u.pathname.endsWith('/status/buildinfo') ? { status: 200, body: { status: 'success', data: { version: '2.42.0' } } } : { status: 404 },
    );
    await expect(createPrometheusClient(cfg(url)).buildInfo()).resolves.toEqual({ version: '2.42.0' });
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
    ['the envelope with a result that is not a list', 200, 'application/json', '{"status":"success","data":{"resultType":"vector","result":"x"}}'],
    ['the envelope with an unknown resultType', 200, 'application/json', '{"status":"success","data":{"resultType":"banana","result":[]}}'],
    ['the envelope without data', 200, 'application/json', '{"status":"success"}'],
    ['a proxy error page', 502, 'text/html', '<html>Bad Gateway</html>'],
  ])('reports %s as unavailable:prometheus, not valid Prometheus JSON (not "unreachable")', async (_what, status, type, body) => {
    const url = await rawServer(status, type, body);
    const err = await createPrometheusClient(cfg(url)).instantQuery('up', 1700000000).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'unavailable:prometheus', status: 503, message: expect.stringContaining('not valid Prometheus JSON') });
    expect((err as Error).message).toContain(url);
    expect((err as Error).message).not.toContain('unreachable');
  });

  it('reports a range query whose answer is a vector (not a matrix) the same way', async () => {
    const url = await rawServer(200, 'application/json', '{"status":"success","data":{"resultType":"vector","result":[]}}');
    await expect(createPrometheusClient(cfg(url)).rangeQuery('up', 1700000000, 1700000600, 60)).rejects.toMatchObject({ code: 'unavailable:prometheus', message: expect.stringContaining('not valid Prometheus JSON') });
  });

  it('still reports a refused connection as unreachable', async () => {
    await expect(createPrometheusClient(cfg('http://127.0.0.1:1')).instantQuery('up')).rejects.toMatchObject({ message: expect.stringContaining('unreachable') });
  });
});
