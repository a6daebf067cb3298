import { describe, expect, it } from 'vitest';
import { BadRequestError } from '@/lib/promql/index';
import { assertObjectName, objectParams, parseFlag, parseNamespaces } from './params';

describe('mesh API parameters', () => {
  it('reads namespaces as a comma list or repeated, deduplicated', () => {
    expect(parseNamespaces(new URLSearchParams('namespaces=bookinfo,tcp-echo&namespaces=bookinfo'))).toEqual([
      'bookinfo',
      'tcp-echo',
    ]);
    expect(parseNamespaces(new URLSearchParams())).toEqual([]);
  });
  it('refuses namespaces that are not DNS-1123 labels', () => {
    expect(() => parseNamespaces(new URLSearchParams('namespaces=Bookinfo'))).toThrow(BadRequestError);
    expect(() => parseNamespaces(new URLSearchParams({ namespaces: 'a"} or up{' }))).toThrow(
      expect.objectContaining({ param: 'namespaces' }),
    );
  });
  it('reads true/false flags with a default and refuses anything else', () => {
    expect(parseFlag(new URLSearchParams('health=false'), 'health', true)).toBe(false);
    expect(parseFlag(new URLSearchParams(), 'health', true)).toBe(true);
    expect(() => parseFlag(new URLSearchParams('health=yes'), 'health', true)).toThrow(
      expect.objectContaining({ param: 'health' }),
    );
  });
  it('checks object names by kind: workloads are subdomains, services labels, apps label values', async () => {
    expect(assertObjectName('workloads', 'reviews-v2.x')).toBe('reviews-v2.x');
    expect(() => assertObjectName('services', 'reviews.x')).toThrow(expect.objectContaining({ param: 'service' }));
    expect(assertObjectName('apps', 'Reviews_App')).toBe('Reviews_App');
    await expect(objectParams('apps', Promise.resolve({ namespace: 'bookinfo', app: 'reviews' }))).resolves.toEqual({
      namespace: 'bookinfo',
      name: 'reviews',
    });
    await expect(objectParams('workloads', Promise.resolve({ namespace: 'Bad', workload: 'x' }))).rejects.toMatchObject(
      { param: 'namespace' },
    );
  });
});
