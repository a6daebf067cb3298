import { describe, expect, it } from 'vitest';
import { findingsOf, istio, summarize, withConfig } from './test-helpers';

describe('exportTo namespaces (KIA0005)', () => {
  it('accepts ., *, ~ and existing namespaces', () => {
    const vs = istio('VirtualService', 'r', {
      hosts: ['reviews'],
      exportTo: ['.', 'istio-system'],
      http: [{ route: [{ destination: { host: 'reviews' } }] }],
    });
    const dr = istio('DestinationRule', 'd', { host: 'details', exportTo: ['*'] });
    const se = istio('ServiceEntry', 's', { hosts: ['x.example.com'], exportTo: ['~'] });
    expect(findingsOf(withConfig([vs, dr, se]), ['KIA0005'])).toEqual([]);
  });

  it('reports a namespace that does not exist', () => {
    const dr = istio('DestinationRule', 'd', { host: 'details', exportTo: ['.', 'shop'] });
    expect(summarize(findingsOf(withConfig([dr]), ['KIA0005']))).toEqual([
      'KIA0005 DestinationRule bookinfo/d spec.exportTo[1]',
    ]);
  });
});
