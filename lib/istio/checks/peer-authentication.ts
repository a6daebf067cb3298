/**
 * KIA0501 (Kiali `peerauthentications/namespace_mtls_checker.go`): a namespace-wide STRICT PeerAuthentication needs
 * a DestinationRule that makes clients send mTLS (`ISTIO_MUTUAL` for `*.<ns>.svc.cluster.local` or mesh-wide
 * `*.local`). Only meaningful when auto mTLS is off (`meshConfig.enableAutoMtls: false`); with auto mTLS, the
 * default, sidecars pick mTLS by themselves and nothing is reported.
 */
import { namespaceOf, type AnalysisContext } from './context';

/** KIA0501 on `spec.mtls.mode` of namespace-wide STRICT policies without an ISTIO_MUTUAL DestinationRule (auto mTLS off). */
export function checkPeerAuthenticationMtls(ctx: AnalysisContext): void {
  if (ctx.autoMtls) return;
  const mutualHosts = ctx
    .of('DestinationRule')
    .filter((dr) => dr.spec?.trafficPolicy?.tls?.mode === 'ISTIO_MUTUAL')
    .map((dr) => dr.spec?.host ?? '');
  for (const pa of ctx.of('PeerAuthentication')) {
    const ns = namespaceOf(pa);
    if (pa.spec?.selector || pa.spec?.mtls?.mode !== 'STRICT' || ns === ctx.rootNamespace) continue;
    const covered = mutualHosts.some((h) => h === '*.local' || h === '*' || h === `*.${ns}.svc.cluster.local`);
    if (!covered) ctx.report(pa, 'KIA0501', 'spec.mtls.mode');
  }
}
