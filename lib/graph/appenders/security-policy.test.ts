import { describe, expect, it } from 'vitest';
import type { TrafficMap } from '../traffic-map';
import { securityPolicyAppender } from './security-policy';
import { DETAILS, PP, ctx, ppToDetails, ppToDetailsViaService, row, scope } from './test-helpers';

const principals = {
  source_principal: 'spiffe://cluster.local/ns/bookinfo/sa/bookinfo-productpage',
  destination_principal: 'spiffe://cluster.local/ns/bookinfo/sa/bookinfo-details',
};

describe('securityPolicyAppender', () => {
  it('sets isMTLS as the % of mutual_tls traffic, and the principals', () => {
    const tm: TrafficMap = new Map();
    const e = ppToDetails(tm, 10);
    securityPolicyAppender.apply(tm, ctx({}), [
      [row(PP, DETAILS, { ...principals, connection_security_policy: 'mutual_tls' }, 3)],
      [row(PP, DETAILS, { ...principals, connection_security_policy: 'none' }, 1)],
    ]);
    expect(e.isMTLS).toBe(75);
    expect(e.sourcePrincipal).toBe(principals.source_principal);
    expect(e.destPrincipal).toBe(principals.destination_principal);
  });

  it('without mTLS traffic leaves isMTLS unset; rows without principals are skipped', () => {
    const tm: TrafficMap = new Map();
    const e = ppToDetails(tm, 10);
    securityPolicyAppender.apply(tm, ctx({}), [
      [
        row(PP, DETAILS, { connection_security_policy: 'mutual_tls' }, 3),
        row(PP, DETAILS, { ...principals, connection_security_policy: 'none' }, 1),
      ],
    ]);
    expect(e.isMTLS).toBeUndefined();
    expect(e.sourcePrincipal).toBe(principals.source_principal);
  });

  it('decorates both edges around an injected service', () => {
    const tm: TrafficMap = new Map();
    const [a, b] = ppToDetailsViaService(tm, 10);
    securityPolicyAppender.apply(tm, ctx({ injectServiceNodes: true }), [
      [row(PP, DETAILS, { ...principals, connection_security_policy: 'mutual_tls' }, 2)],
    ]);
    expect(a.isMTLS).toBe(100);
    expect(b.isMTLS).toBe(100);
  });
});

describe('securityPolicyAppender queries', () => {
  it('securityPolicy ORs the requested metrics, destination-reported', () => {
    const q = securityPolicyAppender.queries!(
      scope({ rates: { http: 'requests', grpc: 'requests', tcp: 'sent', ambient: 'none' } }),
    );
    expect(q).toHaveLength(2);
    expect(q[0]!.promql).toMatch(
      /^round\(\(sum\(rate\(istio_requests_total\{reporter="destination",source_workload_namespace!="bookinfo",destination_service_namespace="bookinfo"\}.*\) OR \(sum\(rate\(istio_tcp_sent_bytes_total\{app!="ztunnel",reporter="destination"/,
    );
    expect(q[1]!.promql).toContain('connection_security_policy) > 0)');
  });
});
