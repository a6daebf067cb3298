import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import * as k8s from '@kubernetes/client-node';
import { afterEach, describe, expect, it } from 'vitest';
import { runWithSignal } from '@/lib/config/request-deadline';
import { kubeCall, SignalKubeConfig } from './client';

let server: Server | undefined;
afterEach(() => new Promise<void>((r) => (server ? server.close(() => r()) : r())));

/** An API server that never answers, counting requests and the ones whose connection the client closed. */
async function hungApiServer(): Promise<{ url: string; received: () => number; closed: () => number }> {
  let received = 0;
  let closed = 0;
  server = createServer((req, res) => {
    received++;
    res.on('close', () => closed++);
  });
  await new Promise<void>((r) => server!.listen(0, '127.0.0.1', r));
  const url = `http://127.0.0.1:${(server!.address() as AddressInfo).port}`;
  return { url, received: () => received, closed: () => closed };
}

function coreApi(url: string): k8s.CoreV1Api {
  const kc = new SignalKubeConfig();
  kc.loadFromOptions({
    clusters: [{ name: 'c', server: url, skipTLSVerify: true }],
    users: [{ name: 'u', token: 't' }],
    contexts: [{ name: 'x', cluster: 'c', user: 'u' }],
    currentContext: 'x',
  });
  return kc.makeApiClient(k8s.CoreV1Api);
}

describe('Kubernetes calls and the request deadline', () => {
  it('cancels the HTTP request at the deadline and answers timeout:k8s', async () => {
    const api = await hungApiServer();
    const core = coreApi(api.url);
    const err = await runWithSignal(AbortSignal.timeout(200), () =>
      kubeCall({ server: api.url, timeoutMs: 60_000 }, () => core.listNamespace()).catch((e: unknown) => e),
    );
    const message = expect.stringContaining("request's deadline");
    expect(err).toMatchObject({ code: 'timeout:k8s', status: 504, message });
    for (let i = 0; i < 100 && api.closed() < 1; i++) await new Promise((r) => setTimeout(r, 10));
    expect([api.received(), api.closed()]).toEqual([1, 1]);
  }, 5_000);

  it('sends nothing once the request has gone', async () => {
    const api = await hungApiServer();
    const core = coreApi(api.url);
    const err = await runWithSignal(AbortSignal.abort(new Error('client gone')), () =>
      kubeCall({ server: api.url, timeoutMs: 60_000 }, () => core.listNamespace()).catch((e: unknown) => e),
    );
    expect(err).toMatchObject({ code: 'timeout:k8s', message: expect.stringContaining('client went away') });
    await new Promise((r) => setTimeout(r, 50));
    expect(api.received()).toBe(0);
  });

  it('still times out a single call after KUBE_TIMEOUT_MS outside a request', async () => {
    const api = await hungApiServer();
    const core = coreApi(api.url);
    const call = kubeCall({ server: api.url, timeoutMs: 200 }, () => core.listNamespace());
    const err = await call.catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'timeout:k8s', message: expect.stringContaining('within 0.2 s') });
  }, 5_000);
});
