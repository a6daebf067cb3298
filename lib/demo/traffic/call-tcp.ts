import { tcpViaAmbient } from './ambient';
import { isAllowed } from './authz';
import {
  callerOf,
  destinationRuleFor,
  mtlsModeOf,
  peerOf,
  pickWorkload,
  policiesOf,
  resolveTarget,
  usesMtls,
  type Caller,
  type SimContext,
} from './context';
import { gammaTcpDestinations, gatewayApiTcpDestination } from './gateway-api';
import { labelsMatch } from './mesh-index';
import { hasPoolLimits, overflows } from './policy';
import { pickWeighted, type RouteDestination } from './routing';
import { qualifyConfigHost } from './istio-match';
import { UNKNOWN_PEER, type Peer, type ServiceLabels, type TcpRow } from './telemetry';

/** The tcp route of a VirtualService for a port (first match; `match` on port and sourceLabels), if any. */
function tcpDestinations(ctx: SimContext, caller: Caller, fqdn: string, port: number): RouteDestination[] | null {
  if (!caller.proxy) return null;
  const vs = ctx.vs.forMesh(fqdn);
  const ns = vs?.metadata.namespace ?? 'default';
  for (const r of (vs?.spec?.tcp ?? []) as Record<string, unknown>[]) {
    const matches = (r.match ?? []) as { port?: number; sourceLabels?: Record<string, string>; gateways?: string[] }[];
    const ok =
      matches.length === 0 ||
      matches.some(
        (m) =>
          (m.port === undefined || m.port === port) &&
          (!m.sourceLabels || labelsMatch(m.sourceLabels, caller.labels)) &&
          (!m.gateways || m.gateways.length === 0 || m.gateways.includes('mesh')),
      );
    if (!ok) continue;
    return (
      (r.route ?? []) as {
        destination?: { host?: string; subset?: string; port?: { number?: number } };
        weight?: number;
      }[]
    )
      .filter((d) => typeof d.destination?.host === 'string')
      .map((d, _i, all) => ({
        host: qualifyConfigHost(d.destination!.host!, ns),
        subset: d.destination!.subset,
        port: d.destination!.port?.number,
        weight: typeof d.weight === 'number' ? d.weight : all.length === 1 ? 100 : 0,
      }));
  }
  return null;
}

/**
 * Simulates one TCP connection from `caller` to `host:port` carrying `bytes` from the client (the server answers
 * with a few more, like tcp-echo). Reports istio_tcp_* for both proxies; external hosts (ServiceEntry) only from
 * the source. STRICT mTLS against a plaintext client and AuthorizationPolicy denials close the connection empty.
 * A connection to a Gateway API gateway is forwarded by its TCP/TLS listener (`sni`: the ClientHello's server name,
 * which TLS Passthrough routes by; gateway-api.ts `gatewayApiTcpDestination`): the gateway then calls the backend
 * as a source, which is all it reports (Istio's gateways report no inbound telemetry).
 */
export function callTcp(
  ctx: SimContext,
  caller: Caller,
  host: string,
  port: number | undefined,
  bytes: number,
  sni?: string,
): { durationMs: number } | null {
  const target = resolveTarget(ctx, host, caller.namespace);
  if (!target) return null;
  const rng = ctx.rng;
  const p = port ?? (target.kind === 'service' ? target.svc.ports[0]?.port : target.ext.ports[0]?.port) ?? 0;
  const source = (
    dst: Peer,
    svc: ServiceLabels,
    flags: string,
    mtls: boolean,
    received: number,
    sent: number,
  ): void => {
    if (!caller.proxy) return;
    const row: TcpRow = { reporter: 'source', src: caller.peer, dst, svc, flags, mtls };
    ctx.telemetry.recordTcp(row, received, sent);
  };
  if (target.kind === 'external') {
    source(UNKNOWN_PEER, target.labels, '-', false, bytes, Math.round(rng.lognormal(bytes * 20, 0.4)));
    return { durationMs: rng.lognormal(80, 0.4) };
  }
  const routed =
    gammaTcpDestinations(ctx, caller, target.labels.service, p) ??
    tcpDestinations(ctx, caller, target.labels.service, p);
  const dest = routed ? pickWeighted(routed, rng) : { host: target.labels.service, weight: 100 };
  if (!dest) return null;
  const t2 = resolveTarget(ctx, dest.host, null);
  if (!t2 || t2.kind !== 'service') return null;
  const svc = t2.svc;
  const dr = destinationRuleFor(ctx, svc.fqdn, caller.namespace, svc.namespace);
  const subset = dest.subset !== undefined ? dr?.subsets.get(dest.subset) : undefined;
  const policy = subset?.policy ?? dr?.policy;
  const destPort = dest.port ?? p;
  if (dest.subset !== undefined && !subset) {
    source(UNKNOWN_PEER, t2.labels, 'NC', false, 0, 0);
    return { durationMs: 1 };
  }
  const endpoints = svc.workloads.filter((w) => w.replicas > 0 && (!subset || labelsMatch(subset.labels, w.labels)));
  const w = pickWorkload(ctx, endpoints);
  if (!w) {
    source(UNKNOWN_PEER, t2.labels, 'UH', false, 0, 0);
    return { durationMs: 1 };
  }
  if (caller.proxy && hasPoolLimits(policy)) {
    const clusterKey = `${caller.peer.key}>${svc.fqdn}|${dest.subset ?? ''}`;
    ctx.hit(clusterKey);
    if (overflows(policy, 'tcp', ctx.rate(clusterKey), rng)) {
      source(UNKNOWN_PEER, t2.labels, 'UO', false, 0, 0);
      return { durationMs: 1 };
    }
  }
  const targetPort = svc.ports.find((sp) => sp.port === destPort)?.targetPort ?? destPort;
  if (!w.waypointFor) {
    const forward = gatewayApiTcpDestination(ctx, w, destPort, sni);
    if (forward === 'NR') return { durationMs: 1 };
    if (forward) {
      const out = forward.host ? callTcp(ctx, callerOf(ctx, w), forward.host, forward.port, bytes, sni) : null;
      return { durationMs: (out?.durationMs ?? 1) + 0.3 };
    }
  }
  const ambient = tcpViaAmbient(ctx, caller, w, svc, t2.labels, targetPort, bytes);
  if (ambient) return ambient;
  const serverMode = w.sidecar ? mtlsModeOf(ctx, w, targetPort) : 'PERMISSIVE';
  const mtls = usesMtls(caller, w, policy?.tlsMode, serverMode);
  const dstPeer = peerOf(ctx, w);
  if (w.sidecar && !mtls && serverMode === 'STRICT') {
    source(dstPeer, t2.labels, '-', false, bytes, 0);
    return { durationMs: 2 };
  }
  const destination = (received: number, sent: number): void => {
    if (!w.sidecar) return;
    // Without mTLS a TCP server learns nothing about its peer (metadata exchange rides on the mTLS handshake).
    const row: TcpRow = {
      reporter: 'destination',
      src: caller.proxy && mtls ? caller.peer : UNKNOWN_PEER,
      dst: dstPeer,
      svc: t2.labels,
      flags: '-',
      mtls,
    };
    ctx.telemetry.recordTcp(row, received, sent);
  };
  const policies = w.sidecar ? policiesOf(ctx, w) : [];
  const allowed =
    policies.length === 0 ||
    isAllowed(policies, {
      principal: mtls ? caller.peer.principal.replace(/^spiffe:\/\//, '') : '',
      namespace: mtls && caller.namespace ? caller.namespace : '',
      method: '',
      path: '',
      host: t2.labels.service,
      port: targetPort,
      headers: {},
      tcp: true,
    });
  if (!allowed) {
    destination(0, 0);
    source(dstPeer, t2.labels, '-', mtls, bytes, 0);
    return { durationMs: 2 };
  }
  const answer = bytes + 6;
  destination(bytes, answer);
  source(dstPeer, t2.labels, '-', mtls, bytes, answer);
  return { durationMs: rng.lognormal(3, 0.4) };
}
