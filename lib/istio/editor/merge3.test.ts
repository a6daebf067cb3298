import { describe, expect, it } from 'vitest';
import { jsonEqual, merge3 } from './merge3';
import { toEditorYaml } from './dump';

const base = {
  apiVersion: 'networking.istio.io/v1',
  kind: 'VirtualService',
  metadata: { name: 'reviews', namespace: 'bookinfo', resourceVersion: '10', labels: { team: 'a' } },
  spec: { hosts: ['reviews'], http: [{ route: [{ destination: { host: 'reviews', subset: 'v1' } }] }] },
};
const clone = () =>
  structuredClone(base) as typeof base & { spec: Record<string, unknown>; metadata: Record<string, unknown> };

describe('merge3', () => {
  it('takes non-overlapping changes from both sides and the live resourceVersion', () => {
    const ours = clone();
    ours.spec.http = [{ route: [{ destination: { host: 'reviews', subset: 'v3' } }] }];
    const theirs = clone();
    theirs.metadata.resourceVersion = '11';
    theirs.metadata.labels = { team: 'b' };
    const { merged, conflicts } = merge3(base, ours, theirs);
    expect(conflicts).toEqual([]);
    expect(merged).toMatchObject({
      metadata: { resourceVersion: '11', labels: { team: 'b' } },
      spec: { http: [{ route: [{ destination: { subset: 'v3' } }] }] },
    });
  });

  it('reports a conflict where both changed the same field and keeps the user value', () => {
    const ours = clone();
    ours.spec.http = [{ route: [{ destination: { host: 'reviews', subset: 'v3' } }] }];
    const theirs = clone();
    theirs.metadata.resourceVersion = '11';
    theirs.spec.http = [{ route: [{ destination: { host: 'reviews', subset: 'v2' } }] }];
    const { merged, conflicts } = merge3(base, ours, theirs);
    expect(conflicts).toEqual(['spec.http']);
    expect((merged.spec as typeof ours.spec).http).toEqual(ours.spec.http);
    expect((merged.metadata as { resourceVersion: string }).resourceVersion).toBe('11');
  });

  it('keeps deletions from either side', () => {
    const ours = clone();
    delete (ours.metadata as { labels?: unknown }).labels;
    const theirs = clone();
    theirs.spec.gateways = ['mesh'];
    const { merged } = merge3(base, ours, theirs);
    expect((merged.metadata as Record<string, unknown>).labels).toBeUndefined();
    expect((merged.spec as Record<string, unknown>).gateways).toEqual(['mesh']);
  });

  it('jsonEqual ignores key order', () => {
    expect(jsonEqual({ a: 1, b: [1, { c: 2 }] }, { b: [1, { c: 2 }], a: 1 })).toBe(true);
    expect(jsonEqual([1, 2], [2, 1])).toBe(false);
  });
});

describe('toEditorYaml', () => {
  it('drops managedFields and keeps the rest in order', () => {
    const text = toEditorYaml({ ...base, metadata: { ...base.metadata, managedFields: [{ manager: 'kubectl' }] } });
    expect(text).not.toMatch(/managedFields/);
    expect(text.split('\n')[0]).toBe('apiVersion: networking.istio.io/v1');
    expect(text).toMatch(/subset: v1/);
  });
});
