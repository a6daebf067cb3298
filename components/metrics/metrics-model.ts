/**
 * The Inbound/Outbound Metrics tab model (Kiali's default app/workload/service dashboards, kiali.md §1.2): which
 * charts, the metrics API parameters for the toolbar's choices, and MetricsMap → chart rows. Pure.
 */
import type { MetricSeries, MetricsMap } from '@/lib/query/mesh';

export type Unit = 'rps' | 'ms' | 'B' | 'Bps' | 'cps';

export interface ChartSpec {
  id: string;
  title: string;
  unit: Unit;
  /** Metric names and the label each gets in a multi-metric chart. */
  metrics: { name: string; label: string }[];
  /** Histogram charts split series by `stat` (avg, p50, p95, p99). */
  histogram?: boolean;
  /** Hide unless the object speaks TCP (no data → not drawn at all for HTTP-only objects). */
  tcp?: boolean;
}

/** A TCP chart "TCP a / b" of Istio's `istio_tcp_<a>…` and `istio_tcp_<b>…` metrics (the API's `tcp_a`, `tcp_b`). */
function tcpChart(id: string, unit: Unit, a: string, b: string): ChartSpec {
  const metrics = [a, b].map((label) => ({ name: `tcp_${label}`, label }));
  return { id, title: `TCP ${a} / ${b}`, unit, metrics, tcp: true };
}

export const CHARTS: ChartSpec[] = [
  {
    id: 'request_count',
    title: 'Request volume',
    unit: 'rps',
    metrics: [{ name: 'request_count', label: 'requests' }],
  },
  {
    id: 'request_error_count',
    title: 'Request errors',
    unit: 'rps',
    metrics: [{ name: 'request_error_count', label: 'errors' }],
  },
  {
    id: 'request_duration',
    title: 'Request duration',
    unit: 'ms',
    metrics: [{ name: 'request_duration_millis', label: '' }],
    histogram: true,
  },
  {
    id: 'request_size',
    title: 'Request size',
    unit: 'B',
    metrics: [{ name: 'request_size', label: '' }],
    histogram: true,
  },
  {
    id: 'response_size',
    title: 'Response size',
    unit: 'B',
    metrics: [{ name: 'response_size', label: '' }],
    histogram: true,
  },
  tcpChart('tcp_bytes', 'Bps', 'received', 'sent'),
  tcpChart('tcp_connections', 'cps', 'opened', 'closed'),
];

export const QUANTILES = ['0.5', '0.95', '0.99'];

/** What the toolbar calls each Istio label it can group by ('' = no grouping). */
const GROUP_LABELS: Record<string, string> = {
  '': 'No grouping',
  source_workload: 'Source workload',
  source_canonical_service: 'Source app',
  destination_service_name: 'Destination service',
  destination_workload: 'Destination workload',
  destination_version: 'Destination version',
  response_code: 'Response code',
  response_flags: 'Response flags',
  request_protocol: 'Protocol',
};

/** Grouping both directions offer: the destination version and the response. */
const RESPONSE = ['destination_version', 'response_code', 'response_flags'];
const groupBy = (labels: string[]) => labels.map((value) => ({ value, label: GROUP_LABELS[value] ?? value }));

/** Grouping labels offered per direction (the peer side and the response). */
export const GROUP_BY: Record<'inbound' | 'outbound', { value: string; label: string }[]> = {
  inbound: groupBy(['', 'source_workload', 'source_canonical_service', ...RESPONSE, 'request_protocol']),
  outbound: groupBy(['', 'destination_service_name', 'destination_workload', ...RESPONSE]),
};

export interface MetricsChoices {
  direction: 'inbound' | 'outbound';
  reporter: 'source' | 'destination' | 'both';
  groupBy: string;
  durationSeconds: number;
  /** null = automatic (the API picks about 120 points). */
  stepSeconds: number | null;
}

/** Kiali's metrics API parameters for the choices: all charts' metrics, p50/p95/p99 and avg, in one request. */
export function metricsParams(c: MetricsChoices): URLSearchParams {
  const q = new URLSearchParams({
    direction: c.direction,
    reporter: c.reporter,
    duration: String(c.durationSeconds),
    avg: 'true',
  });
  for (const spec of CHARTS) for (const m of spec.metrics) q.append('filters[]', m.name);
  for (const quantile of QUANTILES) q.append('quantiles[]', quantile);
  if (c.groupBy) q.append('byLabels[]', c.groupBy);
  if (c.stepSeconds) q.set('step', String(c.stepSeconds));
  return q;
}

const STAT_LABEL: Record<string, string> = { avg: 'avg', '0.5': 'p50', '0.95': 'p95', '0.99': 'p99', '0.999': 'p99.9' };

export interface ChartData {
  series: { key: string; label: string }[];
  /** One row per timestamp (unix seconds `t`), a value per series key; missing points are absent. */
  rows: ({ t: number } & Record<string, number>)[];
  /** Last point of each series, for the legend and tests. */
  last: Record<string, { t: number; value: number }>;
}

function seriesLabel(spec: ChartSpec, metricLabel: string, s: MetricSeries, groupBy: string): string {
  const parts: string[] = [];
  if (groupBy) parts.push(s.labels[groupBy] ?? '(none)');
  if (spec.histogram) parts.push(STAT_LABEL[s.stat ?? ''] ?? s.stat ?? '');
  else if (spec.metrics.length > 1 || !groupBy) parts.push(metricLabel);
  return parts.filter(Boolean).join(' ');
}

/** The chart's series and rows from the API's MetricsMap; empty series are dropped (no data is "–", not 0). */
export function chartData(map: MetricsMap, spec: ChartSpec, groupBy: string): ChartData {
  const byTime = new Map<number, { t: number } & Record<string, number>>();
  const series: ChartData['series'] = [];
  const last: ChartData['last'] = {};
  for (const m of spec.metrics) {
    for (const s of map[m.name] ?? []) {
      if (s.datapoints.length === 0) continue;
      const label = seriesLabel(spec, m.label, s, groupBy);
      const key = `s${series.length}`;
      series.push({ key, label });
      for (const [t, v] of s.datapoints) {
        let row = byTime.get(t);
        if (!row) byTime.set(t, (row = { t } as { t: number } & Record<string, number>));
        row[key] = v;
      }
      const lp = s.datapoints[s.datapoints.length - 1]!;
      last[key] = { t: lp[0], value: lp[1] };
    }
  }
  const order = (label: string) => ['avg', 'p50', 'p95', 'p99'].findIndex((x) => label.endsWith(x));
  series.sort((a, b) => (spec.histogram ? order(a.label) - order(b.label) : 0) || a.label.localeCompare(b.label));
  return { series, rows: [...byTime.values()].sort((a, b) => a.t - b.t), last };
}
