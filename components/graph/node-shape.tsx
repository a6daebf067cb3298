/**
 * Kiali's node shapes as SVG, the same everywhere a node is drawn outside the canvas (legend, detail mini graphs):
 * workload circle, app round-rectangle, service round-triangle, service entry round-tag, operation pentagon, unknown
 * dashed circle. The canvas draws the same shapes (styles.ts NODE_SHAPES).
 */
import type { SVGProps } from 'react';
import { NODE_SHAPES } from './styles';

/** The shape name (cytoscape's) a node type is drawn with; unknown types as a workload. */
export function nodeShapeOf(nodeType: string, isServiceEntry = false): string {
  return NODE_SHAPES[isServiceEntry ? 'serviceentry' : nodeType] ?? NODE_SHAPES.workload!;
}

/**
 * SVG path of `shape` centred on (x, y) in a box of `size` px (cytoscape's round shapes: rounded corners).
 * @returns the `d` of a closed path.
 */
export function shapePath(shape: string, x: number, y: number, size: number): string {
  const h = size / 2;
  const r = size * 0.16;
  switch (shape) {
    case 'round-rectangle': {
      const w = h * 1.25;
      const t = h * 0.8;
      return (
        `M${x - w + r},${y - t} H${x + w - r} Q${x + w},${y - t} ${x + w},${y - t + r} V${y + t - r} ` +
        `Q${x + w},${y + t} ${x + w - r},${y + t} H${x - w + r} Q${x - w},${y + t} ${x - w},${y + t - r} ` +
        `V${y - t + r} Q${x - w},${y - t} ${x - w + r},${y - t} Z`
      );
    }
    case 'round-triangle': {
      // apex up, as Kiali's service nodes; corners rounded by cutting them with short curves
      const top = { x, y: y - h };
      const right = { x: x + h * 1.1, y: y + h * 0.8 };
      const left = { x: x - h * 1.1, y: y + h * 0.8 };
      const towards = (a: { x: number; y: number }, b: { x: number; y: number }) => {
        const len = Math.hypot(b.x - a.x, b.y - a.y);
        return { x: a.x + ((b.x - a.x) * r) / len, y: a.y + ((b.y - a.y) * r) / len };
      };
      const pts = [top, right, left];
      let d = '';
      pts.forEach((p, i) => {
        const prev = pts[(i + 2) % 3]!;
        const next = pts[(i + 1) % 3]!;
        const a = towards(p, prev);
        const b = towards(p, next);
        d += `${i === 0 ? 'M' : 'L'}${a.x.toFixed(2)},${a.y.toFixed(2)} Q${p.x},${p.y} ${b.x.toFixed(2)},${b.y.toFixed(2)} `;
      });
      return `${d}Z`;
    }
    case 'round-tag': {
      const w = h * 1.2;
      const t = h * 0.75;
      return `M${x - w},${y - t} H${x + w * 0.45} L${x + w},${y} L${x + w * 0.45},${y + t} H${x - w} Z`;
    }
    case 'round-pentagon': {
      const pts = [0, 1, 2, 3, 4].map((i) => {
        const a = -Math.PI / 2 + (i * 2 * Math.PI) / 5;
        return `${(x + h * Math.cos(a)).toFixed(2)},${(y + h * Math.sin(a)).toFixed(2)}`;
      });
      return `M${pts.join(' L')} Z`;
    }
    default:
      return `M${x - h},${y} a${h},${h} 0 1,0 ${size},0 a${h},${h} 0 1,0 ${-size},0 Z`;
  }
}

/** One node's shape as an SVG path (stroke and fill from `props`). */
export function NodeShape({
  shape,
  x,
  y,
  size,
  ...props
}: { shape: string; x: number; y: number; size: number } & SVGProps<SVGPathElement>) {
  return <path d={shapePath(shape, x, y, size)} strokeLinejoin="round" {...props} />;
}
