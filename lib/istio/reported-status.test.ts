import { describe, expect, it } from 'vitest';
import { isBadCondition, reportedStatus } from './reported-status';

const cond = (type: string, status: string, reason?: string, observedGeneration = 1) => ({
  type,
  status,
  ...(reason ? { reason } : {}),
  observedGeneration,
  lastTransitionTime: '2026-01-01T00:00:00Z',
  message: 'm',
});

describe('reportedStatus', () => {
  it("reads a route's per-parent conditions and names the bad ones first", () => {
    const route = {
      kind: 'HTTPRoute',
      metadata: { namespace: 'bookinfo', generation: 2 },
      status: {
        parents: [
          {
            parentRef: { group: 'gateway.networking.k8s.io', kind: 'Gateway', name: 'bookinfo-gateway' },
            controllerName: 'istio.io/gateway-controller',
            conditions: [cond('Accepted', 'True', 'Accepted', 2), cond('ResolvedRefs', 'False', 'RefNotPermitted', 2)],
          },
          {
            parentRef: { group: '', kind: 'Service', name: 'reviews', port: 9080 },
            conditions: [cond('Accepted', 'True', 'Accepted', 2)],
          },
        ],
      },
    };
    const s = reportedStatus(route);
    expect(s.scopes.map((x) => x.scope)).toEqual([
      'Parent Gateway bookinfo/bookinfo-gateway',
      'Parent Service bookinfo/reviews:9080',
    ]);
    expect(s.scopes[0]?.controller).toBe('istio.io/gateway-controller');
    expect(s.health).toBe('error');
    expect(s.summary).toBe('ResolvedRefs=False (RefNotPermitted)');
    expect(s.stale).toBe(false);
  });

  it("reads a Gateway's own and listener conditions; Conflicted=True is bad; an old observedGeneration is stale", () => {
    const gw = {
      kind: 'Gateway',
      metadata: { namespace: 'bookinfo', generation: 3 },
      status: {
        conditions: [cond('Accepted', 'True', 'Accepted'), cond('Programmed', 'True', 'Programmed')],
        listeners: [{ name: 'http', attachedRoutes: 1, conditions: [cond('Conflicted', 'False', 'NoConflicts')] }],
      },
    };
    const ok = reportedStatus(gw);
    expect(ok.scopes.map((x) => x.scope)).toEqual(['Gateway', 'Listener http']);
    expect([ok.health, ok.summary, ok.stale]).toEqual([
      'ok',
      'Accepted=True (Accepted), Programmed=True (Programmed)',
      true,
    ]);
    expect(isBadCondition({ type: 'Conflicted', status: 'True' })).toBe(true);
    expect(isBadCondition({ type: 'Conflicted', status: 'False' })).toBe(false);
    expect(isBadCondition({ type: 'Programmed', status: 'Unknown' })).toBe(false);
  });

  it('gives nothing for objects without status and ignores malformed entries', () => {
    expect(reportedStatus({ kind: 'VirtualService', metadata: {} })).toEqual({
      scopes: [],
      health: 'none',
      summary: '',
      stale: false,
    });
    const odd = reportedStatus({
      kind: 'Gateway',
      status: { conditions: [null, { type: 'Accepted' }, 'x', { type: 'Programmed', status: 'Unknown' }] },
    });
    expect([odd.health, odd.scopes[0]?.conditions, odd.summary]).toEqual([
      'unknown',
      [{ type: 'Programmed', status: 'Unknown' }],
      'Programmed=Unknown',
    ]);
  });
});
