import { describe, expect, it } from 'vitest';
import { compoundLayout, type CompoundLayoutResult } from './compound-layout';
import { cornersOf, routeAround, segmentCrossesRect, segmentsOf } from './compound-layout-routes';
import { demoInput, type LayoutInput } from './testdata/layout-input';
import type { Rect } from './pack-parts';

/** Each node's box (its shape and label) as the layout placed it. */
function leafRects(input: LayoutInput, out: CompoundLayoutResult): Map<string, Rect> {
  return new Map(
    input.leaves.map((l) => {
      const p = out.positions.get(l.id)!;
      const cx = p.x + (l.dx ?? 0);
      const cy = p.y + (l.dy ?? 0);
      return [l.id, { x1: cx - l.width / 2, y1: cy - l.height / 2, x2: cx + l.width / 2, y2: cy + l.height / 2 }];
    }),
  );
}

/** Every segment of every edge (centre to centre through its bends) that passes through a node other than its ends. */
function crossings(input: LayoutInput, out: CompoundLayoutResult): string[] {
  const rects = leafRects(input, out);
  const found: string[] = [];
  input.edges.forEach((e, i) => {
    const path = [out.positions.get(e.source)!, ...(out.bends[i] ?? []), out.positions.get(e.target)!];
    for (const [id, r] of rects) {
      if (id === e.source || id === e.target) continue;
      for (let k = 0; k + 1 < path.length; k++)
        if (segmentCrossesRect(path[k]!, path[k + 1]!, r)) found.push(`${e.source}→${e.target} segment ${k} × ${id}`);
    }
  });
  return found;
}

describe('segmentsOf', () => {
  it("gives cytoscape's weights and distances of the corners, which map back to them", () => {
    const s = { x: 10, y: 20 };
    const t = { x: 110, y: 20 };
    const seg = segmentsOf(s, t, [
      { x: 35, y: 0 },
      { x: 85, y: 50 },
    ])!;
    expect(seg.weights).toEqual([0.25, 0.75]);
    // left of the direction of travel (screen y down: above the line when going right) is negative
    expect(seg.distances).toEqual([-20, 30]);
    const far = segmentsOf({ x: -5, y: 3 }, { x: 40, y: 70 }, [{ x: 7, y: 9 }])!;
    const back = cornersOf({ x: -5, y: 3 }, { x: 40, y: 70 }, far.weights, far.distances);
    expect(back[0]!.x).toBeCloseTo(7);
    expect(back[0]!.y).toBeCloseTo(9);
    expect(segmentsOf(s, s, [{ x: 1, y: 1 }])).toBeNull();
  });
});

describe('segmentCrossesRect', () => {
  const r = { x1: 0, y1: 0, x2: 10, y2: 10 };
  it('finds a segment through a box, not one beside it or only touching its border', () => {
    expect(segmentCrossesRect({ x: -5, y: 5 }, { x: 15, y: 5 }, r)).toBe(true);
    expect(segmentCrossesRect({ x: -5, y: -5 }, { x: 15, y: 15 }, r)).toBe(true);
    expect(segmentCrossesRect({ x: 5, y: 5 }, { x: 6, y: 6 }, r)).toBe(true);
    expect(segmentCrossesRect({ x: -5, y: 12 }, { x: 15, y: 12 }, r)).toBe(false);
    expect(segmentCrossesRect({ x: -5, y: 10 }, { x: 15, y: 10 }, r)).toBe(false);
    expect(segmentCrossesRect({ x: -5, y: -5 }, { x: -1, y: 20 }, r)).toBe(false);
  });
});

describe('routeAround', () => {
  it('leaves a clear straight edge alone and takes one through a node round it', () => {
    expect(routeAround({ x: 0, y: 0 }, { x: 100, y: 0 }, [], [{ x1: 40, y1: 10, x2: 60, y2: 30 }])).toEqual([]);
    const node = { x1: 40, y1: -10, x2: 60, y2: 10 };
    const corners = routeAround({ x: 0, y: 0 }, { x: 100, y: 0 }, [], [node]);
    expect(corners.length).toBeGreaterThan(0);
    const path = [{ x: 0, y: 0 }, ...corners, { x: 100, y: 0 }];
    for (let k = 0; k + 1 < path.length; k++) expect(segmentCrossesRect(path[k]!, path[k + 1]!, node)).toBe(false);
  });
});

describe('edge routes of the compound layout', () => {
  it("routes an edge that skips a rank along dagre's bends, round the node of the rank it skips", () => {
    const leaves = ['a', 'b', 'c'].map((id) => ({ id, width: 40, height: 40 }));
    const edges = [
      { source: 'a', target: 'b' },
      { source: 'b', target: 'c' },
      { source: 'a', target: 'c' },
    ];
    const out = compoundLayout(leaves, [], edges, { aspect: 3 });
    expect(out.bends[0]).toBeUndefined();
    expect(out.bends[1]).toBeUndefined();
    const [a, b, c] = ['a', 'b', 'c'].map((id) => out.positions.get(id)!);
    const bends = out.bends[2]!;
    expect(bends.length).toBeGreaterThan(0);
    // the bend is in b's rank, beside b
    expect(bends.some((p) => p.x > a!.x + 20 && p.x < c!.x - 20 && Math.abs(p.y - b!.y) >= 20)).toBe(true);
    expect(crossings({ leaves, boxes: [], edges }, out)).toEqual([]);
  });

  for (const name of [
    'bookinfo',
    'four namespaces',
    'bookinfo, ambient, Gateway API and istio-system',
    'all six namespaces',
  ])
    for (const aspect of [973 / 796, 739 / 531])
      it(`${name} at aspect ${aspect.toFixed(2)}: no edge segment crosses a node's box but its ends`, () => {
        const input = demoInput(name);
        const out = compoundLayout(input.leaves, input.boxes, input.edges, { aspect });
        expect(crossings(input, out)).toEqual([]);
      });

  it('the 37-node demo graph has routed edges, which the straight lines would have drawn through nodes', () => {
    const input = demoInput('bookinfo, ambient, Gateway API and istio-system');
    const out = compoundLayout(input.leaves, input.boxes, input.edges, { aspect: 739 / 531 });
    const straight = crossings(input, { ...out, bends: out.bends.map(() => undefined) });
    expect(straight.length).toBeGreaterThan(0);
    expect(out.bends.filter(Boolean).length).toBeGreaterThan(0);
  });
});
