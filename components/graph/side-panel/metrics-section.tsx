'use client';
import dynamic from 'next/dynamic';
import { useMemo, useState } from 'react';
import { sel } from '@/components/test-ids';
import { ApiError } from '@/lib/query/fetch';
import { useGraphMetrics } from '@/lib/query/graph';
import { DASH } from '@/components/format';
import { chartRows, hasData, type MetricsQuerySpec } from '../metrics-model';
import { PanelSection } from './panel-parts';

// recharts is ~100 KB gzip (perf-security.md §1d N3): load it only when a panel shows a chart
const MetricsCharts = dynamic(() => import('./metrics-charts').then((m) => m.MetricsCharts), {
  ssr: false,
  loading: () => <p className="muted">Loading chart…</p>,
});

/** A failed metrics request named by what failed, without breaking the rest of the panel. */
function metricsErrorText(error: Error): string {
  if (error instanceof ApiError) {
    if (error.backend === 'prometheus') return `Prometheus unavailable: ${error.message}`;
    if (error.status === 404) return 'The metrics API is not available on this server.';
    if (error.status === 403) return 'You do not have permission to read these metrics.';
  }
  return `Metrics failed to load: ${error.message}`;
}

/**
 * Request rate, error rate and response-time (p50/p95/p99) charts over the selected duration. `directions`
 * offers an inbound/outbound switch for workloads and apps; `spec` null means this element has no metrics.
 */
export function MetricsSection({
  title,
  spec,
  outboundSpec,
  durationSeconds,
  refreshMs,
}: {
  title: string;
  spec: MetricsQuerySpec | null;
  outboundSpec?: MetricsQuerySpec | null;
  durationSeconds: number;
  refreshMs: number;
}) {
  const [direction, setDirection] = useState<'inbound' | 'outbound'>('inbound');
  const active = direction === 'outbound' && outboundSpec ? outboundSpec : spec;
  const metrics = useGraphMetrics(
    active?.target ?? null,
    { ...(active?.request ?? { direction: 'inbound', reporter: 'destination' }), durationSeconds },
    refreshMs,
  );
  const rows = useMemo(() => (metrics.data ? chartRows(metrics.data) : []), [metrics.data]);
  return (
    <PanelSection title={title}>
      {outboundSpec && (
        <div className="graph-segmented" role="group" aria-label="Direction">
          {(['inbound', 'outbound'] as const).map((d) => (
            <button
              key={d}
              type="button"
              aria-pressed={direction === d}
              className={direction === d ? 'active' : ''}
              onClick={() => setDirection(d)}
            >
              {d === 'inbound' ? 'Inbound' : 'Outbound'}
            </button>
          ))}
        </div>
      )}
      {!active && <p className="muted">{DASH} no metrics for this element</p>}
      {active && metrics.isPending && <p className="muted">Loading metrics…</p>}
      {active && metrics.isError && (
        <p className="text-danger" role="alert" data-testid={sel.graph.chartError}>
          {metricsErrorText(metrics.error)}
        </p>
      )}
      {active && metrics.isSuccess && !hasData(rows) && (
        <p className="muted" data-testid={sel.graph.chart}>
          {DASH} no requests in this time range
        </p>
      )}
      {active && metrics.isSuccess && hasData(rows) && <MetricsCharts rows={rows} />}
    </PanelSection>
  );
}
