/**
 * Detection of the recorded series (Istio's production-scale Prometheus recording rules, `workload:<metric>`): one
 * probe, kept for its TTL and shared, a failure meaning "raw metrics"; and long queries (the graph's batched ones)
 * sent to the store in a POST body.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPrometheusClient, POST_ABOVE_CHARS } from './client';
import { createRecordedSeriesDetector, recordedSeriesProbe } from './recorded-series';

describe('recorded series detector', () => {
  it('lists the recorded metrics the probe finds, asks once per TTL, and reads raw metrics once a probe fails', async () => {
    let clock = 1000; // lru-cache reads a start time of 0 as "no start"
    const asked: string[] = [];
    let fail = false;
    const detector = createRecordedSeriesDetector(
      async (q) => {
        asked.push(q);
        if (fail) throw new Error('down');
        return [
          { metric: { metric: 'istio_requests_total' }, value: 120 },
          { metric: { metric: 'istio_tcp_sent_bytes_total' }, value: 4 },
          { metric: { metric: 'not_a_graph_metric' }, value: 1 },
        ];
      },
      { ttlMs: 1000, now: () => clock },
    );
    expect([...(await detector.get())].sort()).toEqual(['istio_requests_total', 'istio_tcp_sent_bytes_total']);
    await detector.get();
    expect(asked).toEqual([recordedSeriesProbe()]);
    clock = 2001;
    fail = true;
    // past the TTL: the last answer at once, while the probe runs again (and fails: raw metrics from then on)
    expect((await detector.get()).size).toBe(2);
    expect(asked).toHaveLength(2);
    await new Promise((r) => setTimeout(r, 0));
    expect((await detector.get()).size).toBe(0);
  });

  it('past the TTL a request does not wait for the probe: it gets the last answer, the next one the new answer', async () => {
    let clock = 1000;
    let answer: string[] = ['istio_requests_total'];
    let release: () => void = () => undefined;
    let hold = false;
    const detector = createRecordedSeriesDetector(
      async () => {
        if (hold) await new Promise<void>((r) => (release = r));
        return answer.map((metric) => ({ metric: { metric }, value: 1 }));
      },
      { ttlMs: 1000, now: () => clock },
    );
    expect([...(await detector.get())]).toEqual(['istio_requests_total']);
    clock = 2001;
    hold = true;
    answer = [];
    // the probe hangs: the request is answered anyway, from the last probe
    expect([...(await detector.get())]).toEqual(['istio_requests_total']);
    release();
    await new Promise((r) => setTimeout(r, 0));
    expect([...(await detector.get())]).toEqual([]);
  });

  it('probes the workload: series of the graph metrics by name', () => {
    expect(recordedSeriesProbe()).toMatch(
      /^count by \(metric\) \(label_replace\(\{__name__=~"workload:\(istio_requests_total\|/,
    );
  });
});

describe('long instant queries', () => {
  let server: Server;
  const seen: { method: string; query: string | null }[] = [];
  beforeAll(async () => {
    server = createServer((req, res) => {
      let body = '';
      req.on('data', (c: Buffer) => (body += c.toString()));
      req.on('end', () => {
        const url = new URL(req.url ?? '/', 'http://x');
        const query = req.method === 'POST' ? new URLSearchParams(body).get('query') : url.searchParams.get('query');
        seen.push({ method: req.method ?? '', query });
        res.writeHead(200, { 'Content-Type': 'application/json' });
        res.end(JSON.stringify({ status: 'success', data: { resultType: 'vector', result: [] } }));
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  });
  afterAll(() => new Promise<void>((r) => server.close(() => r())));

  it('go in a POST body, short ones in the URL', async () => {
    const client = createPrometheusClient({
      url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
      headers: {},
      timeoutMs: 5000,
    });
    const long = `sum(up{namespace=~"${Array.from({ length: 400 }, (_, i) => `ns-${i}`).join('|')}"})`;
    expect(long.length).toBeGreaterThan(POST_ABOVE_CHARS);
    await client.instantQuery('up', 1735689600);
    await client.instantQuery(long, 1735689600);
    expect(seen).toEqual([
      { method: 'GET', query: 'up' },
      { method: 'POST', query: long },
    ]);
  });
});
