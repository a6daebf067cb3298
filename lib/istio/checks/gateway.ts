/**
 * Gateway checks (istio/istio `analyzers/gateway/{gateway,conflictinggateway}.go`):
 * - IST0101 the selector matches no pod (in any namespace, as Istio gateways select across namespaces);
 * - IST0162 a server port that no Service in front of the gateway pods reaches: the Service port's `targetPort` (the
 *   port the proxy listens on; a named or absent targetPort counts as the port itself, `IntOrString.IntValue()`), TCP
 *   ports only;
 * - IST0145 two Gateways selecting the same proxies with the same host on the same port;
 * - IST0138 two Gateways on the same proxies serving the same certificate (`analyzers/gateway/certificate.go`);
 * - IST0101 (credentialName) and IST0161 a server's `tls.credentialName` names no Secret in the namespace of the
 *   gateway's pods, or one without a usable certificate (`analyzers/gateway/secret.go`); only when the Secrets are
 *   known (files: istioctl offline reads them from the files; a live cluster's are not read, and nothing is said).
 */
import { indexPath } from '../path';
import type { Gateway } from '../types';
import { fullName, nameOf, namespaceOf, type AnalysisContext } from './context';
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

/** `model.CheckDuplicates`: a host the other server already has with the same `bind` (exact strings, no wildcards). */
function duplicateHosts(hosts: string[], bind: string, known: Map<string, string>): boolean {
  return hosts.some((h) => known.has(h) && known.get(h) === bind);
}

/**
 * IST0145 ConflictingGateways (`ConflictingGatewayAnalyzer`): two Gateways whose selectors pick the same proxies (the
 * same selector, or one selector's string containing the other's while some pod matches both: a selector that is a
 * subset of another) define the same host with the same `bind` on the same port. Hosts compare as written: `*` and
 * `*` conflict, `*.example.com` and `shop.example.com` do not (Istio's `model.CheckDuplicates`).
 */
export function checkConflictingGateways(ctx: AnalysisContext): void {
  const gateways = ctx.of('Gateway');
  interface Server {
    gw: Gateway;
    port: string;
    hosts: Map<string, string>;
  }
  const bySelector = new Map<string, Server[]>();
  for (const gw of gateways) {
    const selector = selectorString(gw.spec?.selector);
    for (const server of gw.spec?.servers ?? []) {
      const hosts = new Map((server?.hosts ?? []).map((h) => [h, server?.bind ?? ''] as const));
      bySelector.set(selector, [
        ...(bySelector.get(selector) ?? []),
        { gw, port: String(server?.port?.number ?? 0), hosts },
      ]);
    }
  }
  const parse = (s: string): Record<string, string> =>
    Object.fromEntries(
      s
        .split(',')
        .map((pair) => pair.split('='))
        .filter((kv): kv is [string, string] => kv.length === 2),
    );
  for (const gw of gateways) {
    const own = gw.spec?.selector;
    const selector = selectorString(own);
    const same = [...bySelector.entries()].filter(
      ([other]) =>
        other === selector ||
        ((other.includes(selector) || selector.includes(other)) &&
          ctx.pods.some((p) => matchesSelector(own, p.labels) && matchesSelector(parse(other), p.labels))),
    );
    gw.spec?.servers?.forEach((server, i) => {
      const port = String(server?.port?.number ?? 0);
      const names = new Set<string>();
      for (const [, servers] of same) {
        for (const other of servers) {
          if (other.gw === gw || other.port !== port) continue;
          if (fullName(other.gw) === fullName(gw)) continue;
          if (duplicateHosts(server?.hosts ?? [], server?.bind ?? '', other.hosts)) names.add(fullName(other.gw));
        }
      }
      if (names.size === 0) return;
      ctx.report(gw, 'IST0145', indexPath('spec.servers', i), [
        [...names].sort().join(','),
        selector,
        port,
        (server?.hosts ?? []).join(','),
      ]);
    });
  }
}

type ServerTls = NonNullable<NonNullable<NonNullable<Gateway['spec']>['servers']>[number]>['tls'];

/** `haveSameCertificate`: the same `credentialName`, or (neither has one) the same certificate and key files. */
function sameCertificate(a: NonNullable<ServerTls>, b: NonNullable<ServerTls>): boolean {
  if (a.credentialName && b.credentialName) return a.credentialName === b.credentialName;
  if (a.credentialName || b.credentialName) return false;
  return (
    !!a.serverCertificate &&
    a.serverCertificate === b.serverCertificate &&
    !!a.privateKey &&
    a.privateKey === b.privateKey
  );
}

/**
 * IST0138 GatewayDuplicateCertificate: another Gateway whose selector includes every pair of this one's (or any
 * Gateway, for an empty selector) has a TLS server with the same certificate; one finding per other Gateway.
 */
export function checkDuplicateCertificates(ctx: AnalysisContext): void {
  const gateways = ctx.of('Gateway');
  for (const gw of gateways) {
    const selector = gw.spec?.selector ?? {};
    for (const other of gateways) {
      if (other === gw || fullName(other) === fullName(gw)) continue;
      if (!matchesSelector(selector, other.spec?.selector ?? {})) continue;
      const duplicate = (gw.spec?.servers ?? []).some((s) =>
        (other.spec?.servers ?? []).some((o) => !!s?.tls && !!o?.tls && sameCertificate(s.tls, o.tls)),
      );
      if (duplicate) ctx.report(gw, 'IST0138', 'metadata.name', [[fullName(gw), fullName(other)]]);
    }
  }
}

/**
 * IST0101 credentialName and IST0161 InvalidGatewayCredential (`SecretAnalyzer`): the gateway's namespace is that of
 * the first pod its selector matches (`getGatewayNamespace`; none: IST0101 selector, reported by
 * `checkGatewaySelectors`); each server's `tls.credentialName` (`name`, or `namespace/name`) must name a Secret there
 * holding a usable certificate (lib/istio/secrets.ts). Silent when the snapshot does not know its Secrets.
 */
export function checkGatewaySecrets(ctx: AnalysisContext): void {
  const secrets = ctx.snapshot.secrets;
  if (!secrets) return;
  const byName = new Map<string, (typeof secrets)[number]>(secrets.map((s) => [`${s.namespace}/${s.name}`, s]));
  for (const gw of ctx.of('Gateway')) {
    const selector = gw.spec?.selector;
    const pod = ctx.pods.find((p) => matchesSelector(selector, p.labels));
    if (!pod) continue;
    gw.spec?.servers?.forEach((server, i) => {
      const name = server?.tls?.credentialName;
      if (!name) return;
      const path = `${indexPath('spec.servers', i)}.tls.credentialName`;
      const secret = byName.get(name.includes('/') ? name : `${pod.namespace}/${name}`);
      if (!secret) ctx.report(gw, 'IST0101', path, ['credentialName', name]);
      else if (secret.invalid) ctx.report(gw, 'IST0161', path, [nameOf(gw), pod.namespace]);
    });
  }
}
