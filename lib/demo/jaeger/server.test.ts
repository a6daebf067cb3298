import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '../metrics/listen';
import { createTrafficEngine, type TrafficEngine } from '../traffic/engine';
import { bookinfoStore, bookinfoWith, runTicks, T0 } from '../traffic/test-fixtures';
import { startJaegerServer } from './server';
import type { OtlpResourceSpans, V1Trace } from './wire';

const FIXTURES = path.resolve(__dirname, '../../jaeger/testdata');
const fixture = (rel: string): Record<string, unknown> =>
  JSON.parse(readFileSync(path.join(FIXTURES, rel), 'utf8')) as Record<string, unknown>;
const sortedKeys = (o: object): string[] => Object.keys(o).sort();

describe('Jaeger query API of the demo mesh', () => {
  let engine: TrafficEngine;
  let server: RunningServer;
  const nowMs = T0 + 61_000;
  const get = async (p: string): Promise<{ status: number; body: Record<string, unknown> }> => {
    const res = await fetch(`${server.url}${p}`);
    return { status: res.status, body: (await res.json()) as Record<string, unknown> };
  };

  beforeAll(async () => {
    const store = bookinfoWith({
      apiVersion: 'networking.istio.io/v1',
      kind: 'VirtualService',
      metadata: { name: 'ratings', namespace: 'bookinfo' },
      spec: {
        hosts: ['ratings'],
        http: [
          {
            fault: { abort: { httpStatus: 500, percentage: { value: 50 } } },
            route: [{ destination: { host: 'ratings' } }],
          },
        ],
      },
    });
    engine = createTrafficEngine(store, { seed: 6 });
    runTicks(engine, 60);
    server = await startJaegerServer({ engine, port: 0, now: () => nowMs });
  });
  afterAll(() => server.close());

  it('v1 /api/services lists Istio’s <app>.<namespace> names in the v1 envelope', async () => {
    const { status, body } = await get('/api/services');
    expect(status).toBe(200);
    expect(body).toMatchObject({ limit: 0, offset: 0, errors: null });
    expect(body.data).toEqual(
      expect.arrayContaining([
        'istio-ingressgateway.istio-system',
        'productpage.bookinfo',
        'details.bookinfo',
        'reviews.bookinfo',
        'ratings.bookinfo',
        'httpbin.default',
        'curl.default',
      ]),
    );
    expect(body.total).toBe((body.data as unknown[]).length);
    const ops = await get('/api/services/reviews.bookinfo/operations');
    expect(ops.body.data).toEqual([
      'ratings.bookinfo.svc.cluster.local:9080/*',
      'reviews.bookinfo.svc.cluster.local:9080/*',
    ]);
    const withKind = await get('/api/operations?service=reviews.bookinfo&spanKind=server');
    expect(withKind.body.data).toEqual([{ name: 'reviews.bookinfo.svc.cluster.local:9080/*', spanKind: 'server' }]);
  });

  it('v1 /api/traces returns traces shaped like the Jaeger UI fixtures, times in µs', async () => {
    const start = (T0 + 1000) * 1000;
    const { status, body } = await get(
      `/api/traces?service=productpage.bookinfo&start=${start}&end=${nowMs * 1000}&limit=20`,
    );
    expect(status).toBe(200);
    const traces = body.data as V1Trace[];
    expect(traces).toHaveLength(20);
    const ref = fixture('v1/trace-graph.json') as unknown as V1Trace;
    for (const t of traces) {
      expect(sortedKeys(t)).toEqual(sortedKeys(ref));
      expect(t.traceID).toMatch(/^[0-9a-f]{32}$/);
      for (const s of t.spans) {
        expect(sortedKeys(s)).toEqual(sortedKeys(ref.spans[0]!));
        expect(s.spanID).toMatch(/^[0-9a-f]{16}$/);
        expect(s.startTime).toBeGreaterThanOrEqual(start - 1_000_000);
        expect(s.startTime).toBeLessThanOrEqual(nowMs * 1000);
        expect(Number.isInteger(s.duration)).toBe(true);
        expect(t.processes[s.processID]?.serviceName).toMatch(/^[a-z0-9-]+\.[a-z0-9-]+$/); // <app>.<namespace>
        for (const tag of s.tags) expect(sortedKeys(tag)).toEqual(['key', 'type', 'value']);
      }
    }
    const t = traces.find((x) =>
      x.spans.some(
        (s) =>
          s.operationName.startsWith('reviews.') && x.processes[s.processID]!.serviceName === 'productpage.bookinfo',
      ),
    )!;
    const service = (s: V1Trace['spans'][number]): string => t.processes[s.processID]!.serviceName;
    const tag = (s: V1Trace['spans'][number], k: string): unknown => s.tags.find((x) => x.key === k)?.value;
    const server = t.spans.find((s) => service(s) === 'productpage.bookinfo' && tag(s, 'span.kind') === 'server')!;
    expect(server.operationName).toBe('productpage.bookinfo.svc.cluster.local:9080/*');
    expect(tag(server, 'node_id')).toMatch(
      /^sidecar~[\d.]+~productpage-v1-[\w-]+\.bookinfo~bookinfo\.svc\.cluster\.local$/,
    );
    expect(tag(server, 'component')).toBe('proxy');
    expect(tag(server, 'istio.canonical_service')).toBe('productpage');
    const parent = t.spans.find((s) => s.spanID === server.references[0]!.spanID)!;
    expect(service(parent)).toMatch(/^(istio-ingressgateway\.istio-system|curl\.default)$/);
    const toReviews = t.spans.find(
      (s) => service(s) === 'productpage.bookinfo' && s.operationName.startsWith('reviews.'),
    )!;
    expect(tag(toReviews, 'upstream_cluster')).toBe('outbound|9080||reviews.bookinfo.svc.cluster.local');
    expect(tag(toReviews, 'http.method')).toBe('GET');
    expect(toReviews.references[0]!.spanID).toBe(server.spanID);
    expect(toReviews.startTime).toBeGreaterThanOrEqual(server.startTime);
    expect(toReviews.startTime + toReviews.duration).toBeLessThanOrEqual(server.startTime + server.duration);
  });

  it('v1 filters by tags, durations and time, and gets one trace by id', async () => {
    const errors = await get(
      `/api/traces?service=reviews.bookinfo&tags=${encodeURIComponent('{"error":"true"}')}&limit=50`,
    );
    const list = errors.body.data as V1Trace[];
    expect(list.length).toBeGreaterThan(0);
    for (const t of list)
      expect(t.spans.some((s) => s.tags.some((x) => x.key === 'error' && x.value === true))).toBe(true);
    const inCluster = await get(
      `/api/traces?service=details.bookinfo&tags=${encodeURIComponent('{"istio.cluster_id":"Kubernetes"}')}&limit=3`,
    );
    expect(inCluster.body.data).toHaveLength(3);
    const slow = await get('/api/traces?service=productpage.bookinfo&minDuration=1h');
    expect(slow.body.data).toEqual([]);
    const old = await get(`/api/traces?service=productpage.bookinfo&start=0&end=${(T0 - 1) * 1000}`);
    expect(old.body.data).toEqual([]);
    const id = list[0]!.traceID;
    const one = await get(`/api/traces/${id}`);
    expect((one.body.data as V1Trace[])[0]!.traceID).toBe(id);
    const missing = await get('/api/traces/0123456789abcdef0123456789abcdef');
    expect(missing.status).toBe(404);
    expect(missing.body).toMatchObject({ data: null, errors: [{ code: 404, msg: 'trace not found' }] });
    expect((await get('/api/traces')).status).toBe(400);
  });

  it('v3 answers OTLP JSON like Jaeger 2.x: {result:{resourceSpans}}, hex ids, ns strings', async () => {
    expect((await get('/api/v3/services')).body).toEqual({
      services: expect.arrayContaining(['productpage.bookinfo']),
    });
    expect(sortedKeys((await get('/api/v3/services')).body)).toEqual(sortedKeys(fixture('v3/GetServices.json')));
    const ops = await get('/api/v3/operations?service=details.bookinfo');
    expect(ops.body).toEqual({
      operations: [{ name: 'details.bookinfo.svc.cluster.local:9080/*', spanKind: 'server' }],
    });
    const min = new Date(T0).toISOString();
    const max = new Date(nowMs).toISOString();
    const { status, body } = await get(
      `/api/v3/traces?query.service_name=ratings.bookinfo&query.start_time_min=${min}&query.start_time_max=${max}&query.num_traces=3`,
    );
    expect(status).toBe(200);
    const result = body.result as { resourceSpans: OtlpResourceSpans[] };
    const ref = (fixture('v3/example_trace_otlp.json') as { resourceSpans: OtlpResourceSpans[] }).resourceSpans[0]!;
    expect(sortedKeys(result.resourceSpans[0]!)).toEqual(sortedKeys(ref));
    const traceIds = new Set<string>();
    for (const rs of result.resourceSpans) {
      expect(rs.resource.attributes[0]).toEqual({
        key: 'service.name',
        value: { stringValue: expect.stringMatching(/\.\w/) },
      });
      for (const s of rs.scopeSpans[0]!.spans) {
        traceIds.add(s.traceId);
        expect(s.traceId).toMatch(/^[0-9a-f]{32}$/);
        expect(s.spanId).toMatch(/^[0-9a-f]{16}$/);
        expect(s.startTimeUnixNano).toMatch(/^\d{19}$/);
        expect(BigInt(s.endTimeUnixNano)).toBeGreaterThan(BigInt(s.startTimeUnixNano));
        expect(BigInt(s.startTimeUnixNano) / 1_000_000n).toBeGreaterThanOrEqual(BigInt(T0));
        expect([2, 3]).toContain(s.kind);
        if (s.attributes.some((a) => a.key === 'error')) expect(s.status).toEqual({ code: 2 });
      }
    }
    expect(traceIds.size).toBe(3);
    const [id] = [...traceIds];
    const one = await get(`/api/v3/traces/${id}`);
    expect(sortedKeys(one.body)).toEqual(sortedKeys(fixture('v3/GetTrace.json')));
    expect((await get('/api/v3/traces/ffffffffffffffffffffffffffffffff')).status).toBe(404);
    const none = await get(
      `/api/v3/traces?query.service_name=nope&query.start_time_min=${min}&query.start_time_max=${max}`,
    );
    expect(none).toEqual({ status: 404, body: { error: { httpCode: 404, message: 'No traces found' } } });
    expect((await get('/api/v3/traces?query.service_name=ratings.bookinfo')).status).toBe(400);
    const slow = await get(
      `/api/v3/traces?query.serviceName=ratings.bookinfo&query.startTimeMin=${min}&query.startTimeMax=${max}&query.durationMin=1h`,
    );
    expect(slow.status).toBe(404);
  });

  it('keeps a bounded buffer of traces', () => {
    const small = createTrafficEngine(bookinfoStore(), { seed: 5, traceCapacity: 10 });
    runTicks(small, 60);
    expect(small.traces.size).toBe(10);
    expect(small.traces.list()).toHaveLength(10);
  });
});
