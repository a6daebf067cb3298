/**
 * Builds Kiali's graph JSON (Kiali `graph/api/api.go` + `graph/telemetry/istio/istio.go`
 * `BuildNamespacesTrafficMap`/`BuildNodeTrafficMap`): per namespace, its queries run in parallel under a
 * concurrency bound and shared through a short-lived cache (or, with the `batched` strategy, its traffic rows come from
 * queries over many namespaces, lib/graph/batched-queries.ts); rows become a traffic map; the namespace appenders
 * decorate it; the maps are merged; the finalizers run over the whole graph; service graphs are reduced.
 *
 * Unlike Kiali (one failed query fails the graph with 503, perf-security.md K2), a namespace whose traffic
 * queries fail is left out with a warning; an appender whose queries fail is skipped with a warning. Only when
 * every namespace fails is the (first) error thrown, so the route can answer 503/504.
 */
import pLimit from 'p-limit';
import { MeshscopeError, untilAborted } from '@/lib/errors';
import type { HealthConfig } from '@/lib/health/calculate';
import {
  namespaceTrafficQueries,
  nodeTrafficQueries,
  type QueryDescriptor,
  type RecordedMetrics,
} from '@/lib/graph/queries';
import {
  batchKey,
  batchedAppenderQueries,
  batchedTrafficQueries,
  descriptorBatchKey,
  splitBatch,
  type BatchLimits,
  type QueryStrategy,
} from './batched-queries';
import {
  appenderQueries,
  indexInventory,
  runFinalizers,
  runNamespaceAppenders,
  type AppenderContext,
} from './appenders';
import { mergeTrafficMaps, reduceToServiceGraph, relinkEdges } from './merge';
import { keepCluster, markInaccessibleClusters, samplesOfCluster } from './multi-cluster';
import { createQueryCache, type QueryCache } from './query-cache';
import { ambientEnabled } from './appenders/ambient';
import { populateTrafficMap, waypointKeys } from './telemetry';
import { toKialiJson } from './to-json';
import { type TrafficMap } from './traffic-map';
import { addRequestedNode, clusterOf } from './build-nodes';
import type {
  GraphInventory,
  GraphOptions,
  GraphWarning,
  InstantQuery,
  KialiGraphJson,
  PromSample,
  QueryStat,
} from './types';

export interface BuildRuntime {
  /**
   * This build's queries in flight at once, default 8 (p-limit), so one large graph never takes every one of the
   * server's Prometheus slots (lib/prometheus/client.ts bounds them all together).
   */
  concurrency?: number;
  /**
   * Aborts the build (the request's deadline, or its client gone): queries not yet sent are never sent, those in
   * flight are cancelled unless another request shares them, and the build rejects with the signal's reason.
   */
  signal?: AbortSignal;
  /** Shared cache; without one, the build still joins its own identical queries. */
  cache?: QueryCache;
  /** User health tolerances (`health_config.rate[]`); Kiali's defaults always apply after them. */
  health?: HealthConfig;
  /**
   * The full inventory, still being read. When given, `inventory` need only hold the namespaces (access check and
   * query windows) and the Prometheus queries run while the rest of the inventory is read; the appenders use this one.
   */
  fullInventory?: Promise<GraphInventory>;
  /**
   * `namespace` (default): Kiali's traffic and appender queries, per namespace; `batched`: each of them once over
   * chunks of namespaces (lib/graph/batched-queries.ts), split back per namespace: the same graph from fewer queries.
   * Node graphs always use Kiali's node queries.
   */
  queryStrategy?: QueryStrategy;
  /** Chunk limits of the batched strategy. */
  batchLimits?: BatchLimits;
  /** Metrics to read from their recorded series (lib/prometheus/recording-rules.ts detects them). */
  recorded?: RecordedMetrics;
  /**
   * Multi-cluster (issue 18): every cluster's own inventory (its `cluster` set), the home cluster first, while
   * `fullInventory` is their union. With more than one, each namespace's rows are split by cluster
   * (`samplesOfCluster`), each cluster's map is decorated by the appenders over its own inventory, and the maps are
   * merged with nodes keyed by cluster (the node's own cluster's copy wins). `refused` clusters (the user's token was
   * refused there) have their nodes flagged `isInaccessible`.
   */
  clusters?: { inventories: GraphInventory[]; refused?: ReadonlySet<string> };
  /**
   * Called as each part of `buildPhasesMs` ends (`maps`, `merge`, `finalizers`, `json`), synchronously, so a benchmark
   * can read the heap at the same boundaries the timings use (scripts/bench-graph-build.ts).
   */
  onPart?: (part: keyof BuildResult['buildPhasesMs']) => void;
}

export interface BuildResult {
  graph: KialiGraphJson;
  warnings: GraphWarning[];
  queryStats: QueryStat[];
  /** Wall-clock time of the (parallel, bounded) Prometheus phase in ms: the build's own overhead is the rest. */
  prometheusWallMs: number;
  /**
   * After the last query: waiting for the full inventory, then the rest of the build (the last namespaces' maps,
   * the merge, the finalizers such as health, the JSON model). Namespaces whose queries finished earlier were built
   * during the Prometheus phase.
   */
  inventoryWaitMs: number;
  buildMs: number;
  /**
   * `buildMs` split, in ms: `maps` the namespace maps still to build after the last query (the rows of the last
   * answers, the namespace appenders), `merge`, `finalizers` (health, ...), `json` (the graph JSON model).
   */
  buildPhasesMs: { maps: number; merge: number; finalizers: number; json: number };
  /** Some queries read recorded series (`runtime.recorded` was not empty). */
  recorded: boolean;
}

const round1 = (ms: number) => Math.round(ms * 10) / 10;

/** A namespace's map after its appenders, or the failure of its traffic queries. */
interface NamespaceMap {
  tm: TrafficMap | null;
  failure?: unknown;
  warnings: GraphWarning[];
}

type Outcome = { ok: true; samples: PromSample[] } | { ok: false; error: unknown };

/**
 * One warning per distinct text the store sent with a namespace's answers (the Prometheus HTTP API's `warnings`, which
 * lib/prometheus/client.ts attaches to the samples): Thanos' partial responses say a store did not answer, so the
 * namespace's traffic may be missing some series.
 */
function storeWarnings(namespace: string, outcomes: (Outcome | undefined)[]): GraphWarning[] {
  const texts = new Set<string>();
  for (const o of outcomes)
    if (o?.ok) for (const w of (o.samples as { warnings?: readonly string[] }).warnings ?? []) texts.add(w);
  return [...texts].map((w) => ({
    namespace,
    message: `Prometheus answered the queries of namespace [${namespace}] with a warning (the answer may be partial): ${w}`,
  }));
}

function message(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

/** The namespace's range, clipped to its lifetime (`getSafeNamespaceDuration`); 0 if it did not exist yet. */
function safeDuration(o: GraphOptions, created: string | undefined): number {
  const t = created ? Date.parse(created) : NaN;
  if (Number.isNaN(t)) return o.durationSeconds;
  const lifetime = o.queryTime - Math.floor(t / 1000);
  return lifetime <= 0 ? 0 : Math.min(o.durationSeconds, lifetime);
}

/**
 * Builds the graph for `opts` from `inventory` and Prometheus (`query`).
 * @throws MeshscopeError 404 not_found:api when a requested namespace is not in the inventory (before any query): the
 *   inventory holds every namespace the identity may see, and a signed-in user's request naming one they may not see
 *   was refused with 403 before (lib/auth/request.ts), so what is left does not exist (issue 16: one not-found state);
 *   the first Prometheus error when every namespace's traffic queries failed; `runtime.signal`'s reason once it aborts
 *   (no further query is sent after that).
 */
export async function buildGraph(
  options: GraphOptions,
  inventory: GraphInventory,
  query: InstantQuery,
  runtime: BuildRuntime = {},
): Promise<BuildResult> {
  // a service graph is a workload graph with service nodes, reduced at the end
  const opts =
    options.graphType === 'service' && !options.injectServiceNodes ? { ...options, injectServiceNodes: true } : options;
  const early = indexInventory(inventory);
  for (const ns of opts.namespaces) {
    if (!early.accessible.has(ns))
      throw new MeshscopeError('not_found:api', `Namespace [${ns}] was not found.`, { namespace: ns });
  }
  const warnings: GraphWarning[] = [];
  const queryStats: QueryStat[] = [];
  const cache = runtime.cache ?? createQueryCache();
  const limit = pLimit({ concurrency: Math.max(1, runtime.concurrency ?? 8), rejectOnClear: true });
  const signal = runtime.signal;
  signal?.throwIfAborted();
  const stop = () => limit.clearQueue();
  signal?.addEventListener('abort', stop, { once: true });

  // a waypoint node graph reads its TCP the other way round (Kiali buildNodeTrafficMap): known before planning
  const nodeIsWaypoint =
    opts.node?.workload !== undefined && ambientEnabled(opts)
      ? !!waypointSet(opts, runtime.fullInventory ? await runtime.fullInventory : inventory)?.has(
          `${opts.node.cluster ?? inventory.cluster ?? 'Kubernetes'}/${opts.node.namespace}/${opts.node.workload}`,
        )
      : false;
  const recorded = runtime.recorded;
  const plans: { namespace: string; durationSeconds: number; ambient: boolean; queries: QueryDescriptor[] }[] = [];
  for (const ns of opts.namespaces) {
    const nsInfo = inventory.namespaces.find((n) => n.name === ns);
    const duration = safeDuration(opts, nsInfo?.creationTimestamp);
    if (duration <= 0) {
      warnings.push({ namespace: ns, message: `Namespace [${ns}] did not exist at the requested queryTime` });
      continue;
    }
    const ambient = nsInfo?.labels['istio.io/dataplane-mode'] === 'ambient';
    const traffic = opts.node
      ? nodeTrafficQueries(opts, opts.node, duration, ambient, nodeIsWaypoint, recorded)
      : namespaceTrafficQueries(opts, ns, duration, ambient, recorded);
    plans.push({
      namespace: ns,
      durationSeconds: duration,
      ambient,
      queries: [...traffic, ...appenderQueries(opts, ns, duration, recorded)],
    });
  }

  // Each namespace's map is built (populated, namespace appenders run) as soon as its own queries are in, while
  // other namespaces' queries are still out; the merge, the finalizers and the JSON come after the last query.
  let fullReadyAt = 0;
  const fullReady = (runtime.fullInventory ?? Promise.resolve(inventory)).then((full) => {
    fullReadyAt = performance.now();
    return { full, index: runtime.fullInventory ? indexInventory(full) : early };
  });
  fullReady.catch(() => undefined); // awaited below; no unhandled rejection while queries run

  /**
   * The batched strategy: every batch query (traffic and appenders) starts now (bounded by `limit`); the answer of each
   * (namespace, per-namespace query, window) is its namespace's rows of the batch (`splitBatch`), or its failure.
   */
  const startBatches = (
    list: typeof plans,
    run: (promql: string) => Promise<Outcome>,
  ): Map<string, Promise<Outcome>> => {
    const out = new Map<string, Promise<Outcome>>();
    const byWindow = new Map<number, typeof plans>();
    for (const p of list) byWindow.set(p.durationSeconds, [...(byWindow.get(p.durationSeconds) ?? []), p]);
    for (const [d, group] of byWindow) {
      const ambient = new Set(group.filter((p) => p.ambient).map((p) => p.namespace));
      const names = group.map((p) => p.namespace);
      const limits = runtime.batchLimits;
      const traffic = batchedTrafficQueries(opts, names, d, ambient, recorded, limits);
      for (const b of [...traffic, ...batchedAppenderQueries(opts, names, d, recorded, limits)]) {
        const split = limit(() => run(b.promql)).then(
          (o) => (o.ok ? { ok: true as const, rows: splitBatch(b, o.samples) } : o),
          (error: unknown) => ({ ok: false as const, error }), // cleared from the queue on abort
        );
        for (const ns of b.namespaces)
          out.set(
            batchKey(ns, b.slot, d),
            split.then((o): Outcome => (o.ok ? { ok: true, samples: o.rows.get(ns) ?? [] } : o)),
          );
      }
    }
    return out;
  };

  const clusterViews = (runtime.clusters?.inventories ?? []).map((inv) => ({ inv, index: indexInventory(inv) }));
  const multi = clusterViews.length > 1;
  const home = clusterViews[0]?.inv.cluster ?? inventory.cluster ?? 'Kubernetes';
  const known = new Set(clusterViews.map((c) => c.inv.cluster ?? ''));

  /** One cluster's (or, with one cluster, the whole) map of a namespace, after the namespace appenders. */
  const clusterMap = (
    plan: (typeof plans)[number],
    outcomes: ReadonlyMap<QueryDescriptor, Outcome>,
    full: GraphInventory,
    index: ReturnType<typeof indexInventory>,
    nsWarnings: GraphWarning[],
    requestedNode: boolean,
    populated?: TrafficMap,
  ): TrafficMap => {
    let tm: TrafficMap = populated ?? new Map();
    const populateOptions = { ...opts, istioNamespace: index.istioNamespace, waypoints: waypointSet(opts, full) };
    for (const d of populated ? [] : plan.queries) {
      const o = outcomes.get(d);
      if (d.purpose === 'traffic' && o?.ok) populateTrafficMap(tm, o.samples, d.metric, populateOptions);
    }
    const results = appenderResults(plan.namespace, plan.queries, outcomes, nsWarnings);
    if (requestedNode) addRequestedNode(tm, opts, full.cluster);
    const ctx: AppenderContext = {
      options: opts,
      inventory: full,
      index,
      health: runtime.health,
      namespace: plan.namespace,
      cluster: clusterOf(tm, plan.namespace, full.cluster),
    };
    tm = runNamespaceAppenders(tm, ctx, results);
    return tm;
  };

  /**
   * One cluster's traffic map of a namespace, populated from each traffic answer as soon as it and those before it (in
   * query order: the first of duplicated series wins) are in, so most rows are applied while other queries are still
   * out; null when one of them failed (processPlan then drops the namespace).
   */
  const populateEarly = async (plan: (typeof plans)[number], answers: Promise<Outcome>[]) => {
    const { full, index } = await fullReady;
    const tm: TrafficMap = new Map();
    const populateOptions = { ...opts, istioNamespace: index.istioNamespace, waypoints: waypointSet(opts, full) };
    for (const [i, d] of plan.queries.entries()) {
      if (d.purpose !== 'traffic') continue;
      const o = await answers[i]!;
      if (!o.ok) return null;
      populateTrafficMap(tm, o.samples, d.metric, populateOptions);
    }
    return tm;
  };

  const processPlan = async (
    plan: (typeof plans)[number],
    outcomes: Map<QueryDescriptor, Outcome>,
    populated?: Promise<TrafficMap | null>,
  ): Promise<NamespaceMap> => {
    const { full, index } = await fullReady;
    const nsWarnings: GraphWarning[] = [];
    const failed = plan.queries
      .filter((d) => d.purpose === 'traffic')
      .map((d) => outcomes.get(d))
      .find((o) => o && !o.ok);
    if (failed && !failed.ok) {
      nsWarnings.push({
        namespace: plan.namespace,
        message: `Traffic for namespace [${plan.namespace}] is missing: ${message(failed.error)}`,
      });
      return { tm: null, failure: failed.error, warnings: nsWarnings };
    }
    nsWarnings.push(
      ...storeWarnings(
        plan.namespace,
        plan.queries.map((d) => outcomes.get(d)),
      ),
    );
    if (!multi) {
      const tm = clusterMap(plan, outcomes, full, index, nsWarnings, !!opts.node, (await populated) ?? undefined);
      return { tm, warnings: nsWarnings };
    }
    // one map per cluster from the rows touching it, merged in cluster order (home first); appender warnings once
    const nsMap: TrafficMap = new Map();
    const nodeCluster = opts.node?.cluster ?? home;
    clusterViews.forEach((c, i) => {
      const name = c.inv.cluster ?? home;
      const own = new Map<QueryDescriptor, Outcome>();
      for (const [d, o] of outcomes)
        own.set(d, o.ok ? { ok: true, samples: samplesOfCluster(o.samples, name, known, home) } : o);
      const tm = clusterMap(plan, own, c.inv, c.index, i === 0 ? nsWarnings : [], !!opts.node && name === nodeCluster);
      mergeTrafficMaps(nsMap, plan.namespace, tm, false, name);
    });
    relinkEdges(nsMap);
    return { tm: nsMap, warnings: nsWarnings };
  };

  const queriesStarted = performance.now();
  let lastQueryDone = queriesStarted;
  /** One query through the cache, timed; never rejects. */
  const runTimed = async (promql: string): Promise<Outcome> => {
    const start = performance.now();
    try {
      const { samples } = await cache.run(query, promql, opts.queryTime, signal);
      return { ok: true, samples };
    } catch (error) {
      return { ok: false, error };
    } finally {
      lastQueryDone = performance.now();
      queryStats.push({ promql, ms: round1(lastQueryDone - start) });
    }
  };
  const batched = runtime.queryStrategy === 'batched' && !opts.node ? startBatches(plans, runTimed) : undefined;
  let namespaceMaps: NamespaceMap[];
  try {
    namespaceMaps = await Promise.all(
      plans.map(async (plan) => {
        const outcomes = new Map<QueryDescriptor, Outcome>();
        const answers = plan.queries.map((d) => {
          const key = descriptorBatchKey(d, plan.durationSeconds);
          const shared = key ? batched?.get(key) : undefined;
          return (shared ?? limit(() => runTimed(d.promql))).then((o) => (outcomes.set(d, o), o));
        });
        const populated = multi ? undefined : populateEarly(plan, answers);
        populated?.catch(() => undefined); // awaited by processPlan; a query cleared on abort rejects
        // once the signal aborts, clearQueue() drops the tasks not started (they reject), and the build stops
        // waiting for those in flight
        await untilAborted(Promise.all(answers), signal);
        return processPlan(plan, outcomes, populated);
      }),
    );
  } finally {
    signal?.removeEventListener('abort', stop);
  }
  signal?.throwIfAborted();

  const prometheusWallMs = round1(lastQueryDone - queriesStarted);
  const { full, index } = await fullReady;
  const inventoryWaitMs = round1(Math.max(0, fullReadyAt - lastQueryDone));
  const buildStarted = lastQueryDone + inventoryWaitMs;
  const mapsDone = performance.now();
  runtime.onPart?.('maps');

  // merge in namespace order (warnings too), so the graph never depends on which answer came first
  let merged: TrafficMap = new Map();
  const failures: unknown[] = [];
  namespaceMaps.forEach((m, i) => {
    warnings.push(...m.warnings);
    if (m.tm) mergeTrafficMaps(merged, plans[i]!.namespace, m.tm, false);
    else failures.push(m.failure);
  });
  relinkEdges(merged);
  if (plans.length > 0 && failures.length === plans.length) throw failures[0];
  const mergeDone = performance.now();
  runtime.onPart?.('merge');

  const finalizerCtx: AppenderContext = {
    options: opts,
    inventory: full,
    index,
    health: runtime.health,
    namespace: '',
    cluster: full.cluster ?? 'Kubernetes',
    ...(multi
      ? { clusters: new Map(clusterViews.map((c) => [c.inv.cluster ?? home, { index: c.index, pods: c.inv.pods }])) }
      : {}),
  };
  if (runtime.clusters?.refused) markInaccessibleClusters(merged, runtime.clusters.refused);
  merged = runFinalizers(merged, finalizerCtx);
  if (opts.graphType === 'service' && !opts.node) merged = reduceToServiceGraph(merged);
  if (opts.clusterName !== undefined) merged = keepCluster(merged, opts.clusterName);
  const finalizersDone = performance.now();
  runtime.onPart?.('finalizers');

  const graph = toKialiJson(merged, {
    graphType: opts.graphType,
    durationSeconds: opts.durationSeconds,
    queryTime: opts.queryTime,
    boxBy: opts.boxBy,
  });
  if (warnings.length > 0) graph.warnings = warnings;
  const jsonDone = performance.now();
  runtime.onPart?.('json');
  return {
    graph,
    warnings,
    queryStats,
    prometheusWallMs,
    inventoryWaitMs,
    buildMs: round1(jsonDone - buildStarted),
    buildPhasesMs: {
      maps: round1(Math.max(0, mapsDone - buildStarted)),
      merge: round1(mergeDone - mapsDone),
      finalizers: round1(finalizersDone - mergeDone),
      json: round1(jsonDone - finalizersDone),
    },
    recorded: (recorded?.size ?? 0) > 0,
  };
}

/**
 * The vectors of each appender's queries, in query order, by appender name. An appender with a failed query gets
 * none (its step then skips its decoration) and one warning per appender, in query (= registry) order.
 */
function appenderResults(
  namespace: string,
  queries: readonly QueryDescriptor[],
  outcomes: ReadonlyMap<QueryDescriptor, Outcome>,
  warnings: GraphWarning[],
): Map<string, PromSample[][]> {
  const results = new Map<string, PromSample[][]>();
  const failed = new Map<string, Outcome | undefined>();
  for (const d of queries) {
    if (d.purpose === 'traffic') continue;
    const o = outcomes.get(d);
    if (!o?.ok) {
      if (!failed.has(d.purpose)) failed.set(d.purpose, o);
      continue;
    }
    const list = results.get(d.purpose);
    if (list) list.push(o.samples);
    else results.set(d.purpose, [o.samples]);
  }
  for (const [name, o] of failed) {
    results.delete(name);
    const why = o && !o.ok ? message(o.error) : 'query failed';
    warnings.push({ namespace, message: `${name} for namespace [${namespace}] is missing: ${why}` });
  }
  return results;
}

/**
 * The waypoint workloads of the inventory as telemetry keys (Kiali `GetWaypointMap`), or undefined when the ambient
 * finalizer does not run (Kiali builds the map only then, so ztunnel rows are plain TCP rows otherwise).
 */
function waypointSet(o: GraphOptions, inv: GraphInventory): Set<string> | undefined {
  if (!ambientEnabled(o)) return undefined;
  const cluster = inv.cluster ?? 'Kubernetes';
  return waypointKeys(
    inv.workloads.filter((w) => w.waypoint).map((w) => ({ cluster, namespace: w.namespace, name: w.name })),
  );
}
