/**
 * `npm run bench:multi-cluster [-- --workloads 2000]` (issue 18): the graph core's cost of several clusters, in
 * process (no servers): one namespace of N workloads, each calling the next two, spread round-robin over 1, 2 and 4
 * clusters (a call to a workload of another cluster is a cross-cluster edge), answered by one in-memory Prometheus.
 * Prints the median and p95 of 7 `buildGraph` runs per cluster count (after one warm-up run) (the split of rows per cluster, each cluster's
 * appenders over its own inventory, the merge) and the nodes and edges built, so the multi-cluster overhead is the
 * difference to the 1-cluster row.
 */
import { buildGraph } from '@/lib/graph/build';
import { unionInventory } from '@/lib/graph/multi-cluster';
import { parseGraphOptions } from '@/lib/graph/options';
import type { GraphInventory, InstantQuery, PromSample } from '@/lib/graph/types';

const arg = (name: string, fallback: number) => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : fallback;
};
const WORKLOADS = arg('workloads', 2000);
const RUNS = 7;

const clusterOf = (i: number, clusters: number) => `c${i % clusters}`;

function row(i: number, j: number, clusters: number): PromSample {
  const src = `w${i}`;
  const dst = `w${j}`;
  return {
    metric: {
      source_cluster: clusterOf(i, clusters),
      source_workload_namespace: 'bench',
      source_workload: src,
      source_canonical_service: src,
      source_canonical_revision: 'v1',
      destination_cluster: clusterOf(j, clusters),
      destination_service_namespace: 'bench',
      destination_service: `${dst}.bench.svc.cluster.local`,
      destination_service_name: dst,
      destination_workload_namespace: 'bench',
      destination_workload: dst,
      destination_canonical_service: dst,
      destination_canonical_revision: 'v1',
      request_protocol: 'http',
      response_code: '200',
      grpc_response_status: '',
      response_flags: '-',
    },
    value: 1 + (i % 7),
  };
}

function inventory(cluster: string, clusters: number): GraphInventory {
  const mine = [...Array(WORKLOADS).keys()].filter((i) => clusterOf(i, clusters) === cluster);
  return {
    cluster,
    istioNamespace: 'istio-system',
    namespaces: [{ name: 'bench', labels: {} }],
    workloads: mine.map((i) => ({
      namespace: 'bench',
      name: `w${i}`,
      kind: 'Deployment',
      labels: { app: `w${i}`, version: 'v1' },
      podCount: 1,
      sidecarInjected: true,
    })),
    services: [],
    istioConfig: [],
    pods: [],
  };
}

/** The options the graph route builds for the bench namespace: its defaults (workload graph, last 10m, now), boxed by
 * cluster and namespace, with the appenders a large graph runs. */
const options = parseGraphOptions(
  new URLSearchParams({ namespaces: 'bench', boxBy: 'cluster,namespace', appenders: 'deadNode,idleNode,health' }),
);

async function measure(clusters: number) {
  const rows: PromSample[] = [];
  for (let i = 0; i < WORKLOADS; i++) for (const j of [i + 1, i + 2]) if (j < WORKLOADS) rows.push(row(i, j, clusters));
  const query: InstantQuery = async (q) =>
    q.includes('istio_requests_total') && q.includes('source_workload_namespace="bench"') ? rows : [];
  const inventories = [...Array(clusters).keys()].map((c) => inventory(`c${c}`, clusters));
  const full = unionInventory(inventories);
  const runtime = clusters > 1 ? { clusters: { inventories } } : {};
  const times: number[] = [];
  let size = { nodes: 0, edges: 0 };
  for (let r = -1; r < RUNS; r++) {
    const start = performance.now();
    const { graph } = await buildGraph(options, clusters > 1 ? full : inventories[0]!, query, runtime);
    if (r >= 0) times.push(performance.now() - start); // run -1 warms the JIT up

    size = { nodes: graph.elements.nodes.length, edges: graph.elements.edges.length };
  }
  times.sort((a, b) => a - b);
  const p95 = times[Math.min(times.length - 1, Math.ceil(times.length * 0.95) - 1)]!;
  return { clusters, median: times[Math.floor(times.length / 2)]!, p95, ...size };
}

async function main() {
  console.log(`graph core, ${WORKLOADS} workloads in one namespace, ${RUNS} runs per row (${process.version})`);
  console.log('| clusters | median ms | p95 ms | nodes | edges |');
  console.log('|---|---|---|---|---|');
  for (const clusters of [1, 2, 4]) {
    const m = await measure(clusters);
    console.log(`| ${m.clusters} | ${m.median.toFixed(0)} | ${m.p95.toFixed(0)} | ${m.nodes} | ${m.edges} |`);
  }
}

void main();
