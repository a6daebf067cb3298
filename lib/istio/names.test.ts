import { describe, expect, it } from 'vitest';
import {
  DNS1123_LABEL,
  dns1123LabelErrors,
  dns1123SubdomainErrors,
  isDns1123Label,
  isDns1123Subdomain,
  isLabelValue,
  labelValueErrors,
} from './names';

describe('isDns1123Label (63)', () => {
  it.each(['a', 'bookinfo', 'istio-system', '0', '123-abc', 'a'.repeat(63)])('accepts %s', (v) => {
    expect(isDns1123Label(v)).toBe(true);
  });
  it.each(['', 'A', 'Bookinfo', '-a', 'a-', 'a.b', 'a_b', 'a b', '"} or up{', 'a'.repeat(64), 'ß'])(
    'refuses %j',
    (v) => {
      expect(isDns1123Label(v)).toBe(false);
    },
  );
  it('refuses what is not a string', () => {
    expect(isDns1123Label(undefined)).toBe(false);
    expect(isDns1123Label(42)).toBe(false);
  });
  it('is the bare format without the length, for zod `.regex`', () => {
    expect(DNS1123_LABEL.test('a'.repeat(64))).toBe(true);
    expect(DNS1123_LABEL.test('a.b')).toBe(false);
  });
});

describe('isDns1123Subdomain (253)', () => {
  it.each(['a', 'reviews-v1', 'a.b-c', 'example.com', `${'a'.repeat(63)}.${'b'.repeat(63)}`, 'a'.repeat(253)])(
    'accepts %s',
    (v) => {
      expect(isDns1123Subdomain(v)).toBe(true);
    },
  );
  it.each(['', 'A.b', 'a..b', '.a', 'a.', 'a_b', 'a/b', 'a'.repeat(254)])('refuses %j', (v) => {
    expect(isDns1123Subdomain(v)).toBe(false);
  });
});

describe('isLabelValue', () => {
  it('accepts label values, the empty one included', () => {
    for (const v of ['', 'v1', 'My_Value.2', 'a'.repeat(63)]) expect(isLabelValue(v), v).toBe(true);
  });
  it('refuses others', () => {
    for (const v of ['-a', 'a-', 'a b', 'a/b', 'a'.repeat(64)]) expect(isLabelValue(v), v).toBe(false);
  });
});

describe('the API server’s error strings', () => {
  it('are empty for valid names', () => {
    expect(dns1123LabelErrors('bookinfo')).toEqual([]);
    expect(dns1123SubdomainErrors('reviews.v1')).toEqual([]);
    expect(labelValueErrors('')).toEqual([]);
  });
  it('give apimachinery’s texts, length first', () => {
    expect(dns1123LabelErrors('Bad')).toEqual([
      "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end " +
        "with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is " +
        "'[a-z0-9]([-a-z0-9]*[a-z0-9])?')",
    ]);
    expect(dns1123LabelErrors(`${'a'.repeat(64)}_`)).toHaveLength(2);
    expect(dns1123LabelErrors('a'.repeat(64))).toEqual(['must be no more than 63 characters']);
    expect(dns1123SubdomainErrors('a'.repeat(254))).toEqual(['must be no more than 253 characters']);
    expect(dns1123SubdomainErrors('a_b')[0]).toBe(
      "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start " +
        "and end with an alphanumeric character (e.g. 'example.com', regex used for validation is " +
        "'[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')",
    );
    expect(labelValueErrors('a b')[0]).toContain(
      "(e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is",
    );
  });
});
