/**
 * How Kiali reads mTLS intent from DestinationRules and PeerAuthentications (kiali/kiali `kubernetes/filters.go`
 * `DestinationRuleHasMTLSEnabledForHost`, `PeerAuthnHasMTLSEnabled`), shared by the KIA mTLS checks. Pure.
 */
import type { DestinationRule } from '../types';
import type { AnalysisContext } from './context';

/** The host of a mesh-wide DestinationRule, as Kiali recognises one. */
export const MESH_WIDE_HOST = '*.local';

/** The host of a namespace-wide DestinationRule for `namespace`: `*.<ns>.svc.<cluster domain>`. */
export const namespaceWideHost = (ctx: AnalysisContext, namespace: string): string =>
  `*.${namespace}.svc.${ctx.registry.clusterDomain}`;

/**
 * The rule-level client TLS mode of a DestinationRule (`trafficPolicy.tls.mode`); a `tls` without `mode` is DISABLE
 * (the enum's zero value, as Istio and Kiali read it); undefined without `tls`.
 */
export function destinationRuleTlsMode(dr: DestinationRule): string | undefined {
  const tls = dr.spec?.trafficPolicy?.tls;
  return tls ? (tls.mode ?? 'DISABLE') : undefined;
}

/** Whether a client TLS mode sends mutual TLS (`ISTIO_MUTUAL`, or `MUTUAL` with the user's certificates). */
export const sendsMutualTls = (mode: string | undefined): boolean => mode === 'ISTIO_MUTUAL' || mode === 'MUTUAL';

/** The TLS modes of every DestinationRule written exactly for `host` (Kiali compares the host string as written). */
export function tlsModesForHost(ctx: AnalysisContext, host: string): string[] {
  return ctx
    .of('DestinationRule')
    .filter((dr) => dr.spec?.host === host)
    .flatMap((dr) => destinationRuleTlsMode(dr) ?? []);
}
