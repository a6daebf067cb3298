/**
 * PeerAuthentication mTLS checks, from Kiali's `business/checkers/peerauthentications/`:
 * - KIA0501 (`namespace_mtls_checker.go`): a namespace-wide STRICT PeerAuthentication needs a DestinationRule that
 *   makes clients send mTLS (`ISTIO_MUTUAL` for `*.<ns>.svc.cluster.local` or mesh-wide `*.local`). Only meaningful
 *   when auto mTLS is off (`meshConfig.enableAutoMtls: false`); with auto mTLS, the default, sidecars pick mTLS by
 *   themselves and nothing is reported.
 * - KIA0505 (`disabled_namespacewide_checker.go`): a namespace-wide PeerAuthentication with mode DISABLE while a
 *   DestinationRule for the namespace (`*.<ns>.svc.cluster.local`), or else a mesh-wide one (`*.local`), makes
 *   clients send mTLS (`ISTIO_MUTUAL`/`MUTUAL`): the servers refuse what the clients send. A namespace-wide rule that
 *   disables TLS settles it (silent).
 * - KIA0506 (`disabled_meshwide_checker.go`): the same for a DISABLE PeerAuthentication of the root namespace
 *   (mesh-wide) and a mesh-wide DestinationRule enabling mTLS.
 * KIA0505/0506 do not depend on auto mTLS (an explicit DestinationRule wins over it). A PeerAuthentication with a
 * `selector` (even `{}`) is workload-scoped for Kiali and not judged.
 */
import { namespaceOf, type AnalysisContext } from './context';
import { MESH_WIDE_HOST, namespaceWideHost, sendsMutualTls, tlsModesForHost } from './mtls';

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

/**
 * KIA0505 (namespace-wide) and KIA0506 (root namespace) on `spec.mtls` of selector-less DISABLE PeerAuthentications
 * that a DestinationRule enabling mTLS contradicts. Where Kiali's loop depends on the rules' order (a namespace rule
 * disabling TLS listed after a mesh-wide one enabling it), the namespace rule wins, as it does in Istio.
 */
export function checkPeerAuthenticationDisabledMtls(ctx: AnalysisContext): void {
  const meshModes = tlsModesForHost(ctx, MESH_WIDE_HOST);
  for (const pa of ctx.of('PeerAuthentication')) {
    if (pa.spec?.selector || pa.spec?.mtls?.mode !== 'DISABLE') continue;
    const ns = namespaceOf(pa);
    if (ns === ctx.rootNamespace) {
      if (meshModes.some(sendsMutualTls)) ctx.report(pa, 'KIA0506', 'spec.mtls');
      continue;
    }
    const nsModes = tlsModesForHost(ctx, namespaceWideHost(ctx, ns));
    const contradicted =
      nsModes.some(sendsMutualTls) || (!nsModes.includes('DISABLE') && meshModes.some(sendsMutualTls));
    if (contradicted) ctx.report(pa, 'KIA0505', 'spec.mtls');
  }
}
