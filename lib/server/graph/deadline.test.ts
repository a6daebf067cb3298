/**
 * The graph route against a slow local Prometheus (issue 12 items 4 and 8): the answer comes at the request's
 * deadline, a request whose client has gone sends no further query, identical requests in flight share one
 * computation, and a full queue answers 429. Counts, not clocks: each test's own time limit is far below what the
 * per-query timeouts (60 s) would take, so a missing deadline fails it.
 */
import { createServer, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { NextRequest } from 'next/server';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { GET } from '@/app/api/namespaces/graph/route';
import { resetAuthConfig } from '@/lib/auth/config';
import { pageRequest, params, route } from '@/lib/auth/test-helpers';
import { resetConfig } from '@/lib/config';
import { resourceByKind } from '@/lib/demo/store/resources';
import { startTestCluster, type TestCluster } from '@/lib/demo/test-cluster';
import { resetKubeClients } from '@/lib/k8s/client';

const graph = route(GET);
const NAMESPACES = 'bookinfo,default,tcp-echo,istio-system';
const FOUR = `/api/namespaces/graph?namespaces=${NAMESPACES}&graphType=versionedApp&duration=60`;

let cluster: TestCluster;
let prom: Server;
/** Queries received; `hold` decides whether a query is answered (after `delayMs`) or never. */
const state = { received: [] as string[], open: new Set<ServerResponse>(), hang: true, delayMs: 0 };

function answer(res: ServerResponse): void {
  const empty = { status: 'success', data: { resultType: 'vector', result: [] } };
  res.writeHead(200, { 'Content-Type': 'application/json' }).end(JSON.stringify(empty));
}

function configure(env: Record<string, string>): void {
  Object.assign(process.env, {
    AUTH_STRATEGY: 'anonymous',
    KUBECONFIG: cluster.kubeconfig,
    PROMETHEUS_URL: `http://127.0.0.1:${(prom.address() as AddressInfo).port}`,
    PROMETHEUS_TIMEOUT_MS: '60000',
    JAEGER_URL: '',
    REQUEST_TIMEOUT_MS: '1000',
    PROMETHEUS_CONCURRENCY: '4',
    PROMETHEUS_QUEUE_MAX: '2000',
    // the counts below are of Kiali's per-namespace queries, with no recorded-series probe before them
    GRAPH_QUERY_STRATEGY: 'namespace',
    PROMETHEUS_RECORDING_RULES: 'off',
    ...env,
  });
  resetConfig();
  resetAuthConfig();
  resetKubeClients();
}

async function settle(): Promise<void> {
  await new Promise((r) => setTimeout(r, 200));
}

beforeAll(async () => {
  // four namespaces that have existed for years (the seeded ones are new: a graph queries only their lifetime)
  cluster = await startTestCluster({ seed: false });
  const namespaces = resourceByKind('v1', 'Namespace')!;
  for (const name of ['bookinfo', 'default', 'tcp-echo', 'istio-system']) {
    const metadata = { name, creationTimestamp: '2020-01-01T00:00:00Z' };
    cluster.store.create(namespaces, { apiVersion: 'v1', kind: 'Namespace', metadata });
  }
  prom = createServer((req, res) => {
    state.received.push(new URL(req.url ?? '/', 'http://x').searchParams.get('query') ?? '');
    state.open.add(res);
    res.on('close', () => state.open.delete(res));
    if (state.hang) return;
    setTimeout(() => answer(res), state.delayMs);
  });
  await new Promise<void>((r) => prom.listen(0, '127.0.0.1', r));
});

/** The URL of the 4-namespace graph at a distinct time (a distinct graph for each `offset`). */
const at = (offset: number) => `${FOUR}&queryTime=${Math.floor(Date.now() / 1000) - offset}`;

afterAll(async () => {
  for (const res of state.open) res.destroy();
  await new Promise<void>((r) => prom.close(() => r()));
  await cluster.stop();
});

beforeEach(() => {
  state.received.length = 0;
  state.hang = true;
  state.delayMs = 0;
});

describe('graph deadline', () => {
  it('answers 504 timeout:prometheus at the deadline while Prometheus hangs, and sends no query after it', async () => {
    configure({});
    const res = await graph(pageRequest(FOUR), params());
    expect(res.status).toBe(504);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe('timeout:prometheus');
    const sent = state.received.length;
    expect(sent).toBe(4); // the four slots of PROMETHEUS_CONCURRENCY, of 24 queries
    await settle();
    expect(state.received.length).toBe(sent);
    expect(state.open.size).toBe(0); // the hung queries were cancelled
  }, 8_000);

  it('sends no further query once the client has gone', async () => {
    configure({ REQUEST_TIMEOUT_MS: '60000' });
    const client = new AbortController();
    const page = pageRequest(FOUR);
    const req = new NextRequest(page.url, { headers: page.headers, signal: client.signal });
    const pending = graph(req, params());
    while (state.received.length < 4) await new Promise((r) => setTimeout(r, 10));
    client.abort();
    await pending;
    await settle();
    expect(state.received.length).toBe(4);
    expect(state.open.size).toBe(0);
  }, 8_000);

  it('computes identical requests in flight once', async () => {
    configure({ REQUEST_TIMEOUT_MS: '10000' });
    state.hang = false;
    state.delayMs = 50;
    const once = await graph(pageRequest(at(3000)), params());
    expect(once.status).toBe(200);
    const single = state.received.length;
    expect(single).toBeGreaterThan(4);
    state.received.length = 0;
    const url = at(4000); // another time: no answer of the first graph is reused
    const answers = await Promise.all([1, 2, 3].map(() => graph(pageRequest(url), params())));
    expect(answers.map((r) => r.status)).toEqual([200, 200, 200]);
    expect(state.received.length).toBe(single);
    // one computation: the timings of its queries and build (all but each request's own total) are the same object's
    const shared = answers.map((r) => r.headers.get('Server-Timing')!.replace(/^total;dur=[\d.]+, /, ''));
    expect(new Set(shared).size).toBe(1);
  });

  it('answers 429 with Retry-After for a new graph while the queue is full, and serves it afterwards', async () => {
    configure({ PROMETHEUS_CONCURRENCY: '1', PROMETHEUS_QUEUE_MAX: '4', REQUEST_TIMEOUT_MS: '1500' });
    const first = graph(pageRequest(at(0)), params());
    while (state.received.length < 1) await new Promise((r) => setTimeout(r, 10)); // 1 query sent, 7 wait
    const refused = await graph(pageRequest(at(1000)), params());
    expect(refused.status).toBe(429);
    expect(Number(refused.headers.get('Retry-After'))).toBeGreaterThanOrEqual(1);
    expect(((await refused.json()) as { error: { code: string } }).error.code).toBe('overloaded:prometheus');
    expect((await first).status).toBe(504);
    state.hang = false;
    await settle(); // the cancelled queries leave the queue
    expect((await graph(pageRequest(at(2000)), params())).status).toBe(200);
  }, 8_000);
});
