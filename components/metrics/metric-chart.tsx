'use client';
import { CartesianGrid, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { sel } from '@/components/test-ids';
import { formatBytes, formatClock, formatMs, formatRate } from '@/components/format';
import type { ChartData, ChartSpec, Unit } from './metrics-model';
import styles from './metrics.module.css';

const PALETTE = [
  '#0066cc',
  '#4cb140',
  '#f0ab00',
  '#c9190b',
  '#5752d1',
  '#009596',
  '#ec7a08',
  '#8a8d90',
  '#7cc674',
  '#a18fff',
];

/** How every time-series line is drawn: no dots, no animation, a gap where a point is missing. */
export const SERIES_LINE = { dot: false, strokeWidth: 1.6, isAnimationActive: false, connectNulls: false } as const;

/** A value in the chart's unit (components/format.ts): `1.25 rps`, `45 ms`, `1.5 KiB`, `3 KiB/s`, `0.5 conn/s`. */
export function formatValue(v: number | null | undefined, unit: Unit): string {
  switch (unit) {
    case 'rps':
      return formatRate(v);
    case 'cps':
      return formatRate(v, 'conn/s');
    case 'ms':
      return formatMs(v);
    case 'B':
      return formatBytes(v);
    case 'Bps':
      return formatBytes(v, '/s');
  }
}

/**
 * One metrics chart (recharts): a line per series over time, a legend with each series' last value, and "–" when
 * there is no data. `data-last`/`data-last-time` expose the first series' last point (unix seconds) for tests.
 */
export function MetricChart({ spec, data }: { spec: ChartSpec; data: ChartData }) {
  const first = data.series[0] ? data.last[data.series[0].key] : undefined;
  const spanSeconds = data.rows.length > 1 ? data.rows[data.rows.length - 1]!.t - data.rows[0]!.t : 0;
  // HH:MM:SS for short ranges (several ticks a minute), HH:MM beyond half an hour
  const tick = (t: number) => (spanSeconds > 1800 ? formatClock(t * 1000).slice(0, 5) : formatClock(t * 1000));
  return (
    <div
      className={styles.chart}
      data-testid={sel.mesh.metricChart(spec.id)}
      data-series={data.series.length}
      data-last={first?.value}
      data-last-time={first?.t}
    >
      <div className={styles.chartHead}>
        <h4 className={styles.chartTitle}>{spec.title}</h4>
        <span className={styles.small}>
          {spec.unit === 'Bps'
            ? 'bytes/s'
            : spec.unit === 'cps'
              ? 'connections/s'
              : spec.unit === 'rps'
                ? 'requests/s'
                : spec.unit === 'ms'
                  ? 'ms'
                  : 'bytes'}
        </span>
      </div>
      {data.series.length === 0 ? (
        <div className={styles.noData} title="No data in this time range">
          – <span className={styles.small}>&nbsp;no data in this time range</span>
        </div>
      ) : (
        <>
          <ResponsiveContainer width="100%" height={180}>
            <LineChart data={data.rows} margin={{ top: 4, right: 8, bottom: 0, left: 0 }}>
              <CartesianGrid stroke="#ececec" vertical={false} />
              <XAxis
                dataKey="t"
                type="number"
                domain={['dataMin', 'dataMax']}
                tickFormatter={tick}
                fontSize={11}
                minTickGap={40}
              />
              <YAxis width={72} fontSize={11} tickFormatter={(v: number) => formatValue(v, spec.unit)} />
              <Tooltip
                labelFormatter={(t) => formatClock(Number(t) * 1000)}
                formatter={(v) => formatValue(Number(v), spec.unit)}
              />
              {data.series.map((s, i) => (
                <Line
                  key={s.key}
                  dataKey={s.key}
                  name={s.label}
                  stroke={PALETTE[i % PALETTE.length]}
                  {...SERIES_LINE}
                />
              ))}
            </LineChart>
          </ResponsiveContainer>
          <div className={styles.legend}>
            {data.series.map((s, i) => (
              <span key={s.key} className={styles.legendItem}>
                <span className={styles.swatch} style={{ background: PALETTE[i % PALETTE.length] }} />
                {s.label}: {formatValue(data.last[s.key]?.value, spec.unit)}
              </span>
            ))}
          </div>
        </>
      )}
    </div>
  );
}
