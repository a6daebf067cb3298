'use client';
import { CartesianGrid, ResponsiveContainer, Scatter, ScatterChart, Tooltip, XAxis, YAxis, ZAxis } from 'recharts';
import { sel } from '@/components/test-ids';
import { formatClock, formatMs } from '@/components/format';
import type { Trace } from '@/lib/contracts/traces';
import type { TracePickerProps } from './trace-list';

interface Point {
  x: number;
  y: number;
  id: string;
  name: string;
  spans: number;
}

/**
 * Duration over time, one dot per trace (Kiali's TracingScatter): errors red, the selected trace outlined. Clicking a
 * dot selects that trace.
 */
export function TraceScatter({ traces, selectedId, onSelect }: TracePickerProps) {
  const toPoint = (t: Trace): Point => ({
    x: t.startTimeMs,
    y: t.durationMs,
    id: t.traceId,
    name: `${t.rootService} ${t.rootOperation}`,
    spans: t.spanCount,
  });
  const ok = traces.filter((t) => !t.hasError).map(toPoint);
  const errors = traces.filter((t) => t.hasError).map(toPoint);
  const selected = traces.filter((t) => t.traceId === selectedId).map(toPoint);
  const click = (p: unknown) => {
    const id = (p as { payload?: Point } | null)?.payload?.id ?? (p as Point | null)?.id;
    if (id) onSelect(id);
  };
  return (
    <div data-testid={sel.mesh.tracesScatter} data-points={traces.length} data-errors={errors.length}>
      <ResponsiveContainer width="100%" height={220}>
        <ScatterChart margin={{ top: 8, right: 12, bottom: 4, left: 0 }}>
          <CartesianGrid stroke="#ececec" />
          <XAxis
            dataKey="x"
            type="number"
            domain={['dataMin', 'dataMax']}
            tickFormatter={(t: number) => formatClock(t)}
            fontSize={11}
            name="Time"
          />
          <YAxis
            dataKey="y"
            type="number"
            tickFormatter={(v: number) => formatMs(v)}
            fontSize={11}
            width={70}
            name="Duration"
          />
          <ZAxis range={[40, 40]} />
          <Tooltip
            cursor={{ strokeDasharray: '3 3' }}
            content={({ payload }) => {
              const p = payload?.[0]?.payload as Point | undefined;
              if (!p) return null;
              return (
                <div
                  style={{ background: '#fff', border: '1px solid #d2d2d2', padding: '0.3rem 0.5rem', fontSize: 12 }}
                >
                  <div>{p.name}</div>
                  <div>
                    {formatMs(p.y)} · {p.spans} spans · {formatClock(p.x)}
                  </div>
                </div>
              );
            }}
          />
          {(
            [
              ['traces', ok, '#0066cc'],
              ['errors', errors, '#c9190b'],
            ] as const
          ).map(([name, data, fill]) => (
            <Scatter
              key={name}
              name={name}
              data={data}
              fill={fill}
              onClick={click}
              isAnimationActive={false}
              style={{ cursor: 'pointer' }}
            />
          ))}
          <Scatter
            name="selected"
            data={selected}
            fill="none"
            stroke="#151515"
            strokeWidth={2}
            isAnimationActive={false}
          />
        </ScatterChart>
      </ResponsiveContainer>
    </div>
  );
}
