import { describe, expect, it } from 'vitest';
import { BadRequestError } from '@/lib/promql/index';
import { parseGraphOptions, parseGraphRequest, type GraphPathParams } from './options';
import { graphOptions } from './testdata/fixtures';

const NOW = 1_735_689_600_000;
const parse = (qs: string, path: GraphPathParams = {}) =>
  parseGraphOptions(new URLSearchParams(qs), path, { nowMs: NOW, maxDurationSeconds: 7 * 86400 });

function badParam(qs: string, path: GraphPathParams = {}): string {
  try {
    parse(qs, path);
  } catch (e) {
    expect(e).toBeInstanceOf(BadRequestError);
    expect((e as BadRequestError).code).toBe('bad_request:api');
    return (e as BadRequestError).param;
  }
  throw new Error(`expected ${qs} to be rejected`);
}

describe('parseGraphOptions defaults (graph/options.go)', () => {
  it('fills Kiali’s defaults', () => {
    // graphOptions() spells Kiali's defaults out (workload graph, 10 min, 95th percentile, response bytes, ...)
    expect(parse('namespaces=bookinfo')).toEqual(graphOptions({ queryTime: NOW / 1000 }));
  });

  it('reads waypoints as a Go bool (Kiali `waypoints`) and refuses anything else, naming it', () => {
    expect(parse('namespaces=bookinfo&waypoints=false').showWaypoints).toBe(false);
    expect(parse('namespaces=bookinfo&waypoints=1').showWaypoints).toBe(true);
    expect(() => parse('namespaces=bookinfo&waypoints=maybe')).toThrow(/waypoints/);
  });

  it('parses every parameter', () => {
    const o = parse(
      'namespaces=bookinfo,%20echo&graphType=versionedApp&duration=1h&queryTime=1735680000&injectServiceNodes=true&includeIdleEdges=1&boxBy=app,namespace&appenders=responseTime,securityPolicy,sidecarsCheck,workloadEntry,outsider&rateHttp=none&rateGrpc=total&rateTcp=received&ambientTraffic=none&responseTime=avg&throughputType=request&refreshInterval=15000',
    );
    expect(o).toMatchObject({
      graphType: 'versionedApp',
      namespaces: ['bookinfo', 'echo'],
      durationSeconds: 3600,
      queryTime: 1735680000,
      injectServiceNodes: true,
      includeIdleEdges: true,
      boxBy: ['app', 'namespace'],
      appenders: { all: false, names: ['responseTime', 'securityPolicy', 'meshCheck'] },
      rates: { http: 'none', grpc: 'total', tcp: 'received', ambient: 'none' },
      responseTime: 'avg',
      throughputType: 'request',
      refreshIntervalMs: 15000,
    });
  });

  it('absent appenders = all, present but empty = none', () => {
    expect(parse('namespaces=a').appenders).toEqual({ all: true, names: [] });
    expect(parse('namespaces=a&appenders=').appenders).toEqual({ all: false, names: [] });
  });

  it('service graphs always inject service nodes', () => {
    expect(parse('namespaces=a&graphType=service&injectServiceNodes=false').injectServiceNodes).toBe(true);
  });

  it('node graphs take the namespace and node from the path', () => {
    expect(parse('', { namespace: 'bookinfo', workload: 'reviews-v1' })).toMatchObject({
      namespaces: ['bookinfo'],
      node: { namespace: 'bookinfo', workload: 'reviews-v1' },
    });
    expect(
      parse('graphType=versionedApp&clusterName=east', { namespace: 'bookinfo', app: 'reviews', version: 'v2' }).node,
    ).toEqual({
      namespace: 'bookinfo',
      app: 'reviews',
      version: 'v2',
      cluster: 'east',
    });
    expect(parse('', { namespace: 'bookinfo', service: 'reviews' }).node).toEqual({
      namespace: 'bookinfo',
      service: 'reviews',
    });
  });
});

describe('parseGraphOptions rejects bad values, naming the parameter', () => {
  it.each([
    ['', 'namespaces'],
    ['namespaces=', 'namespaces'],
    ['namespaces=Bookinfo', 'namespaces'],
    ['namespaces=a,,b', 'namespaces'],
    ['namespaces=a&graphType=graph', 'graphType'],
    ['namespaces=a&duration=1h30m', 'duration'],
    ['namespaces=a&duration=30d', 'duration'],
    ['namespaces=a&duration=-5m', 'duration'],
    ['namespaces=a&queryTime=abc', 'queryTime'],
    ['namespaces=a&queryTime=99999999999', 'queryTime'],
    ['namespaces=a&queryTime=1.5', 'queryTime'],
    ['namespaces=a&injectServiceNodes=yes', 'injectServiceNodes'],
    ['namespaces=a&includeIdleEdges=2', 'includeIdleEdges'],
    ['namespaces=a&boxBy=app,pod', 'boxBy'],
    ['namespaces=a&appenders=responseTime,evil', 'appenders'],
    ['namespaces=a&rateHttp=sent', 'rateHttp'],
    ['namespaces=a&rateGrpc=all', 'rateGrpc'],
    ['namespaces=a&rateTcp=requests', 'rateTcp'],
    ['namespaces=a&ambientTraffic=x', 'ambientTraffic'],
    ['namespaces=a&responseTime=90', 'responseTime'],
    ['namespaces=a&throughputType=both', 'throughputType'],
    ['namespaces=a&refreshInterval=1000', 'refreshInterval'],
    ['namespaces=a&clusterName=a%20b', 'clusterName'],
    ['namespaces=a&configVendor=x', 'configVendor'],
    ['namespaces=a&namespaceView=yes', 'namespaceView'],
  ])('%s → %s', (qs, param) => {
    expect(badParam(qs)).toBe(param);
  });

  it('caps the number of namespaces', () => {
    const many = Array.from({ length: 1001 }, (_, i) => `ns${i}`).join(',');
    expect(badParam(`namespaces=${many}`)).toBe('namespaces');
  });

  it('validates node path parameters', () => {
    expect(badParam('', { namespace: 'Bad' })).toBe('namespace');
    expect(badParam('', { namespace: 'bookinfo' })).toBe('node');
    expect(badParam('', { namespace: 'bookinfo', workload: 'a', service: 'b' })).toBe('node');
    expect(badParam('', { namespace: 'bookinfo', workload: 'A_b' })).toBe('workload');
    expect(badParam('', { namespace: 'bookinfo', service: 'a.b' })).toBe('service');
    expect(badParam('graphType=app', { namespace: 'bookinfo', app: 'a b' })).toBe('app');
    expect(badParam('graphType=app', { namespace: 'bookinfo', app: 'a', version: 'v"1' })).toBe('version');
    expect(badParam('', { namespace: 'bookinfo', app: 'reviews' })).toBe('graphType');
    expect(badParam('', { workload: 'x' })).toBe('namespace');
  });
});

describe('parseGraphRequest: the view asked for', () => {
  const view = (qs: string) => parseGraphRequest(new URLSearchParams(qs), {}, { nowMs: NOW }).namespaceView;

  it('reads namespaceView as true, false or auto, false when absent', () => {
    expect(view('namespaces=a')).toBe(false);
    expect(view('namespaces=a&namespaceView=auto')).toBe('auto');
    expect(view('namespaces=a&namespaceView=true')).toBe(true);
    expect(view('namespaces=a&namespaceView=0')).toBe(false);
  });

  it('keeps the view out of the options, so both views share one computation', () => {
    const qs = 'namespaces=a,b&graphType=app';
    expect(parseGraphRequest(new URLSearchParams(`${qs}&namespaceView=auto`), {}, { nowMs: NOW }).options).toEqual(
      parseGraphOptions(new URLSearchParams(qs), {}, { nowMs: NOW }),
    );
  });
});
