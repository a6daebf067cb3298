import { afterEach, describe, expect, it } from 'vitest';
import { createJaegerClient } from './client';
import { readFixture, startFakeJaeger, v1Jaeger, v3Jaeger, type FakeJaeger } from './fake-jaeger';

let fake: FakeJaeger | undefined;
afterEach(async () => {
  await fake?.close();
  fake = undefined;
});

async function client(handler: typeof v3Jaeger) {
  fake = await startFakeJaeger(handler);
  return { jaeger: createJaegerClient({ url: fake.url, headers: {}, timeoutMs: 5000 }), fake };
}

const query = {
  service: 'productpage.bookinfo',
  startMs: 1700000000000,
  endMs: 1700000003600.5,
  limit: 20,
  minDurationMs: 250,
  tags: { 'istio.cluster_id': 'Kubernetes', error: 'true' },
};

describe('v3 (OTLP) queries', () => {
  it('findTraces sends canonical and snake_case parameters and normalises the answer', async () => {
    const { jaeger, fake } = await client(v3Jaeger);
    const traces = await jaeger.findTraces({ ...query, tags: undefined });
    expect(traces.map((t) => [t.traceId, t.rootOperation, t.hasError])).toEqual([
      ['00000000000000000000000000000001', 'foobar', true],
    ]);
    await jaeger.findTraces(query);
    const req = fake.requests.findLast((r) => r.path === '/api/v3/traces');
    const params = Object.fromEntries(req?.query ?? []);
    expect(params).toEqual({
      'query.serviceName': 'productpage.bookinfo',
      'query.service_name': 'productpage.bookinfo',
      'query.startTimeMin': '2023-11-14T22:13:20.000Z',
      'query.start_time_min': '2023-11-14T22:13:20.000Z',
      'query.startTimeMax': '2023-11-14T22:13:23.601Z',
      'query.start_time_max': '2023-11-14T22:13:23.601Z',
      'query.searchDepth': '20',
      'query.num_traces': '20',
      'query.durationMin': '0.25s',
      'query.duration_min': '0.25s',
      'query.attributes': '{"istio.cluster_id":"Kubernetes","error":"true"}',
    });
  });

  it('findTraces applies the tag filter again, for Jaegers that ignore query.attributes', async () => {
    const { jaeger, fake } = await client(v3Jaeger);
    const span = (traceId: string, attributes: { key: string; value: { stringValue: string } }[]) => ({
      resource: { attributes: [{ key: 'service.name', value: { stringValue: 'productpage.bookinfo' } }] },
      scopeSpans: [{ spans: [{ traceId, spanId: '00000000000000aa', name: 'op', status: { code: 2 }, attributes }] }],
    });
    const east = span('e'.repeat(32), [{ key: 'istio.cluster_id', value: { stringValue: 'Kubernetes' } }]);
    const west = span('f'.repeat(32), [{ key: 'istio.cluster_id', value: { stringValue: 'west' } }]);
    fake.setHandler((r) =>
      r.path === '/api/v3/traces' ? { status: 200, body: { result: { resourceSpans: [east, west] } } } : v3Jaeger(r),
    );
    const traces = await jaeger.findTraces(query); // istio.cluster_id=Kubernetes and error=true (status code 2)
    expect(traces.map((t) => t.traceId)).toEqual(['e'.repeat(32)]);
    expect(await jaeger.findTraces({ ...query, tags: { error: 'false' } })).toEqual([]);
    expect(await jaeger.findTraces({ ...query, tags: { 'service.name': 'productpage.bookinfo' } })).toHaveLength(2);
  });

  it('findTraces answers [] for Jaeger\'s 404 "No traces found"', async () => {
    const { jaeger, fake } = await client(v3Jaeger);
    await jaeger.detectApi();
    fake.setHandler((r) =>
      r.path === '/api/v3/traces'
        ? { status: 404, body: { error: { httpCode: 404, message: 'No traces found' } } }
        : v3Jaeger(r),
    );
    expect(await jaeger.findTraces({ service: 'foo', startMs: 0, endMs: 1000 })).toEqual([]);
  });

  it('getTrace returns the trace, or null for an unknown id', async () => {
    const { jaeger } = await client(v3Jaeger);
    const trace = await jaeger.getTrace('00000000000000000000000000000001');
    expect(trace?.spans[0]).toMatchObject({ spanId: '0000000000000002', kind: 'server', hasError: true });
    expect(await jaeger.getTrace('1')).toBeNull();
  });

  it('getTrace reads a newline-delimited grpc-gateway stream', async () => {
    const { jaeger, fake } = await client(v3Jaeger);
    const chunk = JSON.stringify(readFixture('v3/GetTrace.json'));
    fake.setHandler((r) =>
      r.path.startsWith('/api/v3/traces/') ? { status: 200, body: `${chunk}\n${chunk}\n` } : v3Jaeger(r),
    );
    expect((await jaeger.getTrace('00000000000000000000000000000001'))?.spanCount).toBe(2);
  });

  it('services and operations', async () => {
    const { jaeger, fake } = await client(v3Jaeger);
    expect(await jaeger.services()).toEqual(['foo']);
    expect(await jaeger.operations('foo')).toEqual(['get_users']);
    expect(fake.requests.at(-1)?.query.get('service')).toBe('foo');
  });
});

describe('v1 (UI JSON) queries', () => {
  it('findTraces sends µs times, a Go duration and JSON tags, and returns newest first', async () => {
    const { jaeger, fake } = await client(v1Jaeger);
    const traces = await jaeger.findTraces(query);
    expect(traces.map((t) => t.traceId)).toEqual(['4766f1209f70a5e2e55417fc296fd101', 'trace-123']);
    expect(traces[0]?.durationMs).toBe(4.902);
    const req = fake.requests.find((r) => r.path === '/api/traces');
    expect(Object.fromEntries(req?.query ?? [])).toEqual({
      service: 'productpage.bookinfo',
      start: '1700000000000000',
      end: '1700000003600500',
      limit: '20',
      minDuration: '250ms',
      tags: '{"istio.cluster_id":"Kubernetes","error":"true"}',
    });
  });

  it('findTraces honours the limit and leaves out unset filters', async () => {
    const { jaeger, fake } = await client(v1Jaeger);
    const traces = await jaeger.findTraces({ service: 'api-gateway', startMs: 1, endMs: 2, limit: 1 });
    expect(traces).toHaveLength(1);
    const params = fake.requests.find((r) => r.path === '/api/traces')?.query;
    expect(params?.has('minDuration')).toBe(false);
    expect(params?.has('tags')).toBe(false);
  });

  it('getTrace returns the trace, or null on 404', async () => {
    const { jaeger } = await client(v1Jaeger);
    const trace = await jaeger.getTrace('4766F1209F70A5E2E55417FC296FD101');
    expect(trace).toMatchObject({ rootService: 'api-gateway', spanCount: 5, startTimeMs: 1579070675083 });
    expect(await jaeger.getTrace('abc')).toBeNull();
  });

  it('operations uses /api/services/{service}/operations', async () => {
    const { jaeger, fake } = await client(v1Jaeger);
    expect(await jaeger.operations('customers-service')).toEqual([
      'GET /owners/8/pets/10',
      'HikariProxyPreparedStatement.executeQuery',
    ]);
    expect(fake.requests.at(-1)?.path).toBe('/api/services/customers-service/operations');
  });
});
