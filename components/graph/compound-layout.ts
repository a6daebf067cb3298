/**
 * Compound-aware layered layout (pure, no cytoscape): the default "Dagre" layout of a normal-size graph. Like
 * Kiali's GroupCompoundLayout (cytoscape era: dagre inside each compound first, so a box is as small as its contents,
 * then the real layout on the boxes), it lays out every box's children with dagre (left to right) from the innermost
 * box out, then the top level with each box as one rectangle of its final size, so two boxes can never overlap.
 * Unlike dagre's own compound mode it knows each box's padding and title, each node's label and each edge's label.
 * Parts that share no edge are laid out apart and packed in rows whose shape follows the canvas (`aspect`), so the
 * fit fills the canvas instead of stacking every namespace in one column.
 *
 * Units: model pixels (cytoscape's). Sizes of leaves include their labels; positions returned are the nodes'
 * positions (the label offset `dx`, `dy` taken back out).
 */
import { Graph, layout as dagreLayout } from '@dagrejs/dagre';
import { routeAround } from './compound-layout-routes';
import { combinations, fitScale, packChoices, type Placed, type Rect } from './pack-parts';

export { packParts, rectsOverlap, type Rect } from './pack-parts';

export interface LeafInput {
  id: string;
  /** The box the node is drawn in, if any (must be a `boxes` id; unknown parents count as none). */
  parent?: string;
  /** Bounding box of the node and its label, px. */
  width: number;
  height: number;
  /** Bounding-box centre minus the node's position (a label below the node moves the centre down), px. */
  dx?: number;
  dy?: number;
}

export interface BoxInput {
  id: string;
  parent?: string;
  /** Space between the children and the border (cytoscape `padding`), px. */
  padding: number;
  /** The title drawn above the box (cytoscape `text-valign: top`), px. */
  labelWidth: number;
  labelHeight: number;
}

export interface EdgeInput {
  source: string;
  target: string;
  /** The edge's label, 0 when none, px. */
  labelWidth?: number;
  labelHeight?: number;
  /**
   * Dagre's edge weight (default 1): how much more the layout keeps this edge short and straight than the others. A
   * waypoint's edges get WAYPOINT_WEIGHT, so the waypoint sits between its clients and the workloads it serves, the
   * triangle client → waypoint → service Kiali draws.
   */
  weight?: number;
}

/** Dagre weight of the edges to and from an ambient waypoint (see `EdgeInput.weight`). */
export const WAYPOINT_WEIGHT = 8;

export interface CompoundLayoutOptions {
  /** Width / height of the canvas the result will be fitted to; the packing of unconnected parts follows it. */
  aspect: number;
  /** Gap between nodes of one rank (vertical for left-to-right), px. */
  nodeSep?: number;
  /** Least gap between ranks, px; widened to fit the widest edge label between them. */
  rankSep?: number;
  /** Gap between packed parts, px. */
  gap?: number;
}

type Dir = 'LR' | 'TB';
const flipDir = (d: Dir): Dir => (d === 'LR' ? 'TB' : 'LR');
/** A top-level box is turned top to bottom only when the fit grows by this factor or more. */
const FLIP_GAIN = 1.05;

export interface CompoundLayoutResult {
  /** Position of each leaf node. */
  positions: Map<string, { x: number; y: number }>;
  /** Outer rectangle of each box, title included (what must not overlap). */
  boxes: Map<string, Rect>;
  /**
   * For each input edge (same index) that skips ranks, the bends dagre routed it through (between the items the edge
   * joins at its level: the two leaves, or the boxes holding them), from source to target; undefined for the others.
   */
  bends: ({ x: number; y: number }[] | undefined)[];
}

/** An edge between two siblings, with the largest label of the edges it stands for. */
interface LevelEdge {
  s: string;
  t: string;
  label: number;
  labelHeight: number;
  /** The heaviest weight of the edges it stands for. */
  weight: number;
}

interface Item {
  id: string;
  width: number;
  height: number;
}

/** Defaults tuned on the demo's graphs (labels of 10–12 px, nodes of about 26 px). */
export const COMPOUND_DEFAULTS = { nodeSep: 10, rankSep: 30, gap: 20 } as const;
/** Edge-label clearance on each side in a rank gap, px. */
const EDGE_LABEL_MARGIN = 6;

/**
 * Lays out `leaves` in `boxes` (nested to any depth) with `edges` between leaves.
 * @returns the leaves' positions and the boxes' outer rectangles (top-left of the whole drawing at 0,0).
 * @throws Error when the box parent chain has a cycle.
 */
export function compoundLayout(
  leaves: readonly LeafInput[],
  boxes: readonly BoxInput[],
  edges: readonly EdgeInput[],
  options: CompoundLayoutOptions,
): CompoundLayoutResult {
  const opts = { ...COMPOUND_DEFAULTS, ...options };
  const boxById = new Map(boxes.map((b) => [b.id, b]));
  const leafById = new Map(leaves.map((l) => [l.id, l]));
  const parentOf = (id: string): string | null => {
    const p = leafById.get(id)?.parent ?? boxById.get(id)?.parent;
    return p !== undefined && boxById.has(p) && p !== id ? p : null;
  };
  // children of each group (null = top level), in input order
  const children = new Map<string | null, string[]>();
  for (const id of [...boxes.map((b) => b.id), ...leaves.map((l) => l.id)]) {
    const p = parentOf(id);
    const list = children.get(p) ?? [];
    list.push(id);
    children.set(p, list);
  }
  // ancestors chain, for mapping an edge to the level where it lives
  const chain = (id: string): string[] => {
    const out = [id];
    const seen = new Set(out);
    for (let p = parentOf(id); p !== null; p = parentOf(p)) {
      if (seen.has(p)) throw new Error(`box parents form a cycle at ${p}`);
      seen.add(p);
      out.push(p);
    }
    return out;
  };
  for (const b of boxes) chain(b.id); // throws on a cycle, whose boxes the top level would never reach
  const chains = new Map<string, string[]>();
  const chainOf = (id: string) => {
    let c = chains.get(id);
    if (!c) chains.set(id, (c = chain(id)));
    return c;
  };
  // edges per level: group → (item pair → widest label)
  const levelEdges = new Map<string | null, Map<string, LevelEdge>>();
  const edgeLevel: (string | undefined)[] = [];
  for (const e of edges) {
    edgeLevel.push(undefined);
    if (!leafById.has(e.source) || !leafById.has(e.target) || e.source === e.target) continue;
    const a = chainOf(e.source).slice().reverse(); // top-level ancestor first
    const b = chainOf(e.target).slice().reverse();
    let i = 0;
    while (i < a.length && i < b.length && a[i] === b[i]) i++;
    if (i >= a.length || i >= b.length) continue; // one end contains the other (not for leaves)
    const group = i === 0 ? null : a[i - 1]!;
    const s = a[i]!;
    const t = b[i]!;
    const key = levelKey(s, t);
    edgeLevel[edgeLevel.length - 1] = key;
    const m = levelEdges.get(group) ?? new Map<string, LevelEdge>();
    const prev = m.get(key);
    m.set(key, {
      s,
      t,
      label: Math.max(prev?.label ?? 0, e.labelWidth ?? 0),
      labelHeight: Math.max(prev?.labelHeight ?? 0, e.labelHeight ?? 0),
      weight: Math.max(prev?.weight ?? 1, e.weight ?? 1),
    });
    levelEdges.set(group, m);
  }

  const levelOf = (group: string | null) => [...(levelEdges.get(group)?.values() ?? [])];
  const leafSize = (id: string) => ({ width: leafById.get(id)?.width ?? 0, height: leafById.get(id)?.height ?? 0 });
  const leafItem = (id: string): Item => ({ id, ...leafSize(id) });

  // a box's layout in one direction: its content and its nested boxes' contents, and its outer size
  interface Sub {
    placed: Map<string | null, Placed>;
    width: number;
    height: number;
  }
  const subs = new Map<string, Sub>();
  const subtree = (group: string, dir: Dir, depth: number): Sub => {
    const key = `${dir}:${group}`;
    const known = subs.get(key);
    if (known) return known;
    if (depth > boxes.length) throw new Error(`box parents form a cycle at ${group}`);
    const placed = new Map<string | null, Placed>();
    const items = (children.get(group) ?? []).map((id) => {
      if (!boxById.has(id)) return leafItem(id);
      const sub = subtree(id, dir, depth + 1);
      for (const [k, v] of sub.placed) placed.set(k, v);
      return { id, width: sub.width, height: sub.height };
    });
    const content = placeItems(items, levelOf(group), { ...opts, dir, flip: () => false });
    placed.set(group, content);
    const box = boxById.get(group)!;
    const sub = {
      placed,
      width: Math.max(content.width + 2 * box.padding, box.labelWidth),
      height: content.height + 2 * box.padding + box.labelHeight,
    };
    subs.set(key, sub);
    return sub;
  };

  // the top level: each top-level box left to right inside, or top to bottom where that lets the whole drawing fit
  // the canvas larger (greedy, one box at a time)
  const top = children.get(null) ?? [];
  const topBoxes = top.filter((id) => boxById.has(id));
  const choice = new Map<string, Dir>(topBoxes.map((id) => [id, 'LR']));
  const topCache = new Map<string, Placed>();
  const topFlip = (ids: readonly string[]) => ids.some((id) => boxById.has(id));
  const arrange = () => {
    const items = top.map((id) => {
      if (!boxById.has(id)) return leafItem(id);
      const sub = subtree(id, choice.get(id)!, 1);
      return { id, width: sub.width, height: sub.height };
    });
    return placeItems(items, levelOf(null), { ...opts, dir: 'LR', flip: topFlip, cache: topCache });
  };
  const greedy = (start: Dir) => {
    for (const id of topBoxes) choice.set(id, start);
    let content = arrange();
    for (let round = 0; round < topBoxes.length && !fitsShape(content, opts.aspect); round++) {
      let best: { id: string; content: Placed } | null = null;
      for (const id of topBoxes) {
        choice.set(id, flipDir(choice.get(id)!));
        const tried = arrange();
        choice.set(id, flipDir(choice.get(id)!));
        const bar = fitScale(best?.content ?? content, opts.aspect) * FLIP_GAIN;
        if (fitScale(tried, opts.aspect) > bar) best = { id, content: tried };
      }
      if (!best) break;
      choice.set(best.id, flipDir(choice.get(best.id)!));
      content = best.content;
    }
    return { content, dirs: new Map(choice) };
  };
  // every combination for a few boxes (each top-level dagre run is cached by its boxes' sizes); otherwise greedy
  // from all left to right and from all top to bottom (one flip at a time can miss a pairing)
  let { content, dirs } = greedy('LR');
  if (topBoxes.length > 1 && !fitsShape(content, opts.aspect)) {
    const alts =
      topBoxes.length <= EXHAUSTIVE_BOXES ? combinations(topBoxes.length).map((bits) => ({ bits })) : [greedy('TB')];
    for (const alt of alts) {
      let tried: { content: Placed; dirs: Map<string, Dir> };
      if ('bits' in alt) {
        topBoxes.forEach((id, k) => choice.set(id, alt.bits & (1 << k) ? 'TB' : 'LR'));
        tried = { content: arrange(), dirs: new Map(choice) };
      } else tried = alt;
      if (fitScale(tried.content, opts.aspect) > fitScale(content, opts.aspect) * FLIP_GAIN)
        ({ content, dirs } = tried);
    }
  }
  for (const [id, dir] of dirs) choice.set(id, dir);
  const placed = new Map<string | null, Placed>([[null, content]]);
  for (const id of topBoxes) for (const [k, v] of subtree(id, choice.get(id)!, 1).placed) placed.set(k, v);
  const sizeOf = (id: string) => {
    if (!boxById.has(id)) return leafSize(id);
    let p = parentOf(id);
    let root = id;
    while (p !== null) {
      root = p;
      p = parentOf(p);
    }
    // a nested box's size is that of its subtree in its top-level box's direction
    const dir = choice.get(root) ?? 'LR';
    return subtree(id, dir, 1);
  };

  const positions = new Map<string, { x: number; y: number }>();
  const rects = new Map<string, Rect>();
  const routes = new Map<string, { x: number; y: number }[]>();
  const place = (group: string | null, x0: number, y0: number): void => {
    const content = placed.get(group)!;
    for (const [k, pts] of content.routes ?? [])
      routes.set(
        k,
        pts.map((q) => ({ x: x0 + q.x, y: y0 + q.y })),
      );
    for (const [id, c] of content.centres) {
      const size = sizeOf(id);
      const cx = x0 + c.x;
      const cy = y0 + c.y;
      const box = boxById.get(id);
      if (box) {
        const r = {
          x1: cx - size.width / 2,
          y1: cy - size.height / 2,
          x2: cx + size.width / 2,
          y2: cy + size.height / 2,
        };
        rects.set(id, r);
        const inner = placed.get(id)!;
        place(id, r.x1 + (size.width - inner.width) / 2, r.y1 + box.labelHeight + box.padding);
      } else {
        const leaf = leafById.get(id)!;
        positions.set(id, { x: cx - (leaf.dx ?? 0), y: cy - (leaf.dy ?? 0) });
      }
    }
  };
  place(null, 0, 0);
  // dagre gives an edge of one rank its two ends and one point halfway; more points are the bends of a longer edge
  const leafRects = new Map(
    leaves.map((l) => {
      const p = positions.get(l.id)!;
      const cx = p.x + (l.dx ?? 0);
      const cy = p.y + (l.dy ?? 0);
      return [l.id, { x1: cx - l.width / 2, y1: cy - l.height / 2, x2: cx + l.width / 2, y2: cy + l.height / 2 }];
    }),
  );
  const bends = edges.map((e, i) => {
    const k = edgeLevel[i];
    if (k === undefined) return undefined;
    const pts = routes.get(k);
    const obstacles = [...leafRects].filter(([id]) => id !== e.source && id !== e.target).map(([, r]) => r);
    const corners = routeAround(
      positions.get(e.source)!,
      positions.get(e.target)!,
      pts && pts.length > 3 ? pts.slice(1, -1) : [],
      obstacles,
    );
    return corners.length ? corners : undefined;
  });
  return { positions, boxes: rects, bends };
}

/**
 * Places sibling `items` (their sizes final): each connected part by dagre left to right, then the parts packed in
 * rows (largest first) to the shape that a fit to `aspect` draws largest.
 */
export function placeItems(
  items: readonly Item[],
  edges: readonly LevelEdge[],
  opts: Required<Omit<CompoundLayoutOptions, 'aspect'>> & {
    aspect: number;
    /** Direction of the ranks. */
    dir: Dir;
    /** Whether the part of these item ids may be laid out in the other direction when that fits the canvas better. */
    flip(ids: readonly string[]): boolean;
    /** Parts already laid out, by direction and item sizes (the top level tries many combinations). */
    cache?: Map<string, Placed>;
  },
): Placed {
  const parts = connectedParts(
    items.map((i) => i.id),
    edges,
  );
  const byId = new Map(items.map((i) => [i.id, i]));
  const options = parts.map((ids) => {
    const set = new Set(ids);
    const partItems = ids.map((id) => byId.get(id)!);
    const partEdges = edges.filter((e) => set.has(e.s) && set.has(e.t));
    const run = (dir: Dir) => {
      if (!opts.cache) return layoutPart(partItems, partEdges, opts, dir);
      const key = `${dir}|${partItems.map((i) => `${i.id}:${i.width}x${i.height}`).join(',')}`;
      let hit = opts.cache.get(key);
      if (!hit) opts.cache.set(key, (hit = layoutPart(partItems, partEdges, opts, dir)));
      return hit;
    };
    const main = run(opts.dir);
    // boxes chained left to right can make one part far wider than the canvas: stacked top to bottom instead when
    // that fits the canvas better (the boxes' insides keep their own direction)
    return opts.flip(ids) ? [main, run(flipDir(opts.dir))] : [main];
  });
  return packChoices(options, opts.aspect, opts.gap, FLIP_GAIN);
}

/**
 * Whether `p`'s shape is close enough to the canvas's (within SHAPE_SLACK either way) that no other direction is
 * tried: each try is a dagre run of a few milliseconds.
 */
function fitsShape(p: { width: number; height: number }, aspect: number): boolean {
  const ratio = p.width / Math.max(p.height, 1e-9) / aspect;
  return ratio < SHAPE_SLACK && ratio > 1 / SHAPE_SLACK;
}
const SHAPE_SLACK = 1.1;
/** Up to this many top-level boxes, every left-to-right / top-to-bottom combination is tried (2^n arrangements). */
const EXHAUSTIVE_BOXES = 6;

/** Connected parts of the item graph, each in input order; parts ordered by their first item. */
export function connectedParts(ids: readonly string[], edges: readonly { s: string; t: string }[]): string[][] {
  const root = new Map(ids.map((id) => [id, id]));
  const find = (id: string): string => {
    let r = id;
    while (root.get(r) !== r) r = root.get(r)!;
    root.set(id, r);
    return r;
  };
  for (const e of edges) if (root.has(e.s) && root.has(e.t)) root.set(find(e.s), find(e.t));
  const parts = new Map<string, string[]>();
  for (const id of ids) {
    const r = find(id);
    const p = parts.get(r) ?? [];
    p.push(id);
    parts.set(r, p);
  }
  return [...parts.values()];
}

function layoutPart(
  items: readonly Item[],
  edges: readonly LevelEdge[],
  opts: { nodeSep: number; rankSep: number },
  rankdir: Dir,
): Placed {
  if (items.length === 1) {
    const only = items[0]!;
    return { centres: new Map([[only.id, { x: only.width / 2, y: only.height / 2 }]]), ...only };
  }
  const labelW = edges.reduce((m, e) => Math.max(m, e.label), 0);
  const labelH = edges.reduce((m, e) => Math.max(m, e.labelHeight), 0);
  const g = new Graph({ multigraph: false, compound: false });
  g.setGraph({
    rankdir,
    ranker: 'network-simplex',
    // the labels of edges fanning out of one node sit halfway, half the targets' spacing apart: above one another
    // left to right, side by side top to bottom
    nodesep:
      rankdir === 'LR'
        ? Math.max(opts.nodeSep, 2 * labelH + EDGE_LABEL_MARGIN - Math.min(...items.map((i) => i.height)))
        : Math.max(opts.nodeSep, 2 * labelW + EDGE_LABEL_MARGIN - Math.min(...items.map((i) => i.width))),
    edgesep: 8,
    // left to right, an edge label lies across the gap between ranks; top to bottom, beside the edge
    ranksep: Math.max(opts.rankSep, (rankdir === 'LR' ? labelW : labelH) + 2 * EDGE_LABEL_MARGIN),
    marginx: 0,
    marginy: 0,
  });
  g.setDefaultEdgeLabel(() => ({}));
  for (const i of items) g.setNode(i.id, { width: i.width, height: i.height });
  for (const e of edges) g.setEdge(e.s, e.t, { minlen: 1, weight: e.weight });
  dagreLayout(g);
  let x1 = Infinity;
  let y1 = Infinity;
  let x2 = -Infinity;
  let y2 = -Infinity;
  const grow = (x: number, y: number, w: number, h: number) => {
    x1 = Math.min(x1, x - w / 2);
    y1 = Math.min(y1, y - h / 2);
    x2 = Math.max(x2, x + w / 2);
    y2 = Math.max(y2, y + h / 2);
  };
  for (const i of items) {
    const n = g.node(i.id) as { x: number; y: number };
    grow(n.x, n.y, i.width, i.height);
  }
  // an edge's bends (dagre's dummy nodes) can lie beyond the items: the part (and so its box) holds them too
  const points = edges.map(
    (e) => (g.edge(e.s, e.t) as { points?: { x: number; y: number }[] } | undefined)?.points ?? [],
  );
  for (const pts of points) for (const q of pts.slice(1, -1)) grow(q.x, q.y, 0, 0);
  const centres = new Map<string, { x: number; y: number }>();
  for (const i of items) {
    const n = g.node(i.id) as { x: number; y: number };
    centres.set(i.id, { x: n.x - x1, y: n.y - y1 });
  }
  const routes = new Map<string, { x: number; y: number }[]>();
  edges.forEach((e, k) =>
    routes.set(
      levelKey(e.s, e.t),
      points[k]!.map((q) => ({ x: q.x - x1, y: q.y - y1 })),
    ),
  );
  return { centres, width: x2 - x1, height: y2 - y1, routes };
}

/** Key of an edge between two sibling items in `LevelEdge` maps and `Placed.routes`. */
const levelKey = (s: string, t: string) => `${s}\u0000${t}`;
