/**
 * How Kiali reads mTLS intent from DestinationRules and PeerAuthentications (kiali/kiali `kubernetes/filters.go`
 * `DestinationRuleHasMTLSEnabledForHost`, `PeerAuthnHasMTLSEnabled`) and the mTLS status it derives for a namespace
 * or workload (`util/mtls/status.go`, with auto mTLS on or off), shared by the KIA mTLS checks. Pure.
 */
import type { DestinationRule, Labels } from '../types';
import { namespaceOf, type AnalysisContext } from './context';
import { matchesSelector } from './selectors';

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

/**
 * Kiali's mTLS status of a namespace, the mesh or a workload (`util/mtls/status.go`): ENABLED (servers require mTLS
 * and clients send it), DISABLED, PARTIAL (a mix), NOT_ENABLED (nothing configured).
 */
export type MtlsStatus = 'ENABLED' | 'PARTIAL' | 'NOT_ENABLED' | 'DISABLED';

/** `TlsStatus`: the DestinationRule and PeerAuthentication modes found ('' for none) and the status they give. */
interface TlsStatus {
  dr: string;
  pa: string;
  overall: MtlsStatus | '';
}

/** How statuses combine: with auto mTLS on (clients send mTLS unless told not to), PERMISSIVE counted as enabled. */
interface Rules {
  autoMtls: boolean;
  allowPermissive: boolean;
}

/** `finalStatus`: the status of one PeerAuthentication mode beside one DestinationRule mode. */
function finalStatus(dr: string, pa: string, rules: Rules): TlsStatus {
  const sends = sendsMutualTls(dr) || (dr === '' && rules.autoMtls);
  const plain = dr === 'DISABLE' || (dr === '' && rules.autoMtls);
  let overall: MtlsStatus = 'PARTIAL';
  if ((pa === 'STRICT' || (pa === 'PERMISSIVE' && rules.allowPermissive)) && sends) overall = 'ENABLED';
  else if (pa === 'DISABLE' && plain) overall = 'DISABLED';
  else if (pa === '' && dr === '') overall = 'NOT_ENABLED';
  return { dr, pa, overall };
}

/** `hasHalfTlsConfigDefined`: with auto mTLS, one side set to mTLS and the other unset is enough. */
function halfDefined(t: TlsStatus, rules: Rules): boolean {
  if (!rules.autoMtls) return false;
  return (
    (t.pa === 'STRICT' && t.dr === '') ||
    (sendsMutualTls(t.dr) && t.pa === '') ||
    (rules.allowPermissive && t.pa === 'PERMISSIVE' && t.dr === '')
  );
}

/** `OverallMtlsStatus`: the namespace's status when it decides, else the modes it leaves unset taken from the mesh. */
function overallStatus(ns: TlsStatus | null, mesh: TlsStatus, rules: Rules): MtlsStatus {
  if (ns?.overall === 'ENABLED' || ns?.overall === 'DISABLED') return ns.overall;
  if (ns?.overall === 'PARTIAL')
    return overallStatus(null, finalStatus(ns.dr || mesh.dr, ns.pa || mesh.pa, rules), rules);
  if (mesh.overall === 'ENABLED' || mesh.overall === 'DISABLED') return mesh.overall;
  if (mesh.pa === '' && mesh.dr === '') return 'NOT_ENABLED';
  if ((mesh.pa === 'DISABLE' && mesh.dr === '') || (mesh.dr === 'DISABLE' && mesh.pa === '')) return 'DISABLED';
  return halfDefined(mesh, rules) ? 'ENABLED' : 'PARTIAL';
}

/** The selector-less PeerAuthentication mode of a namespace, if any (`UNSET` counts as not set: it inherits). */
export function namespaceMtlsMode(ctx: AnalysisContext, namespace: string): string | undefined {
  const pa = ctx.of('PeerAuthentication').find((p) => namespaceOf(p) === namespace && !p.spec?.selector);
  const mode = pa?.spec?.mtls?.mode;
  return mode && mode !== 'UNSET' ? mode : undefined;
}

/**
 * Kiali's `hasMtlsEnabledForNamespace`: the namespace's status (its selector-less PeerAuthentication, the
 * `*.<ns>.svc.cluster.local` DestinationRule) over the mesh's (the root namespace's PeerAuthentication, the `*.local`
 * rule); with auto mTLS, a namespace and mesh with nothing configured are ENABLED. A mode `UNSET` counts as none (it
 * inherits), where Kiali takes it for a mode of its own and finds the namespace partly enabled.
 */
export function namespaceMtlsStatus(ctx: AnalysisContext, namespace: string): MtlsStatus {
  const permissive = { autoMtls: ctx.autoMtls, allowPermissive: true };
  const firstMode = (host: string) => tlsModesForHost(ctx, host)[0] ?? '';
  const meshModes = finalStatus(firstMode(MESH_WIDE_HOST), namespaceMtlsMode(ctx, ctx.rootNamespace) ?? '', permissive);
  const mesh = { ...meshModes, overall: overallStatus(null, meshModes, permissive) };
  const ns = finalStatus(
    firstMode(namespaceWideHost(ctx, namespace)),
    namespaceMtlsMode(ctx, namespace) ?? '',
    permissive,
  );
  const status = overallStatus(ns, mesh, { autoMtls: ctx.autoMtls, allowPermissive: false });
  return status === 'NOT_ENABLED' && ctx.autoMtls ? 'ENABLED' : status;
}

/** Kiali `FilterByHost`: a DestinationRule host naming Service `name` of `namespace` (short in its namespace, or qualified). */
function namesService(ctx: AnalysisContext, dr: DestinationRule, name: string, namespace: string): boolean {
  const host = dr.spec?.host ?? '';
  if (host === name) return namespaceOf(dr) === namespace;
  const qualified = `${name}.${namespace}`;
  return [qualified, `${qualified}.svc`, `${qualified}.svc.${ctx.registry.clusterDomain}`].includes(host);
}

/**
 * Kiali's `WorkloadMtlsStatus` for the workloads of `namespace` labelled `labels`: the first PeerAuthentication of the
 * namespace with a selector matching them and a mode decides: STRICT is ENABLED, DISABLE is DISABLED, PERMISSIVE
 * looks at the DestinationRules of the namespace's Services whose labels the selector matches (ISTIO_MUTUAL/MUTUAL
 * ENABLED, DISABLE DISABLED); NOT_ENABLED otherwise (the namespace then decides).
 */
export function workloadMtlsStatus(ctx: AnalysisContext, namespace: string, labels: Labels): MtlsStatus {
  for (const pa of ctx.of('PeerAuthentication')) {
    if (namespaceOf(pa) !== namespace || !pa.spec?.selector) continue;
    const selector = pa.spec.selector.matchLabels;
    if (!matchesSelector(selector, labels)) continue;
    const mode = pa.spec.mtls?.mode;
    if (mode === 'STRICT') return 'ENABLED';
    if (mode === 'DISABLE') return 'DISABLED';
    if (mode !== 'PERMISSIVE') continue;
    const services = ctx.services.filter(
      (s) => (s.metadata?.namespace || 'default') === namespace && matchesSelector(selector, s.metadata?.labels),
    );
    for (const svc of services)
      for (const dr of ctx.of('DestinationRule')) {
        if (!namesService(ctx, dr, svc.metadata?.name ?? '', namespace)) continue;
        const drMode = destinationRuleTlsMode(dr);
        if (sendsMutualTls(drMode)) return 'ENABLED';
        if (drMode === 'DISABLE') return 'DISABLED';
      }
    return 'NOT_ENABLED';
  }
  return 'NOT_ENABLED';
}

/**
 * Kiali's `IsMtlsEnabledFor`: whether the workloads an AuthorizationPolicy selects (`labels`, its `matchLabels`; `{}`
 * without a selector) receive mTLS: their workload status when it decides, else their namespace's.
 */
export function receivesMtls(ctx: AnalysisContext, namespace: string, labels: Labels | undefined): boolean {
  const workload = labels ? workloadMtlsStatus(ctx, namespace, labels) : 'NOT_ENABLED';
  if (workload !== 'NOT_ENABLED') return workload === 'ENABLED';
  return namespaceMtlsStatus(ctx, namespace) === 'ENABLED';
}
