import { describe, expect, it } from 'vitest';
import { FILE_LIMITS } from './editor/text-limits';
import { formatLogLine as formatFinding } from './analyze-report';
import { validateSources } from './validate-files';

const vs = (name: string, host: string) => `apiVersion: networking.istio.io/v1
kind: VirtualService
metadata: {name: ${name}, namespace: shop}
spec:
  hosts: [${host}]
  http:
  - route:
    - destination: {host: ${host}}
`;

const svc = `apiVersion: v1
kind: Service
metadata: {name: cart, namespace: shop}
spec:
  selector: {app: cart}
  ports: [{name: http, port: 80}]
`;

describe('validateSources', () => {
  it('keeps the last copy of an object given twice, as kubectl apply would', () => {
    const run = validateSources([
      { name: 'a.yaml', text: vs('cart', 'nowhere') },
      { name: 'b.yaml', text: vs('cart', 'cart') + '---\n' + svc },
    ]);
    expect(run.ok && run.findings).toEqual([]);
    expect(run.ok && run.objectCount).toBe(2);
  });

  it('locates findings inside List items', () => {
    const list = `apiVersion: v1\nkind: List\nitems:\n${vs('cart', 'nowhere')
      .replace(/^/gm, '  ')
      .replace(/^  apiVersion/, '- apiVersion')}`;
    const run = validateSources([{ name: 'list.yaml', text: list }]);
    if (!run.ok) throw new Error('parse failed');
    expect(run.findings.map((f) => [f.code, f.path, f.line])).toEqual([
      ['IST0101', 'spec.http[0].route[0].destination.host', 11],
    ]);
    expect(formatFinding(run.findings[0] as never)).toBe(
      'Error [IST0101] (VirtualService cart.shop list.yaml:11) Referenced host not found: "nowhere"',
    );
  });

  it('rejects documents that are not objects, with their position', () => {
    const run = validateSources([{ name: 'x.yaml', text: `${svc}---\njust a string\n` }]);
    expect(run).toEqual({
      ok: false,
      errors: [
        {
          file: 'x.yaml',
          line: 8,
          column: 1,
          message: 'document is not a Kubernetes object (a mapping with apiVersion and kind)',
        },
      ],
    });
  });

  it('leaves objects with wrong field types out of the cross-object checks but reports their schema errors', () => {
    const bad = vs('cart', 'nowhere').replace('hosts: [nowhere]', 'hosts: nowhere');
    const run = validateSources([{ name: 'bad.yaml', text: bad }]);
    if (!run.ok) throw new Error('parse failed');
    expect(run.findings.map((f) => `${f.code} ${f.path}:${f.line}`)).toEqual(['IST0106 spec.hosts:5']);
  });

  it('stops at the first limit a file exceeds, with its position, per document for keys and items', () => {
    const limits = { ...FILE_LIMITS, maxKeys: 12, maxItems: 3 };
    expect(validateSources([{ name: 's.yaml', text: svc }], {}, undefined, limits).ok).toBe(true);
    expect(validateSources([{ name: 's.yaml', text: `${svc}---\n${svc}` }], {}, undefined, limits).ok).toBe(true);
    expect(
      validateSources([{ name: 'l.yaml', text: `${svc}---\nitems: [a, b, c, d, e]\n` }], {}, undefined, limits),
    ).toEqual({
      ok: false,
      errors: [
        { file: 'l.yaml', line: 8, column: 19, message: 'The document has more list items than the limit of 3' },
      ],
    });
  });

  it('reports documents without apiVersion or kind, also inside a List, and leaves them out of the checks', () => {
    const list = `apiVersion: v1\nkind: List\nitems:\n- {apiVersion: v1, metadata: {name: x}}\n- {kind: Service, metadata: {name: y}}\n`;
    const run = validateSources([{ name: 'l.yaml', text: list }]);
    if (!run.ok) throw new Error('parse failed');
    expect(run.objectCount).toBe(0);
    expect(run.findings.map(formatFinding)).toEqual([
      'Error [MS0002] (l.yaml:4) The document has no kind: it is not a Kubernetes object',
      'Error [MS0002] (Service y.default l.yaml:5) The document has no apiVersion: it is not a Kubernetes object',
    ]);
  });
});
