import { describe, expect, it } from 'vitest';
import { BadRequestError } from '@/lib/promql/index';
import { parseGraphOptions } from './options';
import {
  GRAPH_QUERY_NAMES,
  graphNodePathSchema,
  graphQueryInput,
  graphQuerySchema,
  graphQueryString,
  type GraphQueryParams,
} from './params';

const read = (qs: string) => graphQuerySchema.parse(graphQueryInput(new URLSearchParams(qs)));

function badParam(qs: string): string {
  try {
    parseGraphOptions(new URLSearchParams(qs), {}, { nowMs: 1_735_689_600_000 });
  } catch (e) {
    expect(e).toBeInstanceOf(BadRequestError);
    return (e as BadRequestError).param;
  }
  throw new Error(`expected ${qs} to be rejected`);
}

describe('graphQueryInput', () => {
  it('reads the known parameters only, empty as absent except appenders', () => {
    expect(graphQueryInput(new URLSearchParams('namespaces=&graphType=&appenders=&edges=rt50&boxBy=app'))).toEqual({
      appenders: '',
      boxBy: 'app',
    });
  });
  it('takes the first of repeated values', () => {
    expect(graphQueryInput(new URLSearchParams('graphType=app&graphType=evil')).graphType).toBe('app');
  });
});

describe('graphQuerySchema', () => {
  it('fills the defaults and leaves the server’s own to the server', () => {
    expect(read('')).toEqual({
      graphType: 'workload',
      injectServiceNodes: false,
      boxBy: [],
      rateHttp: 'requests',
      rateGrpc: 'requests',
      rateTcp: 'sent',
      ambientTraffic: 'total',
      waypoints: true,
      responseTime: '95',
      throughputType: 'response',
      includeIdleEdges: false,
      configVendor: 'common',
      telemetryVendor: 'istio',
      namespaceView: false,
    });
  });

  it('reads lists trimmed and without repeats, `boxBy=none` and `appenders=` as empty', () => {
    expect(read('namespaces=a,%20b,a&boxBy=namespace,app,namespace&appenders=health,,istio')).toMatchObject({
      namespaces: ['a', 'b'],
      boxBy: ['namespace', 'app'],
      appenders: ['health', 'istio'],
    });
    expect(read('boxBy=none&appenders=')).toMatchObject({ boxBy: [], appenders: [] });
  });

  it('reads Go’s booleans and durations with one unit', () => {
    expect(read('injectServiceNodes=T&includeIdleEdges=0').injectServiceNodes).toBe(true);
    expect(read('includeIdleEdges=0').includeIdleEdges).toBe(false);
    expect(read('duration=10m').duration).toBe(600);
    expect(read('duration=600').duration).toBe(600);
    expect(read('duration=2d').duration).toBe(172_800);
  });
});

describe('numbers are decimal digits only (a 400 naming the parameter otherwise)', () => {
  it.each(['0x10', '1e3', '1.5', '+7', ' 7', '7 ', '６００', '0b1', 'Infinity', 'NaN', '1_000', '9'.repeat(16)])(
    '%j',
    (v) => {
      const value = encodeURIComponent(v);
      expect(badParam(`namespaces=a&queryTime=${value}`)).toBe('queryTime');
      expect(badParam(`namespaces=a&refreshInterval=${value}`)).toBe('refreshInterval');
      expect(badParam(`namespaces=a&duration=${value}`)).toBe('duration');
    },
  );
  it('while decimal values are read', () => {
    expect(
      parseGraphOptions(
        new URLSearchParams('namespaces=a&queryTime=1735680000&refreshInterval=-1&duration=0600'),
        {},
        { nowMs: 1_735_689_600_000 },
      ),
    ).toMatchObject({
      queryTime: 1_735_680_000,
      refreshIntervalMs: -1,
      durationSeconds: 600,
    });
  });
});

describe('graphQueryString', () => {
  it('writes the given parameters in the schema’s order, lists comma-joined, durations with their unit', () => {
    expect(
      graphQueryString({ includeIdleEdges: true, duration: 300, namespaces: ['a', 'b'], boxBy: [], graphType: 'app' }),
    ).toBe('namespaces=a%2Cb&graphType=app&duration=300s&boxBy=&includeIdleEdges=true');
    expect(graphQueryString({})).toBe('');
  });

  it('round-trips every parameter through the schema', () => {
    const all: Required<GraphQueryParams> = {
      namespaces: ['bookinfo', 'tcp-echo'],
      graphType: 'service',
      duration: 3600,
      queryTime: 1_735_680_000,
      injectServiceNodes: true,
      boxBy: ['cluster', 'namespace'],
      appenders: ['sidecarsCheck', 'responseTime', 'outsider', 'labeler'],
      rateHttp: 'none',
      rateGrpc: 'received',
      rateTcp: 'total',
      ambientTraffic: 'ztunnel',
      waypoints: false,
      responseTime: 'avg',
      throughputType: 'request',
      includeIdleEdges: true,
      configVendor: 'cytoscape',
      telemetryVendor: 'istio',
      clusterName: 'East_1',
      refreshInterval: 30_000,
      namespaceView: 'auto',
    };
    expect(Object.keys(all).sort()).toEqual([...GRAPH_QUERY_NAMES].sort());
    expect(read(graphQueryString(all))).toEqual(all);
    for (const name of GRAPH_QUERY_NAMES) {
      const one = { [name]: all[name] } as GraphQueryParams;
      expect(read(graphQueryString(one)), name).toMatchObject(one);
    }
  });
});

describe('graphNodePathSchema', () => {
  it('checks each part by its own rule', () => {
    expect(graphNodePathSchema.safeParse({ namespace: 'bookinfo', workload: 'reviews-v1.canary' }).success).toBe(true);
    expect(graphNodePathSchema.safeParse({ namespace: 'bookinfo', app: 'Reviews_App', version: 'V.2' }).success).toBe(
      true,
    );
    expect(graphNodePathSchema.safeParse({ namespace: 'bookinfo', service: 'a.b' }).error?.issues[0]?.path).toEqual([
      'service',
    ]);
    expect(
      graphNodePathSchema.safeParse({ namespace: 'bookinfo', workload: 'Reviews' }).error?.issues[0]?.path,
    ).toEqual(['workload']);
    expect(graphNodePathSchema.safeParse({ namespace: 'bookinfo', app: '' }).error?.issues[0]?.path).toEqual(['app']);
  });
});
