/**
 * PromQL injection (perf-security.md S1, Kiali #9593): every hostile value in every parameter is refused with a
 * 400 naming the parameter, and a spy on the InstantQuery proves not a single query is sent. Valid requests are
 * then checked against the query templates: known metrics only, label names Prometheus-valid, values escaped.
 */
import { describe, expect, it, vi } from 'vitest';
import { BadRequestError } from '@/lib/promql/index';
import { buildGraph } from './build';
import { parseGraphOptions, type GraphPathParams } from './options';
import { bookinfoInventory } from './testdata/fixtures';
import type { InstantQuery } from './types';

const PAYLOADS = ['"} or up{', '.*', 'a"b', 'a\\b', ') or vector(1)', "a'b", 'bookinfo"}', 'x{y}', 'a b', 'http://169.254.169.254/', 'book\ninfo', 'ünïcode', '${x}'];

/** What a route does: parse, then build. The spy must never be called for a bad request. */
async function request(qs: string, path: GraphPathParams, query: InstantQuery): Promise<unknown> {
  try {
    const o = parseGraphOptions(new URLSearchParams(qs), path, { nowMs: 1_735_689_600_000, maxDurationSeconds: 30 * 86400 });
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

describe('valid requests send only templated, escaped queries', () => {
  const METRICS = /^(istio_requests_total|istio_request_messages_total|istio_response_messages_total|istio_tcp_(sent|received)_bytes_total|istio_request_duration_milliseconds_(bucket|sum|count)|istio_(request|response)_bytes_sum)$/;

  it.each([
    ['namespaces=bookinfo,echo', {}],
    ['namespaces=bookinfo&rateGrpc=total&rateTcp=total&responseTime=avg&ambientTraffic=none', {}],
    ['graphType=versionedApp', { namespace: 'bookinfo', app: 'reviews', version: 'v2' }],
    ['clusterName=Kubernetes', { namespace: 'bookinfo', service: 'reviews' }],
  ] as [string, GraphPathParams][])('%s %j', async (qs, path) => {
    const sent: string[] = [];
    expect(await request(qs, path, async (q) => (sent.push(q), []))).toBeNull();
    expect(sent.length).toBeGreaterThan(0);
    for (const q of sent) {
      expect(q.startsWith('round(') && q.endsWith(',0.001)')).toBe(true);
      for (const m of q.matchAll(/([a-z_:]+)\{([^}]*)\}/g)) {
        expect(m[1]).toMatch(METRICS);
        // each matcher is label op "value" with only escaped quotes/backslashes inside the value
        for (const matcher of m[2]!.split(/,(?=[a-z_]+(?:=|!=|=~|!~)")/)) {
          expect(matcher).toMatch(/^[a-zA-Z_][a-zA-Z0-9_]*(=|!=|=~|!~)"([^"\\]|\\.)*"$/);
        }
      }
      for (const by of q.matchAll(/by \(([^)]*)\)/g)) {
        for (const l of by[1]!.split(',')) expect(l).toMatch(/^[a-zA-Z_][a-zA-Z0-9_]*$/);
      }
    }
  });
});
