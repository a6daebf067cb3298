import { describe, expect, it, vi } from 'vitest';
import { bookinfoSnapshot } from '@/lib/istio/editor/test-snapshot';
import { ALIAS_BOMB, reviewsToSubset } from '@/lib/istio/testdata/yaml';

vi.mock('@/lib/config', () => ({ getConfig: () => ({ istioNamespace: 'istio-system', viewOnly: false }) }));

const { limitError, parseValidateRequest, runInThread, validateYaml } = await import('./validate');
const { parseYamlSafe } = await import('@/lib/istio/editor/safe-yaml');

/** These cases run the validation in this thread; validate-pool.test.ts runs it in the worker pool. */
const validateInThread = (request: Parameters<typeof validateYaml>[0], read: Parameters<typeof validateYaml>[1]) =>
  validateYaml(request, read, runInThread);

describe('validateYaml', () => {
  const snapshot = async () => bookinfoSnapshot();

  it('has no markers for a route to an existing subset', async () => {
    const r = await validateInThread({ yaml: reviewsToSubset('v3'), namespace: 'bookinfo' }, snapshot);
    expect(r.markers.filter((m) => m.severity === 'error')).toEqual([]);
    expect(r.crossObjectChecked).toBe(true);
  });

  it('marks the subset line when no DestinationRule defines the subset', async () => {
    const r = await validateInThread({ yaml: reviewsToSubset('v9'), namespace: 'bookinfo' }, snapshot);
    const marker = r.markers.find((m) => m.source === 'check' && m.path.endsWith('subset'));
    expect(marker).toMatchObject({ line: 12, severity: expect.stringMatching(/error|warning/) });
    expect(marker?.message).toMatch(/v9/);
  });

  it('reports findings its change causes on other objects', async () => {
    const base = bookinfoSnapshot();
    const vs = {
      apiVersion: 'networking.istio.io/v1',
      kind: 'VirtualService',
      metadata: { name: 'reviews', namespace: 'bookinfo' },
      spec: { hosts: ['reviews'], http: [{ route: [{ destination: { host: 'reviews', subset: 'v3' } }] }] },
    };
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
    const r = await validateInThread(
      { yaml: dr, expect: { kind: 'DestinationRule', namespace: 'bookinfo', name: 'reviews' } },
      async () => base,
    );
    expect(r.related).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ kind: 'VirtualService', name: 'reviews', path: expect.stringContaining('subset') }),
      ]),
    );
  });

  it('sees the objects saved together with the text (a new subset next to the route that uses it)', async () => {
    const dr = {
      apiVersion: 'networking.istio.io/v1',
      kind: 'DestinationRule',
      metadata: { name: 'reviews', namespace: 'bookinfo' },
      spec: { host: 'reviews', subsets: [{ name: 'v9', labels: { version: 'v3' } }] },
    };
    const alone = await validateInThread({ yaml: reviewsToSubset('v9'), namespace: 'bookinfo' }, snapshot);
    const together = await validateInThread(
      { yaml: reviewsToSubset('v9'), namespace: 'bookinfo', with: [dr] },
      snapshot,
    );
    expect(alone.markers.some((m) => m.path.endsWith('subset'))).toBe(true);
    expect(together.markers.some((m) => m.path.endsWith('subset'))).toBe(false);
  });

  it('still reports syntax and schema when the cluster cannot be read', async () => {
    const r = await validateInThread({ yaml: reviewsToSubset('v1').replace('hosts:', 'hostz:') }, async () => {
      throw new Error('down');
    });
    expect(r.crossObjectChecked).toBe(false);
    expect(r.markers.some((m) => m.code === 'IST0106')).toBe(true);
  });

  it('returns syntax markers, not errors, for broken YAML', async () => {
    const r = await validateInThread({ yaml: 'kind: A\nkind: B\n' }, snapshot);
    expect(r.object).toBeNull();
    expect(r.markers[0]).toMatchObject({ code: 'YAML_DUPLICATE_KEY', line: 2 });
  });

  it('validates its body', () => {
    expect(() => parseValidateRequest({ yaml: 1 })).toThrow(/body.yaml/);
    expect(() => parseValidateRequest({ yaml: '', namespace: 'Bad' })).toThrow(/body.namespace/);
    expect(() => parseValidateRequest({ yaml: '', extra: 1 })).toThrow(/body/);
  });

  it('answers 413 for a text over the size limit and 422 naming the limit for depth, keys and aliases', async () => {
    const snapshot = async () => bookinfoSnapshot();
    const cases: [string, number, string, string][] = [
      [`a: ${'x'.repeat(1024 * 1024)}`, 413, 'YAML_TOO_LARGE', 'limit of 1048576 characters'],
      [`a: ${'['.repeat(5000)}${']'.repeat(5000)}`, 422, 'YAML_TOO_DEEP', 'limit of 100 levels (line 1, column 103)'],
      [
        Array.from({ length: 60_000 }, (_, i) => `k${i}: v`).join('\n'),
        422,
        'YAML_TOO_MANY_KEYS',
        'limit of 10000 (line 10001, column 7)',
      ],
    ];
    for (const [yaml, status, reason, message] of cases) {
      const err = await validateInThread({ yaml }, snapshot).then(
        () => null,
        (e: unknown) => e,
      );
      expect(err).toMatchObject({ status, details: { parameter: 'body.yaml', reason } });
      expect((err as Error).message).toContain(message);
    }
  });
});

describe('limitError', () => {
  it('turns an alias bomb into 422 with the alias limit', () => {
    const parsed = parseYamlSafe(ALIAS_BOMB);
    if (parsed.ok) throw new Error('expected the alias limit');
    expect(limitError(parsed.problems[0]!)).toMatchObject({
      status: 422,
      code: 'invalid:api',
      details: { reason: 'YAML_ALIAS_LIMIT', limit: 'aliases', max: 100, line: 2 },
    });
  });
});
