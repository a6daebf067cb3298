/**
 * The page and the API read the graph parameters with one schema (lib/graph/params.ts): every graph API request the
 * /graph page builds from its URL is accepted by the API's parser and means what the page meant.
 */
import { describe, expect, it } from 'vitest';
import { parseGraphOptions, type GraphPathParams } from '@/lib/graph/options';
import { APP_NODE_GRAPH_TYPES, graphQueryInput, graphQuerySchema } from '@/lib/graph/params';
import type { GraphOptions } from '@/lib/graph/types';
import { DURATIONS, parseGlobalParams } from './global-url';
import {
  DEFAULT_GRAPH_PARAMS,
  EDGE_LABEL_MODES,
  GRAPH_TYPES,
  graphApiParams,
  graphApiPath,
  graphAppenders,
  parseGraphParams,
  writeGraphParams,
  type EdgeLabelMode,
  type GraphNodeRef,
  type GraphViewParams,
} from './graph-url';

const NOW_MS = 1_735_689_600_000;
const NODE_ROUTE =
  /^\/api\/namespaces\/([^/?]+)\/(applications|workloads|services)\/([^/?]+)(?:\/versions\/([^/?]+))?\/graph$/;
const PATH_PARAM = { applications: 'app', workloads: 'workload', services: 'service' } as const;

/** The route Next.js would match for an API path, and its path parameters (as `ctx.params` gives them). */
function route(apiPath: string): { path: GraphPathParams; query: URLSearchParams } {
  const [pathname = '', query = ''] = apiPath.split('?');
  if (pathname === '/api/namespaces/graph') return { path: {}, query: new URLSearchParams(query) };
  const m = NODE_ROUTE.exec(pathname);
  if (!m) throw new Error(`no API route for ${pathname}`);
  const path: GraphPathParams = {
    namespace: decodeURIComponent(m[1]!),
    [PATH_PARAM[m[2] as keyof typeof PATH_PARAM]]: decodeURIComponent(m[3]!),
  };
  if (m[4] !== undefined) path.version = decodeURIComponent(m[4]);
  return { path, query: new URLSearchParams(query) };
}

/** What the server makes of a request the page built. @throws what the server would answer 400 with */
function serve(apiPath: string): GraphOptions {
  const { path, query } = route(apiPath);
  return parseGraphOptions(query, path, { nowMs: NOW_MS, maxDurationSeconds: 30 * 86_400 });
}

/** The toggles that change the request (`animation` does not). */
const BOOL_KEYS = ['injectServiceNodes', 'idleNodes', 'idleEdges', 'boxByNamespace', 'showSecurity'] as const;
const NODES: (GraphNodeRef | null)[] = [
  null,
  { namespace: 'bookinfo', kind: 'app', name: 'reviews' },
  { namespace: 'bookinfo', kind: 'app', name: 'Reviews_App.2', version: 'v2' },
  { namespace: 'bookinfo', kind: 'workload', name: 'reviews-v2.canary' },
  { namespace: 'tcp-echo', kind: 'service', name: 'tcp-echo' },
];

/** Edge label sets: none, each label alone, and a few the menu makes together. */
const LABEL_SETS: EdgeLabelMode[][] = [
  [],
  ...EDGE_LABEL_MODES.map((m) => [m]),
  ['trafficRate', 'rt95'],
  ['trafficRate', 'trafficDistribution', 'rt50', 'throughputRequest'],
];

/** Every view the toolbar and the node graphs can make: graph types × edge labels × toggles × nodes. */
function* views(): Generator<GraphViewParams> {
  for (const graphType of GRAPH_TYPES)
    for (const edgeLabels of LABEL_SETS)
      for (let bits = 0; bits < 1 << BOOL_KEYS.length; bits++)
        for (const node of NODES) {
          const v: GraphViewParams = { ...DEFAULT_GRAPH_PARAMS, graphType, edgeLabels, node };
          BOOL_KEYS.forEach((k, i) => (v[k] = (bits & (1 << i)) !== 0));
          yield v;
        }
}

describe('every graph request the page builds is one the API accepts, with the same meaning', () => {
  it('for every view (graph type, edge label, toggles, node graph) and duration', () => {
    // one comparison at the end (a diff names the failing views); an expect per view would take seconds
    const got: unknown[] = [];
    const want: unknown[] = [];
    let i = 0;
    for (const view of views()) {
      const durationSeconds = DURATIONS[i++ % DURATIONS.length]!.value;
      const pageUrl = writeGraphParams(
        new URLSearchParams(`namespaces=bookinfo,tcp-echo&duration=${durationSeconds}`),
        view,
      );
      const apiPath = graphApiPath(pageUrl);
      const o = apiPath === null ? null : serve(apiPath);
      got.push({ pageUrl: pageUrl.toString(), options: o && { ...o, queryTime: undefined, rates: undefined } });

      const graphType =
        view.node?.kind === 'app' && !APP_NODE_GRAPH_TYPES.includes(view.graphType) ? 'versionedApp' : view.graphType;
      const n = view.node;
      const options: Partial<GraphOptions> = {
        graphType,
        namespaces: n ? [n.namespace] : ['bookinfo', 'tcp-echo'],
        durationSeconds,
        queryTime: undefined,
        injectServiceNodes: graphType === 'service' || view.injectServiceNodes,
        includeIdleEdges: view.idleEdges,
        boxBy: [
          ...(graphType === 'app' || graphType === 'versionedApp' ? (['app'] as const) : []),
          ...(view.boxByNamespace ? (['namespace'] as const) : []),
        ],
        appenders: {
          all: false,
          names: graphAppenders(view).filter((a) => a !== 'workloadEntry') as GraphOptions['appenders']['names'],
        },
        rates: undefined,
        responseTime: (view.edgeLabels.find((m) => m.startsWith('rt'))?.slice(2) ??
          '95') as GraphOptions['responseTime'],
        throughputType: view.edgeLabels.includes('throughputRequest') ? 'request' : 'response',
        showWaypoints: view.showWaypoints,
      };
      if (n)
        options.node = {
          namespace: n.namespace,
          ...(n.kind === 'app' ? { app: n.name, ...(n.version ? { version: n.version } : {}) } : { [n.kind]: n.name }),
        };
      want.push({ pageUrl: pageUrl.toString(), options });
    }
    expect(got).toEqual(want);
    expect(got).toHaveLength(GRAPH_TYPES.length * LABEL_SETS.length * 2 ** BOOL_KEYS.length * NODES.length);
  });

  it('round-trips: the schema reads back exactly the parameters the page wrote', () => {
    const got: unknown[] = [];
    const want: unknown[] = [];
    for (const view of views()) {
      const sent = graphApiParams({ namespaces: ['bookinfo', 'default'], durationSeconds: 1800 }, view);
      const { query } = route(
        graphApiPath(writeGraphParams(new URLSearchParams('namespaces=bookinfo,default&duration=1800'), view))!,
      );
      const read = graphQuerySchema.parse(graphQueryInput(query));
      got.push(Object.fromEntries(Object.keys(sent).map((k) => [k, read[k as keyof typeof read]])));
      want.push(sent);
    }
    expect(got).toEqual(want);
  });
});

/** A small deterministic generator (mulberry32), so a failure names a reproducible case. */
function random(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const HOSTILE = [
  '',
  'x',
  '0x258',
  '1e3',
  '-1',
  ' 600',
  '６００',
  '"} or up{',
  '../x',
  'A',
  'a'.repeat(300),
  '%00',
  'true',
  'TRUE',
  '1',
];
/** Page URL parameters and values the page itself writes; each is replaced by a hostile one at times. */
const PAGE_VALUES: Record<string, string[]> = {
  namespaces: ['bookinfo', 'bookinfo,default', 'Bad_NS,ok', 'a'.repeat(63)],
  duration: DURATIONS.map((d) => String(d.value)),
  graphType: [...GRAPH_TYPES],
  edges: [...EDGE_LABEL_MODES, 'none', 'trafficRate,rt95', 'rt99,throughputRequest'],
  injectServiceNodes: ['true', 'false'],
  idleNodes: ['true', 'false'],
  idleEdges: ['true', 'false'],
  boxNamespace: ['true', 'false'],
  badgeSecurity: ['true', 'false'],
  nodeNamespace: ['bookinfo'],
  nodeKind: ['app', 'workload', 'service'],
  nodeName: ['reviews', 'reviews-v1', 'Reviews_1', 'a.b'],
  nodeVersion: ['v1', 'V_1'],
};

describe('whatever the page URL holds, the page sends nothing the API refuses', () => {
  it('for 5,000 generated page URLs with valid, malformed and hostile values', () => {
    const next = random(11);
    const pick = <T>(xs: T[]): T => xs[Math.floor(next() * xs.length)]!;
    let sent = 0;
    for (let i = 0; i < 5000; i++) {
      const url = new URLSearchParams();
      for (const [name, values] of Object.entries(PAGE_VALUES))
        if (next() < 0.6) url.set(name, pick(next() < 0.75 ? values : HOSTILE));
      const apiPath = graphApiPath(url);
      if (apiPath === null) {
        // nothing to show: no valid namespace and no valid node
        expect(parseGlobalParams(url).namespaces, url.toString()).toEqual([]);
        expect(parseGraphParams(url).node, url.toString()).toBeNull();
        continue;
      }
      expect(() => serve(apiPath), `${url} → ${apiPath}`).not.toThrow();
      sent++;
    }
    expect(sent).toBeGreaterThan(1000);
  });
});
