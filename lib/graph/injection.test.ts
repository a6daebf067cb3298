/**
 * PromQL injection (perf-security.md S1, Kiali #9593): every hostile value in every parameter is refused with a
 * 400 naming the parameter, and a spy on the InstantQuery proves not a single query is sent. Valid requests are
 * then checked against the query templates: known metrics only, label names Prometheus-valid, values escaped.
 * The appender registry is iterated, so an appender's PromQL is covered as soon as it is registered: the valid
 * requests must send it, each appender re-validates a hostile namespace, and its queries are templated for every
 * rate, responseTime and throughputType combination.
 */
import { describe, expect, it, vi } from 'vitest';
import { BadRequestError } from '@/lib/promql/index';
import { APPENDERS, appenderQueries } from './appenders';
import { buildGraph } from './build';
import { parseGraphOptions, type GraphPathParams } from './options';
import { bookinfoInventory, graphOptions } from './testdata/fixtures';
import type { GraphOptions, InstantQuery } from './types';

const PAYLOADS = [
  '"} or up{',
  '.*',
  'a"b',
  'a\\b',
  ') or vector(1)',
  "a'b",
  'bookinfo"}',
  'x{y}',
  'a b',
  'http://169.254.169.254/',
  'book\ninfo',
  'ünïcode',
  '${x}',
];

const LIMITS = { nowMs: 1_735_689_600_000, maxDurationSeconds: 30 * 86400 };
const parse = (qs: string, path: GraphPathParams) => parseGraphOptions(new URLSearchParams(qs), path, LIMITS);

/** What a route does: parse, then build. The spy must never be called for a bad request. */
async function request(qs: string, path: GraphPathParams, query: InstantQuery): Promise<unknown> {
  try {
    const o = parse(qs, path);
    await buildGraph(o, bookinfoInventory(), query);
    return null;
  } catch (e) {
    return e;
  }
}

const enc = encodeURIComponent;
const cases: [string, (p: string) => [string, GraphPathParams]][] = [
  ['namespaces', (p) => [`namespaces=${enc(p)}`, {}]],
  ['namespaces (second)', (p) => [`namespaces=bookinfo,${enc(p)}`, {}]],
  ['duration', (p) => [`namespaces=bookinfo&duration=${enc(p)}`, {}]],
  ['duration (compound)', (p) => [`namespaces=bookinfo&duration=${enc(`1h30m${p}`)}`, {}]],
  ['queryTime', (p) => [`namespaces=bookinfo&queryTime=${enc(p)}`, {}]],
  ['graphType', (p) => [`namespaces=bookinfo&graphType=${enc(p)}`, {}]],
  ['boxBy', (p) => [`namespaces=bookinfo&boxBy=${enc(p)}`, {}]],
  ['appenders', (p) => [`namespaces=bookinfo&appenders=${enc(p)}`, {}]],
  ['rateTcp', (p) => [`namespaces=bookinfo&rateTcp=${enc(p)}`, {}]],
  ['responseTime', (p) => [`namespaces=bookinfo&responseTime=${enc(p)}`, {}]],
  ['throughputType', (p) => [`namespaces=bookinfo&throughputType=${enc(p)}`, {}]],
  ['clusterName', (p) => [`namespaces=bookinfo&clusterName=${enc(p)}`, {}]],
  ['namespace (path)', (p) => ['', { namespace: p, workload: 'details-v1' }]],
  ['workload (path)', (p) => ['', { namespace: 'bookinfo', workload: p }]],
  ['app (path)', (p) => ['graphType=app', { namespace: 'bookinfo', app: p }]],
  ['version (path)', (p) => ['graphType=versionedApp', { namespace: 'bookinfo', app: 'reviews', version: p }]],
  ['service (path)', (p) => ['', { namespace: 'bookinfo', service: p }]],
];

describe('hostile parameters never reach Prometheus', () => {
  for (const [name, make] of cases) {
    it.each(PAYLOADS)(`${name} = %j → 400, zero queries`, async (payload) => {
      const query = vi.fn<InstantQuery>(async () => []);
      const [qs, path] = make(payload);
      const err = await request(qs, path, query);
      expect(query).not.toHaveBeenCalled();
      expect(err).toBeInstanceOf(BadRequestError);
      expect((err as BadRequestError).status).toBe(400);
    });
  }
});

const METRICS =
  /^(istio_requests_total|istio_request_messages_total|istio_response_messages_total|istio_tcp_(sent|received)_bytes_total|istio_request_duration_milliseconds_(bucket|sum|count)|istio_(request|response)_bytes_sum)$/;

/** Known metrics only; each matcher is label op "value" with only escaped quotes/backslashes inside the value. */
function expectTemplated(q: string): void {
  expect(q.startsWith('round(') && q.endsWith(',0.001)')).toBe(true);
  for (const m of q.matchAll(/([a-z_:]+)\{([^}]*)\}/g)) {
    expect(m[1]).toMatch(METRICS);
    for (const matcher of m[2]!.split(/,(?=[a-z_]+(?:=|!=|=~|!~)")/)) {
      expect(matcher).toMatch(/^[a-zA-Z_][a-zA-Z0-9_]*(=|!=|=~|!~)"([^"\\]|\\.)*"$/);
    }
  }
  for (const by of q.matchAll(/by \(([^)]*)\)/g)) {
    for (const l of by[1]!.split(',')) expect(l).toMatch(/^[a-zA-Z_][a-zA-Z0-9_]*$/);
  }
}

const VALID: [string, GraphPathParams][] = [
  ['namespaces=bookinfo,echo', {}],
  ['namespaces=bookinfo&rateGrpc=total&rateTcp=total&responseTime=avg&ambientTraffic=none', {}],
  ['graphType=versionedApp', { namespace: 'bookinfo', app: 'reviews', version: 'v2' }],
  ['clusterName=Kubernetes', { namespace: 'bookinfo', service: 'reviews' }],
];

describe('valid requests send only templated, escaped queries', () => {
  it.each(VALID)('%s %j', async (qs, path) => {
    const sent: string[] = [];
    expect(await request(qs, path, async (q) => (sent.push(q), []))).toBeNull();
    expect(sent.length).toBeGreaterThan(0);
    for (const q of sent) expectTemplated(q);
  });
});

/** Every rate combination, each with one of the responseTime/throughputType pairs. */
function* optionMatrix(): Generator<GraphOptions> {
  const pairs = [
    ['avg', 'request'],
    ['50', 'response'],
    ['95', 'request'],
    ['99', 'response'],
  ] as const;
  for (const http of ['requests', 'none'] as const) {
    for (const grpc of ['requests', 'sent', 'received', 'total', 'none'] as const) {
      for (const tcp of ['sent', 'received', 'total', 'none'] as const) {
        for (const ambient of ['total', 'waypoint', 'ztunnel', 'none'] as const) {
          for (const [responseTime, throughputType] of pairs) {
            const includeIdleEdges = tcp === 'sent';
            yield graphOptions({ rates: { http, grpc, tcp, ambient }, responseTime, throughputType, includeIdleEdges });
          }
        }
      }
    }
  }
}

describe('every registered appender’s PromQL is covered', () => {
  const withQueries = APPENDERS.filter((a) => a.queries);

  it('the valid requests send the queries of every registered appender that has any', async () => {
    const covered = new Set<string>();
    for (const [qs, path] of VALID) {
      const sent = new Set<string>();
      expect(await request(qs, path, async (q) => (sent.add(q), []))).toBeNull();
      const o = parse(qs, path);
      for (const ns of o.namespaces) {
        for (const d of appenderQueries(o, ns, o.durationSeconds)) {
          expect(sent).toContain(d.promql);
          covered.add(d.purpose);
        }
      }
    }
    expect(withQueries.length).toBeGreaterThan(0);
    expect([...covered].sort()).toEqual(withQueries.map((a) => a.name).sort());
  });

  for (const a of withQueries) {
    it.each(PAYLOADS)(`${a.name} queries re-validate the namespace: %j → 400 namespaces`, (payload) => {
      let err: unknown;
      try {
        a.queries!({ options: graphOptions(), namespace: payload, durationSeconds: 600 });
      } catch (e) {
        err = e;
      }
      expect(err).toBeInstanceOf(BadRequestError);
      expect((err as BadRequestError).param).toBe('namespaces');
    });

    it(`${a.name} queries are templated for every rate, responseTime and throughputType`, () => {
      let count = 0;
      for (const options of optionMatrix()) {
        for (const d of a.queries!({ options, namespace: 'book-info', durationSeconds: 3600 })) {
          expect(d.id).toMatch(new RegExp(`^book-info/${a.name}/${d.metric}/\\d+$`));
          expectTemplated(d.promql);
          count++;
        }
      }
      expect(count).toBeGreaterThan(0);
      const badRange = { options: graphOptions(), namespace: 'bookinfo', durationSeconds: 1.5 };
      expect(() => a.queries!(badRange)).toThrow(/internal: bad range/);
    });
  }
});
