import { describe, expect, it } from 'vitest';
import { applyJsonPatch, applyMergePatch, applyStrategicMergePatch, PatchError } from './patch';

describe('applyMergePatch (RFC 7386)', () => {
  it('merges objects, deletes on null and replaces arrays and scalars', () => {
    const target = { a: 'b', c: { d: 'e', f: 'g' }, list: [1, 2] };
    expect(applyMergePatch(target, { a: 'z', c: { f: null }, list: [3] })).toEqual({
      a: 'z',
      c: { d: 'e' },
      list: [3],
    });
    expect(target.c.f).toBe('g');
  });

  it('follows the RFC examples', () => {
    expect(applyMergePatch({ a: [{ b: 'c' }] }, { a: [1] })).toEqual({ a: [1] });
    expect(applyMergePatch(['a', 'b'], ['c', 'd'])).toEqual(['c', 'd']);
    expect(applyMergePatch({ a: 'foo' }, 'bar')).toBe('bar');
    expect(applyMergePatch({ e: null }, { a: 1 })).toEqual({ e: null, a: 1 });
    expect(applyMergePatch({}, { a: { bb: { ccc: null } } })).toEqual({ a: { bb: {} } });
  });
});

describe('applyJsonPatch (RFC 6902)', () => {
  const doc = { spec: { hosts: ['a'], http: [{ route: [{ weight: 50 }, { weight: 50 }] }] }, 'a/b': { '~c': 1 } };

  it('adds, removes, replaces, moves and copies, leaving the input alone', () => {
    const out = applyJsonPatch(doc, [
      { op: 'add', path: '/spec/hosts/-', value: 'b' },
      { op: 'add', path: '/spec/hosts/0', value: 'first' },
      { op: 'replace', path: '/spec/http/0/route/0/weight', value: 80 },
      { op: 'remove', path: '/spec/http/0/route/1' },
      { op: 'copy', from: '/spec/hosts', path: '/spec/gateways' },
      { op: 'move', from: '/a~1b/~0c', path: '/moved' },
    ]);
    expect(out).toEqual({
      spec: { hosts: ['first', 'a', 'b'], http: [{ route: [{ weight: 80 }] }], gateways: ['first', 'a', 'b'] },
      'a/b': {},
      moved: 1,
    });
    expect(doc.spec.hosts).toEqual(['a']);
  });

  it('fails a test operation that does not hold, and operations on missing paths', () => {
    expect(applyJsonPatch(doc, [{ op: 'test', path: '/spec/hosts', value: ['a'] }])).toEqual(doc);
    expect(() => applyJsonPatch(doc, [{ op: 'test', path: '/spec/hosts/0', value: 'x' }])).toThrow(PatchError);
    expect(() => applyJsonPatch(doc, [{ op: 'replace', path: '/spec/nope', value: 1 }])).toThrow(/missing/);
    expect(() => applyJsonPatch(doc, [{ op: 'remove', path: '/spec/hosts/5' }])).toThrow(/out of bounds/);
  });

  it('marks malformed patches so the server answers 400', () => {
    const malformed = (patch: unknown) => {
      try {
        applyJsonPatch(doc, patch);
      } catch (err) {
        return (err as PatchError).malformed;
      }
      return undefined;
    };
    expect(malformed({ op: 'add' })).toBe(true);
    expect(malformed([{ op: 'frobnicate', path: '/a' }])).toBe(true);
    expect(malformed([{ op: 'add', path: '/a' }])).toBe(true);
  });
});

describe('applyStrategicMergePatch', () => {
  const deployment = {
    spec: {
      template: {
        spec: {
          containers: [
            { name: 'app', image: 'app:1', ports: [{ containerPort: 9080 }], env: [{ name: 'A', value: '1' }] },
            { name: 'side', image: 'side:1' },
          ],
        },
      },
    },
    metadata: { finalizers: ['a'] },
  };

  it('merges containers by name and keeps what the patch does not mention', () => {
    const out = applyStrategicMergePatch(deployment, {
      spec: { template: { spec: { containers: [{ name: 'app', image: 'app:2', env: [{ name: 'B', value: '2' }] }] } } },
    }) as typeof deployment;
    expect(out.spec.template.spec.containers).toEqual([
      {
        name: 'app',
        image: 'app:2',
        ports: [{ containerPort: 9080 }],
        env: [
          { name: 'A', value: '1' },
          { name: 'B', value: '2' },
        ],
      },
      { name: 'side', image: 'side:1' },
    ]);
  });

  it("understands kubectl's directives and drops them from the result", () => {
    const out = applyStrategicMergePatch(deployment, {
      metadata: { finalizers: ['b'], '$deleteFromPrimitiveList/finalizers': ['a'] },
      spec: {
        template: {
          spec: {
            '$setElementOrder/containers': [{ name: 'side' }, { name: 'app' }],
            containers: [
              { name: 'app', $patch: 'delete' },
              { name: 'new', image: 'new:1' },
            ],
          },
        },
      },
    }) as typeof deployment;
    expect(out.metadata.finalizers).toEqual(['b']);
    expect(out.spec.template.spec.containers.map((c) => c.name)).toEqual(['side', 'new']);
    expect(JSON.stringify(out)).not.toContain('$');
  });

  it('replaces lists without a known merge key, like a merge patch', () => {
    expect(applyStrategicMergePatch({ spec: { hosts: ['a', 'b'] } }, { spec: { hosts: ['c'] } })).toEqual({
      spec: { hosts: ['c'] },
    });
  });
});
