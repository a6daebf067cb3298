/**
 * Which metrics the side panel asks for (Kiali's SummaryPanelNode/Edge choices) and how a `MetricsMap` becomes
 * chart rows (pure). Missing points stay `null` so the chart shows gaps, not zeros.
 */
import type { NodeDataJson } from '@/lib/graph/types';
import type { MetricSeries, MetricsMap, MetricsRequest, MetricsTarget } from '@/lib/query/graph';

export interface MetricsQuerySpec {
  target: MetricsTarget;
  request: Omit<MetricsRequest, 'durationSeconds'>;
}

/** The metrics object behind a node: workloads by workload, apps by app, services by name; none for the rest. */
export function nodeMetricsTarget(d: NodeDataJson): MetricsTarget | null {
  if (d.nodeType === 'box' || d.nodeType === 'unknown' || d.isServiceEntry || d.isInaccessible) return null;
  if (d.namespace === 'unknown') return null;
  if (d.nodeType === 'service') return d.service ? { namespace: d.namespace, kind: 'services', name: d.service } : null;
  if (d.workload && d.workload !== 'unknown') return { namespace: d.namespace, kind: 'workloads', name: d.workload };
  if (d.app) return { namespace: d.namespace, kind: 'apps', name: d.app };
  return null;
}

/** A node's own chart: inbound traffic (reported by the source proxies for services, as Kiali does). */
export function nodeMetricsQuery(
  d: NodeDataJson,
  direction: 'inbound' | 'outbound' = 'inbound',
): MetricsQuerySpec | null {
  const target = nodeMetricsTarget(d);
  if (!target) return null;
  if (target.kind === 'services') return { target, request: { direction: 'inbound', reporter: 'source' } };
  return { target, request: { direction, reporter: direction === 'inbound' ? 'destination' : 'source' } };
}

/** The peer labels naming a node as the other end of an edge (`side` is that end's role). */
function peerLabels(d: NodeDataJson, side: 'source' | 'destination'): Record<string, string> | null {
  if (d.nodeType === 'service')
    return side === 'destination' && d.service ? { destination_service_name: d.service } : null;
  if (d.nodeType === 'unknown') return side === 'source' ? { source_workload: 'unknown' } : null;
  if (d.workload) return { [`${side}_workload`]: d.workload, [`${side}_workload_namespace`]: d.namespace };
  if (d.app) return { [`${side}_canonical_service`]: d.app, [`${side}_workload_namespace`]: d.namespace };
  return null;
}

/**
 * An edge's chart: the destination's inbound metrics narrowed to the source (`peer[...]`), or, when the
 * destination has no metrics object (ServiceEntry, unknown), the source's outbound narrowed to the destination.
 */
export function edgeMetricsQuery(source: NodeDataJson, dest: NodeDataJson): MetricsQuerySpec | null {
  const destTarget = nodeMetricsTarget(dest);
  if (destTarget) {
    const isService = destTarget.kind === 'services';
    // service → workload edge: the workload's inbound requests that came through that service
    const peer = source.nodeType === 'service' ? peerLabels(source, 'destination') : peerLabels(source, 'source');
    if (peer)
      return {
        target: destTarget,
        request: { direction: 'inbound', reporter: isService ? 'source' : 'destination', peer },
      };
  }
  const srcTarget = nodeMetricsTarget(source);
  const destService = dest.service ?? dest.isServiceEntry?.hosts?.[0];
  if (srcTarget && srcTarget.kind !== 'services' && destService) {
    return {
      target: srcTarget,
      request: { direction: 'outbound', reporter: 'source', peer: { destination_service_name: destService } },
    };
  }
  return null;
}

export interface ChartRow {
  /** Unix milliseconds. */
  t: number;
  rps: number | null;
  errRps: number | null;
  p50: number | null;
  p95: number | null;
  p99: number | null;
}

function sumByTime(series: MetricSeries[] | undefined, into: Map<number, number>): void {
  for (const s of series ?? []) {
    for (const [t, raw] of s.datapoints) {
      const v = typeof raw === 'number' ? raw : Number(raw);
      if (Number.isFinite(v)) into.set(t, (into.get(t) ?? 0) + v);
    }
  }
}

function byTime(series: MetricSeries | undefined): Map<number, number> {
  const m = new Map<number, number>();
  if (series) sumByTime([series], m);
  return m;
}

/** Rows for the charts: summed request and error rates, and the p50/p95/p99 response-time series. */
export function chartRows(metrics: MetricsMap): ChartRow[] {
  const rps = new Map<number, number>();
  const err = new Map<number, number>();
  sumByTime(metrics.request_count, rps);
  sumByTime(metrics.request_error_count, err);
  const durations = metrics.request_duration_millis ?? [];
  const quantile = (q: string) => byTime(durations.find((s) => (s.stat ?? s.labels.quantile) === q));
  const p50 = quantile('0.5');
  const p95 = quantile('0.95');
  const p99 = quantile('0.99');
  const times = new Set<number>([...rps.keys(), ...err.keys(), ...p50.keys(), ...p95.keys(), ...p99.keys()]);
  return [...times]
    .sort((a, b) => a - b)
    .map((t) => ({
      t: t * 1000,
      rps: rps.get(t) ?? null,
      // no error series but requests at t: zero errors is a real value then
      errRps: err.get(t) ?? (rps.has(t) ? 0 : null),
      p50: p50.get(t) ?? null,
      p95: p95.get(t) ?? null,
      p99: p99.get(t) ?? null,
    }));
}

/** Whether any row has a value (otherwise the panel shows "–"). */
export function hasData(rows: ChartRow[]): boolean {
  return rows.some((r) => r.rps !== null || r.p50 !== null || r.p95 !== null || r.p99 !== null);
}
