import { describe, expect, it } from 'vitest';
import { exportScopes, hostMatches, ServiceRegistry, toFqdn, type RegistryEntry } from './hosts';

const entry = (fqdn: string, namespace = 'ns'): RegistryEntry => ({
  kind: 'ServiceEntry',
  namespace,
  name: fqdn,
  fqdn,
  ports: [],
  selector: null,
});

describe('hosts', () => {
  it('qualifies short names only', () => {
    expect(toFqdn('reviews', 'bookinfo')).toBe('reviews.bookinfo.svc.cluster.local');
    expect(toFqdn('reviews.bookinfo', 'x')).toBe('reviews.bookinfo');
    expect(toFqdn('*.example.com', 'x')).toBe('*.example.com');
    expect(toFqdn('reviews', 'bookinfo', 'corp.local')).toBe('reviews.bookinfo.svc.corp.local');
  });

  it('matches wildcards on either side as host.Name.Matches', () => {
    expect(hostMatches('*.example.com', 'a.example.com')).toBe(true);
    expect(hostMatches('a.example.com', '*.example.com')).toBe(true);
    expect(hostMatches('*.a.example.com', '*.example.com')).toBe(true);
    expect(hostMatches('*', 'anything')).toBe(true);
    expect(hostMatches('a.example.com', 'b.example.com')).toBe(false);
    expect(hostMatches('*.example.com', 'example.org')).toBe(false);
  });

  it('computes export scopes', () => {
    expect(exportScopes(undefined, 'ns')).toEqual(['*']);
    expect(exportScopes(['.', 'other', '.'], 'ns')).toEqual(['ns', 'other']);
    expect(exportScopes(['.', '*'], 'ns')).toEqual(['*']);
  });

  it('resolves exported, namespace-local and wildcard entries like GetDestinationHost', () => {
    const registry = new ServiceRegistry();
    registry.add('*', entry('api.example.com'));
    registry.add('team', entry('local.example.com', 'team'));
    registry.add('*', entry('*.wild.com'));
    expect(registry.resolve('any', undefined, 'api.example.com')?.fqdn).toBe('api.example.com');
    expect(registry.resolve('team', undefined, 'local.example.com')?.fqdn).toBe('local.example.com');
    expect(registry.resolve('other', undefined, 'local.example.com')).toBeNull();
    expect(registry.resolve('other', ['team'], 'local.example.com')?.fqdn).toBe('local.example.com');
    expect(registry.resolve('any', undefined, 'x.wild.com')?.fqdn).toBe('*.wild.com');
    expect(registry.resolve('any', undefined, 'wild.org')).toBeNull();
  });
});
