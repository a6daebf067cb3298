/**
 * IST0002 Deprecated (istio/istio `analyzers/deprecation/deprecation.go`, hand-written there too): a VirtualService
 * fault delay given as `percent` (replaced by `percentage`), and a Sidecar's `outboundTrafficPolicy.egressProxy`
 * (ignored). Istio's reports on removed `rbac.istio.io` CRDs need CustomResourceDefinitions, which snapshots do not
 * carry.
 */
import { indexPath } from '../path';
import type { AnalysisContext } from './context';

interface FaultRule {
  fault?: { delay?: { percent?: number } };
}

/** IST0002 on deprecated or ignored fields. */
export function checkDeprecatedFields(ctx: AnalysisContext): void {
  for (const vs of ctx.of('VirtualService')) {
    ((vs.spec?.http ?? []) as (FaultRule | null)[]).forEach((rule, i) => {
      const percent = rule?.fault?.delay?.percent;
      if (typeof percent === 'number' && percent > 0)
        ctx.report(vs, 'IST0002', `${indexPath('spec.http', i)}.fault.delay.percent`, [
          'HTTPRoute.fault.delay.percent is deprecated; use HTTPRoute.fault.delay.percentage',
        ]);
    });
  }
  for (const sc of ctx.of('Sidecar')) {
    const policy = (sc.spec as { outboundTrafficPolicy?: { egressProxy?: unknown } } | undefined)
      ?.outboundTrafficPolicy;
    if (policy?.egressProxy)
      ctx.report(sc, 'IST0002', 'spec.outboundTrafficPolicy.egressProxy', [
        'OutboundTrafficPolicy.EgressProxy ignored',
      ]);
  }
}
