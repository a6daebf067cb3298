import { describe, expect, it } from 'vitest';
import { GET as serviceMetricsHandler } from '@/app/api/namespaces/[namespace]/services/[service]/metrics/route';
import { GET as serviceTracesHandler } from '@/app/api/namespaces/[namespace]/services/[service]/traces/route';
import { GET as workloadLogsHandler } from '@/app/api/namespaces/[namespace]/workloads/[workload]/logs/route';
import { errorOf, pageRequest, params, route, authTestEnvForFile, emptyJaegerForFile } from '@/lib/auth/test-helpers';

const traces = route(serviceTracesHandler);
const metrics = route(serviceMetricsHandler);
const logs = route(workloadLogsHandler);

const jaeger = emptyJaegerForFile();
const env = authTestEnvForFile(async () => ({ AUTH_STRATEGY: 'anonymous', ...(await jaeger()) }));

describe('numeric query parameters take decimal digits only (issue 12 item 7)', () => {
  const service = params({ namespace: 'bookinfo', service: 'productpage' });

  it('answers 200 for limit=16 on the traces API', async () => {
    expect(
      (await traces(pageRequest('/api/namespaces/bookinfo/services/productpage/traces?limit=16'), service)).status,
    ).toBe(200);
  });

  it.each(['0x10', '1e1', '16.0', '+16', ' 16', '0b10', '1_6', 'Infinity'])(
    'answers 400 naming limit for limit=%j',
    async (value) => {
      const res = await traces(
        pageRequest(`/api/namespaces/bookinfo/services/productpage/traces?limit=${encodeURIComponent(value)}`),
        service,
      );
      expect(res.status).toBe(400);
      expect(await errorOf(res)).toMatchObject({
        code: 'bad_request:api',
        param: 'limit',
        message: expect.stringContaining('limit'),
      });
    },
  );

  it.each([
    ['startMicros', '0x10'],
    ['minDuration', '1e6'],
  ])('answers 400 naming %s=%s on the traces API', async (key, value) => {
    const res = await traces(
      pageRequest(`/api/namespaces/bookinfo/services/productpage/traces?${key}=${value}`),
      service,
    );
    expect(res.status).toBe(400);
    expect((await errorOf(res)).param).toBe(key);
  });

  it('answers 400 naming queryTime for a hexadecimal queryTime on the metrics API, before Prometheus is asked', async () => {
    const before = env.promQueries.length;
    const res = await metrics(
      pageRequest(`/api/namespaces/bookinfo/services/productpage/metrics?queryTime=0x${(1_700_000_000).toString(16)}`),
      service,
    );
    expect(res.status).toBe(400);
    expect((await errorOf(res)).param).toBe('queryTime');
    expect(env.promQueries.length).toBe(before);
  });

  it.each(['tailLines', 'sinceSeconds'])('answers 400 naming %s=0x10 on the logs API', async (key) => {
    const res = await logs(
      pageRequest(`/api/namespaces/bookinfo/workloads/productpage-v1/logs?pod=p&container=c&${key}=0x10`),
      params({ namespace: 'bookinfo', workload: 'productpage-v1' }),
    );
    expect(res.status).toBe(400);
    expect((await errorOf(res)).param).toBe(key);
  });
});
