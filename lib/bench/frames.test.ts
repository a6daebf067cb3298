import { describe, expect, it } from 'vitest';
import { frameStats } from './frames';
import { parsePageVariants } from './options';

describe('frameStats', () => {
  it('gives the median frame rate, the p95 and worst frame, and counts frames slower than 30 frames/s', () => {
    const s = frameStats([16.7, 16.6, 16.7, 50, 16.8, 33.4, 16.7]);
    expect(s.frames).toBe(7);
    expect(s.medianFps).toBeCloseTo(1000 / 16.7, 3);
    expect(s.worstFrameMs).toBe(50);
    expect(s.p95FrameMs).toBe(50);
    expect(s.slowFrames).toBe(2);
  });

  it('has no figures without frames', () => {
    expect(frameStats([])).toMatchObject({ frames: 0, slowFrames: 0 });
    expect(frameStats([]).medianFps).toBeNaN();
  });
});

describe('--page-variants', () => {
  it('reads the view and the forced renderer of each variant', () => {
    expect(parsePageVariants('auto,full+webgl,namespace+canvas')).toEqual([
      { name: 'auto', view: 'auto', webgl: 'auto' },
      { name: 'full+webgl', view: 'full', webgl: 'on' },
      { name: 'namespace+canvas', view: 'namespace', webgl: 'off' },
    ]);
  });

  it('names a bad variant', () => {
    expect(() => parsePageVariants('auto,mesh')).toThrow(/bad variant "mesh"/);
    expect(() => parsePageVariants('full+gpu')).toThrow(/bad renderer in "full\+gpu"/);
  });
});
