import { describe, expect, it } from 'vitest';
import { buildGraph } from './build';
import { mergeSampleVectors, samplesOfCluster, unionInventory } from './multi-cluster';
import { graphOptions } from './testdata/fixtures';
import { nodeHash } from './to-json';
import { clusterRequestRow } from './testdata/cluster-rows';
import type { GraphInventory, GraphOptions, InstantQuery, KialiGraphJson, NodeDataJson, PromSample } from './types';

/**
 * A two-cluster bookinfo (multi-primary): east runs productpage-v1, reviews-v1 and an idle details-v1; west runs
 * reviews-v3, ratings-v1 and an idle details-v1. Traffic: productpage → reviews-v1 (10 rps, in east), productpage →
 * reviews-v3 (4 rps, east → west), reviews-v3 → ratings-v1 (4 rps, in west).
 */
function workload(name: string, app: string, version: string) {
  return {
    namespace: 'bookinfo',
    name,
    kind: 'Deployment',
    labels: { app, version },
    podCount: 1,
    sidecarInjected: true,
  };
}

function clusterInventory(cluster: string, workloads: ReturnType<typeof workload>[]): GraphInventory {
  return {
    cluster,
    istioNamespace: 'istio-system',
    namespaces: [{ name: 'bookinfo', labels: { 'istio-injection': 'enabled' } }],
    workloads,
    services: [],
    istioConfig: [],
    pods: [],
  };
}

const east = () =>
  clusterInventory('east', [
    workload('productpage-v1', 'productpage', 'v1'),
    workload('reviews-v1', 'reviews', 'v1'),
    workload('details-v1', 'details', 'v1'),
  ]);
const west = () =>
  clusterInventory('west', [
    workload('reviews-v3', 'reviews', 'v3'),
    workload('ratings-v1', 'ratings', 'v1'),
    workload('details-v1', 'details', 'v1'),
  ]);

const row = clusterRequestRow;

const PP_R1 = row(['east', 'productpage-v1'], ['east', 'reviews-v1', 'reviews'], 10);
const PP_R3 = row(['east', 'productpage-v1'], ['west', 'reviews-v3', 'reviews'], 4);
const R3_RA = row(['west', 'reviews-v3'], ['west', 'ratings-v1', 'ratings'], 4);

/**
 * A Prometheus holding the given source- and destination-reported rows: the graph's #3 query (source-reported,
 * `source_workload_namespace="bookinfo"`) gets the first, #2 (destination-reported) the second.
 */
function prometheus(sourceReported: PromSample[], destReported: PromSample[]): InstantQuery {
  return async (q) => {
    if (!q.includes('istio_requests_total')) return [];
    if (q.includes('reporter=~"waypoint|source",source_workload_namespace="bookinfo"')) return sourceReported;
    if (q.includes('destination_workload_namespace="bookinfo"') && q.includes('destination"')) return destReported;
    return [];
  };
}

/** The graph query over several Prometheus servers: each one's answer, merged (lib/server/clusters/graph.ts). */
function fanOut(...servers: InstantQuery[]): InstantQuery {
  return async (q, t, s) => mergeSampleVectors(await Promise.all(servers.map((p) => p(q, t, s))));
}

const options = (over: Partial<GraphOptions> = {}) =>
  graphOptions({ appenders: { all: false, names: ['deadNode', 'idleNode', 'health'] }, ...over });

async function multiBuild(query: InstantQuery, over: Partial<GraphOptions> = {}, refused?: Set<string>) {
  const inventories = [east(), west()];
  const full = unionInventory(inventories);
  return buildGraph(options(over), full, query, { clusters: { inventories, refused } });
}

function byLabel(g: KialiGraphJson) {
  const byId = new Map(g.elements.nodes.map((n) => [n.data.id, n.data]));
  const label = (d: NodeDataJson) => (d.isBox ? `box:${d.isBox}:${d.cluster}` : `${d.cluster}/${d.workload}`);
  const edges = Object.fromEntries(
    g.elements.edges.map((e) => [
      `${label(byId.get(e.data.source)!)} -> ${label(byId.get(e.data.target)!)}`,
      e.data.traffic.rates?.http,
    ]),
  );
  return {
    nodes: g.elements.nodes.map((n) => label(n.data)).sort(),
    edges,
    node: (l: string) => g.elements.nodes.find((n) => label(n.data) === l)?.data,
  };
}

// per-cluster Prometheus: each holds what its own proxies report
const eastProm = prometheus([PP_R1, PP_R3], [PP_R1]);
const westProm = prometheus([R3_RA], [PP_R3, R3_RA]);
// one shared Prometheus holds every proxy's reports
const sharedProm = prometheus([PP_R1, PP_R3, R3_RA], [PP_R1, PP_R3, R3_RA]);

describe('multi-cluster graph', () => {
  it('keys nodes by cluster, keeps cross-cluster edges, and adds idle workloads of each cluster to their own', async () => {
    const { graph, warnings } = await multiBuild(fanOut(eastProm, westProm));
    expect(warnings).toEqual([]);
    const g = byLabel(graph);
    expect(g.nodes).toEqual([
      'east/details-v1',
      'east/productpage-v1',
      'east/reviews-v1',
      'west/details-v1',
      'west/ratings-v1',
      'west/reviews-v3',
    ]);
    // requests reported by both ends (east's client proxy, west's server proxy) are counted once
    expect(g.edges).toEqual({
      'east/productpage-v1 -> east/reviews-v1': '10.00',
      'east/productpage-v1 -> west/reviews-v3': '4.00',
      'west/reviews-v3 -> west/ratings-v1': '4.00',
    });
    expect(g.node('west/details-v1')).toMatchObject({ cluster: 'west', isIdle: true });
    expect(g.node('west/reviews-v3')!.id).toBe(nodeHash('wl_west_bookinfo_reviews-v3'));
  });

  it('gives the same graph from one shared Prometheus as from one Prometheus per cluster', async () => {
    const perCluster = await multiBuild(fanOut(eastProm, westProm));
    const shared = await multiBuild(sharedProm);
    expect(shared.graph.elements).toEqual(perCluster.graph.elements);
  });

  it('boxes by cluster (boxBy=cluster), cluster boxes first, every node in its cluster box', async () => {
    const { graph } = await multiBuild(sharedProm, { boxBy: ['cluster'] });
    const boxes = graph.elements.nodes.filter((n) => n.data.isBox === 'cluster').map((n) => n.data);
    expect(boxes.map((b) => b.cluster)).toEqual(['east', 'west']);
    expect(graph.elements.nodes.slice(0, 2).map((n) => n.data.isBox)).toEqual(['cluster', 'cluster']);
    for (const n of graph.elements.nodes.filter((x) => !x.data.isBox))
      expect(n.data.parent).toBe(boxes.find((b) => b.cluster === n.data.cluster)!.id);
  });

  it('clusterName keeps one cluster, with the peers of its cross-cluster edges', async () => {
    const g = byLabel((await multiBuild(sharedProm, { clusterName: 'west' })).graph);
    expect(g.nodes).toEqual(['east/productpage-v1', 'west/details-v1', 'west/ratings-v1', 'west/reviews-v3']);
    expect(Object.keys(g.edges)).toEqual([
      'east/productpage-v1 -> west/reviews-v3',
      'west/reviews-v3 -> west/ratings-v1',
    ]);
  });

  it('flags the nodes of a cluster that refused the user as inaccessible, without health', async () => {
    const g = byLabel((await multiBuild(sharedProm, {}, new Set(['west']))).graph);
    expect(g.node('west/reviews-v3')).toMatchObject({ isInaccessible: true });
    expect(g.node('east/reviews-v1')!.isInaccessible).toBeUndefined();
    expect(g.node('east/reviews-v1')!.healthData).not.toBeNull();
  });

  it('reads each node health from its own cluster: the same workload name in two clusters is two workloads', async () => {
    const inventories = [east(), west()];
    Object.assign(
      inventories[1]!.workloads.find((w) => w.name === 'details-v1')!,
      {
        desiredReplicas: 3,
        currentReplicas: 3,
        availableReplicas: 1,
      },
    );
    const full = unionInventory(inventories);
    const { graph } = await buildGraph(options(), full, sharedProm, { clusters: { inventories } });
    const g = byLabel(graph);
    const status = (l: string) => g.node(l)!.healthData as { workloadStatus?: { desiredReplicas: number } };
    expect(status('west/details-v1').workloadStatus?.desiredReplicas).toBe(3);
    expect(status('east/details-v1').workloadStatus?.desiredReplicas).not.toBe(3);
  });
});

describe('mergeSampleVectors (one query answered by several Prometheus servers)', () => {
  it('adds samples with the same labels, keeps the others, and keeps every store warning', () => {
    const a = Object.assign([PP_R1, { ...R3_RA, value: 1 }], { warnings: ['store a partial'] });
    const b = [{ ...R3_RA, metric: { ...R3_RA.metric } }, PP_R3];
    const merged = mergeSampleVectors([a, b]);
    expect(merged.map((s) => [s.metric.source_workload, s.metric.destination_workload, s.value])).toEqual([
      ['productpage-v1', 'reviews-v1', 10],
      ['reviews-v3', 'ratings-v1', 5],
      ['productpage-v1', 'reviews-v3', 4],
    ]);
    expect((merged as { warnings?: string[] }).warnings).toEqual(['store a partial']);
    expect(a[1]!.value).toBe(1); // inputs are not changed
  });
});

describe('samplesOfCluster', () => {
  const known = new Set(['east', 'west']);
  const outside = row(['unknown', 'unknown'], ['unknown', 'x-v1', 'x'], 1);
  it('gives a cluster the rows touching it at either end, and the rows of no known cluster to the home one', () => {
    const rows = [PP_R1, PP_R3, R3_RA, outside];
    expect(samplesOfCluster(rows, 'east', known, 'east')).toEqual([PP_R1, PP_R3, outside]);
    expect(samplesOfCluster(rows, 'west', known, 'east')).toEqual([PP_R3, R3_RA]);
  });
});
