import { describe, expect, it } from 'vitest';
import { ISTIO_KINDS } from '@/lib/istio/kinds';
import { parseKind, parseListQuery, parseName, parseNamespace, parseWriteBody } from './params';

const vsKind = ISTIO_KINDS.find((k) => k.plural === 'virtualservices')!;
const vs = (over: Record<string, unknown> = {}) => ({
  apiVersion: 'networking.istio.io/v1',
  kind: 'VirtualService',
  metadata: { name: 'reviews', resourceVersion: '12', ...over },
  spec: { hosts: ['reviews'] },
});

function param(f: () => unknown): string | undefined {
  try {
    f();
  } catch (err) {
    return (err as { details?: { parameter?: string }; status?: number }).details?.parameter;
  }
  return undefined;
}

describe('istio params', () => {
  it.each(['Bookinfo', 'a_b', '-a', 'a'.repeat(64), '', '../etc'])(
    'rejects namespace %j naming the parameter',
    (ns) => {
      expect(param(() => parseNamespace(ns))).toBe('namespace');
    },
  );

  it('accepts DNS-1123 names and subdomains', () => {
    expect(parseNamespace('bookinfo')).toBe('bookinfo');
    expect(parseName('reviews.v1')).toBe('reviews.v1');
    expect(param(() => parseName('Reviews'))).toBe('name');
  });

  it('accepts known kinds by plural only', () => {
    expect(parseKind('virtualservices').kind).toBe('VirtualService');
    expect(param(() => parseKind('VirtualService'))).toBe('kind');
    expect(param(() => parseKind('pods'))).toBe('kind');
  });

  it('parses the list query', () => {
    const q = parseListQuery(new URLSearchParams('namespaces=bookinfo,default,bookinfo&kinds=gateways&validate=true'));
    expect(q.namespaces).toEqual(['bookinfo', 'default']);
    expect(q.kinds.map((k) => k.kind)).toEqual(['Gateway']);
    expect(q.validate).toBe(true);
    expect(param(() => parseListQuery(new URLSearchParams('kinds=foo')))).toBe('kinds');
    expect(param(() => parseListQuery(new URLSearchParams('namespaces=A')))).toBe('namespaces');
    expect(param(() => parseListQuery(new URLSearchParams('validate=yes')))).toBe('validate');
  });
});

describe('parseWriteBody', () => {
  const target = { namespace: 'bookinfo', kind: vsKind, name: 'reviews' };

  it('fills the namespace from the URL', () => {
    const body = parseWriteBody({ object: vs(), dryRun: true }, target);
    expect(body.object.metadata.namespace).toBe('bookinfo');
    expect(body.dryRun).toBe(true);
    expect(body.reviewed).toBe(false);
  });

  it('reads reviewed on a write', () => {
    expect(parseWriteBody({ object: vs(), reviewed: true }, target)).toMatchObject({ dryRun: false, reviewed: true });
  });

  it.each([
    ['a kind mismatch', { object: { ...vs(), kind: 'Gateway' } }, 'object.kind'],
    ['an unserved version', { object: { ...vs(), apiVersion: 'networking.istio.io/v2' } }, 'object.apiVersion'],
    ['another namespace', { object: vs({ namespace: 'default' }) }, 'object.metadata.namespace'],
    ['a rename', { object: vs({ name: 'ratings' }) }, 'object.metadata.name'],
    ['a bad name', { object: vs({ name: 'Bad_Name' }) }, 'object.metadata.name'],
    ['unknown body fields', { object: vs(), force: true }, 'body'],
    ['no object', {}, 'body.object'],
    ['a non-boolean dryRun', { object: vs(), dryRun: 'yes' }, 'body.dryRun'],
    ['a non-boolean reviewed', { object: vs(), reviewed: 1 }, 'body.reviewed'],
    ['reviewed on a dry run', { object: vs(), dryRun: true, reviewed: true }, 'body.reviewed'],
  ])('rejects %s naming the field', (_, body, field) => {
    expect(param(() => parseWriteBody(body, target))).toBe(field);
  });
});
