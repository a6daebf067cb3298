/**
 * IST0149 JwtClaimBasedRoutingWithoutRequestAuthN (istio/istio `analyzers/virtualservice/jwtclaimroute.go`,
 * `virtualservice.JWTClaimRouteAnalyzer`): a VirtualService whose HTTP matches test a `@request.auth.claims…` header
 * (in `headers`, else `withoutHeaders`; the first such key is named) and that is bound to an Istio Gateway (not
 * `mesh`; `name` in the VirtualService's namespace or `namespace/name`; a Gateway the snapshot lacks is the
 * gateway analyzer's concern), for each Pod the Gateway's `selector` matches (an empty selector matches every pod)
 * that no RequestAuthentication of `istio-system` or of the pod's namespace selects (`selector.matchLabels`, empty:
 * all). Without one, the gateway does not validate the JWT and the claims are not there to route on. Reported once
 * per pod, on the whole VirtualService.
 */
import type { Labels } from '../types';
import { namespaceOf, nameOf, type AnalysisContext } from './context';
import { matchesSelector } from './selectors';

const JWT_CLAIM = '@request.auth.claims';
/** `constants.IstioSystemNamespace`: Istio reads this namespace, not the configured root namespace. */
const ISTIO_SYSTEM = 'istio-system';

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

/** `routeBasedOnJWTClaimKey`: the first claim header a match tests, or ''. */
function claimKey(http: unknown): string {
  for (const route of Array.isArray(http) ? http : []) {
    const matches = isObject(route) && Array.isArray(route.match) ? route.match : [];
    for (const match of matches) {
      if (!isObject(match)) continue;
      for (const field of ['headers', 'withoutHeaders'])
        for (const key of Object.keys(isObject(match[field]) ? (match[field] as Json) : {}))
          if (key.startsWith(JWT_CLAIM)) return key;
    }
  }
  return '';
}

/** IST0149. */
export function checkJwtClaimRoutes(ctx: AnalysisContext): void {
  const requestAuthns = ctx.of('RequestAuthentication').map((ra) => ({
    namespace: namespaceOf(ra),
    selector: ((ra.spec as { selector?: { matchLabels?: Labels } } | undefined)?.selector?.matchLabels ?? {}) as Labels,
  }));
  const gateways = new Map(ctx.of('Gateway').map((g) => [`${namespaceOf(g)}/${nameOf(g)}` as string, g] as const));
  for (const vs of ctx.of('VirtualService')) {
    const key = claimKey(vs.spec?.http);
    if (!key) continue;
    for (const gatewayName of vs.spec?.gateways ?? []) {
      if (gatewayName === 'mesh') continue;
      const fullName = gatewayName.includes('/') ? gatewayName : `${namespaceOf(vs)}/${gatewayName}`;
      const gateway = gateways.get(fullName);
      if (!gateway) continue;
      const selector = (gateway.spec?.selector ?? {}) as Labels;
      for (const pod of ctx.snapshot.pods) {
        const labels = pod.metadata?.labels ?? {};
        if (!matchesSelector(selector, labels)) continue;
        const podNamespace = pod.metadata?.namespace || 'default';
        const authenticated = requestAuthns.some(
          (ra) =>
            (ra.namespace === ISTIO_SYSTEM || ra.namespace === podNamespace) && matchesSelector(ra.selector, labels),
        );
        if (!authenticated) ctx.report(vs, 'IST0149', '', [key, fullName, pod.metadata?.name ?? '']);
      }
    }
  }
}
