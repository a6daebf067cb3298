import { describe, expect, it } from 'vitest';
import { mapList, policyFormBase, removeAt, removeOrAbsent, replaceAt, selectorFormBase } from './merge';

describe('form list helpers', () => {
  it('replaceAt and removeAt return new lists and leave the input as it was', () => {
    const list = ['a', 'b', 'c'];
    expect(replaceAt(list, 1, 'x')).toEqual(['a', 'x', 'c']);
    expect(removeAt(list, 0)).toEqual(['b', 'c']);
    expect(list).toEqual(['a', 'b', 'c']);
  });

  it('removeOrAbsent makes the field absent when its last entry goes', () => {
    expect(removeOrAbsent([1, 2], 1)).toEqual([1]);
    expect(removeOrAbsent([1], 0)).toBeUndefined();
  });

  it('mapList reads each entry of a list field; a missing or non-list field stays absent', () => {
    expect(mapList([{ n: 1 }, 'x'], (e) => typeof e)).toEqual(['object', 'string']);
    expect(mapList(undefined, String)).toBeUndefined();
    expect(mapList({ 0: 'a' }, String)).toBeUndefined();
  });
});

describe('selector form bases', () => {
  const obj = { metadata: { name: 'p', namespace: 'ns' }, spec: { selector: { matchLabels: { app: 'ratings' } } } };

  it('reads a security policy: security.istio.io/v1 by default, the selector from spec.selector.matchLabels', () => {
    expect(policyFormBase(obj)).toEqual({
      name: 'p',
      namespace: 'ns',
      apiVersion: 'security.istio.io/v1',
      selector: [{ key: 'app', value: 'ratings' }],
    });
    expect(policyFormBase({ ...obj, apiVersion: 'security.istio.io/v1beta1', spec: {} })).toMatchObject({
      apiVersion: 'security.istio.io/v1beta1',
      selector: undefined,
    });
  });

  it('takes the selector labels from where the kind keeps them', () => {
    expect(selectorFormBase(obj, 'networking.istio.io/v1', { istio: 'ingressgateway' })).toMatchObject({
      apiVersion: 'networking.istio.io/v1',
      selector: [{ key: 'istio', value: 'ingressgateway' }],
    });
  });
});
