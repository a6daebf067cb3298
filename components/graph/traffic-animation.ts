/**
 * Traffic animation as Kiali draws it (its TrafficRenderer): dots travel along every edge with traffic, more and
 * larger dots on busier edges, red dots for the share of requests that failed, blue for TCP. Drawn on a canvas of
 * our own over cytoscape's (pointer events pass through; no dot over the edge's label or its end nodes), one requestAnimationFrame loop at about 30 fps that reads
 * the edges' geometry each frame, so it follows pans, zooms and drags. Never used in large mode.
 */
import type { Core, EdgeSingular } from 'cytoscape';
import { COLORS } from './styles';

/** What an edge carries: its rate (rps, or bytes/s for TCP), error share (%) and protocol. */
export interface EdgeTraffic {
  rate: number | null;
  errorPct: number | null;
  protocol: string;
}

/** How an edge's dots look: how many travel at once, their radius (screen px) and how many of them are red. */
export interface DotPlan {
  count: number;
  radius: number;
  errors: number;
  color: string;
}

const FRAME_MS = 33;
/** Time a dot takes along an edge, ms (Kiali's dots take about two seconds). */
const TRAVEL_MS = 2200;
const MIN_RADIUS = 2;
const MAX_RADIUS = 5;
const MAX_DOTS = 8;

/**
 * The dots of an edge carrying `t` among edges whose busiest carries `maxRate` (same protocol family): count and
 * radius grow with the edge's share of the busiest rate (log scale, so a 100× quieter edge still shows a dot);
 * errors are the failed share of the dots, at least one when any request failed. Null for no traffic.
 */
export function dotPlan(t: EdgeTraffic, maxRate: number): DotPlan | null {
  const rate = t.rate ?? 0;
  if (!(rate > 0) || !(maxRate > 0)) return null;
  const share = Math.min(1, Math.log1p(rate) / Math.log1p(maxRate));
  const count = Math.max(1, Math.round(share * MAX_DOTS));
  const err = Math.min(100, Math.max(0, t.errorPct ?? 0));
  const errors = err > 0 ? Math.min(count, Math.max(1, Math.round((count * err) / 100))) : 0;
  return {
    count,
    radius: MIN_RADIUS + share * (MAX_RADIUS - MIN_RADIUS),
    errors,
    color: t.protocol === 'tcp' ? COLORS.tcp : COLORS.healthy,
  };
}

type Point = { x: number; y: number };

/**
 * The point at `t` (0..1) along an edge from `a` to `b`: straight, or a quadratic curve through cytoscape's one
 * control point, or a polyline through several.
 */
export function pointAlong(a: Point, b: Point, control: readonly Point[], t: number): Point {
  if (control.length === 1) {
    const c = control[0]!;
    const u = 1 - t;
    return { x: u * u * a.x + 2 * u * t * c.x + t * t * b.x, y: u * u * a.y + 2 * u * t * c.y + t * t * b.y };
  }
  const pts = [a, ...control, b];
  const seg = Math.min(pts.length - 2, Math.floor(t * (pts.length - 1)));
  const local = t * (pts.length - 1) - seg;
  const p = pts[seg]!;
  const q = pts[seg + 1]!;
  return { x: p.x + (q.x - p.x) * local, y: p.y + (q.y - p.y) * local };
}

function geometry(edge: EdgeSingular): { a: Point; b: Point; control: Point[] } {
  const control = (edge.controlPoints?.() ?? edge.segmentPoints?.() ?? []) as Point[];
  return { a: edge.sourceEndpoint(), b: edge.targetEndpoint(), control };
}

/**
 * Starts the animation on the edges with traffic (not idle, not hidden); `trafficOf` gives each edge's traffic.
 * Returns the function that stops it and removes its canvas.
 */
export function startTrafficAnimation(cy: Core, trafficOf: (edgeId: string) => EdgeTraffic | null): () => void {
  const container = cy.container();
  if (!container || typeof document === 'undefined') return () => undefined;
  const edges = cy.edges().filter((e) => !e.hasClass('idle') && !e.hasClass('hidden'));
  const traffic = new Map(edges.map((e) => [e.id(), trafficOf(e.id())]));
  const max = { tcp: 0, http: 0 };
  for (const t of traffic.values())
    if (t?.rate)
      max[t.protocol === 'tcp' ? 'tcp' : 'http'] = Math.max(max[t.protocol === 'tcp' ? 'tcp' : 'http'], t.rate);
  const plans = edges
    .map((edge) => {
      const t = traffic.get(edge.id());
      const plan = t ? dotPlan(t, max[t.protocol === 'tcp' ? 'tcp' : 'http']) : null;
      return plan && { edge, plan, phase: Math.random() };
    })
    .filter((p): p is { edge: EdgeSingular; plan: DotPlan; phase: number } => !!p);

  const canvas = document.createElement('canvas');
  canvas.className = 'graph-traffic-layer';
  canvas.setAttribute('aria-hidden', 'true');
  container.appendChild(canvas);
  const ctx = canvas.getContext('2d');
  let frame = 0;
  let last = 0;
  const step = (now: number) => {
    frame = requestAnimationFrame(step);
    if (now - last < FRAME_MS || !ctx || cy.destroyed()) return;
    last = now;
    const ratio = window.devicePixelRatio || 1;
    const w = container.clientWidth;
    const h = container.clientHeight;
    if (canvas.width !== Math.round(w * ratio) || canvas.height !== Math.round(h * ratio)) {
      canvas.width = Math.round(w * ratio);
      canvas.height = Math.round(h * ratio);
    }
    ctx.setTransform(ratio, 0, 0, ratio, 0, 0);
    ctx.clearRect(0, 0, w, h);
    const zoom = cy.zoom();
    const pan = cy.pan();
    for (const { edge, plan, phase } of plans) {
      if (edge.removed() || !edge.visible()) continue;
      const g = geometry(edge);
      // model-space boxes a dot must not cover: the edge's label and both end nodes with theirs (text stays readable)
      const keepOut = [
        edge.boundingBox({ includeNodes: false, includeEdges: false, includeLabels: true, includeOverlays: false }),
        edge.source().boundingBox({ includeLabels: true, includeOverlays: false }),
        edge.target().boundingBox({ includeLabels: true, includeOverlays: false }),
      ];
      for (let i = 0; i < plan.count; i++) {
        const t = (now / TRAVEL_MS + phase + i / plan.count) % 1;
        const p = pointAlong(g.a, g.b, g.control, t);
        if (keepOut.some((b) => b.w > 0 && p.x >= b.x1 && p.x <= b.x2 && p.y >= b.y1 && p.y <= b.y2)) continue;
        ctx.beginPath();
        ctx.arc(p.x * zoom + pan.x, p.y * zoom + pan.y, plan.radius, 0, 2 * Math.PI);
        // errors spread among the dots (every count/errors-th dot), as a failed request among the rest
        const red = plan.errors > 0 && i % Math.max(1, Math.round(plan.count / plan.errors)) === 0;
        ctx.fillStyle = red ? COLORS.failure : plan.color;
        ctx.fill();
      }
    }
  };
  frame = requestAnimationFrame(step);
  return () => {
    cancelAnimationFrame(frame);
    canvas.remove();
  };
}
