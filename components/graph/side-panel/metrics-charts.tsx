'use client';
import { CartesianGrid, Legend, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { sel } from '@/components/test-ids';
import type { ChartRow } from '../metrics-model';
import { formatMs, formatRate } from '@/components/format';
import { COLORS } from '../styles';

const time = (t: number) => new Date(t).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' });
const axis = { fontSize: 10, fill: '#6a6e73' };

/** Two small line charts: request/error rate (rps) and response time quantiles (ms). Gaps stay gaps. */
export function MetricsCharts({ rows }: { rows: ChartRow[] }) {
  const hasLatency = rows.some((r) => r.p50 !== null || r.p95 !== null || r.p99 !== null);
  return (
    <div className="graph-charts" data-testid={sel.graph.chart}>
      <div className="graph-chart-title">Request rate</div>
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
          <YAxis width={44} tick={axis} tickFormatter={(v: number) => String(Number(v.toPrecision(3)))} />
          <Tooltip
            labelFormatter={(t) => time(Number(t))}
            formatter={(v) => formatRate(typeof v === 'number' ? v : null)}
          />
          <Legend iconSize={8} wrapperStyle={{ fontSize: 11 }} />
          <Line
            name="Requests"
            dataKey="rps"
            stroke={COLORS.tcp}
            dot={false}
            strokeWidth={1.6}
            isAnimationActive={false}
            connectNulls={false}
          />
          <Line
            name="Errors"
            dataKey="errRps"
            stroke={COLORS.failure}
            dot={false}
            strokeWidth={1.6}
            isAnimationActive={false}
            connectNulls={false}
          />
        </LineChart>
      </ResponsiveContainer>
      <div className="graph-chart-title">Response time</div>
      {hasLatency ? (
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
            <YAxis width={44} tick={axis} unit="ms" tickFormatter={(v: number) => String(Math.round(v))} />
            <Tooltip
              labelFormatter={(t) => time(Number(t))}
              formatter={(v) => formatMs(typeof v === 'number' ? v : null)}
            />
            <Legend iconSize={8} wrapperStyle={{ fontSize: 11 }} />
            <Line name="p50" dataKey="p50" stroke="#73bcf7" dot={false} strokeWidth={1.4} isAnimationActive={false} />
            <Line name="p95" dataKey="p95" stroke="#0066cc" dot={false} strokeWidth={1.4} isAnimationActive={false} />
            <Line name="p99" dataKey="p99" stroke="#004080" dot={false} strokeWidth={1.4} isAnimationActive={false} />
          </LineChart>
        </ResponsiveContainer>
      ) : (
        <p className="muted">–</p>
      )}
    </div>
  );
}
