import { afterEach, describe, expect, it } from 'vitest';
import { createTrafficEngine } from '../traffic/engine';
import { bookinfoStore, runTicks } from '../traffic/test-fixtures';
import type { RunningServer } from './listen';
import { startMetricsServer } from './server';

describe('startMetricsServer', () => {
  const running: RunningServer[] = [];
  afterEach(async () => {
    await Promise.all(running.splice(0).map((s) => s.close()));
  });

  it('serves GET /metrics in the Prometheus text format, 404 elsewhere', async () => {
    const engine = createTrafficEngine(bookinfoStore(), { seed: 1 });
    runTicks(engine, 2);
    const server = await startMetricsServer({ engine, port: 0 });
    running.push(server);
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const res = await fetch(`${server.url}/metrics`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/plain; version=0.0.4; charset=utf-8');
    const body = await res.text();
    expect(body).toContain('# TYPE istio_requests_total counter');
    expect(body).toMatch(/istio_requests_total\{reporter="destination",source_workload="productpage-v1"/);
    expect((await fetch(`${server.url}/`)).status).toBe(404);
    expect((await fetch(`${server.url}/metrics`, { method: 'POST' })).status).toBe(405);
  });

  it('rejects with a clear message when the port is taken', async () => {
    const engine = createTrafficEngine(bookinfoStore(), { seed: 1 });
    const first = await startMetricsServer({ engine, port: 0 });
    running.push(first);
    const port = Number(new URL(first.url).port);
    await expect(startMetricsServer({ engine, port })).rejects.toThrow(
      `port ${port} is already in use (metrics of the demo mesh)`,
    );
  });
});
