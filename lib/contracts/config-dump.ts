/**
 * `GET /api/namespaces/{ns}/workloads/{workload}/config_dump?pod=` body: a proxy's admin config dump (port 15000) as
 * the workload page's ZTunnel and Envoy tabs show it (Kiali's ZTunnel tab: workloads, services, policies; its Envoy
 * tab: listeners, clusters, routes). Built by lib/ambient/config-dump.ts.
 */

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
