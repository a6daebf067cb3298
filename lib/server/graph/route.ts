import 'server-only';
import type { NextRequest } from 'next/server';
import { getConfig } from '@/lib/config';
import { buildGraph } from '@/lib/graph/build';
import { parseGraphOptions, type GraphPathParams } from '@/lib/graph/options';
import { createQueryCache } from '@/lib/graph/query-cache';
import type { GraphInventory } from '@/lib/graph/types';
import { handle, json } from '@/lib/server/http/respond';
import { getInventory, type Inventory } from '@/lib/k8s/inventory';
import { listNamespaces } from '@/lib/k8s/namespaces';
import { getPrometheusClient } from '@/lib/prometheus/server';

/** One cache for the whole server: identical PromQL in flight or within 5 s is sent once (DESIGN.md "Performance"). */
const queryCache = createQueryCache({ ttlMs: 5_000 });

/** Maps the Kubernetes inventory to the graph core's input. */
export function toGraphInventory(inv: Inventory, cluster: string, istioNamespace: string): GraphInventory {
  // Pods by namespace, so counting a workload's pods scans its namespace only (not every pod of the mesh).
  const podsByNamespace = new Map<string, Inventory['pods']>();
  for (const p of inv.pods) {
    const list = podsByNamespace.get(p.namespace);
    if (list) list.push(p);
    else podsByNamespace.set(p.namespace, [p]);
  }
  return {
    cluster,
    istioNamespace,
    namespaces: inv.namespaces.map((n) => ({ name: n.name, labels: n.labels, creationTimestamp: n.createdAt ?? undefined })),
    workloads: inv.workloads.map((w) => ({
      namespace: w.namespace,
      name: w.name,
      kind: w.kind,
      labels: w.labels,
      podCount: (podsByNamespace.get(w.namespace) ?? []).filter((p) => Object.entries(w.labels).every(([k, v]) => k === 'pod-template-hash' || p.labels[k] === v)).length,
      sidecarInjected: w.sidecarInjected,
      serviceAccount: w.serviceAccount ?? undefined,
      annotations: w.annotations,
      desiredReplicas: w.desiredReplicas,
      currentReplicas: w.currentReplicas,
      availableReplicas: w.availableReplicas,
    })),
    services: inv.services.map((s) => ({
      namespace: s.namespace,
      name: s.name,
      labels: s.labels,
      selector: s.selector,
      annotations: s.annotations,
      ports: s.ports.map((p) => ({ name: p.name ?? undefined, port: p.port, protocol: p.protocol, appProtocol: p.appProtocol ?? undefined })),
    })),
    pods: inv.pods.map((p) => ({ namespace: p.namespace, name: p.name, labels: p.labels, phase: p.phase, ready: p.ready, containers: p.containers })),
    istioConfig: inv.istioConfig,
  };
}

/**
 * The handler behind Kiali's graph endpoints (kiali.md §2.1): `GET /api/namespaces/graph` and the node graphs
 * `/api/namespaces/{namespace}/workloads/{workload}/graph`, `.../applications/{app}/graph`,
 * `.../applications/{app}/versions/{version}/graph`, `.../services/{service}/graph`, with Kiali's query parameters.
 * Answers Kiali's graph JSON, plus `warnings: [{namespace, message}]` when some namespaces' queries failed (a partial
 * graph, where Kiali would fail with 503). Header `Server-Timing: total;dur=…, prometheus;dur=… (sum), prometheus-max;dur=… (longest), prometheus-wall;dur=… (wall
 * time of the query phase), namespaces;dur=… (listing them first), inventory-wait;dur=… (the inventory read outlasting the
 * queries), build;dur=… (graph building after the queries)` gives the split; the API's own overhead is
 * total − prometheus-wall.
 * Errors: 400 `bad_request:api` naming the parameter (nothing is queried), 403 for a namespace not visible,
 * 503 `unavailable:prometheus` / 504 `timeout:prometheus` when every namespace failed, `unavailable:k8s` likewise.
 */
export function graphRoute() {
  return handle(async (req: NextRequest, ctx: { params: Promise<GraphPathParams> }) => {
    const started = performance.now();
    const path = await ctx.params;
    const cfg = getConfig();
    const options = parseGraphOptions(req.nextUrl.searchParams, path, { maxDurationSeconds: cfg.prometheus.retentionSeconds });
    // The full inventory is read while Prometheus answers; the build needs only the namespaces before its queries.
    const fullInventory = getInventory([]).then((inv) => toGraphInventory(inv, cfg.clusterName, cfg.istioNamespace));
    fullInventory.catch(() => undefined); // awaited by buildGraph; no unhandled rejection if we fail before that
    const namespaces = await listNamespaces();
    const namespacesMs = performance.now() - started;
    const early: GraphInventory = {
      cluster: cfg.clusterName,
      istioNamespace: cfg.istioNamespace,
      namespaces: namespaces.map((n) => ({ name: n.name, labels: n.labels, creationTimestamp: n.creationTimestamp ?? undefined })),
      workloads: [],
      services: [],
      istioConfig: [],
    };
    const prom = getPrometheusClient();
    const result = await buildGraph(options, early, (q, t) => prom.instantQuery(q, t), { cache: queryCache, fullInventory });
    const body = result.warnings.length ? { ...result.graph, warnings: result.warnings } : result.graph;
    const promMs = result.queryStats.reduce((sum, s) => sum + s.ms, 0);
    const longest = result.queryStats.reduce((max, s) => Math.max(max, s.ms), 0);
    return json(body, {
      headers: {
        'Server-Timing': `total;dur=${(performance.now() - started).toFixed(1)}, prometheus;dur=${promMs.toFixed(1)};desc="sum of ${result.queryStats.length} queries", prometheus-max;dur=${longest.toFixed(1)}, prometheus-wall;dur=${result.prometheusWallMs.toFixed(1)};desc="wall time of the parallel query phase", namespaces;dur=${namespacesMs.toFixed(1)}, inventory-wait;dur=${result.inventoryWaitMs.toFixed(1)}, build;dur=${result.buildMs.toFixed(1)}`,
      },
    });
  });
}
