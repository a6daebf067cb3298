import { describe, expect, it } from 'vitest';
import {
  FIND_OPERAND_NAMES,
  FIND_PRESETS,
  HIDE_PRESETS,
  parseFindHide,
  type CompiledFindHide,
  type FindNodeData,
} from './find-hide';
import { findElements, hiddenElements } from './find-hide-apply';
import type { EdgeDataJson } from './types';

const node = (over: Partial<FindNodeData>): FindNodeData => ({
  id: over.id ?? 'n',
  nodeType: 'workload',
  cluster: 'east',
  namespace: 'bookinfo',
  healthData: null,
  ...over,
});
const edge = (over: Partial<EdgeDataJson>): EdgeDataJson => ({
  id: 'e',
  source: 'a',
  target: 'b',
  traffic: { protocol: 'http' },
  ...over,
});

const details = node({
  id: 'details',
  workload: 'details-v1',
  app: 'details',
  version: 'v1',
  labels: { team: 'books' },
  traffic: [{ protocol: 'http', rates: { httpIn: '9.50', httpOut: '0.20' } }],
  healthData: {
    workloadStatus: null,
    requests: { inbound: {}, outbound: {}, healthAnnotations: {} },
    status: { status: 'Healthy', errorRatio: 0, totalRequestRate: 9.7 },
  },
  hasCB: true,
  rank: 1,
});
const reviewsSvc = node({
  id: 'reviews',
  nodeType: 'service',
  service: 'reviews',
  hasVS: { hostnames: ['reviews'] },
  isOutOfMesh: true,
  rank: 3,
});
const unknown = node({
  id: 'unknown',
  nodeType: 'unknown',
  namespace: 'unknown',
  workload: 'unknown',
  app: 'unknown',
  isRoot: true,
});
const slow = edge({
  id: 'slow',
  source: 'reviews',
  target: 'details',
  responseTime: '1500',
  isMTLS: '100',
  traffic: { protocol: 'http', rates: { http: '3.30', httpPercentErr: '12.5' } },
});
const tcp = edge({
  id: 'tcp',
  source: 'details',
  target: 'unknown',
  traffic: { protocol: 'tcp', rates: { tcp: '512.30' } },
});
const idleEdge = edge({ id: 'idle', source: 'unknown', target: 'details', traffic: { protocol: 'http' } });

function compile(expr: string, opts?: Parameters<typeof parseFindHide>[1]): CompiledFindHide {
  const r = parseFindHide(expr, opts);
  if (!r.ok) throw new Error(`${expr}: ${r.error.message} @${r.error.position}`);
  return r.value;
}
const nodesMatching = (expr: string) =>
  [details, reviewsSvc, unknown].filter((n) => compile(expr).node?.(n)).map((n) => n.id);
const edgesMatching = (expr: string) => [slow, tcp, idleEdge].filter((e) => compile(expr).edge?.(e)).map((e) => e.id);

/** A table row: which elements, the expression, the ids it matches. */
type MatchCase = ['nodes' | 'edges', string, string[]];
/** `it.each` rows (expression first, for the title) of match cases. */
const rows = (cases: MatchCase[]) => cases.map(([kind, expr, ids]) => [expr, kind, ids] as const);
const matches = (expr: string, kind: MatchCase[0], ids: string[]) =>
  expect((kind === 'nodes' ? nodesMatching : edgesMatching)(expr)).toEqual(ids);

describe('operands and operators', () => {
  it.each(
    rows([
      ['nodes', 'app = details', ['details']],
      ['nodes', 'app != details', ['reviews', 'unknown']],
      ['nodes', 'workload *= tail', ['details']],
      ['nodes', 'workload contains tail', ['details']],
      ['nodes', 'workload !contains tail', ['reviews', 'unknown']],
      ['nodes', 'workload not contains tail', ['reviews', 'unknown']],
      ['nodes', 'wl startswith det', ['details']],
      ['nodes', 'wl ^= det', ['details']],
      ['nodes', 'wl $= -v1', ['details']],
      ['nodes', 'wl endswith -v1', ['details']],
      ['nodes', 'wl !$= -v1', ['reviews', 'unknown']],
      ['nodes', 'svc = reviews', ['reviews']],
      ['nodes', 'ns = bookinfo', ['details', 'reviews']],
      ['nodes', 'label:team = books', ['details']],
      ['nodes', 'node = svc', ['reviews']],
      ['nodes', 'APP = "details"', ['details']],
    ]),
  )('string operators and word forms: %s matches %s', matches);

  it.each(
    rows([
      ['nodes', 'name = unknown', ['unknown']],
      ['nodes', 'name = reviews', ['reviews']],
      ['nodes', 'name != reviews', ['details', 'unknown']],
    ]),
  )('name expands to app, service and workload: %s matches %s', matches);

  it.each(
    rows([
      ['nodes', 'httpin > 9', ['details']],
      ['nodes', 'httpin >= 9.5', ['details']],
      ['nodes', 'httpin < 9.5', []],
      ['nodes', 'httpin = NaN', ['reviews', 'unknown']],
      ['nodes', 'httpin != NaN', ['details']],
      ['nodes', 'rank <= 2', ['details']],
      ['edges', 'rt > 1000', ['slow']],
      ['edges', 'responsetime = NaN', ['tcp', 'idle']],
      ['edges', '%httperr >= 10', ['slow']],
      ['edges', 'tcp > 500', ['tcp']],
      ['edges', 'http = NaN', ['tcp', 'idle']],
      ['edges', 'protocol = tcp', ['tcp']],
    ]),
  )('numeric comparisons, with NaN meaning no activity: %s matches %s', matches);

  it.each(
    rows([
      ['nodes', 'cb', ['details']],
      ['nodes', 'has cb', ['details']],
      ['nodes', '! cb', ['reviews', 'unknown']],
      ['nodes', '!cb', ['reviews', 'unknown']],
      ['nodes', 'not has circuitbreaker', ['reviews', 'unknown']],
      ['nodes', '! is healthy', ['reviews', 'unknown']],
      ['nodes', 'vs', ['reviews']],
      ['nodes', 'om', ['reviews']],
      ['nodes', 'sc', ['details', 'unknown']],
      ['nodes', 'trafficsource', ['unknown']],
      ['edges', 'mtls', ['slow']],
      ['edges', 'traffic', ['slow', 'tcp']],
      ['edges', '! traffic', ['idle']],
    ]),
  )('flags, negation with ! or not, optional is/has: %s matches %s', matches);
});

describe('AND / OR', () => {
  it('OR binds tighter than AND by default', () => {
    // app = details AND (rank > 2 OR cb)
    expect(nodesMatching('app = details AND rank > 2 OR cb')).toEqual(['details']);
    // (vs AND name = x) OR name = unknown would match unknown; with OR tighter: vs AND (name = x OR name = unknown)
    expect(nodesMatching('vs and name = x or name = unknown')).toEqual([]);
    const andTighter = [details, reviewsSvc, unknown].filter((n) =>
      compile('vs and name = x or name = unknown', { precedence: 'and' }).node!(n),
    );
    expect(andTighter.map((n) => n.id)).toEqual(['unknown']);
  });

  it('a disjunction may mix node and edge criteria, a conjunction may not', () => {
    const mixed = compile('cb OR rt > 1000');
    expect(mixed.node!(details)).toBe(true);
    expect(mixed.edge!(slow)).toBe(true);
    const r = parseFindHide('cb AND rt > 1000');
    expect(r).toEqual({
      ok: false,
      error: { message: 'Invalid expression. Can not AND node and edge criteria.', position: 7 },
    });
    expect(compile('').node).toBeUndefined();
  });
});

describe('errors carry a message and a position', () => {
  it.each([
    ['foo = 1', 'Invalid operand [foo]', 0],
    ['app = details AND bogus', 'Invalid node or edge operand [bogus]', 18],
    ['httpin > fast', 'Invalid value [fast]. Expected a number (use . for decimals) or NaN', 9],
    ['httpin *= 1', 'Invalid operator [*=] for a numeric operand', 10],
    ['app > 3', 'Invalid operator [>] for a string operand', 0],
    ['app details', 'No valid operator found in expression', 0],
    ['app = details AND', 'Missing expression', 17],
    ['node = pod', 'Invalid node type [pod]. Expected app | operation | service | unknown | workload', 7],
    ['! app = x', "'!' and 'not' negate flags only; use != or !contains", 0],
    ['app =', 'Missing value after [app =]', 5],
    ['rt > NaN', 'NaN can only be compared with = or !=', 5],
  ])('%j', (expr, message, position) => {
    expect(parseFindHide(expr)).toEqual({ ok: false, error: { message, position } });
  });
});

describe('presets and autocomplete', () => {
  it('every preset compiles', () => {
    for (const p of [...FIND_PRESETS, ...HIDE_PRESETS]) expect(parseFindHide(p.expression).ok).toBe(true);
    expect(FIND_OPERAND_NAMES).toEqual(
      expect.arrayContaining(['app', 'name', 'label:', 'rt', '%httperr', 'cb', 'mtls']),
    );
  });
});

describe('applying find and hide', () => {
  const box = node({ id: 'box', nodeType: 'box', isBox: 'namespace' });
  const a = node({ id: 'a', parent: 'box', app: 'a' });
  const b = node({ id: 'b', parent: 'box', app: 'b' });
  const c = node({ id: 'c', app: 'c', isIdle: true });
  const ab = edge({
    id: 'ab',
    source: 'a',
    target: 'b',
    responseTime: '2000',
    traffic: { protocol: 'http', rates: { http: '1.00' } },
  });
  const nodes = [box, a, b, c];

  it('find selects matching nodes and edges, never boxes', () => {
    const r = findElements(nodes, [ab], compile('ns = bookinfo OR rt > 1000'));
    expect([...r.nodes].sort()).toEqual(['a', 'b', 'c']);
    expect([...r.edges]).toEqual(['ab']);
  });

  it('hiding nodes hides their edges; hiding all edges of a node hides it; empty boxes hide', () => {
    const byNode = hiddenElements(nodes, [ab], compile('app = a'));
    expect([...byNode.nodes]).toEqual(['a']);
    expect([...byNode.edges]).toEqual(['ab']);
    const byEdge = hiddenElements(nodes, [ab], compile('rt > 1000'));
    expect([...byEdge.nodes].sort()).toEqual(['a', 'b', 'box']);
    const idle = hiddenElements(nodes, [], compile('app = c'));
    expect([...idle.nodes]).toEqual(['c']);
  });
});

describe('route = <name>: nodes governed by a named route', () => {
  const reviews = node({
    id: 'reviews',
    nodeType: 'service',
    service: 'reviews',
    hasK8sRoutes: [{ kind: 'HTTPRoute', namespace: 'bookinfo-gateway-api', name: 'reviews' }],
  });
  const ratings = node({
    id: 'ratings',
    nodeType: 'service',
    service: 'ratings',
    hasVS: { hostnames: ['ratings'] },
    virtualServices: [
      { namespace: 'bookinfo', name: 'ratings-fault' },
      { namespace: 'default', name: 'ratings-consumer' },
    ],
  });
  const details = node({ id: 'details', nodeType: 'service', service: 'details' });
  const found = (expr: string) => [...findElements([reviews, ratings, details], [], compile(expr)).nodes].sort();

  it('matches an HTTPRoute or a VirtualService by name or namespace/name, any of several', () => {
    expect(found('route = reviews')).toEqual(['reviews']);
    expect(found('route = bookinfo-gateway-api/reviews')).toEqual(['reviews']);
    expect(found('route = ratings-consumer')).toEqual(['ratings']);
    expect(found('route = default/ratings-consumer')).toEqual(['ratings']);
    expect(found('route ^= ratings-')).toEqual(['ratings']);
    expect(found('route = nothing')).toEqual([]);
  });

  it('negated, holds for nodes no such route governs; the bare `route` stays the Gateway API flag', () => {
    expect(found('route != reviews')).toEqual(['details', 'ratings']);
    expect(found('route')).toEqual(['reviews']);
  });
});

describe('operand names', () => {
  it('lists each name once, route among them', () => {
    expect(new Set(FIND_OPERAND_NAMES).size).toBe(FIND_OPERAND_NAMES.length);
    expect(FIND_OPERAND_NAMES).toContain('route');
  });
});
