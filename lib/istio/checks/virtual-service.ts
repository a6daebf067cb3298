/**
 * VirtualService references, as istioctl analyze checks them (istio/istio
 * `pkg/config/analysis/analyzers/virtualservice/{destinationhosts,destinationrules,gateways}.go`), plus Kiali's
 * route checks (`business/checkers/virtualservices/route_checker.go`).
 */
import { childPath, indexPath } from '../path';
import type { Destination, RouteDestination, VirtualService } from '../types';
import { fullName, namespaceOf, type AnalysisContext } from './context';
import { hostMatches, toFqdn } from './hosts';

export interface AnnotatedDestination {
  destination: Destination;
  /** Path of the `destination` object. */
  path: string;
  mirror: boolean;
}

/** `getRouteDestinations` + `getHTTPMirrorDestinations`: every destination of tcp, tls and http routes and mirrors. */
export function routeDestinations(vs: VirtualService): AnnotatedDestination[] {
  const out: AnnotatedDestination[] = [];
  const add = (routes: RouteDestination[] | undefined, base: string): void =>
    routes?.forEach((rd, j) => {
      if (rd?.destination)
        out.push({ destination: rd.destination, path: `${indexPath(`${base}.route`, j)}.destination`, mirror: false });
    });
  vs.spec?.tcp?.forEach((r, i) => add(r?.route, indexPath('spec.tcp', i)));
  vs.spec?.tls?.forEach((r, i) => add(r?.route, indexPath('spec.tls', i)));
  vs.spec?.http?.forEach((r, i) => add(r?.route, indexPath('spec.http', i)));
  vs.spec?.http?.forEach((r, i) => {
    if (r?.mirror) out.push({ destination: r.mirror, path: `${indexPath('spec.http', i)}.mirror`, mirror: true });
    r?.mirrors?.forEach((m, j) => {
      if (m?.destination)
        out.push({
          destination: m.destination,
          path: `${indexPath(`${indexPath('spec.http', i)}.mirrors`, j)}.destination`,
          mirror: true,
        });
    });
  });
  return out;
}

/**
 * IST0101 host / mirror host / host:port / host+subset in destinationrule not found, and IST0112 (destination port
 * required when the service exposes several ports). Implements `DestinationHostAnalyzer.analyzeVirtualService` and
 * `DestinationRuleAnalyzer` (subset presence; Kiali's KIA1107 is the same check).
 */
export function checkVirtualServiceDestinations(ctx: AnalysisContext): void {
  const subsets = new Set<string>();
  for (const dr of ctx.of('DestinationRule')) {
    const host = toFqdn(dr.spec?.host ?? '', namespaceOf(dr), ctx.registry.clusterDomain);
    for (const subset of dr.spec?.subsets ?? []) subsets.add(`${host}|${subset?.name}`);
  }
  for (const vs of ctx.of('VirtualService')) {
    const ns = namespaceOf(vs);
    for (const { destination, path, mirror } of routeDestinations(vs)) {
      const host = destination.host ?? '';
      const entry = ctx.registry.resolve(ns, vs.spec?.exportTo, host);
      if (!entry) {
        ctx.report(vs, 'IST0101', childPath(path, 'host'), [mirror ? 'mirror host' : 'host', host]);
      } else if (destination.port?.number === undefined) {
        if (entry.ports.length > 1) ctx.report(vs, 'IST0112', path, [host, entry.ports.map((p) => p.number)]);
      } else if (!entry.ports.some((p) => p.number === destination.port?.number)) {
        ctx.report(vs, 'IST0101', `${path}.port.number`, ['host:port', `${host}:${destination.port.number}`]);
      }
      const subset = destination.subset;
      if (subset && !subsets.has(`${toFqdn(host, ns, ctx.registry.clusterDomain)}|${subset}`)) {
        const what = mirror ? 'mirror+subset in destinationrule' : 'host+subset in destinationrule';
        ctx.report(vs, 'IST0101', childPath(path, 'subset'), [what, `${host}+${subset}`]);
      }
    }
  }
}

/** `sanitizeServerHostNamespace` + `host.NamesForNamespace`: the Gateway's hosts visible from `vsNamespace`. */
function gatewayHostsFor(serverHosts: string[], gatewayNamespace: string, vsNamespace: string): string[] {
  const out: string[] = [];
  for (const h of serverHosts) {
    const slash = h.indexOf('/');
    if (slash < 0) {
      out.push(h);
      continue;
    }
    const ns = h.slice(0, slash) === '.' ? gatewayNamespace : h.slice(0, slash);
    if (ns === '*' || ns === vsNamespace) out.push(h.slice(slash + 1));
  }
  return out;
}

/**
 * IST0101 gateway not found and IST0132 VirtualService host not exposed by the Gateway (`GatewayAnalyzer`). Unlike
 * istioctl, IST0132 is not repeated for a gateway that does not exist.
 */
export function checkVirtualServiceGateways(ctx: AnalysisContext): void {
  const gateways = new Map(ctx.of('Gateway').map((gw) => [fullName(gw), gw] as const));
  for (const vs of ctx.of('VirtualService')) {
    const ns = namespaceOf(vs);
    vs.spec?.gateways?.forEach((name, i) => {
      if (name === 'mesh') return;
      const gwFullName = name.includes('/') ? name : `${ns}/${name}`;
      const gateway = gateways.get(gwFullName);
      if (!gateway) {
        ctx.report(vs, 'IST0101', indexPath('spec.gateways', i), ['gateway', name]);
        return;
      }
      const serverHosts = (gateway.spec?.servers ?? []).flatMap((s) => s?.hosts ?? []);
      const visible = gatewayHostsFor(serverHosts, namespaceOf(gateway), ns);
      const vsHosts = vs.spec?.hosts ?? [];
      if (!visible.some((gh) => vsHosts.some((vh) => hostMatches(gh, vh)))) {
        ctx.report(vs, 'IST0132', indexPath('spec.gateways', i), [vsHosts, fullName(vs), gwFullName]);
      }
    });
  }
}

/**
 * Kiali route checks: KIA1104 a single destination with a weight below 100 (the weight is ignored), KIA1105 the same
 * host+subset twice in one route.
 */
export function checkVirtualServiceRoutes(ctx: AnalysisContext): void {
  for (const vs of ctx.of('VirtualService')) {
    const kinds = [
      ['http', vs.spec?.http],
      ['tcp', vs.spec?.tcp],
      ['tls', vs.spec?.tls],
    ] as const;
    for (const [kind, rules] of kinds) {
      rules?.forEach((rule, i) => {
        const routes = rule?.route ?? [];
        const base = indexPath(`spec.${kind}`, i);
        const only = routes[0];
        if (routes.length === 1 && only?.weight !== undefined && only.weight > 0 && only.weight < 100) {
          ctx.report(vs, 'KIA1104', `${indexPath(`${base}.route`, 0)}.weight`);
        }
        const seen = new Set<string>();
        routes.forEach((rd, j) => {
          const key = `${toFqdn(rd?.destination?.host ?? '', namespaceOf(vs))}|${rd?.destination?.subset ?? ''}|${rd?.destination?.port?.number ?? ''}`;
          if (seen.has(key)) ctx.report(vs, 'KIA1105', `${indexPath(`${base}.route`, j)}.destination`);
          seen.add(key);
        });
      });
    }
  }
}
