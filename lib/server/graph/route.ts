import 'server-only';
import type { NextRequest } from 'next/server';
import { isAmbientWorkload, isWaypointLabels } from '@/lib/ambient';
import { getConfig } from '@/lib/config';
import { processGlobal } from '@/lib/config/process-global';
import { requestSignal, runWithSignal } from '@/lib/config/request-deadline';
import { buildGraph, type BuildResult } from '@/lib/graph/build';
import { parseGraphRequest, type GraphPathParams } from '@/lib/graph/options';
import { graphAnswerView } from '@/lib/graph/namespace-view';
import { createSharedCache, type SharedCache } from '@/lib/graph/query-cache';
import type { GraphInventory, GraphOptions, GraphWarning } from '@/lib/graph/types';
import { handle, json } from '@/lib/server/http/respond';
import { getInventory, type Inventory } from '@/lib/k8s/inventory';
import { listNamespaces, type NamespaceInfo } from '@/lib/k8s/namespaces';
import { getPrometheusClient, recordedGraphMetrics, sharedQueryCache } from '@/lib/prometheus/server';
import { unionInventory } from '@/lib/graph/multi-cluster';
import { BadRequestError } from '@/lib/promql/index';
import { knownClusters, type Cluster } from '@/lib/server/clusters';
import { clusterGraphInputs, clusterQuery } from '@/lib/server/clusters/graph';
import { logger } from '@/lib/log';

/** A finished graph computation: the build and when its namespace list came in (for Server-Timing). */
interface GraphAnswer {
  result: BuildResult;
  namespacesMs: number;
}

/** Graph computations in flight, shared by identical requests (process-wide: every graph route bundle joins them). */
function graphsInFlight(): SharedCache<GraphAnswer> {
  return processGlobal('meshscope.graph.inFlight', () =>
    createSharedCache<GraphAnswer>({ ttlMs: 0, maxEntries: 1000 }),
  );
}

/**
 * The key of a graph computation: the normalised options (parseGraphOptions' output, every default filled in) and the
 * namespaces the user may read. Two users share a computation only when they may read the same namespaces, so a
 * graph (which marks nodes of other namespaces inaccessible) is never handed to someone with other rights.
 */
export function graphKey(options: GraphOptions, readable: readonly NamespaceInfo[]): string {
  return `${JSON.stringify(options)}\u0000${readable
    .map((n) => n.name)
    .sort()
    .join(',')}`;
}

/** Maps the Kubernetes inventory to the graph core's input. */
export function toGraphInventory(inv: Inventory, cluster: string, istioNamespace: string): GraphInventory {
  // Pods by namespace, so counting a workload's pods scans its namespace only (not every pod of the mesh).
  const podsByNamespace = new Map<string, Inventory['pods']>();
  for (const p of inv.pods) {
    const list = podsByNamespace.get(p.namespace);
    if (list) list.push(p);
    else podsByNamespace.set(p.namespace, [p]);
  }
  const nsLabels = new Map(inv.namespaces.map((n) => [n.name, n.labels]));
  return {
    cluster,
    istioNamespace,
    namespaces: inv.namespaces.map((n) => ({
      name: n.name,
      labels: n.labels,
      creationTimestamp: n.createdAt ?? undefined,
    })),
    workloads: inv.workloads.map((w) => {
      const own = (podsByNamespace.get(w.namespace) ?? []).filter((p) =>
        Object.entries(w.labels).every(([k, v]) => k === 'pod-template-hash' || p.labels[k] === v),
      );
      const ambient = isAmbientWorkload({
        namespace: w.namespace,
        labels: w.labels,
        podAnnotations: own.map((p) => p.annotations),
        hasSidecar: w.sidecarInjected,
        namespaceLabels: nsLabels.get(w.namespace),
      });
      return {
        namespace: w.namespace,
        name: w.name,
        kind: w.kind,
        labels: w.labels,
        podCount: own.length,
        sidecarInjected: w.sidecarInjected,
        ...(ambient ? { ambient } : {}),
        ...(isWaypointLabels(w.labels) ? { waypoint: true } : {}),
        serviceAccount: w.serviceAccount ?? undefined,
        annotations: w.annotations,
        desiredReplicas: w.desiredReplicas,
        currentReplicas: w.currentReplicas,
        availableReplicas: w.availableReplicas,
      };
    }),
    services: inv.services.map((s) => ({
      namespace: s.namespace,
      name: s.name,
      labels: s.labels,
      selector: s.selector,
      annotations: s.annotations,
      ports: s.ports.map((p) => ({
        name: p.name ?? undefined,
        port: p.port,
        protocol: p.protocol,
        appProtocol: p.appProtocol ?? undefined,
      })),
    })),
    pods: inv.pods.map((p) => ({
      namespace: p.namespace,
      name: p.name,
      labels: p.labels,
      phase: p.phase,
      ready: p.ready,
      containers: p.containers,
    })),
    istioConfig: inv.istioConfig,
    gatewayApi: inv.gatewayApi,
  };
}

/**
 * One graph computation, shared by the requests waiting for it (`graphsInFlight`): runs under `signal` (aborted when
 * the last of them has gone), refuses to start while Prometheus' queue is full (429), reads the full inventory while
 * the queries run.
 * @throws MeshscopeError overloaded:prometheus, and as buildGraph
 */
function computeGraph(
  options: GraphOptions,
  namespaces: NamespaceInfo[],
  namespacesMs: number,
  signal: AbortSignal,
): Promise<GraphAnswer> {
  return runWithSignal(signal, async () => {
    const cfg = getConfig();
    const prom = getPrometheusClient();
    prom.admit();
    // The full inventory is read while Prometheus answers; the build needs only the namespaces before its queries.
    const fullInventory = getInventory([]).then((inv) => toGraphInventory(inv, cfg.clusterName, cfg.istioNamespace));
    fullInventory.catch(() => undefined); // awaited by buildGraph; no unhandled rejection if we fail before that
    const early: GraphInventory = {
      cluster: cfg.clusterName,
      istioNamespace: cfg.istioNamespace,
      namespaces: namespaces.map((n) => ({
        name: n.name,
        labels: n.labels,
        creationTimestamp: n.creationTimestamp ?? undefined,
      })),
      workloads: [],
      services: [],
      istioConfig: [],
    };
    const query = (q: string, t: number, s?: AbortSignal) => prom.instantQuery(q, t, { signal: s });
    const recorded = await recordedGraphMetrics(signal);
    const result = await buildGraph(options, early, query, {
      cache: sharedQueryCache(),
      fullInventory,
      signal,
      queryStrategy: cfg.prometheus.graphQueryStrategy,
      batchLimits: { maxNamespaces: cfg.prometheus.graphBatchNamespaces },
      recorded,
    });
    return { result, namespacesMs };
  });
}

/**
 * The multi-cluster graph (issue 18): every cluster's inventory (a failing cluster: an empty one and a warning naming
 * it; a refusing one: its nodes `isInaccessible`), queries over every distinct Prometheus merged, and one map per
 * cluster and namespace (lib/graph/build.ts `clusters`). The home cluster's namespace list failing is a warning too.
 * @throws BadRequestError 400 naming `clusterName` when it names no known cluster; as buildGraph
 */
async function multiClusterGraph(
  options: GraphOptions,
  clusters: Cluster[],
  started: number,
): Promise<{ answer: GraphAnswer; warnings: GraphWarning[] }> {
  const cfg = getConfig();
  const wanted = options.clusterName ?? options.node?.cluster;
  if (wanted !== undefined && !clusters.some((c) => c.name === wanted)) {
    const known = clusters.map((c) => c.name).join(', ');
    throw new BadRequestError('clusterName', `Invalid clusterName [${wanted}]: unknown cluster (known: ${known})`);
  }
  const homeNamespaces = listNamespaces().catch((err: unknown) => {
    logger.warn({ err: (err as Error).message }, 'graph: the home cluster cannot list namespaces');
    return [] as NamespaceInfo[];
  });
  const toGraph = (inv: Inventory, cluster: string) => toGraphInventory(inv, cluster, cfg.istioNamespace);
  const [home, inputs] = await Promise.all([homeNamespaces, clusterGraphInputs(clusters, toGraph, cfg.istioNamespace)]);
  const namespacesMs = performance.now() - started;
  const full = unionInventory(inputs.inventories);
  const readable = [...home];
  for (const n of full.namespaces)
    if (!readable.some((r) => r.name === n.name))
      readable.push({
        name: n.name,
        labels: n.labels,
        istioInjection: false,
        creationTimestamp: n.creationTimestamp ?? null,
      });
  const key = [
    graphKey(options, readable),
    clusters.map((c) => `${c.name}:${c.fingerprint}`).join(','),
    [...inputs.refused].join(','),
  ].join('\u0000');
  const { query, cache, admit } = clusterQuery(clusters);
  const compute = (signal: AbortSignal) =>
    runWithSignal(signal, async () => {
      admit();
      const result = await buildGraph(options, full, query, {
        cache,
        signal,
        fullInventory: Promise.resolve(full),
        clusters: { inventories: inputs.inventories, refused: inputs.refused },
        // batched as one cluster's graph; recorded series are probed on the home Prometheus only, so raw metrics here
        queryStrategy: cfg.prometheus.graphQueryStrategy,
        batchLimits: { maxNamespaces: cfg.prometheus.graphBatchNamespaces },
      });
      return { result, namespacesMs };
    });
  const { value } = await graphsInFlight().get(key, compute, requestSignal());
  return { answer: value, warnings: inputs.warnings };
}

/**
 * The handler behind Kiali's graph endpoints (kiali.md §2.1): `GET /api/namespaces/graph` and the node graphs
 * `/api/namespaces/{namespace}/workloads/{workload}/graph`, `.../applications/{app}/graph`,
 * `.../applications/{app}/versions/{version}/graph`, `.../services/{service}/graph`, with Kiali's query parameters.
 * Answers Kiali's graph JSON, plus `warnings: [{namespace, message}]` when some namespaces' queries failed (a partial
 * graph, where Kiali would fail with 503). Header `Server-Timing: total;dur=…, prometheus;dur=… (sum),
 * prometheus-max;dur=… (longest), prometheus-wall;dur=… (wall time of the query phase), namespaces;dur=… (listing
 * them first), inventory-wait;dur=… (the inventory read outlasting the queries), build;dur=… (graph building after the
 * queries), build-maps;dur=…, build-merge;dur=…, build-finalizers;dur=…, build-json;dur=… (build's parts: the namespace
 * maps left after the last query, their merge, the finalizers, the JSON model), namespace-view;dur=… (when the
 * namespace view is answered)` gives the split; the API's own overhead is total − prometheus-wall.
 *
 * `namespaceView=true|auto` (Meshscope's, lib/graph/params.ts) answers the namespace view of the graph
 * (lib/graph/namespace-view.ts `graphAnswerView`: namespace nodes, summed edges, `namespaceView.summaries`) — `auto`
 * only above NAMESPACE_VIEW_THRESHOLD nodes over several namespaces. Both views share one computation (the view is
 * not part of `graphKey`).
 *
 * Fair sharing (issue 12 items 4 and 8): identical requests in flight are computed once (`graphKey`); the computation
 * runs under its own signal, cancelled when every request waiting for it has gone (deadline or client closed), and
 * its queries go through the server-wide query cache and Prometheus bound. A new computation is refused with 429
 * while too many queries wait for Prometheus.
 * Several clusters (CLUSTERS_DIR, remote secrets: lib/server/clusters): Kiali's multi-cluster graph JSON — `cluster` on
 * every node is its own, `boxBy=cluster` boxes, cross-cluster edges, `clusterName` keeps one cluster's nodes and
 * their peers — built by `multiClusterGraph`; a cluster that fails adds a warning `{namespace: '', cluster, message}`.
 * Errors: 400 `bad_request:api` naming the parameter (nothing is queried; `clusterName` naming no known cluster when
 * there are several), 403 for a namespace not visible,
 * 429 `overloaded:prometheus` with `Retry-After`, 502 `too_large:prometheus`, 504 `timeout:prometheus` at the
 * request's deadline (REQUEST_TIMEOUT_MS), 503 `unavailable:prometheus` when every namespace failed,
 * `unavailable:k8s` likewise.
 */
export function graphRoute() {
  return handle(
    async (req: NextRequest, ctx: { params: Promise<GraphPathParams> }) => {
      const started = performance.now();
      const path = await ctx.params;
      const cfg = getConfig();
      const limits = { maxDurationSeconds: cfg.prometheus.retentionSeconds };
      const { options, namespaceView } = parseGraphRequest(req.nextUrl.searchParams, path, limits);
      const clusters = await knownClusters();
      let value: GraphAnswer;
      let clusterWarnings: GraphWarning[] = [];
      if (clusters.length > 1) {
        ({ answer: value, warnings: clusterWarnings } = await multiClusterGraph(options, clusters, started));
      } else {
        const namespaces = await listNamespaces();
        const namespacesMs = performance.now() - started;
        const key = graphKey(options, namespaces);
        const compute = (signal: AbortSignal) => computeGraph(options, namespaces, namespacesMs, signal);
        value = (await graphsInFlight().get(key, compute, requestSignal())).value;
      }
      const { result } = value;
      const warnings = [...clusterWarnings, ...result.warnings];
      const graph = warnings.length ? { ...result.graph, warnings } : result.graph;
      const viewStarted = performance.now();
      const body = graphAnswerView(graph, namespaceView, options.namespaces.length, options.node !== undefined);
      const viewMs = performance.now() - viewStarted;
      const promMs = result.queryStats.reduce((sum, s) => sum + s.ms, 0);
      const longest = result.queryStats.reduce((max, s) => Math.max(max, s.ms), 0);
      return json(body, {
        headers: {
          'Server-Timing': [
            `total;dur=${(performance.now() - started).toFixed(1)}`,
            `prometheus;dur=${promMs.toFixed(1)};desc="sum of ${result.queryStats.length} queries${result.recorded ? ', recorded series' : ''}"`,
            `prometheus-max;dur=${longest.toFixed(1)}`,
            `prometheus-wall;dur=${result.prometheusWallMs.toFixed(1)};desc="wall time of the parallel query phase"`,
            `namespaces;dur=${value.namespacesMs.toFixed(1)}`,
            `inventory-wait;dur=${result.inventoryWaitMs.toFixed(1)}`,
            `build;dur=${result.buildMs.toFixed(1)}`,
            ...Object.entries(result.buildPhasesMs).map(([k, ms]) => `build-${k};dur=${ms.toFixed(1)}`),
            ...(body === graph ? [] : [`namespace-view;dur=${viewMs.toFixed(1)};desc="aggregation by namespace"`]),
          ].join(', '),
        },
      });
    },
    { timeoutCode: 'timeout:prometheus' },
  );
}
