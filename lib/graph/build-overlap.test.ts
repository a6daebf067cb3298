import { describe, expect, it, vi } from 'vitest';
import { buildGraph } from './build';
import { bookinfoInventory, fakePrometheus, graphOptions } from './testdata/fixtures';
import { inventory, options, series } from './testdata/batched-series';
import { seriesPrometheus } from './testdata/series-prometheus';

describe('reading the inventory while Prometheus answers', () => {
  it('gives the same graph as a build over the full inventory, and starts querying before the inventory is read', async () => {
    const o = graphOptions({ namespaces: ['bookinfo', 'echo'], injectServiceNodes: true });
    const full = bookinfoInventory();
    const expected = await buildGraph(o, full, fakePrometheus(o));

    let resolveInventory!: (inv: typeof full) => void;
    const fullInventory = new Promise<typeof full>((r) => (resolveInventory = r));
    const base = fakePrometheus(o);
    const query = vi.fn(async (q: string, t: number) => {
      // the inventory arrives only once the queries are under way
      setTimeout(() => resolveInventory(full), 0);
      return base(q, t);
    });
    const early = { ...full, workloads: [], services: [], istioConfig: [], pods: [] };
    const overlapped = await buildGraph(o, early, query, { fullInventory });

    expect(query).toHaveBeenCalled();
    expect(overlapped.graph).toEqual(expected.graph);
    expect(overlapped.warnings).toEqual(expected.warnings);
  });

  it('gives the same graph, byte for byte, when the answers come in the reverse of query order', async () => {
    // traffic rows are applied as each answer comes in, but in query order (the first of duplicated series wins)
    for (const queryStrategy of ['namespace', 'batched'] as const) {
      const o = options({
        graphType: 'workload',
        rates: { http: 'requests', grpc: 'total', tcp: 'total', ambient: 'total' },
      });
      const data = series();
      const inOrder = await buildGraph(o, inventory(), seriesPrometheus(data), { queryStrategy });
      const base = seriesPrometheus(data);
      let calls = 0;
      const reversed = async (q: string, t: number) => {
        const k = calls++;
        await new Promise((r) => setTimeout(r, Math.max(0, 60 - 2 * k)));
        return base(q, t);
      };
      const late = await buildGraph(o, inventory(), reversed, { queryStrategy });
      expect(calls).toBeGreaterThan(4);
      expect(inOrder.graph.elements.edges.length).toBeGreaterThan(3);
      expect(JSON.stringify(late.graph)).toBe(JSON.stringify(inOrder.graph));
      expect(late.warnings).toEqual(inOrder.warnings);
    }
  });

  it('refuses a namespace missing from the early inventory before any query', async () => {
    const o = graphOptions({ namespaces: ['secret'] });
    const query = vi.fn();
    await expect(
      buildGraph(o, bookinfoInventory(), query, { fullInventory: Promise.resolve(bookinfoInventory()) }),
    ).rejects.toMatchObject({ code: 'not_found:api' });
    expect(query).not.toHaveBeenCalled();
  });
});
