/**
 * Gateway checks (istio/istio `analyzers/gateway/{gateway,conflictinggateway}.go`):
 * - IST0101 the selector matches no pod (in any namespace, as Istio gateways select across namespaces);
 * - IST0162 a server port that no Service in front of the gateway pods reaches: the Service port's `targetPort` (the
 *   port the proxy listens on; a named or absent targetPort counts as the port itself, `IntOrString.IntValue()`), TCP
 *   ports only;
 * - IST0145 two Gateways with the same selector and port and overlapping hosts (Kiali's KIA0301 is the same check).
 */
import { indexPath } from '../path';
import type { Gateway } from '../types';
import { fullName, namespaceOf, type AnalysisContext } from './context';
import { hostMatches } from './hosts';
import { isEmptySelector, matchesSelector, selectorString } from './selectors';

/** `IntOrString.IntValue()` of a Service port's targetPort, or the port when that is 0 (absent or named). */
function targetPortOf(port: { port: number; targetPort?: number | string }): number {
  const target = port.targetPort;
  const value = typeof target === 'number' ? target : /^\d+$/.test(target ?? '') ? Number(target) : 0;
  return value !== 0 ? value : port.port;
}

/** IST0101 (selector) and IST0162. */
export function checkGatewaySelectors(ctx: AnalysisContext): void {
  for (const gw of ctx.of('Gateway')) {
    const selector = gw.spec?.selector;
    if (isEmptySelector(selector)) continue;
    const pods = ctx.pods.filter((p) => matchesSelector(selector, p.labels));
    if (pods.length === 0) {
      ctx.report(gw, 'IST0101', 'spec.selector', ['selector', selectorString(selector)]);
      continue;
    }
    const servicePorts = new Set<number>();
    for (const svc of ctx.services) {
      const svcNs = namespaceOf({ kind: 'Service', metadata: svc.metadata });
      const svcSelector = svc.spec?.selector;
      if (isEmptySelector(svcSelector)) continue;
      if (!pods.some((p) => p.namespace === svcNs && matchesSelector(svcSelector, p.labels))) continue;
      for (const port of svc.spec?.ports ?? [])
        if ((port.protocol ?? 'TCP') === 'TCP') servicePorts.add(targetPortOf(port));
    }
    gw.spec?.servers?.forEach((server, i) => {
      const port = server?.port?.number;
      if (port !== undefined && !servicePorts.has(port)) {
        ctx.report(gw, 'IST0162', `${indexPath('spec.servers', i)}.port.number`, [port, selectorString(selector)]);
      }
    });
  }
}

/** IST0145 ConflictingGateways. */
export function checkConflictingGateways(ctx: AnalysisContext): void {
  const gateways = ctx.of('Gateway');
  const byKey = new Map<string, { gw: Gateway; hosts: string[] }[]>();
  for (const gw of gateways) {
    for (const server of gw.spec?.servers ?? []) {
      const key = `${selectorString(gw.spec?.selector)}~${server?.port?.number}`;
      byKey.set(key, [...(byKey.get(key) ?? []), { gw, hosts: server?.hosts ?? [] }]);
    }
  }
  for (const gw of gateways) {
    const selector = selectorString(gw.spec?.selector);
    gw.spec?.servers?.forEach((server, i) => {
      const port = String(server?.port?.number);
      const others = (byKey.get(`${selector}~${port}`) ?? []).filter(
        (o) => o.gw !== gw && (server?.hosts ?? []).some((h) => o.hosts.some((oh) => hostMatches(h, oh))),
      );
      if (others.length === 0) return;
      const names = [...new Set(others.map((o) => fullName(o.gw)))].join(',');
      ctx.report(gw, 'IST0145', indexPath('spec.servers', i), [names, selector, port, (server?.hosts ?? []).join(',')]);
    });
  }
}
