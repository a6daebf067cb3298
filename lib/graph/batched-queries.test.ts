/**
 * The batched strategy (lib/graph/batched-queries.ts) gives the graph Kiali's per-namespace queries give
 * (`graph/telemetry/istio/istio.go` `buildNamespaceTrafficMap`, reference/kiali.md §2.3), and so do the recorded
 * series of deploy/kubernetes/components/recording-rules/recording-rules.yaml (Istio's "Prometheus for production-scale monitoring"): both are
 * built over the same series, answered by the Prometheus stand-in (`testdata/series-prometheus.ts`), and compared
 * whole. The series cover every selector: cross-namespace HTTP, gRPC and TCP flows reported by both proxies, a
 * sidecar-less client, requests that reached no workload (one host naming two selected namespaces), an ambient
 * namespace's source-only ingress and waypoint rows, and an external host.
 */
import { describe, expect, it } from 'vitest';
import { buildGraph, type BuildRuntime } from './build';
import { batchedTrafficQueries, chunkNamespaces, splitBatch } from './batched-queries';
import { RECORDED_PREFIX, namespaceTrafficQueries } from './queries';
import { RECORDING_RULES, RECORDABLE_METRICS } from './recording-rules';
import { evaluate, seriesPrometheus, type Series } from './testdata/series-prometheus';
import type { GraphInventory, GraphOptions } from './types';

const QUERY_TIME = 1735689600;
const C = 'Kubernetes';

interface Peer {
  ns: string;
  wl: string;
  app: string;
  ver: string;
}
const peer = (ns: string, wl: string, app = wl.replace(/-v\d+$/, ''), ver = 'v1'): Peer => ({ ns, wl, app, ver });
const UNKNOWN: Peer = { ns: 'unknown', wl: 'unknown', app: 'unknown', ver: 'unknown' };

/** One flow's series: every reporter given, Istio's full label set plus the pod labels a scrape adds. */
function flow(
  metric: string,
  reporters: string[],
  src: Peer,
  dst: Peer,
  host: string,
  value: number,
  extra: Record<string, string> = {},
): Series[] {
  const svcNs = host.split('.')[1] ?? 'unknown';
  return reporters.map((reporter, i) => ({
    name: metric,
    value,
    labels: {
      reporter,
      source_cluster: src === UNKNOWN ? 'unknown' : C,
      source_workload_namespace: src.ns,
      source_workload: src.wl,
      source_canonical_service: src.app,
      source_canonical_revision: src.ver,
      destination_cluster: C,
      destination_service_namespace: svcNs,
      destination_service: host,
      destination_service_name: host.split('.')[0]!,
      destination_workload_namespace: dst.ns,
      destination_workload: dst.wl,
      destination_canonical_service: dst.app,
      destination_canonical_revision: dst.ver,
      connection_security_policy: 'mutual_tls',
      instance: `10.0.0.${i + 1}:15020`,
      pod: `${reporter === 'source' ? src.wl : dst.wl}-abc${i}`,
      app: reporter === 'source' ? src.app : dst.app,
      ...extra,
    },
  }));
}

const http = (code: string, flags = '-') => ({
  request_protocol: 'http',
  response_code: code,
  grpc_response_status: '',
  response_flags: flags,
});
const grpc = { request_protocol: 'grpc', response_code: '200', grpc_response_status: '0', response_flags: '-' };
const BOTH = ['source', 'destination'];
const WEB = peer('front', 'web-v1');
const API = peer('back', 'api-v1');
const API2 = peer('back', 'api-v2', 'api', 'v2');
const DB = peer('data', 'db-v1');
const MESHAPP = peer('mesh', 'app-v1');
const WAYPOINT = peer('mesh', 'waypoint', 'waypoint', 'latest');

/** Two pods of each reporter, so the recording rules' sum over pods is exercised. */
function series(): Series[] {
  const twice = (s: Series[]) => [...s, ...s.map((x) => ({ ...x, labels: { ...x.labels, pod: `${x.labels.pod}-2` } }))];
  return twice([
    ...flow('istio_requests_total', BOTH, WEB, API, 'api.back.svc.cluster.local', 600, http('200')),
    ...flow('istio_requests_total', BOTH, WEB, API2, 'api.back.svc.cluster.local', 60, http('503', 'UF')),
    ...flow('istio_requests_total', BOTH, API, DB, 'db.data.svc.cluster.local', 120, grpc),
    ...flow('istio_request_messages_total', BOTH, API, DB, 'db.data.svc.cluster.local', 240),
    ...flow('istio_response_messages_total', BOTH, API, DB, 'db.data.svc.cluster.local', 300),
    ...flow('istio_requests_total', ['destination'], UNKNOWN, WEB, 'web.front.svc.cluster.local', 30, http('200')),
    // reached no workload: one host in `back`, one naming both `back` and `data`, one of the source's own namespace
    ...flow('istio_requests_total', ['source'], WEB, UNKNOWN, 'api.back.svc.cluster.local', 12, http('503', 'NR')),
    ...flow('istio_requests_total', ['source'], WEB, UNKNOWN, 'x.back.data.svc', 6, http('503', 'NR')),
    ...flow('istio_requests_total', ['source'], API, UNKNOWN, 'cache.back.svc.cluster.local', 18, http('503', 'NR')),
    ...flow('istio_requests_total', ['source'], API, UNKNOWN, 'www.example.com', 24, http('200')),
    ...flow('istio_tcp_received_bytes_total', BOTH, API, DB, 'db.data.svc.cluster.local', 6000, {
      response_flags: '-',
    }),
    ...flow('istio_tcp_sent_bytes_total', BOTH, API, DB, 'db.data.svc.cluster.local', 9000, { response_flags: '-' }),
    // ambient `mesh`: source-only ingress (no destination proxy), waypoint-reported requests, ztunnel TCP
    ...flow('istio_requests_total', ['source'], WEB, MESHAPP, 'app.mesh.svc.cluster.local', 90, http('200')),
    ...flow('istio_requests_total', ['waypoint'], WEB, MESHAPP, 'app.mesh.svc.cluster.local', 90, http('200')),
    ...flow('istio_tcp_received_bytes_total', BOTH, WEB, WAYPOINT, 'app.mesh.svc.cluster.local', 3000, {
      app: 'ztunnel',
      response_flags: '-',
    }),
  ]);
}

/** The recorded series the rules would write: each rule's metric summed by its labels, renamed `workload:<metric>`. */
function recordedSeries(raw: Series[]): Series[] {
  const out = new Map<string, Series>();
  for (const rule of RECORDING_RULES) {
    for (const s of raw.filter((x) => x.name === rule.metric)) {
      const labels = Object.fromEntries(rule.labels.filter((l) => s.labels[l]).map((l) => [l, s.labels[l]!]));
      const key = `${rule.metric}${JSON.stringify(labels)}`;
      const r = out.get(key);
      if (r) r.value += s.value;
      else out.set(key, { name: `${RECORDED_PREFIX}${rule.metric}`, labels, value: s.value });
    }
  }
  return [...out.values()];
}

const NAMESPACES = ['front', 'back', 'data', 'mesh'];

function inventory(): GraphInventory {
  const wl = (p: Peer, extra: Record<string, unknown> = {}) => ({
    namespace: p.ns,
    name: p.wl,
    kind: 'Deployment',
    labels: { app: p.app, version: p.ver },
    podCount: 1,
    sidecarInjected: p.ns !== 'mesh',
    ...extra,
  });
  return {
    cluster: C,
    namespaces: NAMESPACES.map((name) => ({
      name,
      labels: (name === 'mesh' ? { 'istio.io/dataplane-mode': 'ambient' } : {}) as Record<string, string>,
      creationTimestamp: '2024-01-01T00:00:00Z',
    })),
    workloads: [
      wl(WEB),
      wl(API),
      wl(API2),
      wl(DB),
      wl(MESHAPP, { ambient: true }),
      wl(WAYPOINT, { waypoint: true, labels: { 'gateway.istio.io/managed': 'istio.io-mesh-controller' } }),
    ],
    services: [],
    istioConfig: [],
  };
}

function options(over: Partial<GraphOptions> = {}): GraphOptions {
  return {
    graphType: 'versionedApp',
    namespaces: NAMESPACES,
    durationSeconds: 600,
    queryTime: QUERY_TIME,
    injectServiceNodes: true,
    includeIdleEdges: false,
    boxBy: ['namespace'],
    appenders: { all: true, names: [] },
    rates: { http: 'requests', grpc: 'requests', tcp: 'sent', ambient: 'total' },
    responseTime: '95',
    throughputType: 'response',
    ...over,
  };
}

async function graph(data: Series[], o: GraphOptions, runtime: BuildRuntime = {}, asked: string[] = []) {
  return (await buildGraph(o, inventory(), seriesPrometheus(data, asked), runtime)).graph;
}

const VARIANTS: [string, Partial<GraphOptions>][] = [
  ['versionedApp, page defaults', {}],
  [
    'workload graph, every rate',
    { graphType: 'workload', rates: { http: 'requests', grpc: 'total', tcp: 'total', ambient: 'total' } },
  ],
  [
    'app graph, ambient waypoint only, idle edges',
    {
      graphType: 'app',
      includeIdleEdges: true,
      rates: { http: 'requests', grpc: 'sent', tcp: 'received', ambient: 'waypoint' },
    },
  ],
  [
    'service graph, no ambient traffic',
    { graphType: 'service', rates: { http: 'requests', grpc: 'received', tcp: 'sent', ambient: 'none' } },
  ],
  ['two namespaces of four', { namespaces: ['back', 'mesh'] }],
];

describe('batched traffic queries', () => {
  it.each(VARIANTS)('give the same graph as the per-namespace queries: %s', async (_name, over) => {
    const data = series();
    const o = options(over);
    const perNamespace = await graph(data, o, { queryStrategy: 'namespace' });
    expect(perNamespace.elements.edges.length).toBeGreaterThan(3);
    for (const maxNamespaces of [1, 2, 100]) {
      const asked: string[] = [];
      const batched = await graph(data, o, { queryStrategy: 'batched', batchLimits: { maxNamespaces } }, asked);
      expect(batched).toEqual(perNamespace);
      expect(asked.some((q) => q.includes('=~"front|back') || q.includes('=~"back|mesh'))).toBe(maxNamespaces > 1);
    }
  });

  it('send one query per metric and selector for all namespaces instead of one per namespace', async () => {
    const count = async (queryStrategy: 'namespace' | 'batched', namespaces: string[]) => {
      const asked: string[] = [];
      const o = options({ namespaces, appenders: { all: false, names: [] } });
      await graph(series(), o, { queryStrategy }, asked);
      return asked.length;
    };
    // HTTP requests (3 selectors, +1 for the ambient namespace) and TCP sent (3): 6 per namespace, 7 for `mesh`
    expect(await count('namespace', NAMESPACES)).toBe(25);
    expect(await count('batched', NAMESPACES)).toBe(7);
    expect(await count('batched', ['front', 'back'])).toBe(6);
  });

  it('answer each namespace exactly its Kiali query rows', () => {
    const data = series();
    const o = options();
    for (const b of batchedTrafficQueries(o, NAMESPACES, 600, new Set(['mesh']))) {
      const split = splitBatch(b, evaluate(b.promql, data));
      for (const ns of b.namespaces) {
        const own = namespaceTrafficQueries(o, ns, 600, ns === 'mesh').find(
          (d) => d.metric === b.metric && d.shape === b.shape,
        )!;
        expect(split.get(ns)).toEqual(evaluate(own.promql, data));
      }
    }
  });

  it('keep each query under the namespace and regex limits', () => {
    const names = Array.from({ length: 250 }, (_, i) => `namespace-${i}`);
    const chunks = chunkNamespaces(names, { maxNamespaces: 100, maxRegexChars: 1000 });
    expect(chunks.flat()).toEqual(names);
    for (const c of chunks) {
      expect(c.length).toBeLessThanOrEqual(100);
      expect(c.join('|').length).toBeLessThanOrEqual(1000);
    }
    expect(chunkNamespaces(names, { maxNamespaces: 100 }).map((c) => c.length)).toEqual([100, 100, 50]);
  });
});

describe('recorded series (deploy/kubernetes/components/recording-rules/recording-rules.yaml)', () => {
  it.each(VARIANTS)('give the same graph as the raw metrics: %s', async (_name, over) => {
    const raw = series();
    const data = [...raw, ...recordedSeries(raw)];
    const o = options(over);
    const fromRaw = await graph(data, o);
    for (const queryStrategy of ['namespace', 'batched'] as const) {
      const asked: string[] = [];
      const fromRecorded = await graph(data, o, { queryStrategy, recorded: RECORDABLE_METRICS }, asked);
      expect(fromRecorded).toEqual(fromRaw);
      const traffic = asked.filter((q) => /istio_(requests|tcp_\w+)_total\{/.test(q) && !q.includes(' OR '));
      expect(traffic.length).toBeGreaterThan(0);
      expect(traffic.every((q) => q.includes(`rate(${RECORDED_PREFIX}istio_`))).toBe(true);
    }
  });

  it('are read only for the metrics that have them', async () => {
    const asked: string[] = [];
    await graph(series(), options(), { recorded: new Set(['istio_requests_total']) }, asked);
    expect(asked.some((q) => q.includes('rate(workload:istio_requests_total{'))).toBe(true);
    expect(asked.some((q) => q.includes('rate(istio_tcp_received_bytes_total{'))).toBe(true);
    expect(asked.some((q) => q.includes('workload:istio_tcp'))).toBe(false);
  });
});
