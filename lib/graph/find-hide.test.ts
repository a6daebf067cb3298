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

describe('operands and operators', () => {
  it('string operators and word forms', () => {
    expect(nodesMatching('app = details')).toEqual(['details']);
    expect(nodesMatching('app != details')).toEqual(['reviews', 'unknown']);
    expect(nodesMatching('workload *= tail')).toEqual(['details']);
    expect(nodesMatching('workload contains tail')).toEqual(['details']);
    expect(nodesMatching('workload !contains tail')).toEqual(['reviews', 'unknown']);
    expect(nodesMatching('workload not contains tail')).toEqual(['reviews', 'unknown']);
    expect(nodesMatching('wl startswith det')).toEqual(['details']);
    expect(nodesMatching('wl ^= det')).toEqual(['details']);
    expect(nodesMatching('wl $= -v1')).toEqual(['details']);
    expect(nodesMatching('wl endswith -v1')).toEqual(['details']);
    expect(nodesMatching('wl !$= -v1')).toEqual(['reviews', 'unknown']);
    expect(nodesMatching('svc = reviews')).toEqual(['reviews']);
    expect(nodesMatching('ns = bookinfo')).toEqual(['details', 'reviews']);
    expect(nodesMatching('label:team = books')).toEqual(['details']);
    expect(nodesMatching('node = svc')).toEqual(['reviews']);
    expect(nodesMatching('APP = "details"')).toEqual(['details']);
  });

  it('name expands to app, service and workload', () => {
    expect(nodesMatching('name = unknown')).toEqual(['unknown']);
    expect(nodesMatching('name = reviews')).toEqual(['reviews']);
    expect(nodesMatching('name != reviews')).toEqual(['details', 'unknown']);
  });

  it('numeric comparisons, with NaN meaning no activity', () => {
    expect(nodesMatching('httpin > 9')).toEqual(['details']);
    expect(nodesMatching('httpin >= 9.5')).toEqual(['details']);
    expect(nodesMatching('httpin < 9.5')).toEqual([]);
    expect(nodesMatching('httpin = NaN')).toEqual(['reviews', 'unknown']);
    expect(nodesMatching('httpin != NaN')).toEqual(['details']);
    expect(nodesMatching('rank <= 2')).toEqual(['details']);
    expect(edgesMatching('rt > 1000')).toEqual(['slow']);
    expect(edgesMatching('responsetime = NaN')).toEqual(['tcp', 'idle']);
    expect(edgesMatching('%httperr >= 10')).toEqual(['slow']);
    expect(edgesMatching('tcp > 500')).toEqual(['tcp']);
    expect(edgesMatching('http = NaN')).toEqual(['tcp', 'idle']);
    expect(edgesMatching('protocol = tcp')).toEqual(['tcp']);
  });

  it('flags, negation with ! or not, optional is/has', () => {
    expect(nodesMatching('cb')).toEqual(['details']);
    expect(nodesMatching('has cb')).toEqual(['details']);
    expect(nodesMatching('! cb')).toEqual(['reviews', 'unknown']);
    expect(nodesMatching('!cb')).toEqual(['reviews', 'unknown']);
    expect(nodesMatching('not has circuitbreaker')).toEqual(['reviews', 'unknown']);
    expect(nodesMatching('! is healthy')).toEqual(['reviews', 'unknown']);
    expect(nodesMatching('vs')).toEqual(['reviews']);
    expect(nodesMatching('om')).toEqual(['reviews']);
    expect(nodesMatching('sc')).toEqual(['details', 'unknown']);
    expect(nodesMatching('trafficsource')).toEqual(['unknown']);
    expect(edgesMatching('mtls')).toEqual(['slow']);
    expect(edgesMatching('traffic')).toEqual(['slow', 'tcp']);
    expect(edgesMatching('! traffic')).toEqual(['idle']);
  });
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
