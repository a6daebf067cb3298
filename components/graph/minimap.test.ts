import { describe, expect, it } from 'vitest';
import { READABLE_LABEL_PX, READABLE_ZOOM, readableViewport } from './layouts';
import { MINIMAP_SIZE, minimapFrame, quietCorner, viewHoldsAll } from './minimap';
import { FONT_SIZES } from './styles';

describe('readableViewport (the default view of a graph too large to fit with readable labels)', () => {
  it('draws the smallest node and edge labels at 10 px', () => {
    expect(READABLE_ZOOM * Math.min(FONT_SIZES.node, FONT_SIZES.edge)).toBeCloseTo(READABLE_LABEL_PX);
  });

  it('starts at the top-left edge (padding in) along an axis where the drawing is too large, centres it where it fits', () => {
    const z = READABLE_ZOOM;
    const bb = { x1: 100, y1: -50, w: 2000, h: 300 };
    const v = readableViewport(bb, 800, 560, 20);
    expect(v.zoom).toBe(z);
    // model x1 lands 20 px in from the left
    expect(bb.x1 * z + v.pan.x).toBeCloseTo(20);
    // 300 model px fit in 560 px: centred
    expect(bb.y1 * z + v.pan.y).toBeCloseTo((560 - 300 * z) / 2);
    const tall = readableViewport({ x1: 0, y1: 10, w: 100, h: 5000 }, 800, 560, 20);
    expect(10 * z + tall.pan.y).toBeCloseTo(20);
    expect(0 * z + tall.pan.x).toBeCloseTo((800 - 100 * z) / 2);
  });
});

describe('minimap', () => {
  it('fits the whole drawing in the overview with a margin, centred, keeping its shape', () => {
    const { width, height } = MINIMAP_SIZE;
    const bb = { x1: 50, y1: 20, w: 1680, h: 400 };
    const f = minimapFrame(bb, width, height);
    const left = (bb.x1 - f.x) / f.scale;
    const right = (bb.x1 + bb.w - f.x) / f.scale;
    const top = (bb.y1 - f.y) / f.scale;
    const bottom = (bb.y1 + bb.h - f.y) / f.scale;
    expect(left).toBeCloseTo(width - right); // centred across
    expect(top).toBeCloseTo(height - bottom); // and down
    expect(Math.min(left, top)).toBeCloseTo(6); // the tighter axis touches the margin
    expect((right - left) / (bottom - top)).toBeCloseTo(bb.w / bb.h);
  });

  it('is needed only while the view leaves part of the drawing out (within a screen pixel)', () => {
    const bb = { x1: 0, y1: 0, x2: 100, y2: 50 };
    expect(viewHoldsAll({ x1: -10, y1: -10, x2: 110, y2: 60 }, bb, 1)).toBe(true);
    expect(viewHoldsAll({ x1: 0.5, y1: 0, x2: 100, y2: 50 }, bb, 1)).toBe(true);
    expect(viewHoldsAll({ x1: 10, y1: 0, x2: 110, y2: 50 }, bb, 1)).toBe(false);
    expect(viewHoldsAll({ x1: 0, y1: 0, x2: 100, y2: 40 }, bb, 2)).toBe(false);
  });
});

describe('quietCorner', () => {
  it('puts the overview in the corner with the fewest nodes under it, bottom-right first', () => {
    expect(quietCorner([], 800, 560)).toBe('bottom-right');
    const crowded = [
      { x: 750, y: 520 },
      { x: 700, y: 500 },
      { x: 60, y: 520 },
    ];
    expect(quietCorner(crowded, 800, 560)).toBe('top-right');
    expect(quietCorner([...crowded, { x: 700, y: 40 }], 800, 560)).toBe('top-left');
  });
});
