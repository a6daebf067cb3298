import { describe, expect, it } from 'vitest';
import { miniGraphLayout } from './impact-preview';

describe('impact mini graph layout', () => {
  it('leaves room for the longest label on each side (no clipped "io-system/istio-ingressgateway")', () => {
    const source = 'istio-system/istio-ingressgateway';
    const { x1, x2, width } = miniGraphLayout([source, 'unknown'], ['bookinfo/productpage-v1']);
    // 12 px text is about 7 px per character: the label ends 10 px left of its node, after the left margin
    expect(x1 - 10 - source.length * 7).toBeGreaterThanOrEqual(0);
    expect(width - x2 - 10).toBeGreaterThanOrEqual('bookinfo/productpage-v1'.length * 7);
  });
});
