import { describe, expect, it } from 'vitest';
import { ISTIO_KINDS } from '@/lib/istio/kinds';
import { resourceByKind, resourceByPlural } from './resources';

describe('the demo API serves the Istio kinds Meshscope edits', () => {
  it('at the versions of the kinds table, preferred first (crd-all.gen.yaml: v1 first wherever Istio serves it)', () => {
    for (const k of ISTIO_KINDS) {
      expect([k.kind, resourceByPlural(k.group, k.resource)?.versions]).toEqual([k.kind, k.versions]);
    }
    expect(ISTIO_KINDS.filter((k) => k.versions[0] !== 'v1').map((k) => k.kind)).toEqual(['EnvoyFilter']);
  });

  it('serves the Gateway API kinds under their Kubernetes plurals, cluster-scoped where the CRD says', () => {
    for (const k of ISTIO_KINDS) {
      const r = resourceByPlural(k.group, k.resource);
      expect([k.group, k.kind, r?.kind, r?.versions, r?.namespaced]).toEqual([
        k.group,
        k.kind,
        k.kind,
        k.versions,
        k.namespaced,
      ]);
    }
    expect(resourceByKind('gateway.networking.k8s.io/v1', 'Gateway')?.group).toBe('gateway.networking.k8s.io');
    expect(resourceByKind('networking.istio.io/v1', 'Gateway')?.group).toBe('networking.istio.io');
    expect(resourceByKind('gateway.networking.k8s.io/v1alpha2', 'TCPRoute')?.plural).toBe('tcproutes');
    expect(resourceByKind('gateway.networking.k8s.io/v1alpha2', 'HTTPRoute')).toBeUndefined();
  });

  it('finds a type by apiVersion and kind only at a served version', () => {
    expect(resourceByKind('networking.istio.io/v1alpha3', 'VirtualService')?.plural).toBe('virtualservices');
    expect(resourceByKind('security.istio.io/v1alpha3', 'AuthorizationPolicy')).toBeUndefined();
    expect(resourceByKind('apps/v1', 'Deployment')?.plural).toBe('deployments');
    expect(resourceByKind('v1', 'Pod')?.group).toBe('');
  });
});
