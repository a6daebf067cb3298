'use client';

/**
 * A tiny SVG line of `[unixSeconds, value]` points (Kiali's namespace-card sparkline); `errors` draws a red line on
 * the same scale. Draws nothing for fewer than two points (the caller shows "–").
 */
export function Sparkline({
  points,
  errors = [],
  width = 140,
  height = 32,
  label,
}: {
  points: [number, number][];
  errors?: [number, number][];
  width?: number;
  height?: number;
  label: string;
}) {
  if (points.length < 2) return null;
  const t0 = points[0]![0];
  const t1 = points[points.length - 1]![0];
  const max = Math.max(...points.map((p) => p[1]), ...errors.map((p) => p[1]), 1e-9);
  const x = (t: number) => (t1 === t0 ? 0 : ((t - t0) / (t1 - t0)) * (width - 2) + 1);
  const y = (v: number) => height - 1 - (v / max) * (height - 2);
  const path = (pts: [number, number][]) =>
    pts.map(([t, v], i) => `${i ? 'L' : 'M'}${x(t).toFixed(1)},${y(v).toFixed(1)}`).join(' ');
  return (
    <svg width={width} height={height} role="img" aria-label={label}>
      <path
        d={`${path(points)} L${x(t1).toFixed(1)},${height} L${x(t0).toFixed(1)},${height} Z`}
        fill="#bee1f4"
        stroke="none"
      />
      <path d={path(points)} fill="none" stroke="#0066cc" strokeWidth={1.5} />
      {errors.length > 1 && <path d={path(errors)} fill="none" stroke="var(--failure)" strokeWidth={1.5} />}
    </svg>
  );
}
