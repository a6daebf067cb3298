/**
 * Packing of laid-out parts for the compound layout (compound-layout.ts): shelf packing in rows or columns, or free
 * placement, whichever a fit into the canvas draws largest. Pure; model pixels.
 */

/** Laid-out content: each item's centre relative to the content's top-left corner, and the content's size. */
export interface Placed {
  centres: Map<string, { x: number; y: number }>;
  width: number;
  height: number;
  /**
   * Dagre's points of the edges between the items (key `source\u0000target`), from the source's border to the
   * target's, in the same frame as `centres`.
   */
  routes?: Map<string, { x: number; y: number }[]>;
}

/** Copies `p`'s routes moved by (`dx`, `dy`) into `into`. */
function moveRoutes(into: Map<string, { x: number; y: number }[]>, p: Placed, dx: number, dy: number): void {
  for (const [k, pts] of p.routes ?? [])
    into.set(
      k,
      pts.map((q) => ({ x: q.x + dx, y: q.y + dy })),
    );
}

export interface Rect {
  x1: number;
  y1: number;
  x2: number;
  y2: number;
}

/** Scale at which `p` fits a canvas of `aspect` (width / height) and height 1. */
export function fitScale(p: { width: number; height: number }, aspect: number): number {
  return Math.min(aspect / Math.max(p.width, 1e-9), 1 / Math.max(p.height, 1e-9));
}

/**
 * Packs laid-out parts so that a fit into a canvas of `aspect` (width / height) draws them largest: shelf packing in
 * rows, and in columns, each with the parts by area and by height (largest first, stable), trying every shelf length
 * from the largest part to all in one shelf; shelves are centred. One part is returned as is.
 */
export function packParts(parts: readonly Placed[], aspect: number, gap: number): Placed {
  if (parts.length === 1) return parts[0]!;
  if (parts.length === 0) return { centres: new Map(), width: 0, height: 0 };
  let best: Placed | null = null;
  for (const key of [(p: Placed) => p.width * p.height, (p: Placed) => p.height, (p: Placed) => p.width]) {
    const rows = packRows(parts, key, aspect, gap);
    const cols = transpose(packRows(parts.map(transpose), (p) => key(transpose(p)), 1 / aspect, gap));
    const free = packFree(parts, key, aspect, gap);
    for (const c of [rows, cols, free])
      if (!best || fitScale(c, aspect) > fitScale(best, aspect) * (1 + 1e-9)) best = c;
  }
  return best!;
}

/**
 * Greedy free packing: parts (largest `key` first) each go to the free spot beside or below an earlier one (or at
 * the origin edges) that keeps the fit largest, so a small part fills a gap under a short row instead of opening a
 * row of its own. O(n³) for n parts: meant for the few namespaces of a top level.
 */
function packFree(parts: readonly Placed[], key: (p: Placed) => number, aspect: number, gap: number): Placed {
  const order = parts
    .map((p, i) => ({ p, i }))
    .sort((a, b) => key(b.p) - key(a.p) || a.i - b.i)
    .map((x) => x.p);
  const rects: (Rect & { p: Placed })[] = [];
  let w = 0;
  let h = 0;
  for (const p of order) {
    const spots: [number, number][] = [[0, 0]];
    for (const r of rects) spots.push([r.x2 + gap, r.y1], [r.x1, r.y2 + gap], [r.x2 + gap, 0], [0, r.y2 + gap]);
    let best: { x: number; y: number; score: number } | null = null;
    for (const [x, y] of spots) {
      const cand = { x1: x, y1: y, x2: x + p.width, y2: y + p.height };
      const grown = { x1: cand.x1 - gap / 2, y1: cand.y1 - gap / 2, x2: cand.x2 + gap / 2, y2: cand.y2 + gap / 2 };
      if (rects.some((r) => rectsOverlap(grown, r))) continue;
      const score = Math.min(aspect / Math.max(w, cand.x2), 1 / Math.max(h, cand.y2));
      if (!best || score > best.score * (1 + 1e-9) || (Math.abs(score - best.score) < 1e-12 && y + x < best.y + best.x))
        best = { x, y, score };
    }
    const { x, y } = best!; // (0, max y2 + gap) is always free
    rects.push({ x1: x, y1: y, x2: x + p.width, y2: y + p.height, p });
    w = Math.max(w, x + p.width);
    h = Math.max(h, y + p.height);
  }
  const centres = new Map<string, { x: number; y: number }>();
  const routes = new Map<string, { x: number; y: number }[]>();
  for (const r of rects) {
    for (const [id, c] of r.p.centres) centres.set(id, { x: r.x1 + c.x, y: r.y1 + c.y });
    moveRoutes(routes, r.p, r.x1, r.y1);
  }
  return { centres, width: w, height: h, routes };
}

/** `p` mirrored across its diagonal (widths become heights), to pack in columns with the row packer. */
function transpose(p: Placed): Placed {
  const centres = new Map<string, { x: number; y: number }>();
  for (const [id, c] of p.centres) centres.set(id, { x: c.y, y: c.x });
  const routes = new Map<string, { x: number; y: number }[]>();
  for (const [k, pts] of p.routes ?? [])
    routes.set(
      k,
      pts.map((q) => ({ x: q.y, y: q.x })),
    );
  return { centres, width: p.height, height: p.width, routes };
}

function packRows(parts: readonly Placed[], key: (p: Placed) => number, aspect: number, gap: number): Placed {
  const order = parts
    .map((p, i) => ({ p, i }))
    .sort((a, b) => key(b.p) - key(a.p) || a.i - b.i)
    .map((x) => x.p);
  const widest = Math.max(...order.map((p) => p.width));
  const total = order.reduce((s, p) => s + p.width, 0) + gap * (order.length - 1);
  const candidates = new Set<number>([widest, total]);
  let run = 0;
  for (const p of order) {
    run += (run > 0 ? gap : 0) + p.width;
    if (run >= widest) candidates.add(run);
  }
  let best: { rows: Placed[][]; width: number; height: number; scale: number } | null = null;
  for (const limit of [...candidates].sort((a, b) => a - b)) {
    const rows = shelves(order, limit, gap);
    const width = Math.max(...rows.map((r) => rowWidth(r, gap)));
    const height = rows.reduce((s, r) => s + Math.max(...r.map((p) => p.height)), 0) + gap * (rows.length - 1);
    const scale = Math.min(aspect / width, 1 / height);
    if (!best || scale > best.scale * (1 + 1e-9)) best = { rows, width, height, scale };
  }
  const { rows, width, height } = best!;
  const centres = new Map<string, { x: number; y: number }>();
  const routes = new Map<string, { x: number; y: number }[]>();
  let y = 0;
  for (const row of rows) {
    const h = Math.max(...row.map((p) => p.height));
    let x = (width - rowWidth(row, gap)) / 2;
    for (const p of row) {
      const oy = y + (h - p.height) / 2;
      for (const [id, c] of p.centres) centres.set(id, { x: x + c.x, y: oy + c.y });
      moveRoutes(routes, p, x, oy);
      x += p.width + gap;
    }
    y += h + gap;
  }
  return { centres, width, height, routes };
}

function shelves(order: readonly Placed[], limit: number, gap: number): Placed[][] {
  const rows: Placed[][] = [];
  let row: Placed[] = [];
  let w = 0;
  for (const p of order) {
    const next = row.length === 0 ? p.width : w + gap + p.width;
    if (row.length > 0 && next > limit + 1e-6) {
      rows.push(row);
      row = [p];
      w = p.width;
    } else {
      row.push(p);
      w = next;
    }
  }
  if (row.length) rows.push(row);
  return rows;
}

function rowWidth(row: readonly Placed[], gap: number): number {
  return row.reduce((s, p) => s + p.width, 0) + gap * (row.length - 1);
}

/** Whether two rectangles overlap (touching edges do not count). */
export function rectsOverlap(a: Rect, b: Rect): boolean {
  return a.x1 < b.x2 && b.x1 < a.x2 && a.y1 < b.y2 && b.y1 < a.y2;
}

/** Up to this many parts with two directions, every combination is packed (2^n packings); beyond, each part alone. */
const EXHAUSTIVE_PARTS = 5;

/**
 * Packs one layout of each part, choosing among each part's `options` (its layout in either direction) the
 * combination whose packing a fit to `aspect` draws largest: a part that alone fits the canvas better top to bottom
 * can leave the packed whole taller than left to right beside its neighbours (the ingress gateway above bookinfo).
 * A choice other than each part's best alone must fit larger by the factor `gain`.
 */
export function packChoices(
  options: readonly (readonly Placed[])[],
  aspect: number,
  gap: number,
  gain: number,
): Placed {
  const alone = options.map((o) =>
    o.reduce((best, p) => (fitScale(p, aspect) > fitScale(best, aspect) * gain ? p : best)),
  );
  let best = packParts(alone, aspect, gap);
  const open = options.map((o, i) => (o.length > 1 ? i : -1)).filter((i) => i >= 0);
  if (open.length === 0 || open.length > EXHAUSTIVE_PARTS) return best;
  for (const bits of combinations(open.length)) {
    const pick = options.map((o) => o[0]!);
    open.forEach((i, k) => (pick[i] = options[i]![bits & (1 << k) ? 1 : 0]!));
    const packed = packParts(pick, aspect, gap);
    if (fitScale(packed, aspect) > fitScale(best, aspect) * gain) best = packed;
  }
  return best;
}

/** 0 … 2^n − 1: the bit masks of n on/off choices. */
export function combinations(n: number): number[] {
  return Array.from({ length: 1 << n }, (_, i) => i);
}
