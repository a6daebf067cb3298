import 'server-only';
import type { NextRequest } from 'next/server';
import { getConfig } from '@/lib/config';
import { handle, json } from '@/lib/server/http/respond';
import { fetchMetrics } from '@/lib/prometheus/metrics';
import { parseMetricsOptions, type MetricsObjectKind } from '@/lib/prometheus/metrics-queries';
import { getPrometheusClient } from '@/lib/prometheus/server';

/**
 * The handler behind `GET /api/namespaces/{ns}/{apps|workloads|services}/{name}/metrics` (Kiali's metrics API,
 * kiali.md §1.2). Query: `queryTime` (unix s), `duration` (default 30m), `step`, `rateInterval` (1m), `rateFunc`,
 * `direction` (inbound|outbound), `reporter` (source|destination|both), `requestProtocol`, `filters[]`, `quantiles[]`,
 * `avg`, `byLabels[]`, and `peer[label]=value` to narrow to one edge. Answers Kiali's `MetricsMap`.
 * Errors: 400 `bad_request:api` naming the parameter, 503/504 when Prometheus is down or slow.
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
    return json(await fetchMetrics(getPrometheusClient(), options));
  });
}
