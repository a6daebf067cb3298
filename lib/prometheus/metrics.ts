import 'server-only';
import type { PrometheusClient } from './client';
import { buildMetricsQueries, type MetricName, type MetricsOptions } from './metrics-queries';

/** One series of Kiali's `MetricsMap`: labels, `[unixSeconds, value]` datapoints, and `stat` for histograms. */
export interface MetricSeries {
  name: MetricName;
  labels: Record<string, string>;
  datapoints: [number, number][];
  stat?: string;
}
export type MetricsMap = Partial<Record<MetricName, MetricSeries[]>>;

/**
 * Runs the metrics queries as range queries over [queryTime - duration, queryTime] at `step` and returns Kiali's
 * `MetricsMap` (`{ request_count: [{ name, labels, datapoints }] , ... }`). NaN points (no data, e.g. a histogram
 * with no requests) are dropped, so missing data stays missing rather than 0.
 * @throws MeshscopeError from the Prometheus client (unavailable/timeout/bad_request:prometheus).
 */
export async function fetchMetrics(client: PrometheusClient, options: MetricsOptions): Promise<MetricsMap> {
  const queries = buildMetricsQueries(options);
  const start = options.queryTime - options.durationSeconds;
  const results = await Promise.all(
    queries.map((q) => client.rangeQuery(q.promql, start, options.queryTime, options.stepSeconds)),
  );
  const out: MetricsMap = {};
  queries.forEach((q, i) => {
    const series = (results[i] ?? []).map((s) => ({
      name: q.name,
      labels: s.metric,
      datapoints: s.values.filter((v) => Number.isFinite(v.value)).map((v) => [v.timeSec, v.value] as [number, number]),
      ...(q.stat ? { stat: q.stat } : {}),
    }));
    (out[q.name] ??= []).push(...series);
  });
  return out;
}
