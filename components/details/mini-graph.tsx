'use client';
import { useRouter } from 'next/navigation';
import { sel } from '@/components/test-ids';
import { formatBytes, formatRate } from '@/components/format';
import { objectPagePath } from '@/lib/query/mesh';
import type { TrafficModel, TrafficNode, TrafficRow } from '@/lib/graph/node-traffic';
import type { HealthStatus } from '@/lib/contracts/mesh';
import { NodeShape, nodeShapeOf } from '@/components/graph/node-shape';

const COLOR: Record<HealthStatus, string> = {
  Healthy: '#3e8635',
  Degraded: '#f0ab00',
  Failure: '#c9190b',
  'Not Ready': '#8476d1',
  NA: '#8a8d90',
};
const W = 760;
const ROW = 58;
const COL_X = [110, 380, 650];

function Shape({ node, x, y }: { node: TrafficNode; x: number; y: number }) {
  const stroke = node.health ? COLOR[node.health] : '#8a8d90';
  const common = { fill: '#fff', stroke, strokeWidth: 2 };
  return (
    <NodeShape
      shape={nodeShapeOf(node.nodeType)}
      x={x}
      y={y}
      size={24}
      {...common}
      {...(node.nodeType === 'unknown' ? { strokeDasharray: '3 2', fill: '#ededed' } : {})}
    />
  );
}

function rateLabel(r: TrafficRow): string {
  return r.unit === 'Bps' ? formatBytes(r.rate, '/s') : formatRate(r.rate);
}

/**
 * A small node graph of the object's one-hop neighbourhood (Kiali's mini graph): callers on the left, the object's
 * nodes in the middle, callees on the right; edges coloured by health and labelled with their rate. Nodes link to
 * their detail pages. Shapes as in the graph (Kiali's): app round-rectangle, workload circle, service triangle.
 */
export function MiniGraph({ model, query }: { model: TrafficModel; query: string }) {
  const router = useRouter();
  const unique = (rows: TrafficRow[]) => [...new Map(rows.map((r) => [r.peer.id, r.peer])).values()];
  const columns = [unique(model.inbound), model.focal, unique(model.outbound)];
  const rows = Math.max(1, ...columns.map((c) => c.length));
  const height = rows * ROW + 30;
  const pos = new Map<string, { x: number; y: number }>();
  columns.forEach((col, ci) => {
    const top = (height - col.length * ROW) / 2 + ROW / 2;
    col.forEach((n, i) => pos.set(`${ci}:${n.id}`, { x: COL_X[ci]!, y: top + i * ROW }));
  });
  const open = (n: TrafficNode) => {
    if (n.link) router.push(`${objectPagePath(n.link.kind, n.link.namespace, n.link.name)}${query ? `?${query}` : ''}`);
  };
  const edge = (
    r: TrafficRow,
    from: { x: number; y: number } | undefined,
    to: { x: number; y: number } | undefined,
  ) => {
    if (!from || !to) return null;
    const color = r.health ? COLOR[r.health] : '#8a8d90';
    return (
      <g key={r.edgeId}>
        <line
          x1={from.x + 16}
          y1={from.y}
          x2={to.x - 18}
          y2={to.y}
          stroke={color}
          strokeWidth={r.rate ? 2 : 1}
          markerEnd="url(#mini-arrow)"
        />
        <text x={(from.x + to.x) / 2} y={(from.y + to.y) / 2 - 5} textAnchor="middle" fontSize={11} fill="#4f5255">
          {rateLabel(r)}
        </text>
      </g>
    );
  };
  return (
    <svg
      width="100%"
      viewBox={`0 0 ${W} ${height}`}
      role="img"
      aria-label="Traffic around this object"
      data-testid={sel.mesh.miniGraph}
      style={{ maxWidth: W }}
    >
      <defs>
        <marker
          id="mini-arrow"
          viewBox="0 0 10 10"
          refX="9"
          refY="5"
          markerWidth="7"
          markerHeight="7"
          orient="auto-start-reverse"
        >
          <path d="M 0 0 L 10 5 L 0 10 z" fill="#6a6e73" />
        </marker>
      </defs>
      {model.inbound.map((r) => edge(r, pos.get(`0:${r.peer.id}`), pos.get(`1:${r.self.id}`)))}
      {model.outbound.map((r) => edge(r, pos.get(`1:${r.self.id}`), pos.get(`2:${r.peer.id}`)))}
      {columns.map((col, ci) =>
        col.map((n) => {
          const p = pos.get(`${ci}:${n.id}`)!;
          return (
            <g key={`${ci}:${n.id}`} onClick={() => open(n)} style={{ cursor: n.link ? 'pointer' : 'default' }}>
              <title>{`${n.label} (${n.nodeType}, ${n.namespace})${n.health ? ` · ${n.health}` : ''}`}</title>
              <Shape node={n} x={p.x} y={p.y} />
              <text
                x={p.x}
                y={p.y + 26}
                textAnchor="middle"
                fontSize={12}
                fontWeight={ci === 1 ? 600 : 400}
                fill="#151515"
              >
                {n.label.length > 26 ? `${n.label.slice(0, 25)}…` : n.label}
              </text>
            </g>
          );
        }),
      )}
    </svg>
  );
}
