import { isCelError } from '@bufbuild/cel';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import crdJson from '../crds.gen.json';
import type { CrdData, StructuralSchema } from '../types';
import { parseRequestURI } from './go-url';
import { compileRule, escapeCelName, evaluateRules, toCelValue } from './rules';
import type { SchemaFinding } from '../types';

const run = (rule: string, self: unknown, schema: StructuralSchema = {}) => {
  const program = compileRule(rule);
  if (program instanceof Error) throw program;
  const result = program({ self: toCelValue(self, schema) });
  return isCelError(result) ? `error: ${result.message}` : result;
};

describe('Kubernetes CEL library subset', () => {
  it('url(), isURL() and getScheme() follow Go url.ParseRequestURI', () => {
    expect(run('url(self).getScheme()', 'HTTPS://example.com/jwks')).toBe('https');
    expect(run('url(self).getHostname() + ":" + url(self).getPort()', 'http://[::1]:8080/x')).toBe('::1:8080');
    expect(run('isURL(self)', 'fake://example.com')).toBe(true);
    expect(run('isURL(self)', '#%blah$#@')).toBe(false);
    expect(run('isURL("http://" + self)', '#%blah$#@')).toBe(false);
    expect(run('isURL(self)', 'example.com/x')).toBe(false);
    expect(run('isURL(self)', '/absolute/path')).toBe(true);
    expect(run('url(self).getScheme()', 'hTPp\\\blah')).toMatch(/^error: URL parse error .*invalid control character/);
  });

  it('int(string) errors as cel-go words them', () => {
    expect(run('int(self)', '42')).toBe(42n);
    expect(run('int(self)', 'acd')).toBe("error: type conversion error from 'string' to 'int'");
  });

  it('has(), size(), all/exists/exists_one, substring, matches and duration()', () => {
    const schema: StructuralSchema = {
      type: 'object',
      properties: { a: { type: 'integer' }, list: { type: 'array', items: { type: 'integer' } } },
    };
    expect(run('has(self.a) && !has(self.b)', { a: 1 }, schema)).toBe(true);
    expect(
      run(
        'self.list.all(x, x > 0) && self.list.exists_one(x, x == 2) && size(self.list) == 3',
        { list: [1, 2, 3] },
        schema,
      ),
    ).toBe(true);
    expect(run('self.substring(7, 8) == "/"', 'unix:///sock')).toBe(true);
    expect(run('self.matches("^[a-z]+$")', 'abc')).toBe(true);
    expect(run('duration(self) >= duration("1ms")', '300s')).toBe(true);
  });

  it('types values by schema: integer is int, number is double, unknown fields are pruned', () => {
    const schema: StructuralSchema = { type: 'object', properties: { n: { type: 'number' }, i: { type: 'integer' } } };
    expect(run('self.n == 1.0 && self.i == 1 && !has(self.extra)', { n: 1, i: 1, extra: true }, schema)).toBe(true);
  });

  it('escapes property names as Kubernetes does', () => {
    expect(escapeCelName('jwks_uri')).toBe('jwks_uri');
    expect(escapeCelName('foo-bar')).toBe('foo__dash__bar');
    expect(escapeCelName('namespace')).toBe('__namespace__');
    expect(escapeCelName('a b')).toBeNull();
  });

  it('compiles every x-kubernetes-validations rule in the Istio CRDs', () => {
    const failures: string[] = [];
    const visit = (schema: unknown): void => {
      if (!schema || typeof schema !== 'object') return;
      const s = schema as StructuralSchema;
      for (const rule of s['x-kubernetes-validations'] ?? []) {
        const compiled = compileRule(rule.rule);
        if (compiled instanceof Error) failures.push(`${rule.rule}: ${compiled.message}`);
      }
      Object.values(s.properties ?? {}).forEach(visit);
      [s.items, s.additionalProperties, s.not, ...(s.oneOf ?? []), ...(s.anyOf ?? []), ...(s.allOf ?? [])].forEach(
        visit,
      );
    };
    (crdJson as unknown as CrdData).schemas.forEach(visit);
    expect(failures).toEqual([]);
    const ruleCount = (
      readFileSync(path.join(__dirname, '..', '..', 'crds', 'crd-all.gen.yaml'), 'utf8').match(/rule:/g) ?? []
    ).length;
    expect(ruleCount).toBeGreaterThan(300);
  });
});

describe('parseRequestURI (Go net/url port)', () => {
  it('parses scheme, host, path and query', () => {
    expect(parseRequestURI('https://user@example.com:8443/a/b?x=1')).toEqual({
      scheme: 'https',
      opaque: '',
      host: 'example.com:8443',
      path: '/a/b',
      rawQuery: 'x=1',
    });
    expect(parseRequestURI('mailto:someone').opaque).toBe('someone');
  });

  it('rejects what Go rejects', () => {
    expect(() => parseRequestURI('')).toThrow('empty url');
    expect(() => parseRequestURI(':foo')).toThrow('missing protocol scheme');
    expect(() => parseRequestURI('relative/path')).toThrow('invalid URI for request');
    expect(() => parseRequestURI('http://exa mple.com/')).toThrow('invalid character " " in host name');
    expect(() => parseRequestURI('http://example.com:80a/')).toThrow('invalid port');
    expect(() => parseRequestURI('http://example.com/%zz')).toThrow('invalid URL escape');
  });
});

describe('evaluateRules', () => {
  const evaluate = (schema: StructuralSchema, value: unknown): SchemaFinding[] => {
    const findings: SchemaFinding[] = [];
    evaluateRules(value, schema, 'spec', findings);
    return findings;
  };
  const object = (rules: StructuralSchema['x-kubernetes-validations']): StructuralSchema => ({
    type: 'object',
    properties: { min: { type: 'integer' }, max: { type: 'integer' }, 'max-items': { type: 'integer' } },
    'x-kubernetes-validations': rules,
  });

  it('uses messageExpression, fieldPath and reason as the API server does', () => {
    const rules = [
      {
        rule: 'self.min <= self.max',
        messageExpression: "'min ' + string(self.min) + ' exceeds max'",
        fieldPath: '.min',
        reason: 'FieldValueForbidden',
      },
    ];
    expect(evaluate(object(rules), { min: 5, max: 1 })).toEqual([
      { path: 'spec.min', message: 'Forbidden: min 5 exceeds max' },
    ]);
    expect(evaluate(object(rules), { min: 1, max: 5 })).toEqual([]);
  });

  it('falls back to the message, then to the rule text, and reaches escaped names', () => {
    expect(evaluate(object([{ rule: 'self.max__dash__items > 1', message: 'too few' }]), { 'max-items': 1 })).toEqual([
      { path: 'spec', message: 'Invalid value: "object": too few' },
    ]);
    expect(evaluate(object([{ rule: 'self.min > 1' }]), { min: 1 })).toEqual([
      { path: 'spec', message: 'Invalid value: "object": failed rule: self.min > 1' },
    ]);
  });

  it('skips transition rules on create and reports evaluation errors with the rule message', () => {
    expect(evaluate(object([{ rule: 'self.min == oldSelf.min', message: 'immutable' }]), { min: 1 })).toEqual([]);
    expect(evaluate(object([{ rule: 'self.max > 0', message: 'max must be positive' }]), { min: 1 })).toEqual([
      { path: 'spec', message: 'Invalid value: "object": no such key: max evaluating rule: max must be positive' },
    ]);
  });
});
