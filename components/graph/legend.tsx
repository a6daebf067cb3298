'use client';
import { Popover } from 'radix-ui';
import type { ReactNode, SVGProps } from 'react';
import { sel } from '@/components/test-ids';
import { BADGES, LOCK_GLYPH } from './elements';
import { NodeShape } from './node-shape';
import { COLORS, NODE_SHAPES } from './styles';

const STROKE = COLORS.healthy;

function Icon({ children }: { children: ReactNode }) {
  return (
    <svg width="28" height="20" viewBox="0 0 28 20" aria-hidden className="graph-legend-icon">
      {children}
    </svg>
  );
}

const shapeIcon = (type: string, extra: Pick<SVGProps<SVGPathElement>, 'fill' | 'stroke' | 'strokeDasharray'> = {}) => (
  <NodeShape
    shape={NODE_SHAPES[type]!}
    x={14}
    y={10}
    size={16}
    fill="#fff"
    stroke={STROKE}
    strokeWidth={2}
    {...extra}
  />
);

/** The node shapes, drawn by the same paths as the detail mini graphs (node-shape.tsx), as the canvas draws them. */
const SHAPES: { label: string; icon: ReactNode }[] = [
  { label: 'Workload', icon: shapeIcon('workload') },
  { label: 'App', icon: shapeIcon('app') },
  { label: 'Service', icon: shapeIcon('service') },
  { label: 'Service entry', icon: shapeIcon('serviceentry') },
  { label: 'Operation', icon: shapeIcon('aggregate') },
  {
    label: 'Unknown source',
    icon: shapeIcon('unknown', { fill: COLORS.outsideFill, stroke: COLORS.na, strokeDasharray: '2 2' }),
  },
];

type ColorItem = { label: string; color: string; dashed?: boolean };

/**
 * The colour scale a node's border and an edge share: healthy (`healthy` names it), degraded, failure, then the
 * `fourth` colour of its own, then idle (dashed).
 */
const colourScale = (healthy: string, fourth: ColorItem): ColorItem[] => [
  { label: healthy, color: COLORS.healthy },
  { label: 'Degraded', color: COLORS.degraded },
  { label: 'Failure', color: COLORS.failure },
  fourth,
  { label: 'Idle', color: COLORS.idle, dashed: true },
];

const HEALTH = colourScale('Healthy', { label: 'No health data', color: COLORS.na });
const EDGES = colourScale('Healthy (HTTP/gRPC)', { label: 'TCP', color: COLORS.tcp });

type Badge = { key: string; glyph: string; label: string };

/** The dash pattern of a dashed (idle) item, else none. */
const dash = (item: ColorItem, pattern: string) => (item.dashed ? pattern : undefined);

/** One legend entry: an icon (or glyph) and what it stands for. */
interface LegendItem {
  key: string;
  icon: ReactNode;
  label: ReactNode;
}

const BOXES: LegendItem[] = [
  {
    key: 'namespace',
    icon: (
      <rect
        x="2"
        y="3"
        width="24"
        height="14"
        rx="3"
        fill={COLORS.boxNamespace}
        stroke={COLORS.boxBorder}
        strokeDasharray="3 2"
      />
    ),
    label: 'Namespace',
  },
  {
    key: 'app',
    icon: <rect x="2" y="3" width="24" height="14" rx="3" fill="#fff" stroke="#c7c7c7" />,
    label: 'App (versions of one app)',
  },
  {
    key: 'outside',
    icon: <circle cx="14" cy="10" r="7" fill={COLORS.outsideFill} stroke={COLORS.healthy} strokeWidth="2" />,
    label: 'Outside the selected namespaces',
  },
];

const EDGE_ITEMS: LegendItem[] = [
  ...EDGES.map((e) => ({
    key: e.label,
    icon: (
      <>
        <line x1="2" y1="10" x2="22" y2="10" stroke={e.color} strokeWidth="2.5" strokeDasharray={dash(e, '4 3')} />
        <path d="M20 6 L26 10 L20 14" fill="none" stroke={e.color} strokeWidth="2" />
      </>
    ),
    label: e.label,
  })),
  {
    key: 'mtls',
    icon: (
      <>
        <rect x="9" y="9" width="10" height="8" rx="1.5" fill="#4f5255" />
        <path d="M11 9 V7 a3 3 0 0 1 6 0 V9" fill="none" stroke="#4f5255" strokeWidth="1.6" />
      </>
    ),
    label: (
      <>
        mTLS: <span className="graph-icon-glyph">{LOCK_GLYPH}</span> on the edge label (Display → Security)
      </>
    ),
  },
  {
    key: 'waypoint',
    icon: (
      <>
        <line x1="6" y1="10" x2="22" y2="10" stroke={COLORS.tcp} strokeWidth="2.5" />
        <path d="M8 6 L2 10 L8 14" fill="none" stroke={COLORS.tcp} strokeWidth="2" />
        <path d="M20 6 L26 10 L20 14" fill="none" stroke={COLORS.tcp} strokeWidth="2" />
      </>
    ),
    label: 'To and from a waypoint (ambient L4, one edge)',
  },
];

function LegendSection({ title, items }: { title: string; items: LegendItem[] }) {
  return (
    <section>
      <h4>{title}</h4>
      <ul>
        {items.map((item) => (
          <li key={item.key}>
            <Icon>{item.icon}</Icon>
            {item.label}
          </li>
        ))}
      </ul>
    </section>
  );
}

/** Badges as a list of glyph and meaning: the legend's Badges section and a node's badges in its side panel. */
export function BadgeList({ badges, className }: { badges: readonly Badge[]; className?: string }) {
  return (
    <ul className={className}>
      {badges.map((b) => (
        <li key={b.key}>
          <span className="graph-legend-glyph">{b.glyph}</span>
          {b.label}
        </li>
      ))}
    </ul>
  );
}

/** The legend popover: node shapes, health colours, edge colours, badges and boxes. */
export function GraphLegend() {
  return (
    <Popover.Root>
      <Popover.Trigger className="picker" data-testid={sel.graph.legendButton}>
        Legend
      </Popover.Trigger>
      <Popover.Portal>
        <Popover.Content className="popover graph-legend" align="end" sideOffset={4} data-testid={sel.graph.legend}>
          <LegendSection title="Nodes" items={SHAPES.map((shape) => ({ key: shape.label, ...shape }))} />
          <LegendSection
            title="Node health (border)"
            items={HEALTH.map((h) => ({
              key: h.label,
              icon: (
                <circle
                  cx="14"
                  cy="10"
                  r="7"
                  fill="#fff"
                  stroke={h.color}
                  strokeWidth="3"
                  strokeDasharray={dash(h, '3 2')}
                />
              ),
              label: h.label,
            }))}
          />
          <LegendSection title="Edges" items={EDGE_ITEMS} />
          <section>
            <h4>Badges</h4>
            <BadgeList badges={BADGES} />
          </section>
          <LegendSection title="Boxes" items={BOXES} />
        </Popover.Content>
      </Popover.Portal>
    </Popover.Root>
  );
}
