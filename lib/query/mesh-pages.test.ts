import { describe, expect, it } from 'vitest';
import { kindOfSegment, listPagePath, objectPagePath } from './mesh-pages';

describe('mesh pages', () => {
  it('maps the URL segments to their kinds and nothing else', () => {
    expect(['applications', 'workloads', 'services'].map(kindOfSegment)).toEqual(['apps', 'workloads', 'services']);
    expect(['apps', 'pods', '', 'constructor', 'Applications'].map(kindOfSegment)).toEqual([
      null,
      null,
      null,
      null,
      null,
    ]);
  });

  it('builds list and detail paths, encoding the names', () => {
    expect(listPagePath('apps')).toBe('/applications');
    expect(objectPagePath('apps', 'bookinfo', 'reviews')).toBe('/namespaces/bookinfo/applications/reviews');
    expect(objectPagePath('services', 'a b', 'x/y')).toBe('/namespaces/a%20b/services/x%2Fy');
  });
});
