/**
 * Edge routes of the compound layout (compound-layout.ts): an edge that skips ranks follows the bends dagre gave it
 * (the chain of dummy nodes dagre places in the ranks it crosses, so it goes between the nodes of those ranks, not
 * through them), drawn by cytoscape as `curve-style: segments`. Pure geometry; model pixels.
 */
import type { Rect } from './pack-parts';

export interface Point {
  x: number;
  y: number;
}

/**
 * Cytoscape's `segment-weights` and `segment-distances` (with `edge-distances: node-position`) that put an edge's
 * corners at `bends`: for each bend, its projection on the source→target line as a fraction of that line (0 at the
 * source's centre, 1 at the target's) and its signed distance from it, positive to the left of the direction of
 * travel in screen coordinates (cytoscape's `findSegmentsPoints`: corner = S + w·(T − S) + d·n, n = (−dy, dx)/|T − S|).
 * @returns null when the two ends coincide (no line to measure from).
 */
export function segmentsOf(
  source: Point,
  target: Point,
  bends: readonly Point[],
): { weights: number[]; distances: number[] } | null {
  const dx = target.x - source.x;
  const dy = target.y - source.y;
  const l2 = dx * dx + dy * dy;
  if (l2 < 1e-6) return null;
  const l = Math.sqrt(l2);
  const weights: number[] = [];
  const distances: number[] = [];
  for (const b of bends) {
    const px = b.x - source.x;
    const py = b.y - source.y;
    weights.push((px * dx + py * dy) / l2);
    distances.push((px * -dy + py * dx) / l);
  }
  return { weights, distances };
}

/** The corners `segmentsOf` describes, back in model coordinates (the inverse, as cytoscape computes them). */
export function cornersOf(source: Point, target: Point, weights: readonly number[], distances: readonly number[]) {
  const dx = target.x - source.x;
  const dy = target.y - source.y;
  const l = Math.hypot(dx, dy);
  return weights.map((w, i) => ({
    x: source.x + w * dx + (distances[i]! * -dy) / l,
    y: source.y + w * dy + (distances[i]! * dx) / l,
  }));
}

/**
 * Whether the segment a–b passes through the inside of `r` (Liang–Barsky clipping; touching the border does not
 * count: the clipped part must be longer than `EPS`).
 */
export function segmentCrossesRect(a: Point, b: Point, r: Rect): boolean {
  const dx = b.x - a.x;
  const dy = b.y - a.y;
  let t0 = 0;
  let t1 = 1;
  const clip = (p: number, q: number) => {
    if (Math.abs(p) < 1e-12) return q > 0; // parallel: inside this slab or not
    const t = q / p;
    if (p < 0) {
      if (t > t1) return false;
      if (t > t0) t0 = t;
    } else {
      if (t < t0) return false;
      if (t < t1) t1 = t;
    }
    return true;
  };
  if (!clip(-dx, a.x - r.x1) || !clip(dx, r.x2 - a.x) || !clip(-dy, a.y - r.y1) || !clip(dy, r.y2 - a.y)) return false;
  return (t1 - t0) * Math.hypot(dx, dy) > EPS;
}
const EPS = 0.5;

/** Space kept between a detour and the node it goes round, px. */
const DETOUR_MARGIN = 6;
/** Detours added to one edge at most (each goes round one node). */
const MAX_DETOURS = 4;

/**
 * The corners of an edge from `source` to `target` through `bends` (none for a straight edge) that keep it off
 * `obstacles` (the other nodes' boxes, labels included): while a segment passes through one, a corner is added just
 * past that node's side or corner (above, below, left or right of it, whichever crosses fewest nodes, then is shortest). Dagre's
 * bends keep an edge off the nodes of the ranks it skips at its own level; the detours handle the nodes inside the
 * boxes at its ends (an edge into a box reaching a node behind another one).
 * @returns the corners, source and target excluded; empty when the straight line is clear.
 */
export function routeAround(
  source: Point,
  target: Point,
  bends: readonly Point[],
  obstacles: readonly Rect[],
): Point[] {
  const crossings = (a: Point, b: Point) => obstacles.filter((r) => segmentCrossesRect(a, b, r));
  let path = [source, ...bends, target];
  for (let added = 0; added < MAX_DETOURS; added++) {
    const i = path.findIndex((p, k) => k + 1 < path.length && crossings(p, path[k + 1]!).length > 0);
    if (i < 0) break;
    const a = path[i]!;
    const b = path[i + 1]!;
    // the node met first along the segment
    const hit = crossings(a, b).sort(
      (r, s) =>
        Math.hypot((r.x1 + r.x2) / 2 - a.x, (r.y1 + r.y2) / 2 - a.y) -
        Math.hypot((s.x1 + s.x2) / 2 - a.x, (s.y1 + s.y2) / 2 - a.y),
    )[0]!;
    const cx = (hit.x1 + hit.x2) / 2;
    const cy = (hit.y1 + hit.y2) / 2;
    const m = DETOUR_MARGIN;
    const candidates = [
      { x: cx, y: hit.y1 - m },
      { x: cx, y: hit.y2 + m },
      { x: hit.x1 - m, y: cy },
      { x: hit.x2 + m, y: cy },
      { x: hit.x1 - m, y: hit.y1 - m },
      { x: hit.x2 + m, y: hit.y1 - m },
      { x: hit.x1 - m, y: hit.y2 + m },
      { x: hit.x2 + m, y: hit.y2 + m },
    ];
    const scored = candidates.map((c) => ({
      c,
      hits: crossings(a, c).length + crossings(c, b).length,
      length: Math.hypot(c.x - a.x, c.y - a.y) + Math.hypot(b.x - c.x, b.y - c.y),
    }));
    scored.sort((p, q) => p.hits - q.hits || p.length - q.length);
    path = [...path.slice(0, i + 1), scored[0]!.c, ...path.slice(i + 1)];
  }
  // a bend that changes nothing (three corners in line, dagre's points along a straight run) is dropped
  const corners = path.slice(1, -1).filter((p, k) => {
    const prev = path[k]!;
    const next = path[k + 2]!;
    return (
      Math.abs((p.x - prev.x) * (next.y - prev.y) - (p.y - prev.y) * (next.x - prev.x)) >
      1e-3 * Math.hypot(next.x - prev.x, next.y - prev.y) + 0.5
    );
  });
  return corners;
}
