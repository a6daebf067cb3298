/**
 * Prometheus-compatible stores as they answer (recorded shapes): Thanos Query's partial responses and `dedup` /
 * `partial_response` parameters, Mimir's tenant header and its `no org id` refusal, VictoriaMetrics' extra parameters.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { loadConfig } from '@/lib/config';
import { createPrometheusClient } from './client';

let server: Server | undefined;
afterEach(() => new Promise<void>((r) => (server ? server.close(() => r()) : r())));

interface Seen {
  path: string;
  params: URLSearchParams;
  headers: Record<string, string | string[] | undefined>;
}

/** A store that records each request and answers with `status`, `body` (JSON, or text as given) and content type. */
async function store(answer: (seen: Seen) => { status: number; body: unknown; type?: string }): Promise<{
  url: string;
  seen: Seen[];
}> {
  const seen: Seen[] = [];
  server = createServer((req, res) => {
    const u = new URL(req.url ?? '/', 'http://x');
    const s = { path: u.pathname, params: u.searchParams, headers: req.headers };
    seen.push(s);
    const out = answer(s);
    const text = typeof out.body === 'string' ? out.body : JSON.stringify(out.body);
    res.writeHead(out.status, { 'Content-Type': out.type ?? 'application/json' }).end(text);
  });
  await new Promise<void>((r) => server!.listen(0, '127.0.0.1', r));
  return { url: `http://127.0.0.1:${(server!.address() as AddressInfo).port}`, seen };
}

const vector = {
  resultType: 'vector',
  result: [{ metric: { destination_service_namespace: 'bookinfo' }, value: [1700000000, '3'] }],
};
const matrix = { resultType: 'matrix', result: [{ metric: {}, values: [[1700000000, '1']] }] };

describe('Thanos Query', () => {
  it('sends PROMETHEUS_QUERY_PARAMS (dedup, partial_response) on queries and range queries, not on other calls', async () => {
    const { url, seen } = await store((s) =>
      s.path.endsWith('/query_range')
        ? { status: 200, body: { status: 'success', data: matrix } }
        : s.path.endsWith('/query')
          ? { status: 200, body: { status: 'success', data: vector } }
          : { status: 200, body: { status: 'success', data: { version: '0.36.1' } } },
    );
    const cfg = loadConfig({ PROMETHEUS_URL: url, PROMETHEUS_QUERY_PARAMS: 'dedup=true&partial_response=false' });
    const client = createPrometheusClient(cfg.prometheus);
    await client.instantQuery('up', 1700000000);
    await client.rangeQuery('up', 1700000000, 1700000060, 15);
    await client.buildInfo();
    const [query, range, info] = seen;
    for (const s of [query!, range!]) {
      expect(s.params.get('dedup')).toBe('true');
      expect(s.params.get('partial_response')).toBe('false');
      expect(s.params.get('query')).toBe('up');
    }
    expect(info!.params.has('dedup')).toBe(false);
  });

  it('returns the samples of a partial response with its warnings, and none on a full one', async () => {
    // Thanos Query with partial_response=true and one store down (its answer, as recorded)
    let partial = true;
    const { url } = await store(() => ({
      status: 200,
      body: {
        status: 'success',
        data: vector,
        ...(partial
          ? { warnings: ['receive the series: rpc error: code = Unavailable desc = store 10.0.3.7:10901 unavailable'] }
          : {}),
      },
    }));
    const client = createPrometheusClient({ url, headers: {}, timeoutMs: 2_000 });
    const answer = await client.instantQuery('sum(rate(istio_requests_total[1m]))', 1700000000);
    expect(answer).toEqual([{ metric: { destination_service_namespace: 'bookinfo' }, value: 3 }]);
    expect(answer.warnings).toEqual([
      'receive the series: rpc error: code = Unavailable desc = store 10.0.3.7:10901 unavailable',
    ]);
    partial = false;
    expect((await client.instantQuery('up', 1700000000)).warnings).toBeUndefined();
  });
});

describe('Mimir and Cortex', () => {
  it('send the tenant header from PROMETHEUS_HEADERS', async () => {
    const { url, seen } = await store(() => ({ status: 200, body: { status: 'success', data: vector } }));
    const cfg = loadConfig({ PROMETHEUS_URL: url, PROMETHEUS_HEADERS: '{"X-Scope-OrgID":"mesh-team"}' });
    await createPrometheusClient(cfg.prometheus).instantQuery('up', 1700000000);
    expect(seen[0]!.headers['x-scope-orgid']).toBe('mesh-team');
  });

  it('without a tenant, "no org id" (401, plain text) becomes an error that says which header to set', async () => {
    const { url } = await store(() => ({ status: 401, body: 'no org id\n', type: 'text/plain; charset=utf-8' }));
    const client = createPrometheusClient({ url, headers: {}, timeoutMs: 2_000 });
    await expect(client.instantQuery('up', 1700000000)).rejects.toMatchObject({
      code: 'unavailable:prometheus',
      message: expect.stringMatching(/X-Scope-OrgID.*PROMETHEUS_HEADERS|PROMETHEUS_HEADERS.*X-Scope-OrgID/),
    });
  });
});

describe('PROMETHEUS_QUERY_PARAMS', () => {
  it('is a query string; names Meshscope sets itself are refused at start-up', () => {
    expect(loadConfig({ PROMETHEUS_QUERY_PARAMS: '?extra_label=cluster%3Deast' }).prometheus.queryParams).toEqual({
      extra_label: 'cluster=east',
    });
    expect(loadConfig({}).prometheus.queryParams).toEqual({});
    expect(() => loadConfig({ PROMETHEUS_QUERY_PARAMS: 'time=0' })).toThrow(/PROMETHEUS_QUERY_PARAMS.*"time"/);
    expect(() => loadConfig({ PROMETHEUS_QUERY_PARAMS: 'a b=1' })).toThrow(/PROMETHEUS_QUERY_PARAMS/);
  });
});
