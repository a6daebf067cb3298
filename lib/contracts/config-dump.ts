/**
 * `GET /api/namespaces/{ns}/workloads/{workload}/config_dump?pod=` body: a proxy's admin config dump (port 15000) as
 * the workload page's ZTunnel and Envoy tabs show it (Kiali's ZTunnel tab: workloads, services, policies; its Envoy
 * tab: listeners, clusters, routes). The shapes are defined beside their builder, lib/ambient/config-dump.ts (which
 * this folder may import, not the reverse).
 */
export type { ConfigDumpView, EnvoyDumpView, ZtunnelDumpView } from '@/lib/ambient/config-dump';
