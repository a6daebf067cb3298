import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { buildCrdData, CRD_JSON_PATH, CRD_YAML_PATH, serializeCrdData, stripSchema } from './generate';

describe('generated CRD data', () => {
  it('is up to date with crds/crd-all.gen.yaml (run: npx tsx lib/istio/schema/generate.ts)', () => {
    const expected = serializeCrdData(buildCrdData(readFileSync(CRD_YAML_PATH, 'utf8')));
    expect(readFileSync(CRD_JSON_PATH, 'utf8') === expected).toBe(true);
  });

  it('serves every version of the 15 Istio kinds', () => {
    const data = buildCrdData(readFileSync(CRD_YAML_PATH, 'utf8'));
    expect(Object.keys(data.kinds)).toHaveLength(15);
    expect(Object.keys(data.kinds['networking.istio.io/VirtualService']?.versions ?? {}).sort()).toEqual(['v1', 'v1alpha3', 'v1beta1']);
    expect(data.kinds['security.istio.io/AuthorizationPolicy']?.storageVersion).toBe('v1');
  });

  it('drops documentation keywords but keeps properties named like them', () => {
    expect(stripSchema({ description: 'doc', type: 'object', properties: { description: { type: 'string', description: 'x' } } })).toEqual({
      properties: { description: { type: 'string' } },
      type: 'object',
    });
  });
});
