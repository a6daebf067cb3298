import { describe, expect, it } from 'vitest';
import type { WorkloadListItem } from '@/lib/contracts/mesh';
import { filterItems, healthRank, parseListFilters, parseSort } from './list-model';

const item = (
  name: string,
  ns: string,
  status: 'Healthy' | 'Failure' | null,
  sidecar: 'present' | 'missing',
  labels: Record<string, string>,
) =>
  ({
    name,
    namespace: ns,
    labels,
    sidecar,
    istioReferences: [],
    health: status ? { status } : null,
  }) as unknown as WorkloadListItem;

const items = [
  item('reviews-v2', 'bookinfo', 'Healthy', 'present', { app: 'reviews', version: 'v2' }),
  item('ratings-v1', 'bookinfo', 'Failure', 'present', { app: 'ratings', version: 'v1' }),
  item('curl', 'tcp-echo', null, 'missing', { app: 'curl' }),
];

describe('list filters', () => {
  it('parse from the URL with defaults and ignore unknown values', () => {
    expect(parseListFilters(new URLSearchParams('q=rev&health=Failure&sidecar=bogus'))).toEqual({
      q: 'rev',
      ns: '',
      health: 'Failure',
      sidecar: '',
      label: '',
      sort: 'namespace',
      cluster: '',
    });
  });
  it('filter by name, namespace, health (missing = NA), sidecar and label', () => {
    const base = { q: '', ns: '', health: '', sidecar: '', label: '', cluster: '' } as const;
    expect(filterItems(items, { ...base, q: 'REV' }).map((i) => i.name)).toEqual(['reviews-v2']);
    expect(filterItems(items, { ...base, ns: 'tcp-echo' }).map((i) => i.name)).toEqual(['curl']);
    expect(filterItems(items, { ...base, health: 'Failure' }).map((i) => i.name)).toEqual(['ratings-v1']);
    expect(filterItems(items, { ...base, health: 'NA' }).map((i) => i.name)).toEqual(['curl']);
    expect(filterItems(items, { ...base, sidecar: 'missing' }).map((i) => i.name)).toEqual(['curl']);
    expect(filterItems(items, { ...base, label: 'version=v1' }).map((i) => i.name)).toEqual(['ratings-v1']);
    expect(filterItems(items, { ...base, label: 'version' }).map((i) => i.name)).toEqual(['reviews-v2', 'ratings-v1']);
  });
  it('filter by cluster when the rows carry one (several clusters)', () => {
    const base = { q: '', ns: '', health: '', sidecar: '', label: '', cluster: 'west' } as const;
    const rows = [
      { ...items[0]!, cluster: 'east' },
      { ...items[0]!, cluster: 'west' },
    ];
    expect(filterItems(rows, base).map((i) => i.cluster)).toEqual(['west']);
    expect(parseListFilters(new URLSearchParams('cluster=west')).cluster).toBe('west');
  });
  it('rank health worst-highest and parse sort', () => {
    expect(healthRank('Failure')).toBeGreaterThan(healthRank('Degraded'));
    expect(healthRank(undefined)).toBe(0);
    expect(parseSort('-health')).toEqual({ id: 'health', desc: true });
  });
});
