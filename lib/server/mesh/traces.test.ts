import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { resetConfig } from '@/lib/config';
import { normalizeV1Trace } from '@/lib/jaeger';
import type { V1Trace } from '@/lib/jaeger/normalize-v1';
import {
  NOT_FOUND,
  readFixture,
  refusedUrl,
  startFakeJaeger,
  type FakeHandler,
  type FakeJaeger,
} from '@/lib/jaeger/fake-jaeger';
import { BadRequestError } from '@/lib/promql/index';
import { bookinfoInventory } from '@/lib/server/testdata/bookinfo';
import { ISTIO_V1_TRACE } from '@/lib/server/testdata/istio-trace';
import { filterWorkloadTraces, parseTraceSearch, podOfNodeId, searchTraces, tracingTargetIn } from './traces';

vi.mock('@/lib/k8s/inventory', () => ({ getInventory: async () => bookinfoInventory() }));

describe('parseTraceSearch (Kiali parameter names)', () => {
  const now = 1_700_000_600_000;
  it('defaults to the last 10 minutes, limit 100, no filters', () => {
    expect(parseTraceSearch(new URLSearchParams(), now)).toEqual({
      startMs: now - 600_000,
      endMs: now,
      limit: 100,
      minDurationMs: undefined,
      tags: {},
    });
  });
  it('reads µs times and minimum duration into ms, tags as JSON, and errorsOnly as error=true', () => {
    const s = parseTraceSearch(
      new URLSearchParams({
        startMicros: '1700000000000000',
        endMicros: '1700000060000000',
        minDuration: '250000',
        limit: '20',
        tags: '{"http.status_code":"500"}',
        errorsOnly: 'true',
      }),
      now,
    );
    expect(s).toEqual({
      startMs: 1_700_000_000_000,
      endMs: 1_700_000_060_000,
      limit: 20,
      minDurationMs: 250,
      tags: { 'http.status_code': '500', error: 'true' },
    });
  });
  it('refuses bad limits, tags and ranges, naming the parameter', () => {
    expect(() => parseTraceSearch(new URLSearchParams({ limit: '0' }), now)).toThrow(
      expect.objectContaining({ param: 'limit' }),
    );
    expect(() => parseTraceSearch(new URLSearchParams({ limit: '2000' }), now)).toThrow(BadRequestError);
    expect(() => parseTraceSearch(new URLSearchParams({ limit: '0x10' }), now)).toThrow(
      expect.objectContaining({ param: 'limit' }),
    );
    expect(() => parseTraceSearch(new URLSearchParams({ endMicros: '1.7e15' }), now)).toThrow(
      expect.objectContaining({ param: 'endMicros' }),
    );
    expect(() => parseTraceSearch(new URLSearchParams({ tags: '{"a":1}' }), now)).toThrow(
      expect.objectContaining({ param: 'tags' }),
    );
    expect(() => parseTraceSearch(new URLSearchParams({ tags: 'nope' }), now)).toThrow(BadRequestError);
    expect(() => parseTraceSearch(new URLSearchParams({ startMicros: '2000', endMicros: '1000' }), now)).toThrow(
      expect.objectContaining({ param: 'startMicros' }),
    );
  });
});

describe('Istio names and workload narrowing', () => {
  const trace = normalizeV1Trace(ISTIO_V1_TRACE as unknown as V1Trace);

  it('normalises the Istio trace: µs → ms, parents from references, Envoy fields', () => {
    expect(trace.durationMs).toBe(45.25);
    expect(trace.rootService).toBe('productpage.bookinfo');
    const aborted = trace.spans.find((s) => s.spanId === '0000000000000004')!;
    expect(aborted.parentSpanId).toBe('0000000000000003');
    expect(aborted.durationMs).toBe(0.18);
    expect(aborted).toMatchObject({
      responseFlags: 'FI',
      upstreamCluster: 'outbound|9080|v1|ratings.bookinfo.svc.cluster.local',
      statusCode: 500,
      hasError: true,
    });
  });

  it('reads the pod from an Envoy node_id', () => {
    expect(podOfNodeId('sidecar~10.244.0.7~reviews-v2-abc12.bookinfo~bookinfo.svc.cluster.local')).toEqual({
      pod: 'reviews-v2-abc12',
      namespace: 'bookinfo',
    });
    expect(podOfNodeId('garbage')).toBeNull();
  });

  it('keeps the traces with a span from one of the workload pods', () => {
    expect(filterWorkloadTraces([trace], 'reviews-v2', 'bookinfo', ['reviews-v2-abc12'])).toHaveLength(1);
    expect(filterWorkloadTraces([trace], 'reviews-v1', 'bookinfo', ['reviews-v1-abc12'])).toHaveLength(0);
    expect(filterWorkloadTraces([trace], 'reviews-v2', 'default', [])).toHaveLength(0);
    expect(filterWorkloadTraces([trace], 'reviews-v2', 'bookinfo', [])).toHaveLength(1); // by name prefix when pods are unknown
  });

  it('maps apps, workloads and services to `<canonical service>.<namespace>`', () => {
    const inv = bookinfoInventory();
    expect(tracingTargetIn(inv, 'apps', 'bookinfo', 'productpage')).toEqual({ service: 'productpage.bookinfo' });
    expect(tracingTargetIn(inv, 'workloads', 'bookinfo', 'reviews-v2')).toEqual({
      service: 'reviews.bookinfo',
      workloadPods: ['reviews-v2-abc12'],
    });
    expect(tracingTargetIn(inv, 'services', 'bookinfo', 'ratings')).toEqual({ service: 'ratings.bookinfo' });
    expect(() => tracingTargetIn(inv, 'apps', 'bookinfo', 'nope')).toThrow(
      expect.objectContaining({ code: 'not_found:k8s' }),
    );
  });
});

describe('searchTraces against a Jaeger (v1 and v3)', () => {
  let fake: FakeJaeger;
  const v1Istio: FakeHandler = ({ path }) => {
    if (path === '/api/services') return { status: 200, body: { data: ['productpage.bookinfo', 'reviews.bookinfo'] } };
    if (path === '/api/traces') return { status: 200, body: { data: [ISTIO_V1_TRACE], total: 1 } };
    return NOT_FOUND;
  };
  const v3: FakeHandler = ({ path }) => {
    if (path === '/api/v3/services') return { status: 200, body: readFixture('v3/GetServices.json') };
    if (path === '/api/v3/traces') return { status: 200, body: readFixture('v3/FindTraces.json') };
    return NOT_FOUND;
  };
  beforeAll(async () => {
    fake = await startFakeJaeger(v1Istio);
    process.env.JAEGER_URL = fake.url;
    process.env.JAEGER_EXTERNAL_URL = 'https://jaeger.example.com';
    resetConfig();
  });
  afterAll(async () => {
    await fake.close();
    delete process.env.JAEGER_URL;
    delete process.env.JAEGER_EXTERNAL_URL;
    resetConfig();
  });
  const search = { startMs: 1_700_000_000_000, endMs: 1_700_000_600_000, limit: 20, tags: { error: 'true' } };

  it('v1: asks for `<app>.<namespace>` in µs and returns ms traces with the external URL', async () => {
    const res = await searchTraces('apps', 'bookinfo', 'productpage', search);
    expect(res).toMatchObject({
      service: 'productpage.bookinfo',
      api: 'v1',
      externalUrl: 'https://jaeger.example.com',
    });
    expect(res.traces[0]!.durationMs).toBe(45.25);
    const req = fake.requests.findLast((r) => r.path === '/api/traces')!;
    expect(Object.fromEntries(req.query)).toMatchObject({
      service: 'productpage.bookinfo',
      start: '1700000000000000',
      end: '1700000600000000',
      limit: '20',
      tags: '{"error":"true"}',
    });
  });

  it('v1: a workload only gets traces its pods took part in', async () => {
    expect((await searchTraces('workloads', 'bookinfo', 'reviews-v2', search)).traces).toHaveLength(1);
    expect((await searchTraces('workloads', 'bookinfo', 'reviews-v1', search)).traces).toHaveLength(0);
  });

  it('v3 (OTLP): detected after a failure, same answer shape', async () => {
    fake.setHandler(v3);
    await expect(searchTraces('apps', 'bookinfo', 'productpage', search)).rejects.toMatchObject({
      code: 'not_found:jaeger',
    }); // the v1 client sees a 404 from a v3-only Jaeger
    const res = await searchTraces('services', 'bookinfo', 'ratings', search);
    expect(res.api).toBe('v3');
    expect(res.service).toBe('ratings.bookinfo');
    expect(res.traces[0]!.traceId).toBe('00000000000000000000000000000001');
    const req = fake.requests.findLast((r) => r.path === '/api/v3/traces')!;
    expect(req.query.get('query.service_name')).toBe('ratings.bookinfo');
  });

  it('Jaeger unreachable: a named unavailable:jaeger error', async () => {
    process.env.JAEGER_URL = await refusedUrl();
    resetConfig();
    vi.resetModules();
    const fresh = await import('./traces');
    await expect(fresh.searchTraces('apps', 'bookinfo', 'productpage', search)).rejects.toMatchObject({
      code: 'unavailable:jaeger',
    });
  });
});
