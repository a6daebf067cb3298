import { describe, expect, it } from 'vitest';
import { MeshscopeError } from '@/lib/errors';
import {
  BadRequestError,
  assertDns1123Label,
  assertDns1123Subdomain,
  assertLabelName,
  assertLabelValue,
  decimalIntegerParam,
  eq,
  escapeLabelValue,
  escapeRegex,
  labelList,
  literal,
  matchers,
  neq,
  parseDuration,
  re,
  selector,
} from './index';

const INJECTIONS = [
  '"} or up{',
  '.*',
  'a"b',
  'a\\b',
  ') or vector(1)',
  'book info',
  'Bookinfo',
  '',
  '-a',
  'a-',
  'ns\n',
  'ns{',
  'ñ',
];

describe('assertDns1123Label', () => {
  it('accepts namespace-like names', () => {
    expect(assertDns1123Label('bookinfo', 'namespaces')).toBe('bookinfo');
    expect(assertDns1123Label('istio-system', 'namespaces')).toBe('istio-system');
    expect(assertDns1123Label('a'.repeat(63), 'namespaces')).toHaveLength(63);
  });

  it.each(INJECTIONS)('rejects %j with a typed 400 naming the parameter', (bad) => {
    let caught: unknown;
    try {
      assertDns1123Label(bad, 'namespaces');
    } catch (e) {
      caught = e;
    }
    expect(caught).toBeInstanceOf(BadRequestError);
    expect(caught).toBeInstanceOf(MeshscopeError);
    const err = caught as BadRequestError;
    expect(err.code).toBe('bad_request:api');
    expect(err.status).toBe(400);
    expect(err.param).toBe('namespaces');
    expect(err.message).toContain('namespaces');
    expect(err.toJSON().error).toMatchObject({ code: 'bad_request:api', param: 'namespaces' });
  });

  it('rejects too long names and non-strings', () => {
    expect(() => assertDns1123Label('a'.repeat(64), 'ns')).toThrow(BadRequestError);
    expect(() => assertDns1123Label(undefined, 'ns')).toThrow(BadRequestError);
    expect(() => assertDns1123Label(42, 'ns')).toThrow(BadRequestError);
  });
});

describe('other name checks', () => {
  it('subdomains allow dots but not injection', () => {
    expect(assertDns1123Subdomain('details-v1', 'workload')).toBe('details-v1');
    expect(assertDns1123Subdomain('a.b-c', 'workload')).toBe('a.b-c');
    for (const bad of INJECTIONS) expect(() => assertDns1123Subdomain(bad, 'workload')).toThrow(BadRequestError);
  });

  it('label values allow upper case, _ and .', () => {
    expect(assertLabelValue('v1.2_A', 'version')).toBe('v1.2_A');
    for (const bad of ['"} or up{', '.*', 'a"b', 'a\\b', ') or vector(1)', 'a b', '', '-x', 'x-']) {
      expect(() => assertLabelValue(bad, 'version')).toThrow(BadRequestError);
    }
  });

  it('label names follow Prometheus rules', () => {
    expect(assertLabelName('source_workload', 'byLabels')).toBe('source_workload');
    expect(() => assertLabelName('1abc', 'byLabels')).toThrow(BadRequestError);
    expect(() => assertLabelName('a-b', 'byLabels')).toThrow(BadRequestError);
  });
});

describe('escaping', () => {
  it('escapes PromQL string literals', () => {
    expect(escapeLabelValue('a"b\\c\nd')).toBe('a\\"b\\\\c\\nd');
  });

  it('quotes RE2 metacharacters', () => {
    expect(escapeRegex('a.b*c(d)|e')).toBe('a\\.b\\*c\\(d\\)\\|e');
  });
});

describe('decimalIntegerParam', () => {
  const read = (value: string) => decimalIntegerParam(new URLSearchParams({ limit: value }), 'limit');
  it('reads decimal digits, and nothing for an absent or empty value', () => {
    expect(read('16')).toBe(16);
    expect(read('0')).toBe(0);
    expect(read('0016')).toBe(16);
    expect(read('1700000060000000')).toBe(1_700_000_060_000_000); // unix microseconds
    expect(read('')).toBeUndefined();
    expect(decimalIntegerParam(new URLSearchParams(), 'limit')).toBeUndefined();
  });
  it.each([
    '0x10',
    '0X10',
    '0b10',
    '0o20',
    '1e1',
    '16.0',
    '16.',
    '+16',
    '-16',
    ' 16',
    '16 ',
    '1_6',
    'Infinity',
    'NaN',
    '１６',
    '9007199254740993',
    '99999999999999999',
  ])('refuses %j naming the parameter', (value) => {
    expect(() => read(value)).toThrow(
      expect.objectContaining({
        code: 'bad_request:api',
        param: 'limit',
        message: expect.stringContaining('Invalid limit'),
      }),
    );
  });
});

describe('parseDuration', () => {
  const bounds = { maxSeconds: 86400 };
  it.each([
    ['10m', 600],
    ['600s', 600],
    ['600', 600],
    ['1h', 3600],
    ['1d', 86400],
  ])('%s = %i s', (input, seconds) => {
    expect(parseDuration(input, bounds)).toBe(seconds);
  });

  it.each(['1h30m', '1.5h', '-10m', '10 m', '10M', 'm', '', '10y', '"} or up{', '1e3', '0'])('rejects %j', (bad) => {
    expect(() => parseDuration(bad, bounds)).toThrow(BadRequestError);
  });

  it('bounds by the retention and names the parameter', () => {
    expect(() => parseDuration('2d', bounds, 'duration')).toThrow(/at most 86400s/);
    try {
      parseDuration('2d', bounds, 'duration');
    } catch (e) {
      expect((e as BadRequestError).param).toBe('duration');
    }
  });
});

describe('selector builder', () => {
  it('builds escaped selectors', () => {
    const ns = assertDns1123Label('bookinfo', 'namespaces');
    expect(
      selector('istio_requests_total', eq('reporter', literal('destination')), neq('source_workload_namespace', ns)),
    ).toBe('istio_requests_total{reporter="destination",source_workload_namespace!="bookinfo"}');
    expect(re('destination_service', literal(`^.+\\.${escapeRegex(ns)}\\..+$`))).toBe(
      'destination_service=~"^.+\\\\.bookinfo\\\\..+$"',
    );
    expect(matchers(eq('a', literal('x')), undefined, false)).toBe('a="x"');
  });

  it('refuses bad label and metric names from code', () => {
    expect(() => eq('bad-label', literal('x'))).toThrow(/internal/);
    expect(() => selector('bad metric', eq('a', literal('x')))).toThrow(/internal/);
    expect(() => labelList(['ok', 'not ok'])).toThrow(/internal/);
  });

  it('escapes even literal values, so a quote can never close the string', () => {
    expect(eq('a', literal('x"} or up{'))).toBe('a="x\\"} or up{"');
  });
});
