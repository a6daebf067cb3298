import { describe, expect, it } from 'vitest';
import { calculateServiceHealth } from '@/lib/health';
import type { HealthData } from '@/lib/health/types';
import { healthReasons } from './panel-parts';

describe('healthReasons', () => {
  it("states a service's error ratio over its inbound requests, not its inbound and outbound added up", () => {
    // the reviews service of the demo: 9.58 rps in from productpage, the same 9.58 rps out to its versions
    const codes = { http: { '200': 9.573, '500': 0.007 } };
    const requests = { inbound: codes, outbound: codes };
    const status = calculateServiceHealth('bookinfo', 'reviews', { requests });
    expect(status.totalRequestRate).toBeCloseTo(19.16);
    const health = { requests, status } as unknown as HealthData;
    expect(healthReasons(health)).toEqual(['0.1% of 9.58 rps inbound HTTP are errors']);
  });

  it('says "in and out" when the ratio has no single base (no tolerance matched)', () => {
    const health = { status: { status: 'Healthy', errorRatio: 0, totalRequestRate: 4 } } as unknown as HealthData;
    expect(healthReasons(health)).toEqual(['0% of 4 rps (in and out) are errors']);
  });
});
