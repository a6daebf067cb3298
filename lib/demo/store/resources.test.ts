import { describe, expect, it } from 'vitest';
import { ISTIO_KINDS } from '@/lib/istio/kinds';
import { resourceByKind, resourceByPlural } from './resources';

describe('the demo API serves the Istio kinds Meshscope edits', () => {
  it('at the versions of the kinds table, preferred first (crd-all.gen.yaml: v1 first wherever Istio serves it)', () => {
    for (const k of ISTIO_KINDS) {
      expect([k.kind, resourceByPlural(k.group, k.plural)?.versions]).toEqual([k.kind, k.versions]);
    }
    expect(ISTIO_KINDS.filter((k) => k.versions[0] !== 'v1').map((k) => k.kind)).toEqual(['EnvoyFilter']);
  });

  it('finds a type by apiVersion and kind only at a served version', () => {
    expect(resourceByKind('networking.istio.io/v1alpha3', 'VirtualService')?.plural).toBe('virtualservices');
    expect(resourceByKind('security.istio.io/v1alpha3', 'AuthorizationPolicy')).toBeUndefined();
    expect(resourceByKind('apps/v1', 'Deployment')?.plural).toBe('deployments');
    expect(resourceByKind('v1', 'Pod')?.group).toBe('');
  });
});
