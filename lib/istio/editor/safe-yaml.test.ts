import { describe, expect, it } from 'vitest';
import { parseYamlSafe, parseYamlStream } from './safe-yaml';
import { ALIAS_BOMB, reviewsToSubset } from '@/lib/istio/testdata/yaml';
import { OBJECT_LIMITS } from './text-limits';

const VS = reviewsToSubset('v1');

function problems(text: string) {
  const r = parseYamlSafe(text);
  if (r.ok) throw new Error('expected problems');
  return r.problems;
}

describe('parseYamlSafe', () => {
  it('parses one object', () => {
    const r = parseYamlSafe(VS);
    expect(r.ok).toBe(true);
    if (r.ok) expect((r.value.metadata as { name: string }).name).toBe('reviews');
  });

  it('rejects a 9-level alias bomb quickly, at the first alias', () => {
    const before = process.memoryUsage().heapUsed;
    const started = performance.now();
    const [p] = problems(ALIAS_BOMB);
    expect(performance.now() - started).toBeLessThan(1000); // generous: the real figure is a few ms
    expect(process.memoryUsage().heapUsed - before).toBeLessThan(50 * 1024 * 1024);
    expect(p).toMatchObject({ code: 'YAML_ALIAS_LIMIT', line: 2 });
  });

  it('allows a few anchors and aliases, as kubectl does', () => {
    const r = parseYamlSafe('apiVersion: v1\nkind: X\nmetadata: {name: a}\nspec:\n  a: &x {k: v}\n  b: *x\n');
    expect(r.ok).toBe(true);
  });

  it('rejects duplicate keys with line and column', () => {
    const [p] = problems('apiVersion: v1\nkind: X\nkind: Y\n');
    expect(p).toMatchObject({ code: 'YAML_DUPLICATE_KEY', line: 3, column: 1 });
  });

  it('rejects tab indentation with line and column', () => {
    const [p] = problems('apiVersion: v1\nspec:\n\thosts: [a]\n');
    expect(p).toMatchObject({ code: 'YAML_TAB_INDENT', line: 3, column: 1 });
  });

  it.each(['__proto__', 'constructor', 'prototype'])('rejects a %s key where it is', (key) => {
    const [p] = problems(`apiVersion: v1\nkind: X\nmetadata:\n  name: a\n  labels:\n    ${key}: {polluted: true}\n`);
    expect(p).toMatchObject({ code: 'YAML_FORBIDDEN_KEY', line: 6, column: 5 });
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('rejects several documents, pointing at the second', () => {
    const [p] = problems(`${VS}---\nkind: Other\n`);
    expect(p).toMatchObject({ code: 'YAML_MULTI_DOCUMENT', line: 13 }); // the `---` after VS's 12 lines
  });

  it('accepts a leading document marker and a trailing empty document', () => {
    expect(parseYamlSafe(`---\n${VS}---\n`).ok).toBe(true);
  });

  it('reports unclosed brackets as syntax errors with a position', () => {
    const [p] = problems('apiVersion: v1\nspec:\n  hosts: [a, b\n');
    expect(p?.code).toBe('YAML_SYNTAX');
    expect(p?.line).toBeGreaterThanOrEqual(3);
    expect(p?.message).not.toMatch(/\n/);
  });

  it.each([
    ['empty text', ''],
    ['a scalar', 'just text'],
    ['a list', '- a\n- b\n'],
  ])('rejects %s: one mapping is required', (_, text) => {
    expect(problems(text)[0]?.code).toBe('YAML_NOT_MAPPING');
  });

  it('refuses text over the size cap before parsing', () => {
    const r = parseYamlSafe(`a: ${'x'.repeat(100)}`, { limits: { ...OBJECT_LIMITS, maxLength: 50 } });
    expect(r.ok).toBe(false);
    if (!r.ok)
      expect(r.problems[0]).toMatchObject({
        code: 'YAML_TOO_LARGE',
        line: 1,
        column: 1,
        limit: { name: 'size', max: 50 },
      });
  });

  it.each([5_000, 20_000, 100_000])(
    'refuses flow nesting %i deep before the composer runs (it overflowed its stack)',
    (n) => {
      const [p] = problems(`a: ${'['.repeat(n)}${']'.repeat(n)}`);
      expect(p).toMatchObject({ code: 'YAML_TOO_DEEP', line: 1, column: 103, limit: { name: 'depth', max: 100 } });
      expect(p?.message).toBe('The text nests mappings and lists deeper than the limit of 100 levels');
    },
  );

  it('refuses block nesting over the limit, and accepts it at the limit', () => {
    const block = (n: number) => Array.from({ length: n }, (_, i) => `${' '.repeat(i)}k${i}:`).join('\n') + ' v\n';
    expect(parseYamlSafe(block(100)).ok).toBe(true);
    expect(problems(block(101))[0]).toMatchObject({ code: 'YAML_TOO_DEEP', line: 101 });
    expect(problems(`${'- '.repeat(101)}x\n`)[0]?.code).toBe('YAML_TOO_DEEP');
  });

  it('refuses a 60,000-key mapping at key 10,001', () => {
    const text = Array.from({ length: 60_000 }, (_, i) => `k${i}: v`).join('\n');
    expect(problems(text)[0]).toMatchObject({
      code: 'YAML_TOO_MANY_KEYS',
      line: 10_001,
      limit: { name: 'keys', max: 10_000 },
    });
  });

  it("finds duplicate keys in a large mapping (linear check, not yaml's pairwise one)", () => {
    const keys = Array.from({ length: 9_000 }, (_, i) => `k${i}: v`);
    const [p] = problems(['apiVersion: v1', ...keys, 'k17: again'].join('\n'));
    expect(p).toMatchObject({ code: 'YAML_DUPLICATE_KEY', line: 9_002, column: 1 });
    expect(p?.message).toContain('"k17"');
  });

  it('refuses a list longer than the limit (a 340,000-item flow list took 5 s and 300 MiB to compose)', () => {
    const text = `apiVersion: v1\nkind: X\nspec:\n  hosts: [${Array(340_000).fill('a').join(',')}]\n`;
    expect(problems(text)[0]).toMatchObject({
      code: 'YAML_TOO_MANY_ITEMS',
      line: 4,
      limit: { name: 'items', max: 20_000 },
    });
  });

  it('refuses more alias nodes than the limit before expanding any', () => {
    const text = `a: &x 1\nb: [${Array(101).fill('*x').join(', ')}]\n`;
    expect(problems(text)[0]).toMatchObject({ code: 'YAML_ALIAS_LIMIT', limit: { name: 'aliases', max: 100 } });
  });
});

describe('parseYamlStream', () => {
  it('counts keys and aliases per document, depth per position', () => {
    const doc = Array.from({ length: 6 }, (_, i) => `k${i}: v`).join('\n');
    const limits = { ...OBJECT_LIMITS, maxKeys: 6 };
    expect(parseYamlStream([doc, doc, doc].join('\n---\n'), limits).ok).toBe(true);
    expect(parseYamlStream(`${doc}\nk6: v`, limits)).toMatchObject({
      ok: false,
      problems: [{ code: 'YAML_TOO_MANY_KEYS', line: 7 }],
    });
  });

  it('returns every document, and syntax errors of any of them', () => {
    const r = parseYamlStream('a: 1\n---\nb: 2\n');
    expect(r.ok && r.docs.map((d) => d.toJS() as unknown)).toEqual([{ a: 1 }, { b: 2 }]);
    expect(parseYamlStream('a: 1\n---\nb: [\n')).toMatchObject({ ok: false, problems: [{ code: 'YAML_SYNTAX' }] });
  });
});
