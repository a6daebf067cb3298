import { describe, expect, it } from 'vitest';
import { dotPlan, pointAlong } from './traffic-animation';
import { COLORS } from './styles';

describe('dotPlan (Kiali-style traffic dots)', () => {
  it('gives busier edges more and larger dots, never none for an edge with traffic', () => {
    const busy = dotPlan({ rate: 10, errorPct: null, protocol: 'http' }, 10)!;
    const quiet = dotPlan({ rate: 0.1, errorPct: null, protocol: 'http' }, 10)!;
    expect(busy.count).toBe(8);
    expect(busy.radius).toBe(5);
    expect(quiet.count).toBe(1);
    expect(quiet.radius).toBeGreaterThanOrEqual(2);
    expect(quiet.radius).toBeLessThan(busy.radius);
    expect(busy.errors).toBe(0);
    expect(busy.color).toBe(COLORS.healthy);
  });

  it('turns the failed share of the dots red, at least one when any request failed', () => {
    expect(dotPlan({ rate: 10, errorPct: 50, protocol: 'http' }, 10)!.errors).toBe(4);
    expect(dotPlan({ rate: 10, errorPct: 0.1, protocol: 'http' }, 10)!.errors).toBe(1);
    expect(dotPlan({ rate: 10, errorPct: 100, protocol: 'http' }, 10)!.errors).toBe(8);
  });

  it('draws TCP dots blue and nothing for an idle edge', () => {
    expect(dotPlan({ rate: 500, errorPct: null, protocol: 'tcp' }, 1000)!.color).toBe(COLORS.tcp);
    expect(dotPlan({ rate: 0, errorPct: null, protocol: 'http' }, 10)).toBeNull();
    expect(dotPlan({ rate: null, errorPct: null, protocol: 'http' }, 10)).toBeNull();
  });
});

describe('pointAlong', () => {
  const a = { x: 0, y: 0 };
  const b = { x: 100, y: 0 };
  it('walks a straight edge, a curved one through its control point, and a segmented one', () => {
    expect(pointAlong(a, b, [], 0.25)).toEqual({ x: 25, y: 0 });
    expect(pointAlong(a, b, [{ x: 50, y: 40 }], 0.5)).toEqual({ x: 50, y: 20 });
    expect(
      pointAlong(
        a,
        b,
        [
          { x: 50, y: 50 },
          { x: 50, y: -50 },
        ],
        0.5,
      ),
    ).toEqual({ x: 50, y: 0 });
    expect(
      pointAlong(
        a,
        b,
        [
          { x: 50, y: 50 },
          { x: 50, y: -50 },
        ],
        1,
      ),
    ).toEqual({ x: 100, y: 0 });
  });
});
