/**
 * Route attachment to parents (Gateway API `parentRefs`): to a Gateway's listeners, subject to the listener's
 * `allowedRoutes` (namespaces From Same/All/Selector, kinds), `sectionName`/`port`, and hostname intersection; or,
 * per GAMMA, to a Service (the route then governs mesh traffic to that Service). Listener distinctness
 * ("Conflicted") as the Gateway `listeners` documentation defines it. Reasons are the specification's
 * RouteConditionReasons, ranked as Istio collapses them when a parentRef spans several listeners.
 */
import { intersectHostnames } from './hostnames';
import { isServiceRef } from './references';
import {
  GATEWAY_GROUP,
  ISTIO_GATEWAY_CLASSES,
  type AnyRoute,
  type Gateway,
  type GatewayApiWorld,
  type LabelSelector,
  type Listener,
  type ParentReference,
  type RouteGroupKind,
  type RouteKind,
  type ServiceRef,
} from './types';

export type ParentErrorReason = 'NoMatchingParent' | 'NotAllowedByListeners' | 'NoMatchingListenerHostname';

/** A listener a route attached to, with the hostnames the route gets there. */
export interface ListenerAttachment {
  gateway: Gateway;
  listener: Listener;
  hostnames: string[];
}

/** The outcome of one parentRef. `owned` is false for Gateways of a class Istio does not serve (no status). */
export type ParentResult =
  | { ref: ParentReference; ok: true; kind: 'Gateway'; gateway: Gateway; listeners: ListenerAttachment[]; owned: true }
  | { ref: ParentReference; ok: true; kind: 'Service'; service: ServiceRef; owned: true }
  | { ref: ParentReference; ok: false; reason: ParentErrorReason; message: string; owned: boolean; missing?: true };

/** True when `labels` satisfy a Kubernetes label selector (an empty selector matches everything). */
export function selectorMatches(sel: LabelSelector | undefined, labels: Record<string, string>): boolean {
  if (!sel) return true;
  for (const [k, v] of Object.entries(sel.matchLabels ?? {})) if (labels[k] !== v) return false;
  for (const e of sel.matchExpressions ?? []) {
    const has = Object.hasOwn(labels, e.key);
    const inValues = has && (e.values ?? []).includes(labels[e.key]!);
    if (e.operator === 'In' && !inValues) return false;
    if (e.operator === 'NotIn' && inValues) return false;
    if (e.operator === 'Exists' && !has) return false;
    if (e.operator === 'DoesNotExist' && has) return false;
  }
  return true;
}

/**
 * Route kinds a listener serves, as Istio derives them from the protocol (HTTP/HTTPS: HTTPRoute and GRPCRoute;
 * TCP: TCPRoute; TLS Passthrough: TLSRoute, TLS Terminate: TCPRoute), narrowed by `allowedRoutes.kinds`.
 * `valid` is false when `allowedRoutes.kinds` names a kind the protocol cannot serve (ResolvedRefs
 * InvalidRouteKinds).
 */
export function supportedKinds(l: Listener): { kinds: RouteGroupKind[]; valid: boolean } {
  const k = (kind: string): RouteGroupKind => ({ group: GATEWAY_GROUP, kind });
  let supported: RouteGroupKind[] = [];
  if (l.protocol === 'HTTP' || l.protocol === 'HTTPS') supported = [k('HTTPRoute'), k('GRPCRoute')];
  else if (l.protocol === 'TCP') supported = [k('TCPRoute')];
  else if (l.protocol === 'TLS') supported = [k(l.tls?.mode === 'Passthrough' ? 'TLSRoute' : 'TCPRoute')];
  const wanted = l.allowedRoutes?.kinds ?? [];
  if (wanted.length === 0) return { kinds: supported, valid: true };
  const kinds = supported.filter((s) =>
    wanted.some((w) => w.kind === s.kind && (w.group ?? GATEWAY_GROUP) === s.group),
  );
  return { kinds, valid: kinds.length === wanted.length };
}

/**
 * Conflicted listeners of one Gateway, by name, with the ListenerConditionReason: listeners sharing a port must
 * differ; TCP/UDP ones by port alone, HTTP/HTTPS/TLS ones by hostname; a port carrying a TCP or UDP listener
 * and an HTTP/HTTPS/TLS one, or two of HTTP/HTTPS/TLS, conflicts as a whole (ProtocolConflict).
 */
export function conflictedListeners(
  listeners: readonly Listener[],
): Map<string, 'HostnameConflict' | 'ProtocolConflict'> {
  const out = new Map<string, 'HostnameConflict' | 'ProtocolConflict'>();
  const byPort = new Map<number, Listener[]>();
  for (const l of listeners) byPort.set(l.port, [...(byPort.get(l.port) ?? []), l]);
  for (const group of byPort.values()) {
    if (group.length < 2) continue;
    const protocols = new Set(group.map((l) => l.protocol));
    const layer4 = group.some((l) => l.protocol === 'TCP' || l.protocol === 'UDP');
    if (protocols.size > 1 || layer4) {
      for (const l of group) out.set(l.name, 'ProtocolConflict');
      continue;
    }
    const seen = new Map<string, Listener[]>();
    for (const l of group) seen.set(l.hostname ?? '', [...(seen.get(l.hostname ?? '') ?? []), l]);
    for (const same of seen.values()) if (same.length > 1) for (const l of same) out.set(l.name, 'HostnameConflict');
  }
  return out;
}

/** True when Istio controls a GatewayClass name. */
export function isIstioClass(name: string | undefined): boolean {
  return (ISTIO_GATEWAY_CLASSES as readonly string[]).includes(name ?? '');
}

function namespaceAllowed(world: GatewayApiWorld, gw: Gateway, l: Listener, routeNs: string): boolean {
  const gwNs = gw.metadata.namespace ?? 'default';
  const from = l.allowedRoutes?.namespaces?.from ?? 'Same';
  if (from === 'All') return true;
  if (from === 'Same') return routeNs === gwNs;
  if (from === 'Selector') {
    const labels = world.namespaces.find((n) => n.name === routeNs)?.labels ?? {
      'kubernetes.io/metadata.name': routeNs,
    };
    return selectorMatches(l.allowedRoutes?.namespaces?.selector, {
      'kubernetes.io/metadata.name': routeNs,
      ...labels,
    });
  }
  return false;
}

const RANK: Record<ParentErrorReason, number> = {
  NotAllowedByListeners: 0,
  NoMatchingListenerHostname: 1,
  NoMatchingParent: 2,
};

/** A parent the route cannot attach to, for reason NoMatchingParent (owned by Istio unless `owned: false`). */
function noMatchingParent(
  ref: ParentReference,
  message: string,
  opts: { owned?: boolean; missing?: true } = {},
): ParentResult {
  return {
    ref,
    ok: false,
    reason: 'NoMatchingParent',
    message,
    owned: opts.owned ?? true,
    ...(opts.missing ? { missing: true } : {}),
  };
}

/**
 * Resolves every parentRef of a route. A Gateway parent attaches to each listener that matches `sectionName`
 * and `port` (when set), is not conflicted, allows the route's kind and namespace, and shares a hostname with the
 * route (HTTP/GRPC/TLS routes only); when none does, the most relevant reason is kept (NotAllowedByListeners,
 * then NoMatchingListenerHostname, then NoMatchingParent: Istio's ranking). A Service parent (GAMMA) needs the
 * Service to exist; hostnames do not apply.
 */
export function resolveParents(world: GatewayApiWorld, r: AnyRoute): ParentResult[] {
  const routeNs = r.route.metadata.namespace ?? 'default';
  const out: ParentResult[] = [];
  for (const ref of r.route.spec?.parentRefs ?? []) {
    const ns = ref.namespace ?? routeNs;
    if (isServiceRef({ group: ref.group, kind: ref.kind ?? 'Gateway' })) {
      const service = world.services.find((s) => s.namespace === ns && s.name === ref.name);
      if (!service) out.push(noMatchingParent(ref, `parent service: "${ns}/${ref.name}" not found`, { missing: true }));
      else if (ref.port !== undefined && !service.ports.some((p) => p.port === ref.port)) {
        out.push(noMatchingParent(ref, `parent service "${ns}/${ref.name}" has no port ${ref.port}`));
      } else out.push({ ref, ok: true, kind: 'Service', service, owned: true });
      continue;
    }
    if ((ref.group ?? GATEWAY_GROUP) !== GATEWAY_GROUP || (ref.kind ?? 'Gateway') !== 'Gateway') {
      out.push(noMatchingParent(ref, `unsupported parent kind ${ref.group ?? GATEWAY_GROUP}/${ref.kind}`));
      continue;
    }
    const gw = world.gateways.find((g) => (g.metadata.namespace ?? 'default') === ns && g.metadata.name === ref.name);
    if (!gw) {
      out.push(noMatchingParent(ref, `gateway "${ns}/${ref.name}" not found`, { missing: true }));
      continue;
    }
    const owned = isIstioClass(gw.spec?.gatewayClassName);
    const listeners = attachToGateway(world, gw, ref, r.kind, routeNs, r.route.spec?.hostnames);
    if ('reason' in listeners)
      out.push({ ref, ok: false, reason: listeners.reason, message: listeners.message, owned });
    else if (owned) out.push({ ref, ok: true, kind: 'Gateway', gateway: gw, listeners, owned: true });
    else
      out.push(noMatchingParent(ref, `gateway class "${gw.spec?.gatewayClassName}" is not Istio's`, { owned: false }));
  }
  return out;
}

function attachToGateway(
  world: GatewayApiWorld,
  gw: Gateway,
  ref: ParentReference,
  kind: RouteKind,
  routeNs: string,
  routeHosts: string[] | undefined,
): ListenerAttachment[] | { reason: ParentErrorReason; message: string } {
  const listeners = gw.spec?.listeners ?? [];
  const conflicted = conflictedListeners(listeners);
  const attached: ListenerAttachment[] = [];
  let worst: { reason: ParentErrorReason; message: string } | null = null;
  const fail = (reason: ParentErrorReason, message: string): void => {
    if (!worst || RANK[reason] < RANK[worst.reason]) worst = { reason, message };
  };
  for (const l of listeners) {
    if (ref.sectionName !== undefined && ref.sectionName !== l.name) continue;
    if (ref.port !== undefined && ref.port !== l.port) continue;
    if (conflicted.has(l.name)) {
      fail('NoMatchingParent', `listener "${l.name}" is conflicted`);
      continue;
    }
    if (!supportedKinds(l).kinds.some((k) => k.kind === kind)) {
      fail('NotAllowedByListeners', `kind ${kind} is not allowed by listener "${l.name}"`);
      continue;
    }
    if (!namespaceAllowed(world, gw, l, routeNs)) {
      fail(
        'NotAllowedByListeners',
        `hostnames matched parent hostname "${l.hostname ?? ''}", but namespace "${routeNs}" is not allowed by the parent`,
      );
      continue;
    }
    const hostnames = kind === 'TCPRoute' ? [l.hostname ?? '*'] : intersectHostnames(l.hostname, routeHosts);
    if (!hostnames) {
      fail('NoMatchingListenerHostname', `no hostnames matched parent hostname "${l.hostname}"`);
      continue;
    }
    attached.push({ gateway: gw, listener: l, hostnames });
  }
  if (attached.length > 0) return attached;
  if (worst) return worst;
  const want = [
    ref.sectionName !== undefined ? `sectionName "${ref.sectionName}"` : '',
    ref.port !== undefined ? `port ${ref.port}` : '',
  ]
    .filter(Boolean)
    .join(' and ');
  return {
    reason: 'NoMatchingParent',
    message: want ? `no listener of the gateway matches ${want}` : 'the gateway has no listeners',
  };
}
