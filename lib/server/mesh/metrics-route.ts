import 'server-only';
import type { NextRequest } from 'next/server';
import { getConfig } from '@/lib/config';
import { handle, json } from '@/lib/server/http/respond';
import { fetchMetrics } from '@/lib/prometheus/metrics';
import { parseMetricsOptions, type MetricsObjectKind } from '@/lib/prometheus/metrics-queries';
import { getPrometheusClient } from '@/lib/prometheus/server';
import { assertLabelValue } from '@/lib/promql/index';
import { knownClusters, resolveCluster } from '@/lib/server/clusters';

/**
 * The handler behind `GET /api/namespaces/{ns}/{apps|workloads|services}/{name}/metrics` (Kiali's metrics API,
 * kiali.md §1.2). Query: `queryTime` (unix s), `duration` (default 30m), `step`, `rateInterval` (1m), `rateFunc`,
 * `direction` (inbound|outbound), `reporter` (source|destination|both), `requestProtocol`, `filters[]`, `quantiles[]`,
 * `avg`, `byLabels[]`, and `peer[label]=value` to narrow to one edge. Answers Kiali's `MetricsMap`. Several clusters
 * (issue 18): the object of `cluster` (the home cluster when absent), from that cluster's Prometheus (its own
 * `prometheusUrl`, else the shared one) and its series only (`destination_cluster` / `source_cluster`). With a
 * Prometheus per cluster, requests only the other cluster's proxies reported (`reporter=source` inbound from there)
 * are in that cluster's Prometheus and not counted: the default reporters (destination inbound, source outbound)
 * are the object's own proxies'.
 * Errors: 400 `bad_request:api` naming the parameter (`cluster` naming no known cluster), 503/504 when Prometheus is
 * down or slow.
 */
export function metricsRoute(kind: MetricsObjectKind, nameParam: string) {
  return handle(async (req: NextRequest, ctx: { params: Promise<Record<string, string>> }) => {
    const params = await ctx.params;
    const cfg = getConfig();
    const options = parseMetricsOptions(
      kind,
      params.namespace ?? '',
      params[nameParam] ?? '',
      req.nextUrl.searchParams,
      {
        retentionSeconds: cfg.prometheus.retentionSeconds,
        nowSec: Math.floor(Date.now() / 1000),
      },
    );
    const clusterParam = req.nextUrl.searchParams.get('cluster');
    const clusters = await knownClusters();
    if (!clusterParam && clusters.length === 1) return json(await fetchMetrics(getPrometheusClient(), options));
    const cluster = await resolveCluster(clusterParam, 'cluster');
    assertLabelValue(cluster.name, 'cluster'); // registry names are label values already (CLUSTER_NAME_RE)
    const scoped = { ...options, cluster: cluster.name };
    return json(await fetchMetrics(cluster.runtime().prometheus(), scoped));
  });
}
