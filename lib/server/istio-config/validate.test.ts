import { describe, expect, it, vi } from 'vitest';
import { bookinfoSnapshot } from '@/lib/istio/editor/test-snapshot';

vi.mock('@/lib/config', () => ({ getConfig: () => ({ istioNamespace: 'istio-system', viewOnly: false }) }));

const { parseValidateRequest, validateYaml } = await import('./validate');

const VS = (subset: string) => `apiVersion: networking.istio.io/v1
kind: VirtualService
metadata:
  name: reviews
spec:
  hosts:
  - reviews
  http:
  - route:
    - destination:
        host: reviews
        subset: ${subset}
`;

describe('validateYaml', () => {
  const snapshot = async () => bookinfoSnapshot();

  it('has no markers for a route to an existing subset', async () => {
    const r = await validateYaml({ yaml: VS('v3'), namespace: 'bookinfo' }, snapshot);
    expect(r.markers.filter((m) => m.severity === 'error')).toEqual([]);
    expect(r.crossObjectChecked).toBe(true);
  });

  it('marks the subset line when no DestinationRule defines the subset', async () => {
    const r = await validateYaml({ yaml: VS('v9'), namespace: 'bookinfo' }, snapshot);
    const marker = r.markers.find((m) => m.source === 'check' && m.path.endsWith('subset'));
    expect(marker).toMatchObject({ line: 12, severity: expect.stringMatching(/error|warning/) });
    expect(marker?.message).toMatch(/v9/);
  });

  it('reports findings its change causes on other objects', async () => {
    const base = bookinfoSnapshot();
    const vs = { apiVersion: 'networking.istio.io/v1', kind: 'VirtualService', metadata: { name: 'reviews', namespace: 'bookinfo' }, spec: { hosts: ['reviews'], http: [{ route: [{ destination: { host: 'reviews', subset: 'v3' } }] }] } };
    base.istioConfig.push(vs);
    const dr = `apiVersion: networking.istio.io/v1
kind: DestinationRule
metadata:
  name: reviews
  namespace: bookinfo
spec:
  host: reviews
  subsets:
  - name: v1
    labels: {version: v1}
`;
    const r = await validateYaml({ yaml: dr, expect: { kind: 'DestinationRule', namespace: 'bookinfo', name: 'reviews' } }, async () => base);
    expect(r.related).toEqual(expect.arrayContaining([expect.objectContaining({ kind: 'VirtualService', name: 'reviews', path: expect.stringContaining('subset') })]));
  });

  it('sees the objects saved together with the text (a new subset next to the route that uses it)', async () => {
    const dr = { apiVersion: 'networking.istio.io/v1', kind: 'DestinationRule', metadata: { name: 'reviews', namespace: 'bookinfo' }, spec: { host: 'reviews', subsets: [{ name: 'v9', labels: { version: 'v3' } }] } };
    const alone = await validateYaml({ yaml: VS('v9'), namespace: 'bookinfo' }, snapshot);
    const together = await validateYaml({ yaml: VS('v9'), namespace: 'bookinfo', with: [dr] }, snapshot);
    expect(alone.markers.some((m) => m.path.endsWith('subset'))).toBe(true);
    expect(together.markers.some((m) => m.path.endsWith('subset'))).toBe(false);
  });

  it('still reports syntax and schema when the cluster cannot be read', async () => {
    const r = await validateYaml({ yaml: VS('v1').replace('hosts:', 'hostz:') }, async () => {
      throw new Error('down');
    });
    expect(r.crossObjectChecked).toBe(false);
    expect(r.markers.some((m) => m.code === 'IST0106')).toBe(true);
  });

  it('returns syntax markers, not errors, for broken YAML', async () => {
    const r = await validateYaml({ yaml: 'kind: A\nkind: B\n' }, snapshot);
    expect(r.object).toBeNull();
    expect(r.markers[0]).toMatchObject({ code: 'YAML_DUPLICATE_KEY', line: 2 });
  });

  it('validates its body', () => {
    expect(() => parseValidateRequest({ yaml: 1 })).toThrow(/body.yaml/);
    expect(() => parseValidateRequest({ yaml: '', namespace: 'Bad' })).toThrow(/body.namespace/);
    expect(() => parseValidateRequest({ yaml: '', extra: 1 })).toThrow(/body/);
  });
});
