/**
 * Route handlers of the overview page: the namespace cards (`/api/overview`) and their request-rate sparklines
 * (`/api/overview/metrics`). Separate so a slow or failing range query only blanks the sparklines.
 */
import 'server-only';
import type { NextRequest } from 'next/server';
import { getConfig } from '@/lib/config';
import { handle, json } from '@/lib/server/http/respond';
import { logger } from '@/lib/log';
import { loadMeshContext, type MeshContext } from '@/lib/server/mesh/context';
import { runOnCluster } from '@/lib/server/clusters';
import {
  crossClusterFindings,
  readClustersConfig,
  validationsWithCrossCluster,
} from '@/lib/server/istio-config/cross-cluster';
import { loadClusterContexts, requestedClusters } from './cluster-contexts';
import { clusterOverviewMetrics } from './overview-clusters';
import { meshComponents, overviewMetricsQueries, overviewNamespaces } from '@/lib/server/mesh/overview';
import { readPods } from '@/lib/server/mesh/pods';
import type { OverviewMetrics, OverviewResponse, PodDetail } from '@/lib/contracts/mesh';
import { getInventory } from '@/lib/k8s/inventory';
import { namespacesToRead } from '@/lib/k8s/model';
import { parseDuration } from '@/lib/promql/index';
import { getPrometheusClient } from '@/lib/prometheus/server';
import { healthContextOptions, parseHealthRateInterval, parseNamespaces } from './params';

/**
 * `GET /api/overview?namespaces=a,b&rateInterval=60s` — one card per namespace (all when none given): counts of apps,
 * workloads and services by health status (one batch of three PromQL queries for all namespaces), the worst objects,
 * mTLS mode from PeerAuthentications, validation counts of its Istio config; plus istiod and the gateways of the
 * Istio namespace. `errors.prometheus` / `errors.validation` name a failing part while the rest is answered.
 * Several clusters (issue 18; `clusterName=c` for one): one card per cluster and namespace, each with its `cluster`,
 * its health from that cluster's own Prometheus (or the shared one) scoped to its objects, its validation counts
 * including the mesh-wide checks (MS1106); each cluster's istiod and gateways with their `cluster`; a cluster whose API
 * fails is named in `errors.k8s` and one whose Prometheus fails in `errors.prometheus` while the others' cards stay.
 * Errors: 400 (`clusterName` naming no known cluster); 503/504/403 from Kubernetes (every cluster failing).
 */
export function overviewRoute() {
  return handle(async (req: NextRequest) => {
    const search = req.nextUrl.searchParams;
    const cfg = getConfig();
    const opts = healthContextOptions(search, true);
    const multi = await requestedClusters(search.get('clusterName'));
    if (!multi) {
      const ctx = await loadMeshContext(opts);
      const body: OverviewResponse = {
        namespaces: overviewNamespaces(ctx),
        components: meshComponents(ctx.inventory, cfg.istioNamespace, await controlPlanePods(ctx)),
        istioNamespace: cfg.istioNamespace,
        rateIntervalSeconds: ctx.rateIntervalSeconds,
        errors: ctx.errors,
      };
      return json(body);
    }
    const { contexts, errors } = await loadClusterContexts(multi.selected, opts, 'Namespace cards are missing');
    // the mesh-wide checks (MS1106) compare every readable cluster's Istio config, listed or not
    const read = new Set(contexts.map((c) => c.cluster));
    const configs = [
      ...contexts.map((c) => ({ cluster: c.cluster!, istioConfig: c.inventory.istioConfig })),
      ...(await readClustersConfig(multi.clusters.filter((c) => !read.has(c.name)))),
    ];
    const index = crossClusterFindings(configs);
    for (const ctx of contexts)
      if (ctx.validations) ctx.validations = validationsWithCrossCluster(ctx.validations, ctx.cluster!, index);
    const pods = await Promise.all(
      contexts.map((ctx) =>
        runOnCluster(
          multi.selected.find((c) => c.name === ctx.cluster)!,
          () => controlPlanePods(ctx),
        ),
      ),
    );
    const body: OverviewResponse = {
      namespaces: contexts
        .flatMap((ctx) => overviewNamespaces(ctx).map((n) => ({ cluster: ctx.cluster!, ...n })))
        .sort((a, b) => a.name.localeCompare(b.name) || a.cluster.localeCompare(b.cluster)),
      components: contexts.flatMap((ctx, i) =>
        meshComponents(ctx.inventory, cfg.istioNamespace, pods[i]).map((c) => ({ cluster: ctx.cluster!, ...c })),
      ),
      istioNamespace: cfg.istioNamespace,
      rateIntervalSeconds: opts.rateIntervalSeconds,
      errors,
      clusters: multi.clusters.map((c) => c.name),
    };
    return json(body);
  });
}

/** The pods of the Istio namespace's workloads (for component versions), in the current scope; [] when unreadable. */
async function controlPlanePods(ctx: MeshContext): Promise<PodDetail[]> {
  const ns = getConfig().istioNamespace;
  try {
    return await readPods(
      ns,
      ctx.inventory.workloads.filter((w) => w.namespace === ns).map((w) => w.labels),
    );
  } catch (err) {
    logger.warn({ err: (err as Error).message }, 'overview: control-plane pods unreadable; versions from labels');
    return [];
  }
}

/**
 * `GET /api/overview/metrics?namespaces=a,b&duration=600&rateInterval=60s` — per namespace, requests and errors per
 * second into its services over the last `duration` (two range queries for all namespaces, ~60 points):
 * `{ stepSeconds, namespaces: { [ns]: { requestsPerSecond: [[unixSec, v]], errorsPerSecond } } }`. A namespace
 * without traffic has empty series (shown as "–"). Several clusters (issue 18, `clusterName` for one): the same per
 * cluster of the destination services in `clusters` (lib/server/mesh/overview-clusters.ts). Errors: 400 (`clusterName`
 * naming no known cluster); 503/504 from Prometheus (every Prometheus failing).
 */
export function overviewMetricsRoute() {
  return handle(async (req: NextRequest) => {
    const search = req.nextUrl.searchParams;
    const cfg = getConfig();
    const durationSeconds = parseDuration(search.get('duration') ?? '600', {
      maxSeconds: cfg.prometheus.retentionSeconds,
      minSeconds: 60,
    });
    const rateIntervalSeconds = parseHealthRateInterval(search.get('rateInterval'));
    const multi = await requestedClusters(search.get('clusterName'));
    if (multi) {
      const stepSeconds = Math.max(5, Math.round(durationSeconds / 60));
      const end = Math.floor(Date.now() / 1000 / stepSeconds) * stepSeconds;
      return json(
        await clusterOverviewMetrics(multi.selected, parseNamespaces(search), rateIntervalSeconds, {
          start: end - durationSeconds,
          end,
          stepSeconds,
        }),
      );
    }
    const namespaces = namespacesToRead(await getInventory([]), parseNamespaces(search));
    const stepSeconds = Math.max(5, Math.round(durationSeconds / 60));
    const body: OverviewMetrics = {
      stepSeconds,
      namespaces: Object.fromEntries(namespaces.map((n) => [n, { requestsPerSecond: [], errorsPerSecond: [] }])),
    };
    if (namespaces.length === 0) return json(body);
    const end = Math.floor(Date.now() / 1000 / stepSeconds) * stepSeconds;
    const q = overviewMetricsQueries(namespaces, rateIntervalSeconds);
    const prom = getPrometheusClient();
    const [requests, errors] = await Promise.all([
      prom.rangeQuery(q.requests, end - durationSeconds, end, stepSeconds),
      prom.rangeQuery(q.errors, end - durationSeconds, end, stepSeconds),
    ]);
    const fill = (series: typeof requests, key: 'requestsPerSecond' | 'errorsPerSecond') => {
      for (const s of series) {
        const target = body.namespaces[s.metric.destination_service_namespace ?? ''];
        if (target) target[key] = s.values.filter((v) => Number.isFinite(v.value)).map((v) => [v.timeSec, v.value]);
      }
    };
    fill(requests, 'requestsPerSecond');
    fill(errors, 'errorsPerSecond');
    return json(body);
  });
}
