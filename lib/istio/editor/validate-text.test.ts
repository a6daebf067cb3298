import { describe, expect, it } from 'vitest';
import { validateIstioSchema } from '@/lib/istio/schema';
import { locatePath } from './locate';
import { parseYamlSafe } from './safe-yaml';
import { validateText } from './validate-text';

const VS = `apiVersion: networking.istio.io/v1
kind: VirtualService
metadata:
  name: reviews
  namespace: bookinfo
spec:
  hosts:
  - reviews
  http:
  - route:
    - destination:
        host: reviews
        subset: v1
      weight: 50
    - destination:
        host: reviews
        subset: v9
      weight: 50
`;

function located(text: string, path: string) {
  const r = parseYamlSafe(text);
  if (!r.ok) throw new Error('parse');
  return locatePath(r.doc, text, r.lineCounter, path);
}

describe('locatePath', () => {
  it('finds a key through lists and maps (Kiali EditorValidations walk)', () => {
    const at = located(VS, 'spec.http[0].route[1].destination.subset');
    expect(at).toMatchObject({ line: 17, column: 9, exact: true });
    expect(VS.slice(at.from, at.to)).toBe('subset: v9');
  });

  it('marks a list item on its first line', () => {
    const at = located(VS, 'spec.http[0].route[1]');
    expect(at.line).toBe(15);
    expect(VS.slice(at.from, at.to)).toBe('destination:');
  });

  it('falls back to the deepest ancestor that exists', () => {
    const at = located(VS, 'spec.http[0].route[1].destination.port.number');
    expect(at).toMatchObject({ line: 15, exact: false, depth: 6 });
  });

  it('handles quoted map keys and numeric keys', () => {
    const text =
      'metadata:\n  labels:\n    app.kubernetes.io/name: x\nspec:\n  portLevelMtls:\n    8080:\n      mode: STRICT\n';
    expect(located(text, 'metadata.labels["app.kubernetes.io/name"]').line).toBe(3);
    expect(located(text, 'spec.portLevelMtls["8080"].mode').line).toBe(7);
  });

  it('puts the whole-object path on the first line', () => {
    expect(located(VS, '').line).toBe(1);
  });
});

describe('validateText', () => {
  it('returns syntax markers and no object when the YAML is broken', () => {
    const r = validateText('kind: A\nkind: B\n', { schema: () => [] });
    expect(r.object).toBeNull();
    expect(r.markers).toEqual([
      expect.objectContaining({ code: 'YAML_DUPLICATE_KEY', source: 'syntax', severity: 'error', line: 2 }),
    ]);
  });

  it('places schema findings (IST0106) on the offending line', () => {
    const text = VS.replace('weight: 50\n    - destination', 'weight: fifty\n    - destination');
    const r = validateText(text, { schema: validateIstioSchema });
    const m = r.markers.find((x) => x.source === 'schema');
    expect(m).toMatchObject({ code: 'IST0106', line: 14 });
    expect(m?.message).toMatch(/weight/);
  });

  it('places cross-object findings where their path points', () => {
    const r = validateText(VS, {
      schema: validateIstioSchema,
      crossObject: () => [
        {
          code: 'KIA1107',
          severity: 'warning',
          path: 'spec.http[0].route[1].destination.subset',
          message: 'Subset not found',
        },
      ],
    });
    expect(r.markers).toEqual([
      expect.objectContaining({ code: 'KIA1107', severity: 'warning', line: 17, source: 'check' }),
    ]);
  });

  it('flags a rename of an existing object', () => {
    const r = validateText(
      VS,
      { schema: () => [] },
      { kind: 'VirtualService', name: 'ratings', namespace: 'bookinfo' },
    );
    expect(r.markers).toEqual([expect.objectContaining({ path: 'metadata.name', line: 4, source: 'identity' })]);
  });

  it("flags a change of API group when the group is given (Istio's Gateway vs the Gateway API's)", () => {
    const gw =
      'apiVersion: networking.istio.io/v1\nkind: Gateway\nmetadata:\n  name: bookinfo-gateway\n  namespace: bookinfo\n';
    const expected = {
      kind: 'Gateway',
      name: 'bookinfo-gateway',
      namespace: 'bookinfo',
      group: 'gateway.networking.k8s.io',
    };
    const r = validateText(gw, { schema: () => [] }, expected);
    expect(r.markers).toEqual([
      expect.objectContaining({
        path: 'apiVersion',
        line: 1,
        source: 'identity',
        message: 'apiVersion must stay in gateway.networking.k8s.io; create a new object to change it',
      }),
    ]);
    const same = gw.replace('networking.istio.io/v1', 'gateway.networking.k8s.io/v1beta1');
    expect(validateText(same, { schema: () => [] }, expected).markers).toEqual([]);
    expect(validateText(gw, { schema: () => [] }, { ...expected, group: undefined }).markers).toEqual([]);
  });

  it('valid text has no markers', () => {
    expect(validateText(VS, { schema: validateIstioSchema }).markers).toEqual([]);
  });
});
