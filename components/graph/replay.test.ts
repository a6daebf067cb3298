import { describe, expect, it } from 'vitest';
import { frameLabel, MAX_FRAMES, replayFrames } from './replay';

describe('replayFrames', () => {
  const now = 1_796_513_148; // 23:25:48 UTC

  it('steps a minute at a time up to now (rounded down to the minute), oldest first', () => {
    const f = replayFrames(now, 15 * 60);
    expect(f).toHaveLength(16);
    expect(f.at(-1)).toBe(1_796_513_100);
    expect(f[0]).toBe(1_796_513_100 - 15 * 60);
    expect(f.slice(1).map((t, i) => t - f[i]!)).toEqual(Array(15).fill(60));
  });

  it('takes longer steps, in whole minutes, for long stretches so a replay has at most MAX_FRAMES + 1 frames', () => {
    const f = replayFrames(now, 3 * 3600);
    expect(f.length).toBeLessThanOrEqual(MAX_FRAMES + 1);
    expect((f[1]! - f[0]!) % 60).toBe(0);
    expect(f.at(-1)! - f[0]!).toBe(3 * 3600);
  });

  it('refuses a length that is not a positive number of seconds', () => {
    expect(() => replayFrames(now, 0)).toThrow(RangeError);
    expect(() => replayFrames(now, NaN)).toThrow(RangeError);
  });
});

describe('frameLabel', () => {
  it('reads hours and minutes, seconds only when not zero', () => {
    const t = new Date(2026, 11, 5, 9, 7, 0).getTime() / 1000;
    expect(frameLabel(t)).toBe('09:07');
    expect(frameLabel(t + 5)).toBe('09:07:05');
  });
});
