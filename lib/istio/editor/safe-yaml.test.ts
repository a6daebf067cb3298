import { describe, expect, it } from 'vitest';
import { parseYamlSafe } from './safe-yaml';

const VS = `apiVersion: networking.istio.io/v1
kind: VirtualService
metadata:
  name: reviews
  namespace: bookinfo
spec:
  hosts: [reviews]
  http:
  - route:
    - destination: {host: reviews, subset: v1}
`;

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
    const levels = 'abcdefghi'.split('');
    const lines = levels.map((l, i) => (i === 0 ? `${l}: &${l} ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]` : `${l}: &${l} [${Array(9).fill(`*${levels[i - 1]}`).join(',')}]`));
    const before = process.memoryUsage().heapUsed;
    const started = performance.now();
    const [p] = problems(lines.join('\n'));
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
    expect(p).toMatchObject({ code: 'YAML_MULTI_DOCUMENT', line: 11 });
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
    const r = parseYamlSafe(`a: ${'x'.repeat(100)}`, { maxLength: 50 });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.problems[0]).toMatchObject({ code: 'YAML_TOO_LARGE', line: 1, column: 1 });
  });
});
