import { describe, expect, it } from 'vitest';
import { MeshscopeError } from '@/lib/errors';
import type { PromSample } from '@/lib/graph/types';
import type { PrometheusClient } from '@/lib/prometheus/client';
import { fanOutQuery } from './graph';

function server(url: string, answer: PromSample[] | Error): PrometheusClient {
  return {
    url,
    instantQuery: async () => {
      if (answer instanceof Error) throw answer;
      return answer;
    },
  } as unknown as PrometheusClient;
}

const sample = (wl: string, value: number): PromSample => ({ metric: { source_workload: wl }, value });

describe('fanOutQuery (clusters with their own Prometheus)', () => {
  it('merges every server answer, adding the same series', async () => {
    const q = fanOutQuery([
      { client: server('http://east', [sample('a', 1), sample('b', 2)]), clusters: ['east'] },
      { client: server('http://west', [sample('b', 3)]), clusters: ['west', 'north'] },
    ]);
    const out = await q('up', 1);
    expect(out.map((s) => [s.metric.source_workload, s.value])).toEqual([
      ['a', 1],
      ['b', 5],
    ]);
    expect((out as { warnings?: string[] }).warnings).toBeUndefined();
  });

  it('leaves out a failing server with a warning naming its clusters, so the graph is partial', async () => {
    const down = new MeshscopeError('unavailable:prometheus', 'connection refused');
    const q = fanOutQuery([
      { client: server('http://east', [sample('a', 1)]), clusters: ['east'] },
      { client: server('http://west', down), clusters: ['west', 'north'] },
    ]);
    const out = await q('up', 1);
    expect(out).toEqual([sample('a', 1)]);
    expect((out as { warnings?: string[] }).warnings).toEqual([
      'Prometheus of cluster [west, north] at http://west failed: connection refused',
    ]);
  });

  it('fails with the first error when every server fails', async () => {
    const first = new MeshscopeError('timeout:prometheus', 'no answer');
    const q = fanOutQuery([
      { client: server('http://east', first), clusters: ['east'] },
      { client: server('http://west', new Error('refused')), clusters: ['west'] },
    ]);
    await expect(q('up', 1)).rejects.toBe(first);
  });
});
