import { describe, expect, it } from 'vitest';
import { KINDS } from '../controllers/kinds';
import { renderMetrics } from '../metrics/render';
import { templateLabelNames } from '../metrics/test-exposition';
import type { ObjectStore } from '../store/object-store';
import { apply, parseLabels, requests, runTicks, tcp, virtualService } from '../traffic/test-fixtures';
import { createMultiClusterEngine, endpointClusters } from './engine';
import { MULTICLUSTER_CALL_GRAPH } from './call-graph';
import { meshClusters } from './test-mesh';

const clusters = meshClusters();
const REVIEWS = 'reviews.bookinfo.svc.cluster.local';

/** Sets a Deployment's replicas, as `kubectl scale` would. */
function scale(store: ObjectStore, ns: string, name: string, replicas: number): void {
  const d = store.get(KINDS.deployments, ns, name)!;
  apply(store, { ...d, spec: { ...d.spec, replicas } });
}

/** The series lines of one metric in a /metrics text, as label objects with their value. */
function series(text: string, metric: string): { labels: Record<string, string>; value: number }[] {
  return text
    .split('\n')
    .filter((l) => l.startsWith(`${metric}{`))
    .map((l) => ({
      labels: parseLabels(l.slice(metric.length + 1, l.lastIndexOf('}'))),
      value: Number(l.split(' ').pop()),
    }));
}

/** Requests productpage sent to each reviews workload (reporter=source), by `destination_workload@cluster`. */
function reviewsSplit(engine: ReturnType<typeof createMultiClusterEngine>): Record<string, number> {
  const out: Record<string, number> = {};
  for (const v of ['v1', 'v2', 'v3']) {
    const labels = { reporter: 'source', source_workload: 'productpage-v1', destination_workload: `reviews-${v}` };
    const n = requests(engine.telemetry, labels);
    if (n > 0) out[`reviews-${v}`] = n;
  }
  return out;
}

function share(split: Record<string, number>, key: string): number {
  return (split[key] ?? 0) / Object.values(split).reduce((a, b) => a + b, 0);
}

describe('createMultiClusterEngine (multi-primary, multi-network)', () => {
  it('labels a cross-cluster call with each peer’s cluster, each side reported on its own cluster’s /metrics', () => {
    const [east, west] = clusters(['east', 'west']);
    const engine = createMultiClusterEngine([east!, west!], { seed: 3 });
    runTicks(engine, 30);
    const eastText = renderMetrics({ telemetry: engine.telemetry.forCluster('east') });
    const westText = renderMetrics({ telemetry: engine.telemetry.forCluster('west') });
    const want = { source_workload: 'productpage-v1', destination_workload: 'reviews-v3' };
    const pick = (text: string, reporter: string) =>
      series(text, 'istio_requests_total').filter(
        (s) => s.labels.reporter === reporter && Object.entries(want).every(([k, v]) => s.labels[k] === v),
      );
    // The client's sidecar (east) reports the request; the server's (west) reports it too, on its own cluster.
    const [client] = pick(eastText, 'source');
    const [server] = pick(westText, 'destination');
    expect(client?.labels).toMatchObject({ source_cluster: 'east', destination_cluster: 'west' });
    expect(server?.labels).toMatchObject({ source_cluster: 'east', destination_cluster: 'west' });
    expect(client!.value).toBeGreaterThan(0);
    expect(pick(westText, 'source')).toEqual([]);
    expect(pick(eastText, 'destination')).toEqual([]);
    // Label names and order as istio/proxy's stats tests (both cluster labels on every series).
    const order = westText.split('\n').find((l) => l.startsWith('istio_requests_total{'))!;
    expect([...order.matchAll(/(\w+)="/g)].map((m) => m[1])).toEqual(
      templateLabelNames('server_request_total.yaml.tmpl'),
    );
    // A west pod's series never show up on east's endpoint and the other way round.
    const reporterCluster = (s: { labels: Record<string, string> }) =>
      s.labels.reporter === 'source' ? s.labels.source_cluster : s.labels.destination_cluster;
    expect(new Set(series(eastText, 'istio_requests_total').map(reporterCluster))).toEqual(new Set(['east']));
    expect(new Set(series(westText, 'istio_requests_total').map(reporterCluster))).toEqual(new Set(['west']));
    engine.dispose();
  });

  it('load-balances reviews over every cluster’s endpoints by replicas', () => {
    const [east, west] = clusters(['east', 'west']);
    const engine = createMultiClusterEngine([east!, west!], { seed: 5 });
    expect(endpointClusters(engine.context('east'), REVIEWS)).toEqual({
      east: ['reviews-v1', 'reviews-v2'],
      west: ['reviews-v3'],
    });
    runTicks(engine, 200);
    const before = reviewsSplit(engine);
    for (const v of ['reviews-v1', 'reviews-v2', 'reviews-v3']) {
      expect(share(before, v)).toBeGreaterThan(0.28);
      expect(share(before, v)).toBeLessThan(0.39);
    }
    // Two reviews-v3 pods in west: half of the endpoints, half of the requests.
    scale(west!.store, 'bookinfo', 'reviews-v3', 2);
    const sent = { ...before };
    runTicks(engine, 200);
    const after = Object.fromEntries(Object.entries(reviewsSplit(engine)).map(([k, n]) => [k, n - (sent[k] ?? 0)]));
    expect(share(after, 'reviews-v3')).toBeGreaterThan(0.44);
    expect(share(after, 'reviews-v3')).toBeLessThan(0.56);
    engine.dispose();
  });

  it('labels TCP series with both clusters too', () => {
    const [east, west] = clusters(['east', 'west']);
    const graph = {
      ...MULTICLUSTER_CALL_GRAPH,
      edges: [
        {
          source: { namespace: 'bookinfo', app: 'productpage' },
          destination: { host: 'ratings', port: 9080 },
          protocol: 'tcp' as const,
          rps: 5,
          bytesPerConnection: 24,
        },
      ],
    };
    const engine = createMultiClusterEngine([east!, west!], { seed: 2, callGraph: graph });
    runTicks(engine, 20);
    const both = { source_cluster: 'east', destination_cluster: 'west', destination_workload: 'ratings-v1' };
    expect(tcp(engine.telemetry, { ...both, reporter: 'source' }).opened).toBeGreaterThan(50);
    expect(tcp(engine.telemetry, { ...both, reporter: 'destination' }).opened).toBeGreaterThan(50);
    const westTcp = series(
      renderMetrics({ telemetry: engine.telemetry.forCluster('west') }),
      'istio_tcp_connections_opened_total',
    );
    expect(westTcp.map((s) => s.labels.reporter)).toEqual(['destination']);
    engine.dispose();
  });

  it('reaches another network only through its east-west gateway', () => {
    const [east, west] = clusters(['east', 'west']);
    const engine = createMultiClusterEngine([east!, west!], { seed: 7 });
    scale(west!.store, 'istio-system', 'istio-eastwestgateway', 0);
    runTicks(engine, 1);
    expect(endpointClusters(engine.context('east'), REVIEWS)).toEqual({ east: ['reviews-v1', 'reviews-v2'] });
    const sent = requests(engine.telemetry, { reporter: 'source', destination_workload: 'reviews-v3' });
    runTicks(engine, 30);
    expect(requests(engine.telemetry, { reporter: 'source', destination_workload: 'reviews-v3' })).toBe(sent);
    // West still sees east's endpoints: east's gateway runs.
    expect(endpointClusters(engine.context('west'), REVIEWS)).toEqual({
      west: ['reviews-v3'],
      east: ['reviews-v1', 'reviews-v2'],
    });
    engine.dispose();
  });

  it('routes by the caller’s cluster’s VirtualServices (each primary’s istiod reads its own config)', () => {
    const [east, west] = clusters(['east', 'west']);
    const engine = createMultiClusterEngine([east!, west!], { seed: 9 });
    const allToV3 = virtualService('bookinfo', 'reviews', {
      hosts: ['reviews'],
      http: [{ route: [{ destination: { host: 'reviews', subset: 'v3' } }] }],
    });
    // In west only: productpage (east) does not see it.
    apply(west!.store, allToV3);
    runTicks(engine, 40);
    const westOnly = reviewsSplit(engine);
    expect(share(westOnly, 'reviews-v1')).toBeGreaterThan(0.2);
    // In east: every page's reviews call crosses to west.
    apply(east!.store, allToV3);
    runTicks(engine, 40);
    const after = reviewsSplit(engine);
    expect(after['reviews-v1']).toBe(westOnly['reviews-v1']);
    expect(after['reviews-v3']!).toBeGreaterThan(westOnly['reviews-v3']! + 100);
    engine.dispose();
  });

  it('rejects duplicate cluster names and an empty list', () => {
    const [east] = clusters(['east', 'west']);
    expect(() => createMultiClusterEngine([])).toThrow(/at least one cluster/);
    expect(() => createMultiClusterEngine([east!, east!])).toThrow(/unique/);
  });
});
