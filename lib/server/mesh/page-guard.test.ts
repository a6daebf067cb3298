import { describe, expect, it } from 'vitest';
import { missingNamespaces, namespacesOfSearch, objectExists } from './page-guard';

const inv = {
  workloads: [
    { namespace: 'bookinfo', name: 'reviews-v1', labels: { app: 'reviews', version: 'v1' } },
    { namespace: 'bookinfo', name: 'ratings-v1', labels: { app: 'ratings', version: 'v1' } },
  ],
  services: [{ namespace: 'bookinfo', name: 'reviews', selector: { app: 'reviews' }, labels: { app: 'reviews' } }],
} as unknown as Parameters<typeof objectExists>[0];

describe('page guard', () => {
  it('reads the namespaces of a page URL, comma lists and repeats, valid names only', () => {
    expect(namespacesOfSearch({ namespaces: ['bookinfo,nosuchns', 'bookinfo'], x: '1' })).toEqual([
      'bookinfo',
      'nosuchns',
    ]);
    expect(namespacesOfSearch({ namespaces: '<b>' })).toEqual([]);
  });

  it('finds the missing namespaces', () => {
    expect(missingNamespaces(['bookinfo', 'nosuchns'], new Set(['bookinfo', 'default']))).toEqual(['nosuchns']);
  });

  it('knows whether an app, workload or service exists', () => {
    expect(objectExists(inv, 'workloads', 'bookinfo', 'reviews-v1')).toBe(true);
    expect(objectExists(inv, 'workloads', 'bookinfo', 'nope-v9')).toBe(false);
    expect(objectExists(inv, 'services', 'bookinfo', 'reviews')).toBe(true);
    expect(objectExists(inv, 'services', 'default', 'reviews')).toBe(false);
    expect(objectExists(inv, 'apps', 'bookinfo', 'ratings')).toBe(true);
    expect(objectExists(inv, 'apps', 'bookinfo', 'details')).toBe(false);
  });
});
