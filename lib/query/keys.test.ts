import { hashKey, QueryClient, type QueryKey } from '@tanstack/react-query';
import { describe, expect, it } from 'vitest';
import { isUnder, queryKeys } from './keys';

const filters = { limit: 20, minDurationMs: null, errorsOnly: false };
const logs = { pod: 'reviews-v1-abc', container: 'istio-proxy', tailLines: 100, timestamps: false };

/** One key of every resource, for the distinctness check. */
const ALL: QueryKey[] = [
  queryKeys.namespaces(),
  queryKeys.status(),
  queryKeys.auth.session(),
  queryKeys.auth.permissions(),
  queryKeys.graph('/api/namespaces/graph?namespaces=bookinfo'),
  queryKeys.graphMetrics('/api/namespaces/bookinfo/workloads/reviews-v1/metrics?duration=600'),
  queryKeys.mesh.overview(['bookinfo']),
  queryKeys.mesh.overviewMetrics(['bookinfo'], 600),
  queryKeys.mesh.list('apps', ['bookinfo']),
  queryKeys.mesh.detail('apps', 'bookinfo', 'reviews'),
  queryKeys.mesh.nodeGraph('apps', 'bookinfo', 'reviews', 600),
  queryKeys.mesh.metrics('apps', 'bookinfo', 'reviews', 'duration=600'),
  queryKeys.mesh.traces('apps', 'bookinfo', 'reviews', 600, filters),
  queryKeys.mesh.trace('abc123'),
  queryKeys.mesh.logs('bookinfo', 'reviews-v1', logs),
  queryKeys.istio.list(['bookinfo']),
  queryKeys.istio.object('bookinfo', 'virtualservices', 'reviews'),
  queryKeys.istio.services(['bookinfo']),
  queryKeys.istio.wizard('bookinfo', 'reviews'),
  queryKeys.istio.impactGraph('namespaces=bookinfo'),
  queryKeys.istio.impactConfig(),
];

describe('query keys', () => {
  it('are stable: the same arguments give the same hash (object parameters in any order)', () => {
    expect(hashKey(queryKeys.istio.object('bookinfo', 'virtualservices', 'reviews'))).toBe(
      hashKey(queryKeys.istio.object('bookinfo', 'virtualservices', 'reviews')),
    );
    const reordered = { errorsOnly: false, minDurationMs: null, limit: 20 };
    expect(hashKey(queryKeys.mesh.traces('apps', 'bookinfo', 'reviews', 600, reordered))).toBe(
      hashKey(queryKeys.mesh.traces('apps', 'bookinfo', 'reviews', 600, filters)),
    );
    // the polling interval of the logs is not part of the answer, so not part of the key
    expect(queryKeys.mesh.logs('bookinfo', 'reviews-v1', { ...logs, followMs: 5000 } as typeof logs)).toEqual(
      queryKeys.mesh.logs('bookinfo', 'reviews-v1', logs),
    );
  });

  it('keep the keys the pages used before (cached data and devtools names unchanged)', () => {
    expect(queryKeys.istio.list(['bookinfo', 'default'])).toEqual(['istio', 'list', 'bookinfo,default']);
    expect(queryKeys.istio.object('bookinfo', 'virtualservices', 'reviews')).toEqual([
      'istio',
      'object',
      'bookinfo',
      'virtualservices',
      'reviews',
    ]);
    expect(queryKeys.auth.session()).toEqual(['auth', 'session']);
    expect(queryKeys.graph('/p')).toEqual(['graph', '/p']);
    expect(queryKeys.graphMetrics('/p')).toEqual(['graph-metrics', '/p']);
    expect(queryKeys.mesh.logs('bookinfo', 'reviews-v1', logs)).toEqual([
      'mesh',
      'logs',
      'bookinfo',
      'reviews-v1',
      'reviews-v1-abc',
      'istio-proxy',
      100,
      false,
    ]);
  });

  it('are distinct per resource', () => {
    expect(new Set(ALL.map(hashKey)).size).toBe(ALL.length);
  });

  it('are distinct per namespace, name and parameters', () => {
    const pairs: [QueryKey, QueryKey][] = [
      [
        queryKeys.istio.object('bookinfo', 'virtualservices', 'reviews'),
        queryKeys.istio.object('default', 'virtualservices', 'reviews'),
      ],
      [
        queryKeys.istio.object('bookinfo', 'virtualservices', 'reviews'),
        queryKeys.istio.object('bookinfo', 'destinationrules', 'reviews'),
      ],
      [
        queryKeys.istio.object('bookinfo', 'virtualservices', 'reviews'),
        queryKeys.istio.object('bookinfo', 'virtualservices', 'ratings'),
      ],
      [queryKeys.istio.list(['bookinfo']), queryKeys.istio.list([])],
      [queryKeys.istio.list(['a', 'b']), queryKeys.istio.list(['a,b', 'c'])],
      [queryKeys.mesh.detail('apps', 'bookinfo', 'reviews'), queryKeys.mesh.detail('services', 'bookinfo', 'reviews')],
      [
        queryKeys.mesh.nodeGraph('apps', 'bookinfo', 'reviews', 600),
        queryKeys.mesh.nodeGraph('apps', 'bookinfo', 'reviews', 300),
      ],
      [
        queryKeys.mesh.traces('apps', 'bookinfo', 'reviews', 600, filters),
        queryKeys.mesh.traces('apps', 'bookinfo', 'reviews', 600, { ...filters, errorsOnly: true }),
      ],
      [
        queryKeys.mesh.logs('bookinfo', 'reviews-v1', logs),
        queryKeys.mesh.logs('bookinfo', 'reviews-v1', { ...logs, container: 'reviews' }),
      ],
      [queryKeys.graph('/api/namespaces/graph?namespaces=a'), queryKeys.graph('/api/namespaces/graph?namespaces=b')],
      [queryKeys.graph('/p'), queryKeys.graphMetrics('/p')],
    ];
    for (const [a, b] of pairs) expect(hashKey(a)).not.toBe(hashKey(b));
  });

  it('invalidating a prefix reaches exactly the queries under it', async () => {
    const client = new QueryClient();
    for (const key of ALL) client.setQueryData(key, 1);
    await client.invalidateQueries({ queryKey: queryKeys.istio.all() });
    const invalidated = ALL.filter((key) => client.getQueryState(key)?.isInvalidated).map(hashKey);
    expect(invalidated.sort()).toEqual(
      ALL.filter((k) => k[0] === 'istio')
        .map(hashKey)
        .sort(),
    );
    expect(invalidated).toHaveLength(6);

    const one = new QueryClient();
    for (const key of ALL) one.setQueryData(key, 1);
    await one.invalidateQueries({ queryKey: queryKeys.istio.object('bookinfo', 'virtualservices', 'reviews') });
    expect(ALL.filter((key) => one.getQueryState(key)?.isInvalidated)).toEqual([
      queryKeys.istio.object('bookinfo', 'virtualservices', 'reviews'),
    ]);
  });

  it('isUnder matches as invalidation does', () => {
    expect(isUnder(queryKeys.auth.permissions(), queryKeys.auth.all())).toBe(true);
    expect(isUnder(queryKeys.istio.object('bookinfo', 'virtualservices', 'reviews'), queryKeys.istio.all())).toBe(true);
    expect(isUnder(queryKeys.mesh.detail('apps', 'bookinfo', 'reviews'), queryKeys.auth.all())).toBe(false);
  });
});
