import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { BackendConfig } from '@/lib/config';
import { MeshscopeError } from '@/lib/errors';
import { runWithSignal } from '@/lib/config/request-deadline';
import { createJaegerClient } from './client';
import { NOT_FOUND, refusedUrl, startFakeJaeger, v1Jaeger, v3Jaeger, type FakeJaeger } from './fake-jaeger';

let fake: FakeJaeger | undefined;
afterEach(async () => {
  await fake?.close();
  fake = undefined;
});

function config(url: string, extra: Partial<BackendConfig> = {}): BackendConfig {
  return { url, headers: {}, timeoutMs: 5000, ...extra };
}

/** The MeshscopeError a promise rejects with (fails the test if it resolves or throws something else). */
async function failure(p: Promise<unknown>): Promise<MeshscopeError> {
  const err = await p.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(MeshscopeError);
  return err as MeshscopeError;
}

describe('API detection', () => {
  it('detects v3 from GET /api/v3/services and caches it', async () => {
    fake = await startFakeJaeger(v3Jaeger);
    const client = createJaegerClient(config(fake.url));
    expect(await client.detectApi()).toBe('v3');
    expect(await client.detectApi()).toBe('v3');
    expect(await client.operations('foo')).toEqual(['get_users']);
    expect(fake.requests.map((r) => r.path)).toEqual(['/api/v3/services', '/api/v3/operations']);
  });

  it('falls back to v1 when /api/v3/services is 404', async () => {
    fake = await startFakeJaeger(v1Jaeger);
    const client = createJaegerClient(config(fake.url));
    expect(await client.detectApi()).toBe('v1');
    expect(await client.services()).toEqual(['api-gateway', 'customers-service']);
    expect(fake.requests.map((r) => r.path)).toEqual(['/api/v3/services', '/api/services', '/api/services']);
  });

  it('says where to look when neither API answers', async () => {
    fake = await startFakeJaeger(() => NOT_FOUND);
    const err = await failure(createJaegerClient(config(fake.url)).detectApi());
    expect(err.code).toBe('unavailable:jaeger');
    expect(err.message).toContain(fake.url);
    expect(err.message).toContain('JAEGER_URL');
  });

  it('detects again after a failed request', async () => {
    fake = await startFakeJaeger(v3Jaeger);
    const client = createJaegerClient(config(fake.url));
    await client.detectApi();
    fake.setHandler(() => ({ status: 503, body: { error: { httpCode: 503, message: 'storage down' } } }));
    const err = await failure(client.operations('foo'));
    expect(err.code).toBe('unavailable:jaeger');
    expect(err.message).toContain('storage down');
    fake.setHandler(v1Jaeger); // Jaeger was replaced by an older one
    expect(await client.operations('api-gateway')).toHaveLength(2);
    expect(await client.detectApi()).toBe('v1');
  });

  it('ping probes again and reports the API and latency', async () => {
    fake = await startFakeJaeger(v3Jaeger);
    const client = createJaegerClient(config(fake.url));
    await client.detectApi();
    // the probe now takes at least 40 ms to answer (the fake blocks before it answers)
    fake.setHandler((req) => {
      const until = performance.now() + 40;
      while (performance.now() < until) {
        // busy: a slow Jaeger
      }
      return v3Jaeger(req);
    });
    const pong = await client.ping();
    expect(pong.api).toBe('v3');
    expect(Number.isInteger(pong.latencyMs)).toBe(true); // whole milliseconds
    expect(pong.latencyMs).toBeGreaterThanOrEqual(40); // measured around the probe, in ms (not s, not 0)
    expect(fake.requests).toHaveLength(2);
  });
});

describe('failures', () => {
  it('times out after cfg.timeoutMs when Jaeger never answers', async () => {
    fake = await startFakeJaeger(() => 'hang');
    const err = await failure(createJaegerClient(config(fake.url, { timeoutMs: 200 })).services());
    expect(err.code).toBe('timeout:jaeger');
    expect(err.status).toBe(504);
    expect(err.message).toBe(`Jaeger did not answer within 0.2 s at ${fake.url}/api/v3/services`);
  });

  it('answers timeout:jaeger at the request deadline, before its own timeout', async () => {
    fake = await startFakeJaeger(() => 'hang');
    const client = createJaegerClient(config(fake.url, { timeoutMs: 60_000 }));
    const err = await failure(runWithSignal(AbortSignal.timeout(200), () => client.services()));
    expect(err.code).toBe('timeout:jaeger');
    expect(err.message).toContain("before the request's deadline");
  }, 5_000);

  it('refuses an answer over JAEGER_MAX_BYTES with too_large:jaeger, and keeps working', async () => {
    const big = { data: Array.from({ length: 5000 }, (_, i) => `service-${i}`) };
    fake = await startFakeJaeger(({ path }) =>
      path === '/api/v3/services' ? { status: 200, body: { services: big.data } } : NOT_FOUND,
    );
    const err = await failure(createJaegerClient({ ...config(fake.url), maxBytes: 4096 }).services());
    expect(err).toMatchObject({ code: 'too_large:jaeger', status: 502 });
    fake.setHandler(v3Jaeger);
    await expect(createJaegerClient({ ...config(fake.url), maxBytes: 4096 }).services()).resolves.toContain('foo');
  });

  it('reports a refused connection as unavailable, naming the URL', async () => {
    const url = await refusedUrl();
    const err = await failure(createJaegerClient(config(url)).services());
    expect(err.code).toBe('unavailable:jaeger');
    expect(err.message).toContain(`Jaeger unreachable at ${url}`);
    expect(err.message).toContain('ECONNREFUSED');
  });

  it('maps 5xx to unavailable and 401 to forbidden', async () => {
    fake = await startFakeJaeger(() => ({ status: 502, body: 'bad gateway' }));
    expect((await failure(createJaegerClient(config(fake.url)).detectApi())).code).toBe('unavailable:jaeger');
    fake.setHandler(() => ({ status: 401, body: 'unauthorized' }));
    const err = await failure(createJaegerClient(config(fake.url)).detectApi());
    expect(err.code).toBe('forbidden:jaeger');
    expect(err.message).toContain('JAEGER_TOKEN_FILE');
  });

  it('rejects a bad trace id or service name before any request', async () => {
    fake = await startFakeJaeger(v3Jaeger);
    const fetchSpy = vi.fn(fetch);
    const client = createJaegerClient(config(fake.url), fetchSpy);
    for (const id of ['', 'xyz', '0'.repeat(33), '../api/services', '1234 ']) {
      expect((await failure(client.getTrace(id))).code).toBe('bad_request:jaeger');
    }
    expect((await failure(client.operations('reviews/../x'))).code).toBe('bad_request:jaeger');
    expect((await failure(client.findTraces({ service: 'a'.repeat(254), startMs: 0, endMs: 1 }))).code).toBe(
      'bad_request:jaeger',
    );
    expect((await failure(client.findTraces({ service: 'reviews.bookinfo', startMs: 10, endMs: 5 }))).code).toBe(
      'bad_request:jaeger',
    );
    expect(
      (await failure(client.findTraces({ service: 'reviews.bookinfo', startMs: 0, endMs: 5, limit: 0 }))).code,
    ).toBe('bad_request:jaeger');
    expect(fetchSpy).not.toHaveBeenCalled();
    expect(fake.requests).toHaveLength(0);
  });
});

describe('request headers', () => {
  it('sends configured headers and the bearer token, re-reading the token file', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'meshscope-jaeger-'));
    try {
      const tokenFile = path.join(dir, 'token');
      writeFileSync(tokenFile, 'first-token\n');
      fake = await startFakeJaeger(v3Jaeger);
      const client = createJaegerClient(config(fake.url, { headers: { 'X-Scope-OrgID': 'tenant-1' }, tokenFile }));
      await client.detectApi();
      writeFileSync(tokenFile, 'rotated-token\n');
      await client.operations('foo');
      expect(fake.requests.map((r) => r.headers.authorization)).toEqual(['Bearer first-token', 'Bearer rotated-token']);
      expect(fake.requests.every((r) => r.headers['x-scope-orgid'] === 'tenant-1')).toBe(true);
      expect(fake.requests[0]?.headers.accept).toBe('application/json');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('reports an unreadable token file without sending the request', async () => {
    fake = await startFakeJaeger(v3Jaeger);
    const err = await failure(
      createJaegerClient(config(fake.url, { tokenFile: '/nonexistent/meshscope-token' })).detectApi(),
    );
    expect(err.code).toBe('unavailable:jaeger');
    expect(err.message).toContain('/nonexistent/meshscope-token');
    expect(fake.requests).toHaveLength(0);
  });
});
