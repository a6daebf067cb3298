import { describe, expect, it, vi } from 'vitest';
import { MeshscopeError } from '@/lib/errors';
import { buildGraph } from './build';
import { createQueryCache } from './query-cache';
import { bookinfoInventory, fakePrometheus, graphOptions, QUERY_TIME } from './testdata/fixtures';
import { view } from './testdata/graph-view';

describe('failures', () => {
  it('a namespace whose queries fail yields a partial graph and a warning', async () => {
    const o = graphOptions({ namespaces: ['bookinfo', 'echo'] });
    const base = fakePrometheus(o);
    const query = vi.fn(async (q: string, t: number) => {
      if (q.includes('"echo"'))
        throw Object.assign(new Error('Prometheus unreachable at http://prom:9090'), {
          code: 'unavailable:prometheus',
        });
      return base(q, t);
    });
    const { graph, warnings } = await buildGraph(o, bookinfoInventory(), query);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatchObject({ namespace: 'echo' });
    expect(warnings[0]!.message).toContain('Prometheus unreachable');
    expect(graph.warnings).toEqual(warnings);
    const v = view(graph);
    expect(v.nodes).toContain('workload:productpage-v1@bookinfo');
    expect(v.nodes).not.toContain('workload:tcp-echo-v1@echo');
  });

  it('a failed appender query drops only that decoration, with a warning', async () => {
    const o = graphOptions({});
    const base = fakePrometheus(o);
    const query = async (q: string, t: number) => {
      if (q.includes('histogram_quantile')) throw Object.assign(new Error('timeout'), { code: 'timeout:prometheus' });
      return base(q, t);
    };
    const { graph, warnings } = await buildGraph(o, bookinfoInventory(), query);
    expect(warnings.map((w) => w.message)).toEqual(['responseTime for namespace [bookinfo] is missing: timeout']);
    expect(graph.elements.edges.every((e) => e.data.responseTime === undefined)).toBe(true);
    expect(graph.elements.edges.some((e) => e.data.isMTLS === '100')).toBe(true);
  });

  it('warns once per failed appender, in registry order, and keeps the decorations of the others', async () => {
    const o = graphOptions({});
    const base = fakePrometheus(o);
    const query = async (q: string, t: number) => {
      if (q.includes('_bytes_sum') || q.includes('connection_security_policy')) throw new Error('timeout');
      return base(q, t);
    };
    const { graph, warnings } = await buildGraph(o, bookinfoInventory(), query);
    expect(warnings.map((w) => w.message)).toEqual([
      'securityPolicy for namespace [bookinfo] is missing: timeout',
      'throughput for namespace [bookinfo] is missing: timeout',
    ]);
    expect(graph.elements.edges.every((e) => e.data.isMTLS === undefined && e.data.throughput === undefined)).toBe(
      true,
    );
    expect(graph.elements.edges.some((e) => e.data.responseTime !== undefined)).toBe(true);
  });

  it('throws the error when every namespace fails', async () => {
    const err = new MeshscopeError('unavailable:prometheus', 'Prometheus unreachable');
    const o = graphOptions({ namespaces: ['bookinfo', 'echo'] });
    await expect(buildGraph(o, bookinfoInventory(), async () => Promise.reject(err))).rejects.toBe(err);
  });

  it('refuses namespaces not in the inventory with 404 before any query', async () => {
    const query = vi.fn(async () => []);
    const o = graphOptions({ namespaces: ['bookinfo', 'secret'] });
    await expect(buildGraph(o, bookinfoInventory(), query)).rejects.toMatchObject({
      code: 'not_found:api',
      status: 404,
      message: 'Namespace [secret] was not found.',
    });
    expect(query).not.toHaveBeenCalled();
  });

  it('skips a namespace that did not exist at queryTime, with a warning and no query', async () => {
    const inv = bookinfoInventory();
    inv.namespaces.find((n) => n.name === 'echo')!.creationTimestamp = '2030-01-01T00:00:00Z';
    const o = graphOptions({ namespaces: ['echo'] });
    const query = vi.fn(fakePrometheus(o));
    const r = await buildGraph(o, inv, query);
    expect(query).not.toHaveBeenCalled();
    expect(r.warnings[0]!.message).toContain('did not exist');
  });

  it('clips the window to the namespace lifetime', async () => {
    const inv = bookinfoInventory();
    inv.namespaces.find((n) => n.name === 'bookinfo')!.creationTimestamp = new Date(
      (QUERY_TIME - 120) * 1000,
    ).toISOString();
    const seen: string[] = [];
    await buildGraph(graphOptions({}), inv, async (q) => (seen.push(q), []));
    expect(seen.every((q) => q.includes('[120s]'))).toBe(true);
  });
});

describe('query sharing and concurrency', () => {
  it('two concurrent identical builds send each query once', async () => {
    const o = graphOptions({ namespaces: ['bookinfo', 'echo'] });
    const base = fakePrometheus(o);
    const calls = new Map<string, number>();
    const query = async (q: string, t: number) => {
      calls.set(q, (calls.get(q) ?? 0) + 1);
      await new Promise((r) => setTimeout(r, 5));
      return base(q, t);
    };
    const cache = createQueryCache();
    const [a, b] = await Promise.all([
      buildGraph(o, bookinfoInventory(), query, { cache }),
      buildGraph(o, bookinfoInventory(), query, { cache }),
    ]);
    expect(a.graph).toEqual(b.graph);
    expect(calls.size).toBe(a.queryStats.length);
    expect([...calls.values()].every((n) => n === 1)).toBe(true);
    // and a third build within the TTL is served from the cache
    await buildGraph(o, bookinfoInventory(), query, { cache });
    expect([...calls.values()].every((n) => n === 1)).toBe(true);
  });

  it('never has more queries in flight than the concurrency bound', async () => {
    const o = graphOptions({ namespaces: ['bookinfo', 'echo', 'istio-system'] });
    const base = fakePrometheus(o);
    let inFlight = 0;
    let max = 0;
    const query = async (q: string, t: number) => {
      inFlight++;
      max = Math.max(max, inFlight);
      await new Promise((r) => setTimeout(r, 1));
      inFlight--;
      return base(q, t);
    };
    const r = await buildGraph(o, bookinfoInventory(), query, { concurrency: 3 });
    expect(r.queryStats.length).toBe(36);
    expect(max).toBe(3);
  });

  it('sends no further query once its signal aborts, cancels those in flight and rejects with the reason', async () => {
    const o = graphOptions({ namespaces: ['bookinfo', 'echo', 'istio-system'] });
    const controller = new AbortController();
    const sent: string[] = [];
    const cancelled: string[] = [];
    const query = (q: string, _t: number, signal?: AbortSignal) =>
      new Promise<never>((_resolve, reject) => {
        sent.push(q);
        signal?.addEventListener('abort', () => {
          cancelled.push(q);
          reject(signal.reason);
        });
        if (sent.length === 4) controller.abort(new Error('deadline'));
      });
    const build = buildGraph(o, bookinfoInventory(), query, { concurrency: 4, signal: controller.signal });
    await expect(build).rejects.toThrow('deadline');
    await new Promise((r) => setTimeout(r, 20));
    expect(sent).toHaveLength(4); // of 36
    expect(cancelled.sort()).toEqual([...sent].sort());
  });

  it('sends nothing when its signal has already aborted', async () => {
    const query = vi.fn(async () => []);
    const o = graphOptions({});
    const signal = AbortSignal.abort(new Error('gone'));
    await expect(buildGraph(o, bookinfoInventory(), query, { signal })).rejects.toThrow('gone');
    expect(query).not.toHaveBeenCalled();
  });

  it('issues 6 traffic queries per namespace with UI defaults and no edge decorations', async () => {
    const o = graphOptions({ appenders: { all: false, names: ['deadNode', 'serviceEntry', 'meshCheck'] } });
    const r = await buildGraph(o, bookinfoInventory(), fakePrometheus(o));
    expect(r.queryStats).toHaveLength(6);
    expect(r.queryStats.every((s) => s.promql.startsWith('round(sum(rate(') && s.promql.endsWith(',0.001)'))).toBe(
      true,
    );
  });
});
