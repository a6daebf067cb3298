import { describe, expect, it } from 'vitest';
import { buildGraph } from './build';
import { bookinfoInventory, fakePrometheus, graphOptions } from './testdata/fixtures';
import type { InstantQuery } from './types';

describe('warnings a Prometheus-compatible store sends with its answers (Thanos partial responses)', () => {
  it('become one graph warning per namespace and text, and the graph is still built', async () => {
    const o = graphOptions({});
    const plain = fakePrometheus(o);
    const partial = 'receive the series: store 10.0.3.7:10901 unavailable';
    // every answer carries the warning, as Thanos attaches it to each query a down store served
    const warned: InstantQuery = async (q, t, signal) =>
      Object.defineProperty(await plain(q, t, signal), 'warnings', { value: [partial], enumerable: false });
    const expected = await buildGraph(o, bookinfoInventory(), plain);
    const result = await buildGraph(o, bookinfoInventory(), warned);
    expect(result.graph.elements).toEqual(expected.graph.elements);
    expect(expected.warnings).toEqual([]);
    expect(result.warnings).toEqual(
      o.namespaces.map((namespace) => ({
        namespace,
        message: `Prometheus answered the queries of namespace [${namespace}] with a warning (the answer may be partial): ${partial}`,
      })),
    );
  });
});
