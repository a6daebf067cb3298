/**
 * Traces over the multi-cluster demo's two clusters (lib/demo/multicluster/test-clusters.ts) when east names its own
 * Jaeger (`east.json` `jaegerUrl`) and west uses the shared one (JAEGER_URL): each object's search goes to its
 * cluster's Jaeger with `istio.cluster_id`; one trace is merged from both Jaegers' parts; a Jaeger that is down
 * gives a partial trace naming its cluster, or a search error naming it.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GET as appTracesGET } from '@/app/api/namespaces/[namespace]/apps/[app]/traces/route';
import { GET as traceGET } from '@/app/api/traces/[traceId]/route';
import { pageRequest, params, route } from '@/lib/auth/test-helpers';
import type { TraceResponse, TracesResponse } from '@/lib/contracts/traces';
import type { TestMultiCluster } from '@/lib/demo/multicluster/test-clusters';
import { leaveClusterEnv, startDemoClusters } from '@/lib/server/clusters/test-helpers';
import { NOT_FOUND, startFakeJaeger, type FakeHandler, type FakeJaeger } from '@/lib/jaeger/fake-jaeger';
import { mergeTraceParts, normalizeV1Trace } from '@/lib/jaeger';
import type { V1Trace } from '@/lib/jaeger/normalize-v1';
import { ISTIO_V1_TRACE } from '@/lib/server/testdata/istio-trace';

const appTraces = route(appTracesGET);
const oneTrace = route(traceGET);
const ID = ISTIO_V1_TRACE.traceID;

/** The fixture's trace as one cluster's Jaeger holds it: only the spans its proxies reported (process p1 or p2). */
function part(processID: 'p1' | 'p2') {
  return { ...ISTIO_V1_TRACE, spans: ISTIO_V1_TRACE.spans.filter((s) => s.processID === processID) };
}

/** A v1 Jaeger holding `trace` (search and get by id). */
const holding =
  (trace: ReturnType<typeof part>): FakeHandler =>
  ({ path: p }) => {
    if (p === '/api/services') return { status: 200, body: { data: ['productpage.bookinfo', 'reviews.bookinfo'] } };
    if (p === '/api/traces' || p === `/api/traces/${ID}`) return { status: 200, body: { data: [trace], total: 1 } };
    return NOT_FOUND;
  };
const down: FakeHandler = () => ({ status: 503, body: 'no healthy upstream' });

let mesh: TestMultiCluster;
let eastJaeger: FakeJaeger;
let sharedJaeger: FakeJaeger;

beforeAll(async () => {
  [eastJaeger, sharedJaeger] = await Promise.all([
    startFakeJaeger(holding(part('p1'))),
    startFakeJaeger(holding(part('p2'))),
  ]);
  mesh = await startDemoClusters(
    { JAEGER_URL: sharedJaeger.url, JAEGER_EXTERNAL_URL: 'https://jaeger.example.com' },
    { east: { jaegerUrl: eastJaeger.url } },
  );
});

afterAll(async () => {
  leaveClusterEnv(['JAEGER_URL', 'JAEGER_EXTERNAL_URL']);
  await Promise.all([mesh.stop(), eastJaeger.close(), sharedJaeger.close()]);
});

const search = (app: string, cluster: string) =>
  appTraces(
    pageRequest(`/api/namespaces/bookinfo/apps/${app}/traces?cluster=${cluster}&startMicros=1000000&endMicros=9000000`),
    params({ namespace: 'bookinfo', app }),
  );
const lastSearch = (j: FakeJaeger) => j.requests.findLast((r) => r.path === '/api/traces')!;

describe('per-cluster Jaeger', () => {
  it("searches east's own Jaeger for east's spans, and west's objects in the shared one", async () => {
    const east = (await (await search('productpage', 'east')).json()) as TracesResponse;
    expect(east).toMatchObject({ service: 'productpage.bookinfo', cluster: 'east', externalUrl: null });
    expect(east.traces[0]!.spans.map((s) => s.spanId)).toEqual(['0000000000000001', '0000000000000002']);
    expect(JSON.parse(lastSearch(eastJaeger).query.get('tags')!)).toEqual({ 'istio.cluster_id': 'east' });

    const west = (await (await search('reviews', 'west')).json()) as TracesResponse;
    expect(west).toMatchObject({ cluster: 'west', externalUrl: 'https://jaeger.example.com' });
    expect(lastSearch(sharedJaeger).query.get('service')).toBe('reviews.bookinfo');
    expect(JSON.parse(lastSearch(sharedJaeger).query.get('tags')!)).toEqual({ 'istio.cluster_id': 'west' });
  });

  it('merges one trace from both Jaegers, in time order', async () => {
    const res = await oneTrace(pageRequest(`/api/traces/${ID}?cluster=west`), params({ traceId: ID }));
    const body = (await res.json()) as TraceResponse;
    expect(res.status).toBe(200);
    expect(body.errors).toBeUndefined();
    expect(body.trace.spans.map((s) => s.spanId)).toEqual([
      '0000000000000001',
      '0000000000000002',
      '0000000000000003',
      '0000000000000004',
    ]);
    expect(body.trace).toMatchObject({
      rootService: 'productpage.bookinfo',
      services: ['productpage.bookinfo', 'reviews.bookinfo'],
      spanCount: 4,
      durationMs: 45.25,
      hasError: true,
    });
  });

  it('gives a partial trace naming west while the shared Jaeger is down, and a search error naming west', async () => {
    sharedJaeger.setHandler(down);
    try {
      const res = await oneTrace(pageRequest(`/api/traces/${ID}`), params({ traceId: ID }));
      expect(res.status).toBe(200);
      const body = (await res.json()) as TraceResponse;
      expect(body.trace.spans.map((s) => s.spanId)).toEqual(['0000000000000001', '0000000000000002']);
      expect(body.errors?.jaeger).toMatchObject({
        code: 'unavailable:jaeger',
        message: expect.stringContaining(`Spans may be missing: Jaeger of cluster [west] at ${sharedJaeger.url}`),
      });
      const failed = await search('reviews', 'west');
      expect(failed.status).toBe(503);
      const err = ((await failed.json()) as { error: { code: string; message: string } }).error;
      expect(err.code).toBe('unavailable:jaeger');
      expect(err.message).toMatch(/^Jaeger of cluster \[west\] at http:\/\/127\.0\.0\.1:\d+: /);
      // east's own Jaeger still answers east's search
      expect((await search('productpage', 'east')).status).toBe(200);
      // both down: the trace fails with the first Jaeger's error
      eastJaeger.setHandler(down);
      const none = await oneTrace(pageRequest(`/api/traces/${ID}`), params({ traceId: ID }));
      expect(none.status).toBe(503);
    } finally {
      sharedJaeger.setHandler(holding(part('p2')));
      eastJaeger.setHandler(holding(part('p1')));
    }
  });

  it('answers 400 naming cluster for a cluster it does not know', async () => {
    const res = await search('productpage', 'nowhere');
    expect(res.status).toBe(400);
    expect(((await res.json()) as { error: { param: string } }).error.param).toBe('cluster');
  });
});

describe('mergeTraceParts', () => {
  it('keeps a span two Jaegers both hold once, and returns a lone part as it is', () => {
    const whole = normalizeV1Trace(ISTIO_V1_TRACE as unknown as V1Trace);
    const a = normalizeV1Trace(part('p1') as unknown as V1Trace);
    expect(mergeTraceParts([a])).toBe(a);
    const merged = mergeTraceParts([whole, a]);
    expect(merged.spanCount).toBe(4);
    expect(merged.durationMs).toBe(whole.durationMs);
    expect(() => mergeTraceParts([])).toThrow();
  });
});
