import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { buildCrdData, CRD_JSON_PATH, CRD_YAML_PATHS, serializeCrdData, stripSchema } from './generate';

const crdTexts = () => CRD_YAML_PATHS.map((p) => readFileSync(p, 'utf8'));

describe('generated CRD data', () => {
  it('is up to date with the CRD files in lib/istio/crds (run: npx tsx lib/istio/schema/generate.ts)', () => {
    const expected = serializeCrdData(buildCrdData(...crdTexts()));
    expect(readFileSync(CRD_JSON_PATH, 'utf8') === expected).toBe(true);
  });

  it('serves every version of the 15 Istio kinds and the 11 Gateway API kinds (no x-k8s.io experimental groups)', () => {
    const data = buildCrdData(...crdTexts());
    expect(Object.keys(data.kinds)).toHaveLength(26);
    expect(
      Object.keys(data.kinds)
        .filter((k) => !k.includes('istio.io'))
        .sort(),
    ).toEqual([
      'gateway.networking.k8s.io/BackendTLSPolicy',
      'gateway.networking.k8s.io/GRPCRoute',
      'gateway.networking.k8s.io/Gateway',
      'gateway.networking.k8s.io/GatewayClass',
      'gateway.networking.k8s.io/HTTPRoute',
      'gateway.networking.k8s.io/ListenerSet',
      'gateway.networking.k8s.io/ReferenceGrant',
      'gateway.networking.k8s.io/TCPRoute',
      'gateway.networking.k8s.io/TLSRoute',
      'gateway.networking.k8s.io/UDPRoute',
      'inference.networking.k8s.io/InferencePool',
    ]);
    expect(Object.keys(data.kinds['gateway.networking.k8s.io/TLSRoute']?.versions ?? {}).sort()).toEqual([
      'v1',
      'v1alpha2',
      'v1alpha3',
    ]);
    expect(data.kinds['gateway.networking.k8s.io/GatewayClass']?.scope).toBe('Cluster');
    expect(Object.keys(data.kinds['networking.istio.io/VirtualService']?.versions ?? {}).sort()).toEqual([
      'v1',
      'v1alpha3',
      'v1beta1',
    ]);
    expect(data.kinds['security.istio.io/AuthorizationPolicy']?.storageVersion).toBe('v1');
  });

  it('drops documentation keywords but keeps properties named like them', () => {
    expect(
      stripSchema({
        description: 'doc',
        type: 'object',
        properties: { description: { type: 'string', description: 'x' } },
      }),
    ).toEqual({
      properties: { description: { type: 'string' } },
      type: 'object',
    });
  });
});
