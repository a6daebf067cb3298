/**
 * A proxy's admin config dump (port 15000, `/config_dump`) summarised for the workload page (both sides; pure):
 * - ztunnel: its JSON as `istioctl ztunnel-config` reads it (istio/istio `istioctl/pkg/writer/ztunnel/configdump`:
 *   `workloads`, `services`, `policies`, `certificates`, each a list or a map keyed by uid/hostname, depending on the
 *   ztunnel version) into the rows of Kiali's ZTunnel tab;
 * - Envoy (waypoints, sidecars, gateways): the `configs` of its admin API (`ListenersConfigDump`,
 *   `ClustersConfigDump`, `RoutesConfigDump`) into listener, cluster and route rows.
 * Unknown or missing fields read as empty; nothing here throws on a partial dump.
 */

/** The ZTunnel tab's rows (the wire shape of `GET …/config_dump` for a ztunnel pod; lib/contracts/config-dump.ts). */
export interface ZtunnelDumpView {
  proxy: 'ztunnel';
  pod: string;
  /** Every workload ztunnel knows (`istioctl ztunnel-config workloads`). */
  workloads: {
    name: string;
    namespace: string;
    /** Workload IPs, comma-separated. */
    address: string;
    node: string;
    /** `HBONE` (in ambient, or a waypoint) or `TCP`. */
    protocol: string;
    /** The waypoint's `namespace/hostname`, or null. */
    waypoint: string | null;
    serviceAccount: string;
  }[];
  /** Every service ztunnel knows (`istioctl ztunnel-config services`). */
  services: {
    name: string;
    namespace: string;
    /** VIPs as ztunnel prints them (`network/ip`). */
    vips: string[];
    waypoint: string | null;
    endpoints: number;
  }[];
  /** The authorization policies ztunnel enforces (`istioctl ztunnel-config policies`). */
  policies: { name: string; namespace: string; scope: string; action: string; rules: number }[];
  /** The identities ztunnel holds certificates for (`istioctl ztunnel-config certificates`), without PEM. */
  certificates: { identity: string; state: string }[];
}

export interface EnvoyDumpView {
  proxy: 'envoy';
  pod: string;
  listeners: { name: string; address: string; filterChains: number }[];
  clusters: { name: string; type: string }[];
  routes: { name: string; virtualHosts: string[] }[];
}

export type ConfigDumpView = ZtunnelDumpView | EnvoyDumpView;

type Json = Record<string, unknown>;
const rec = (v: unknown): Json => (v && typeof v === 'object' && !Array.isArray(v) ? (v as Json) : {});
const str = (v: unknown): string => (typeof v === 'string' ? v : typeof v === 'number' ? String(v) : '');
/** A list, or the values of a map (ztunnel has printed both shapes). */
const entries = (v: unknown): Json[] => (Array.isArray(v) ? v.map(rec) : Object.values(rec(v)).map(rec));
const byKey = <T extends { namespace: string; name: string }>(a: T, b: T) =>
  a.namespace.localeCompare(b.namespace) || a.name.localeCompare(b.name);

/** ztunnel's `waypoint` GatewayAddress as `namespace/hostname` (or the address), null when absent. */
function waypointOf(v: unknown): string | null {
  const w = rec(v);
  const d = w.destination;
  if (typeof d === 'string') return d;
  const r = rec(d);
  if (r.hostname) return `${str(rec(r.hostname).namespace)}/${str(rec(r.hostname).hostname)}`;
  if (r.address) return str(rec(r.address).address) || str(r.address);
  return null;
}

/** The rows of a ztunnel config dump. */
export function ztunnelDumpView(pod: string, dump: unknown): ZtunnelDumpView {
  const d = rec(dump);
  return {
    proxy: 'ztunnel',
    pod,
    workloads: entries(d.workloads)
      .map((w) => ({
        name: str(w.name),
        namespace: str(w.namespace),
        address: (Array.isArray(w.workloadIps) ? w.workloadIps.map(str) : [str(w.workloadIp)])
          .filter(Boolean)
          .join(', '),
        node: str(w.node),
        protocol: str(w.protocol),
        waypoint: waypointOf(w.waypoint),
        serviceAccount: str(w.serviceAccount),
      }))
      .sort(byKey),
    services: entries(d.services)
      .map((s) => ({
        name: str(s.name),
        namespace: str(s.namespace),
        vips: (Array.isArray(s.vips) ? s.vips : Array.isArray(s.addresses) ? s.addresses : []).map(str),
        waypoint: waypointOf(s.waypoint),
        endpoints: entries(s.endpoints).length,
      }))
      .sort(byKey),
    policies: entries(d.policies)
      .map((p) => ({
        name: str(p.name),
        namespace: str(p.namespace),
        scope: str(p.scope),
        action: str(p.action),
        rules: Array.isArray(p.rules) ? p.rules.length : 0,
      }))
      .sort(byKey),
    certificates: entries(d.certificates).map((c) => ({ identity: str(c.identity), state: str(c.state) })),
  };
}

const configOf = (dump: Json, type: string): Json =>
  entries(dump.configs).find((c) => str(c['@type']).endsWith(`.${type}`)) ?? {};

function addressOf(a: unknown): string {
  const r = rec(a);
  const s = rec(r.socket_address);
  if (s.address !== undefined) return `${str(s.address)}:${str(s.port_value)}`;
  const internal = rec(r.envoy_internal_address);
  return internal.server_listener_name !== undefined ? `internal (${str(internal.server_listener_name)})` : '';
}

/** The rows of an Envoy config dump: dynamic and static listeners, active clusters, route configurations. */
export function envoyDumpView(pod: string, dump: unknown): EnvoyDumpView {
  const d = rec(dump);
  const listeners = configOf(d, 'ListenersConfigDump');
  const clusters = configOf(d, 'ClustersConfigDump');
  const routes = configOf(d, 'RoutesConfigDump');
  return {
    proxy: 'envoy',
    pod,
    listeners: [
      ...entries(listeners.static_listeners).map((l) => rec(l.listener)),
      ...entries(listeners.dynamic_listeners).map((l) => rec(rec(l.active_state).listener)),
    ].map((l) => ({
      name: str(l.name),
      address: addressOf(l.address),
      filterChains: Array.isArray(l.filter_chains) ? l.filter_chains.length : 0,
    })),
    clusters: [...entries(clusters.static_clusters), ...entries(clusters.dynamic_active_clusters)]
      .map((c) => rec(c.cluster))
      .map((c) => ({ name: str(c.name), type: str(c.type) || 'EDS' })),
    routes: [...entries(routes.static_route_configs), ...entries(routes.dynamic_route_configs)]
      .map((r) => rec(r.route_config))
      .map((r) => ({ name: str(r.name), virtualHosts: entries(r.virtual_hosts).map((v) => str(v.name)) })),
  };
}

/** The view of a dump by the proxy that served it. */
export function configDumpView(proxy: 'ztunnel' | 'envoy', pod: string, dump: unknown): ConfigDumpView {
  return proxy === 'ztunnel' ? ztunnelDumpView(pod, dump) : envoyDumpView(pod, dump);
}
