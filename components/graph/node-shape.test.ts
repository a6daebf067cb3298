import { describe, expect, it } from 'vitest';
import { nodeShapeOf, shapePath } from './node-shape';
import { NODE_SHAPES } from './styles';

/** The points a path goes through (its M, L and Q end points and Q control points). */
function points(d: string): [number, number][] {
  return [...d.matchAll(/(-?\d+(?:\.\d+)?),(-?\d+(?:\.\d+)?)/g)].map((m) => [Number(m[1]), Number(m[2])]);
}

describe('node shapes outside the canvas', () => {
  it('draws a service as a triangle with its apex up (Kiali), never a diamond', () => {
    expect(nodeShapeOf('service')).toBe('round-triangle');
    const p = points(shapePath(nodeShapeOf('service'), 50, 50, 20));
    const ys = p.map(([, y]) => y);
    // three rounded corners (a diamond has four); apex at the top centre, a flat base below the centre
    expect(shapePath('round-triangle', 50, 50, 20).match(/Q/g)).toHaveLength(3);
    expect(Math.min(...ys)).toBeCloseTo(40);
    expect(p.find(([, y]) => y === Math.min(...ys))![0]).toBe(50);
    const bottom = Math.max(...ys);
    expect(bottom).toBeGreaterThan(50);
    expect(p.filter(([, y]) => Math.abs(y - bottom) < 0.01).length).toBeGreaterThanOrEqual(2);
  });

  it('maps node types as the canvas stylesheet does, service entries and unknown types included', () => {
    expect(nodeShapeOf('app')).toBe(NODE_SHAPES.app);
    expect(nodeShapeOf('workload')).toBe('ellipse');
    expect(nodeShapeOf('service', true)).toBe('round-tag');
    expect(nodeShapeOf('box-of-something')).toBe('ellipse');
    expect(shapePath('ellipse', 10, 10, 8)).toMatch(/^M6,10 a4,4/);
  });
});
