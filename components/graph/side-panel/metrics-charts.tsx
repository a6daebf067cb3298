'use client';
import type { ReactNode } from 'react';
import { CartesianGrid, Legend, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { sel } from '@/components/test-ids';
import type { ChartRow } from '../metrics-model';
import { formatMs, formatRate } from '@/components/format';
import { SERIES_LINE } from '@/components/metrics/metric-chart';
import { COLORS } from '../styles';

const time = (t: number) => new Date(t).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' });
const axis = { fontSize: 10, fill: '#6a6e73' };
const QUANTILE_LINE = { dot: false, strokeWidth: 1.4, isAnimationActive: false } as const;

/**
 * One small chart of `rows` over time: grid, time axis, value axis (`unit`, ticks by `yTick`), tooltip values by
 * `format`, legend, and `children` (the `Line`s).
 */
function SmallChart({
  rows,
  unit,
  yTick,
  format,
  children,
}: {
  rows: ChartRow[];
  unit?: string;
  yTick: (v: number) => string;
  format: (v: number | null) => string;
  children: ReactNode;
}) {
  return (
    <ResponsiveContainer width="100%" height={130}>
      <LineChart data={rows} margin={{ top: 4, right: 8, bottom: 0, left: 0 }}>
        <CartesianGrid stroke="#ececec" vertical={false} />
        <XAxis
          dataKey="t"
          type="number"
          domain={['dataMin', 'dataMax']}
          scale="time"
          tickFormatter={time}
          tick={axis}
          minTickGap={30}
        />
        <YAxis width={44} tick={axis} unit={unit} tickFormatter={yTick} />
        <Tooltip labelFormatter={(t) => time(Number(t))} formatter={(v) => format(typeof v === 'number' ? v : null)} />
        <Legend iconSize={8} wrapperStyle={{ fontSize: 11 }} />
        {children}
      </LineChart>
    </ResponsiveContainer>
  );
}

/** Two small line charts: request/error rate (rps) and response time quantiles (ms). Gaps stay gaps. */
export function MetricsCharts({ rows }: { rows: ChartRow[] }) {
  const hasLatency = rows.some((r) => r.p50 !== null || r.p95 !== null || r.p99 !== null);
  return (
    <div className="graph-charts" data-testid={sel.graph.chart}>
      <div className="graph-chart-title">Request rate</div>
      <SmallChart rows={rows} yTick={(v) => String(Number(v.toPrecision(3)))} format={(v) => formatRate(v)}>
        <Line name="Requests" dataKey="rps" stroke={COLORS.tcp} {...SERIES_LINE} />
        <Line name="Errors" dataKey="errRps" stroke={COLORS.failure} {...SERIES_LINE} />
      </SmallChart>
      <div className="graph-chart-title">Response time</div>
      {hasLatency ? (
        <SmallChart rows={rows} unit="ms" yTick={(v) => String(Math.round(v))} format={formatMs}>
          <Line name="p50" dataKey="p50" stroke="#73bcf7" {...QUANTILE_LINE} />
          <Line name="p95" dataKey="p95" stroke="#0066cc" {...QUANTILE_LINE} />
          <Line name="p99" dataKey="p99" stroke="#004080" {...QUANTILE_LINE} />
        </SmallChart>
      ) : (
        <p className="muted">–</p>
      )}
    </div>
  );
}
