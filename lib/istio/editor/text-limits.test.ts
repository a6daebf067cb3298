import { describe, expect, it } from 'vitest';
import { FILE_LIMITS, OBJECT_LIMITS, scanJson, scanYaml, type TextLimits } from './text-limits';

const small: TextLimits = { maxLength: 1000, maxDepth: 3, maxKeys: 4, maxItems: 5, maxAliases: 2 };

const violationOf = (text: string, limits = small) => {
  const scan = scanYaml(text, limits);
  return scan.ok ? null : scan.violation;
};

describe('scanYaml', () => {
  it.each([
    ['a flat mapping', 'a: 1\nb: 2\n'],
    ['three block levels', 'a:\n  b:\n    c: 1\n'],
    ['three flow levels', 'a: {b: [1]}\n'],
    ['an indentless list under a key (3 levels)', 'a:\n- b: 1\n  c: 2\n'],
    ['brackets in a quoted scalar', 'a: "[[[[{{{{"\n'],
    ['brackets in a comment', 'a: 1 # [[[[[[[[\n'],
    ['brackets and colons in a block scalar', 'a: |\n  [[[[ {{{{\n  x: y: z: w:\n'],
    ['a plain scalar with a colon inside', 'a: b:c:d:e:f\n'],
  ])('passes %s within depth 3 and 4 keys', (_, text) => {
    expect(violationOf(text)).toBeNull();
  });

  it.each([
    ['block', 'a:\n  b:\n    c:\n      d: 1\n'],
    ['flow', 'a: [[[1]]]\n'],
    ['compact lists', '- - - - x\n'],
    ['block and flow mixed', 'a:\n  b: {c: [1]}\n'],
  ])('counts %s nesting, stopping at the 4th level', (_, text) => {
    expect(violationOf(text)).toMatchObject({ limit: 'depth', max: 3 });
  });

  it('reports where counting stopped', () => {
    expect(violationOf('a: [[[[1]]]]')).toMatchObject({ limit: 'depth', offset: 5 });
    expect(violationOf('a: 1\nb: 2\nc: 3\nd: 4\ne: 5\n')).toMatchObject({ limit: 'keys', max: 4, offset: 21 });
  });

  it('counts explicit and flow keys', () => {
    expect(violationOf('? a\n? b\n? c\n? d\n? e\n')?.limit).toBe('keys');
    expect(violationOf('{a: 1, "b": 2, c: 3, d: 4, e: 5}')?.limit).toBe('keys');
  });

  it('counts block and flow list items, not dashes or commas in scalars', () => {
    expect(violationOf('- a\n- b\n- c\n- d\n- e\n')).toBeNull();
    expect(violationOf('- a\n- b\n- c\n- d\n- e\n- f\n')).toMatchObject({ limit: 'items', max: 5, offset: 20 });
    expect(violationOf('[a, b, c, d, e, f, g]')?.limit).toBe('items');
    expect(violationOf('a: -x,y,z,w,v,u,t\nb: "-,-,-,-,-,-,-"\n')).toBeNull();
  });

  it('counts aliases, not anchors nor asterisks in scalars', () => {
    expect(violationOf('a: &x 1\nb: *x\nc: *x\n')).toBeNull();
    expect(violationOf('a: &x 1\nb: [*x, *x, *x]\n')).toMatchObject({ limit: 'aliases', max: 2 });
    expect(violationOf('a: "*x *x *x"\nb: |\n  *x\n  *x\n  *x\n')).toBeNull();
  });

  it('starts the keys and aliases count again in each document', () => {
    expect(violationOf('a: 1\nb: 2\nc: 3\n---\nd: 4\ne: 5\nf: 6\n')).toBeNull();
  });

  it('checks the size before reading anything', () => {
    expect(violationOf('a: 1\n'.repeat(300))).toMatchObject({ limit: 'size', max: 1000, offset: 0 });
  });

  it('returns the CST tokens of every document, and calls onNewLine at each line start', () => {
    const lines: number[] = [];
    const scan = scanYaml('a: 1\n---\nb: 2\n', OBJECT_LIMITS, (offset) => lines.push(offset));
    expect(scan.ok && scan.tokens.filter((t) => t.type === 'document').length).toBe(2);
    expect(lines).toEqual([0, 5, 9, 14]);
  });

  it('stops the issue-12 inputs early', () => {
    const nest = (n: number) => `a: ${'['.repeat(n)}${']'.repeat(n)}`;
    for (const n of [5_000, 20_000, 100_000])
      expect(scanYaml(nest(n), OBJECT_LIMITS)).toMatchObject({ ok: false, violation: { limit: 'depth', offset: 102 } });
    const keys = Array.from({ length: 60_000 }, (_, i) => `k${i}: v`).join('\n');
    expect(scanYaml(keys, OBJECT_LIMITS)).toMatchObject({ ok: false, violation: { limit: 'keys', max: 10_000 } });
    expect(scanYaml(keys, FILE_LIMITS).ok).toBe(true);
  });
});

describe('scanJson', () => {
  it('counts nesting and keys outside strings', () => {
    expect(scanJson('{"a": {"b": [1]}}', small)).toBeNull();
    expect(scanJson('{"a": {"b": [[1]]}}', small)).toMatchObject({ limit: 'depth', max: 3, offset: 13 });
    expect(scanJson('{"a":1,"b":2,"c":3,"d":4,"e":5}', small)).toMatchObject({ limit: 'keys', max: 4 });
    expect(scanJson('[1,2,3,4,5,6,7]', small)).toMatchObject({ limit: 'items', max: 5 });
    expect(scanJson('{"[[[[:::::": "{{{{\\"::::,,,,,,,"}', small)).toBeNull();
  });

  it('refuses an over-long text before reading it', () => {
    expect(scanJson(' '.repeat(1001), small)).toMatchObject({ limit: 'size', max: 1000 });
  });
});
