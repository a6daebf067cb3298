import { describe, expect, it } from 'vitest';
import type { NodeDataJson } from '@/lib/graph/types';
import { detailLinks } from './node-panel';

const node = (d: Partial<NodeDataJson>) =>
  ({ id: 'n', namespace: 'bookinfo', nodeType: 'workload', ...d }) as NodeDataJson;

describe('detailLinks', () => {
  it('links a workload node to its app and workload pages, keeping the query and encoding names', () => {
    expect(detailLinks(node({ app: 'reviews', workload: 'reviews v2' }), 'duration=600')).toEqual([
      { label: 'App reviews', href: '/namespaces/bookinfo/applications/reviews?duration=600' },
      { label: 'Workload reviews v2', href: '/namespaces/bookinfo/workloads/reviews%20v2?duration=600' },
    ]);
  });

  it('links a service node to its service page only, and nothing for unknown or service-entry nodes', () => {
    expect(detailLinks(node({ nodeType: 'service', service: 'details', app: 'details' }), '')).toEqual([
      { label: 'Service details', href: '/namespaces/bookinfo/services/details' },
    ]);
    expect(detailLinks(node({ nodeType: 'unknown' }), '')).toEqual([]);
    expect(detailLinks(node({ namespace: 'unknown', app: 'x' }), '')).toEqual([]);
  });

  it('links a node of another cluster than the home one to that cluster object', () => {
    const west = node({ cluster: 'west', app: 'reviews', workload: 'reviews-v3' });
    expect(detailLinks(west, 'duration=600', 'east').map((l) => l.href)).toEqual([
      '/namespaces/bookinfo/applications/reviews?duration=600&cluster=west',
      '/namespaces/bookinfo/workloads/reviews-v3?duration=600&cluster=west',
    ]);
    expect(detailLinks({ ...west, cluster: 'east' }, '', 'east').map((l) => l.href)).toEqual([
      '/namespaces/bookinfo/applications/reviews',
      '/namespaces/bookinfo/workloads/reviews-v3',
    ]);
  });
});
