import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import * as k8s from '@kubernetes/client-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rejection } from '@/lib/errors/test-helpers';
import { makeApi } from './capped-http';
import { kubeCall } from './client';
import { clientsAt } from './test-helpers';

/** A pod list of `n` pods, each with a long label, as the API server sends it. */
function podList(n: number): string {
  const items = Array.from({ length: n }, (_, i) => ({
    metadata: { name: `p${i}`, namespace: 'big', labels: { filler: 'x'.repeat(60) } },
  }));
  return JSON.stringify({ apiVersion: 'v1', kind: 'PodList', metadata: {}, items });
}

let server: Server;
let url: string;
let served = 0;

beforeAll(async () => {
  server = createServer((req, res) => {
    served++;
    const n = Number(new URL(req.url ?? '/', 'http://x').searchParams.get('limit') ?? '1');
    const body = podList(n);
    if (req.url?.includes('/namespaces/chunked/')) {
      // no Content-Length: the cap must hold while the body streams in
      res.writeHead(200, { 'Content-Type': 'application/json' });
      for (let i = 0; i < body.length; i += 1000) res.write(body.slice(i, i + 1000));
      res.end();
      return;
    }
    res.writeHead(200, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(body) }).end(body);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((r) => server.close(() => r())));

describe('the Kubernetes answer cap K8S_MAX_BYTES (issue 12)', () => {
  const list = (namespace: string, limit: number) => (c: ReturnType<typeof clientsAt>) =>
    kubeCall(c, () => c.core.listNamespacedPod({ namespace, limit }));

  it('reads an answer under the cap', async () => {
    const pods = await list('big', 3)(clientsAt(url, { maxBytes: 64 * 1024 }));
    expect(pods.items.map((p) => p.metadata?.name)).toEqual(['p0', 'p1', 'p2']);
  });

  it('refuses an answer whose Content-Length is over the cap with too_large:k8s (502) naming the variable', async () => {
    const err = await rejection(list('big', 500)(clientsAt(url, { maxBytes: 4096 })));
    expect(err).toMatchObject({ code: 'too_large:k8s', status: 502, details: { maxBytes: 4096 } });
    expect(err.message).toContain('K8S_MAX_BYTES');
  });

  it('refuses a chunked answer (no Content-Length) once it grows past the cap', async () => {
    const err = await rejection(list('chunked', 500)(clientsAt(url, { maxBytes: 4096 })));
    expect(err.code).toBe('too_large:k8s');
  });

  it('keeps serving after a refused answer', async () => {
    const c = clientsAt(url, { maxBytes: 4096 });
    await rejection(list('big', 500)(c));
    const before = served;
    expect((await list('big', 2)(c)).items).toHaveLength(2);
    expect(served).toBe(before + 1);
  });

  it('a kubeconfig without a current cluster gives unavailable:k8s, not a plain Error', () => {
    const kc = new k8s.KubeConfig();
    kc.loadFromOptions({
      clusters: [{ name: 'c', server: url }],
      users: [{ name: 'u' }],
      contexts: [],
      currentContext: '',
    });
    let err: unknown;
    try {
      makeApi(kc, k8s.CoreV1Api, 4096);
    } catch (e) {
      err = e;
    }
    expect(err).toMatchObject({ code: 'unavailable:k8s', message: expect.stringContaining('current-context') });
  });
});
