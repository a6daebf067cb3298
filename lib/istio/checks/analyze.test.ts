import { describe, expect, it } from 'vitest';
import { analyze } from './index';
import { goSprintf } from './messages';
import { bookinfo, istio, summarize, withConfig } from './test-helpers';

describe('analyze', () => {
  it('finds nothing in a consistent Bookinfo', () => {
    const vs = istio('VirtualService', 'reviews', {
      hosts: ['reviews'],
      http: [
        {
          route: [
            { destination: { host: 'reviews', subset: 'v1' }, weight: 80 },
            { destination: { host: 'reviews', subset: 'v2' }, weight: 20 },
          ],
        },
      ],
    });
    expect(analyze(withConfig([vs]))).toEqual([]);
    expect(analyze(bookinfo())).toEqual([]);
  });

  it('puts objects without metadata.namespace in default and groups findings by object', () => {
    const vs = istio(
      'VirtualService',
      'orphan',
      { hosts: ['a'], http: [{ route: [{ destination: { host: 'nope' } }] }] },
      null,
    );
    const findings = analyze(withConfig([vs]));
    expect(summarize(findings)).toEqual([
      'IST0101 VirtualService default/orphan spec.http[0].route[0].destination.host',
    ]);
    expect(findings[0]?.message).toBe('Referenced host not found: "nope"');
    expect(findings[0]?.severity).toBe('error');
  });
});

describe('goSprintf', () => {
  it('formats Go verbs as fmt does', () => {
    expect(goSprintf('%s %q %d %v %v%%', ['a', 'b"c', 7, ['x', 'y'], [1, 2]])).toBe('a "b\\"c" 7 [x y] [1 2]%');
  });
});
