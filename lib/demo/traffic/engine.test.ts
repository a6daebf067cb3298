import { describe, expect, it, vi } from 'vitest';
import { renderMetrics } from '../metrics/render';
import { resourceByPlural } from '../store/resources';
import { createTrafficEngine } from './engine';
import {
  apply,
  bookinfoStore,
  bookinfoWith,
  destinationRule,
  requests,
  runTicks,
  simulate,
  T0,
  tcp,
  virtualService,
} from './test-fixtures';

describe('createTrafficEngine', () => {
  it('is deterministic: the same seed gives the same counters and traces, another seed does not', () => {
    const run = (seed: number) => {
      const engine = simulate(bookinfoStore(), seed, 20);
      return { metrics: renderMetrics(engine), traces: engine.traces.list().map((t) => t.traceId) };
    };
    const a = run(5);
    const b = run(5);
    expect(b.metrics).toBe(a.metrics);
    expect(b.traces).toEqual(a.traces);
    expect(run(6).metrics).not.toBe(a.metrics);
  });

  it('runs at the configured rates (ingress ~10 req/s, productpage calls details once per page)', () => {
    const engine = simulate(bookinfoStore(), 1, 100);
    const t = engine.telemetry;
    const ingress = requests(t, { reporter: 'source', source_workload: 'istio-ingressgateway' });
    expect(ingress / 100).toBeGreaterThan(8.5);
    expect(ingress / 100).toBeLessThan(11.5);
    const pages = requests(t, { reporter: 'destination', destination_workload: 'productpage-v1' });
    const details = requests(t, { reporter: 'destination', destination_workload: 'details-v1' });
    expect(details / pages).toBeGreaterThan(0.8);
    expect(details / pages).toBeLessThan(0.95);
    // Bookinfo is healthy at rest: errors come only from injected faults and policies.
    expect(requests(t, { reporter: 'destination', destination_workload: 'ratings-v1', response_code: '500' })).toBe(0);
  });

  it('samples about one root request in twenty into a trace', () => {
    const engine = simulate(bookinfoStore(), 2, 100);
    const roots =
      requests(engine.telemetry, { reporter: 'source', source_workload: 'istio-ingressgateway' }) +
      requests(engine.telemetry, { reporter: 'source', source_workload: 'curl' });
    expect(engine.traces.size / roots).toBeGreaterThan(0.03);
    expect(engine.traces.size / roots).toBeLessThan(0.08);
  });

  it('splits TCP connections by a mesh VirtualService’s tcp route weights', () => {
    const store = bookinfoWith(
      destinationRule('tcp-echo', 'tcp-echo', {
        host: 'tcp-echo',
        subsets: [
          { name: 'v1', labels: { version: 'v1' } },
          { name: 'v2', labels: { version: 'v2' } },
        ],
      }),
      virtualService('tcp-echo', 'tcp-echo', {
        hosts: ['tcp-echo'],
        tcp: [
          {
            match: [{ port: 9000 }],
            route: [
              { destination: { host: 'tcp-echo', subset: 'v1' }, weight: 80 },
              { destination: { host: 'tcp-echo', subset: 'v2' }, weight: 20 },
            ],
          },
        ],
      }),
    );
    const engine = simulate(store, 3, 150);
    const v1 = tcp(engine.telemetry, { reporter: 'destination', destination_workload: 'tcp-echo-v1' });
    const v2 = tcp(engine.telemetry, { reporter: 'destination', destination_workload: 'tcp-echo-v2' });
    expect(v1.opened / (v1.opened + v2.opened)).toBeGreaterThan(0.74);
    expect(v1.opened / (v1.opened + v2.opened)).toBeLessThan(0.86);
    expect(v1.received).toBe(v1.opened * 24);
  });

  it('stops sending from workloads scaled to zero', () => {
    const store = bookinfoStore();
    const engine = simulate(store, 4, 5);
    const curl = store.get(resourceByPlural('apps', 'deployments')!, 'default', 'curl')!;
    apply(store, { ...curl, spec: { ...curl.spec, replicas: 0 } });
    const before = requests(engine.telemetry, {
      reporter: 'source',
      source_workload: 'curl',
      destination_service_name: 'httpbin',
    });
    runTicks(engine, 5);
    expect(
      requests(engine.telemetry, { reporter: 'source', source_workload: 'curl', destination_service_name: 'httpbin' }),
    ).toBe(before);
  });

  it('ticks on its own between start() and stop()', () => {
    vi.useFakeTimers({ now: T0 });
    try {
      const engine = createTrafficEngine(bookinfoStore(), { seed: 1, tickMs: 1000 });
      engine.start();
      vi.advanceTimersByTime(3500);
      expect(engine.ticks).toBe(3);
      engine.stop();
      vi.advanceTimersByTime(3000);
      expect(engine.ticks).toBe(3);
      engine.dispose();
    } finally {
      vi.useRealTimers();
    }
  });
});
