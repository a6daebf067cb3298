/**
 * One traffic engine over the clusters of a multi-primary Istio mesh (Istio: "Install Multi-Primary on different
 * networks"): each cluster has its own object store (its Kubernetes API) and its own istiod, and every istiod also
 * watches the other clusters' APIs (remote secrets) for endpoints.
 *
 * What that means for the simulation:
 * - **Config is per cluster**: a request is routed by the caller's cluster's VirtualServices, DestinationRules and
 *   Gateway API routes, and served under the destination's cluster's PeerAuthentication and AuthorizationPolicies
 *   (each cluster's context sees only its own store's Istio config; a served request continues in the destination's
 *   context: its outbound calls use its cluster's config).
 * - **Endpoints are mesh-wide**: a Service's endpoints in cluster C are those C's Service selects plus those the
 *   same-named Service (same namespace) selects in every other cluster, as istiod merges them. Another network's
 *   endpoints are only reachable through that network's east-west gateway: when the other cluster is on a
 *   different `topology.istio.io/network` and has no running gateway serving `AUTO_PASSTHROUGH` on 15443 (Istio's
 *   `cross-network-gateway`), its endpoints are left out. Istio's default load balancing (no outlier detection, so
 *   no locality preference) spreads requests over all endpoints by replicas, whatever their cluster.
 * - **Telemetry**: every series carries the `source_cluster` / `destination_cluster` of its peers (a sidecar labels
 *   both on every istio_requests_total and istio_tcp_* series); the series a cluster's proxies report are served on
 *   that cluster's /metrics (`telemetry.forCluster(name)`), so each cluster's Prometheus scrapes its own pods.
 * Not modelled: the east-west gateway's own telemetry (SNI passthrough, like Istio's `AUTO_PASSTHROUGH` it adds no
 * istio_requests_total), locality failover, ambient mode across clusters, per-cluster trust domains.
 */
import type { ObjectStore } from '../store/object-store';
import { AmbientTelemetry } from '../traffic/ambient-telemetry';
import type { ServeCall, SimContext } from '../traffic/context';
import { createSimContext, localCallers, RateBook, tickingEngine, type TrafficEngine } from '../traffic/engine';
import { labelsMatch, MeshIndex } from '../traffic/mesh-index';
import { createPrng } from '../traffic/prng';
import { serve } from '../traffic/serve';
import { recommendedHistograms, TelemetryRegistry, type HistogramMode } from '../traffic/telemetry';
import { TraceBuffer } from '../traffic/tracing';
import type { CallEdge, CallGraph, WorkloadInfo } from '../traffic/types';
import { MULTICLUSTER_CALL_GRAPH } from './call-graph';
import { NETWORK_LABEL } from './topology';

/** One cluster of the mesh: its name (Istio's `multiCluster.clusterName`) and its object store. */
export interface ClusterStore {
  name: string;
  store: ObjectStore;
}

export interface MultiClusterEngineOptions {
  seed?: number;
  tickMs?: number;
  /** Traffic model (default MULTICLUSTER_CALL_GRAPH: bookinfo behind the first cluster's ingress gateway). */
  callGraph?: CallGraph;
  histograms?: HistogramMode | 'auto';
  traceCapacity?: number;
}

/** The engine plus each cluster's context (for tests: the index a cluster's istiod would build). */
export interface MultiClusterEngine extends TrafficEngine {
  /** Cluster names, in the order given. */
  readonly clusters: string[];
  /** The simulation context of a cluster (its config, its view of mesh-wide endpoints). */
  context(cluster: string): SimContext;
}

/** The namespace label naming a cluster's network, read on istio-system (Istio's multi-network install). */
function networkOf(index: MeshIndex): string {
  return index.namespaceLabels('istio-system')[NETWORK_LABEL] ?? '';
}

/**
 * Whether a cluster's endpoints can be reached from another network: a running gateway serving an Istio Gateway
 * with a `tls.mode: AUTO_PASSTHROUGH` server on port 15443 (Istio's samples/multicluster/expose-services.yaml).
 */
export function exposesServices(index: MeshIndex): boolean {
  return index.list('gateways').some((gw) => {
    const servers = (gw.spec?.servers ?? []) as { port?: { number?: number }; tls?: { mode?: string } }[];
    if (!servers.some((s) => s.port?.number === 15443 && s.tls?.mode === 'AUTO_PASSTHROUGH')) return false;
    const selector = gw.spec?.selector as Record<string, string> | undefined;
    return [...index.workloads.values()].some((w) => w.replicas > 0 && labelsMatch(selector, w.labels));
  });
}

/**
 * Creates the engine over the clusters' stores (at least one). The stores are indexed once and kept current
 * through their watches; a change in any cluster rebuilds every cluster's view of the endpoints on the next tick.
 */
export function createMultiClusterEngine(
  clusters: ClusterStore[],
  opts: MultiClusterEngineOptions = {},
): MultiClusterEngine {
  if (clusters.length === 0) throw new Error('a multi-cluster engine needs at least one cluster');
  const names = clusters.map((c) => c.name);
  if (new Set(names).size !== names.length) throw new Error(`cluster names must be unique (got ${names.join(', ')})`);
  const graph = opts.callGraph ?? MULTICLUSTER_CALL_GRAPH;
  const rng = createPrng(opts.seed ?? 1);
  const indexes = new Map(clusters.map((c) => [c.name, new MeshIndex(c.store, c.name)]));
  const refresh = (): void => {
    const all = [...indexes.values()];
    if (!all.some((i) => i.stale)) return;
    for (const i of all) {
      i.invalidate();
      i.refresh();
    }
    mergeEndpoints(all);
  };
  refresh();
  const workloads = [...indexes.values()].reduce((n, i) => n + i.workloads.size, 0);
  const histograms =
    !opts.histograms || opts.histograms === 'auto' ? recommendedHistograms(workloads) : opts.histograms;
  const telemetry = new TelemetryRegistry(histograms, names[0]);
  const ambient = new AmbientTelemetry(histograms, names[0]);
  const traces = new TraceBuffer(opts.traceCapacity ?? 2000);
  const rates = new RateBook();
  const contexts = new Map<string, SimContext>();
  // A request is served by the destination's sidecar, configured by its own cluster's istiod.
  const serveAt = (call: ServeCall) => serve(contexts.get(call.workload.cluster ?? names[0]!)!, call);
  for (const [name, index] of indexes) {
    contexts.set(name, createSimContext(index, { graph, rng, telemetry, ambient, rates, serveAt }));
  }
  // Out-of-mesh clients reach the first cluster (its ingress gateway's load balancer); in-mesh callers send from
  // their own cluster, the edge's rate split over all of them.
  const first = contexts.get(names[0]!)!;
  const callersOf = (edge: CallEdge) =>
    edge.source === 'unknown'
      ? localCallers(first, edge).map((caller) => ({ caller, ctx: first }))
      : [...contexts.values()].flatMap((ctx) => localCallers(ctx, edge).map((caller) => ({ caller, ctx })));
  const engine = tickingEngine(
    { graph, rng, telemetry, ambient, rates, traces, tickMs: opts.tickMs ?? 1000 },
    refresh,
    callersOf,
    () => {
      for (const i of indexes.values()) i.dispose();
    },
  );
  return Object.assign(engine, {
    clusters: names,
    context(cluster: string): SimContext {
      const ctx = contexts.get(cluster);
      if (!ctx) throw new Error(`no cluster ${cluster} (clusters: ${names.join(', ')})`);
      return ctx;
    },
  });
}

/**
 * Adds to each cluster's Services the endpoints the same Service (namespace and name) selects in the other
 * clusters, when those are reachable: same network, or the other network exposes its services through an
 * east-west gateway. Runs after every index rebuilt, so each service list starts with local workloads only.
 */
function mergeEndpoints(indexes: MeshIndex[]): void {
  const local = new Map<MeshIndex, Map<string, WorkloadInfo[]>>();
  for (const i of indexes) local.set(i, new Map([...i.services].map(([fqdn, s]) => [fqdn, s.workloads])));
  for (const i of indexes) {
    const remotes = indexes.filter((o) => o !== i && (networkOf(o) === networkOf(i) || exposesServices(o)));
    if (remotes.length === 0) continue;
    for (const [fqdn, svc] of i.services) {
      const extra = remotes.flatMap((o) => local.get(o)!.get(fqdn) ?? []);
      if (extra.length > 0) svc.workloads = [...svc.workloads, ...extra];
    }
  }
}

/** Workloads of a cluster's index that a Service's endpoints include, by cluster (for tests and the README). */
export function endpointClusters(ctx: SimContext, fqdn: string): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const w of ctx.index.services.get(fqdn)?.workloads ?? []) (out[w.cluster ?? ''] ??= []).push(w.name);
  return out;
}
