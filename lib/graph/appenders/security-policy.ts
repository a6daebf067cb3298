/**
 * securityPolicy appender (Kiali `graph/telemetry/istio/appender/security_policy.go`): sets `isMTLS` (% of the
 * edge's traffic with `connection_security_policy="mutual_tls"`) and the source/destination principals, from
 * destination-reported telemetry. Rates of rows sharing an edge are summed (Kiali overwrites them).
 */
import type { TrafficMap } from '../traffic-map';
import type { AppenderContext } from './context';
import { sampleEdges } from './sample-edges';

const MTLS = 'mutual_tls';

/** Decorates edges with `isMTLS`, `sourcePrincipal`, `destPrincipal`. No-op when the queries were not run or failed. */
export function securityPolicyAppender(tm: TrafficMap, ctx: AppenderContext): void {
  const vectors = ctx.results.securityPolicy;
  if (!vectors || tm.size === 0) return;
  const { graphType, injectServiceNodes } = ctx.options;
  const policies = new Map<string, Map<string, number>>();
  const principals = new Map<string, { source: string; dest: string }>();
  const add = (pair: [string, string] | undefined, csp: string, v: number, source: string, dest: string) => {
    if (!pair) return;
    const key = `${pair[0]} ${pair[1]}`;
    const byPolicy = policies.get(key) ?? new Map<string, number>();
    byPolicy.set(csp, (byPolicy.get(csp) ?? 0) + v);
    policies.set(key, byPolicy);
    if (!principals.has(key)) principals.set(key, { source, dest });
  };
  for (const vector of vectors) {
    for (const s of vector) {
      const m = s.metric;
      if (Number.isNaN(s.value)) continue;
      const edges = sampleEdges(m, {
        graphType,
        injectServiceNodes,
        istioNamespace: ctx.index.istioNamespace,
        required: ['source_principal', 'destination_principal'],
        withoutDestinationService: true,
      });
      if (!edges) continue;
      // connection_security_policy is not set on gRPC message metrics
      const csp = m.connection_security_policy ?? 'unknown';
      const sp = m.source_principal!;
      const dp = m.destination_principal!;
      add(edges.direct, csp, s.value, sp, dp);
      add(edges.toService, csp, s.value, sp, dp);
      add(edges.fromService, csp, s.value, sp, dp);
    }
  }
  for (const n of tm.values()) {
    for (const e of n.edges) {
      const key = `${e.source.id} ${e.dest.id}`;
      const byPolicy = policies.get(key);
      if (byPolicy) {
        let mtls = 0;
        let other = 0;
        for (const [policy, rate] of byPolicy) {
          if (policy === MTLS) mtls += rate;
          else other += rate;
        }
        if (mtls > 0) e.isMTLS = (mtls / (mtls + other)) * 100;
      }
      const p = principals.get(key);
      if (p) {
        e.sourcePrincipal = p.source;
        e.destPrincipal = p.dest;
      }
    }
  }
}
