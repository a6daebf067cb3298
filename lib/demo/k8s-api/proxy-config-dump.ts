/**
 * The admin `config_dump` of the demo's ambient proxies, served through the pod proxy subresource
 * (`/api/v1/namespaces/{ns}/pods/{pod}:15000/proxy/config_dump`, as `istioctl ztunnel-config` and Kiali read it):
 * - ztunnel (pods labelled `app=ztunnel`): ztunnel's JSON (`workloads`, `services`, `policies`, `certificates`,
 *   field names as istioctl's `configdump.ZtunnelDump` reads them), built from the store as istiod would push it:
 *   every pod with an IP (protocol `HBONE` when captured by ztunnel, else `TCP`) with its waypoint, every Service
 *   with a cluster IP and its endpoints and waypoint, the AuthorizationPolicies ztunnel enforces (selector,
 *   namespace and root-namespace ones, converted as istiod converts them: `lib/istio/impact/ambient.ts`
 *   `ztunnelPolicy`), one certificate per ambient identity of the node;
 * - a waypoint (pods labelled `gateway.istio.io/managed=istio.io-mesh-controller`): Envoy's config dump (`configs`
 *   with the listeners, clusters and routes config dumps) with the waypoint's listeners (`connect_terminate` on 15008,
 *   `main_internal`), one inbound-vip cluster and route per port of each Service attached to it.
 * Certificates carry no PEM (the demo has no CA). Pure over the store's objects.
 */
import { ztunnelPolicy } from '@/lib/istio/impact/ambient';
import type { KubeObject } from '../store/object-store';

const DOMAIN = 'svc.cluster.local';
const DATAPLANE = 'istio.io/dataplane-mode';
const USE_WAYPOINT = 'istio.io/use-waypoint';
const MANAGED = 'gateway.istio.io/managed';
const MESH_CONTROLLER = 'istio.io-mesh-controller';
const HBONE_PORT = 15008;

/** The objects a dump reads. */
export interface DumpInputs {
  namespaces: KubeObject[];
  pods: KubeObject[];
  services: KubeObject[];
  authorizationPolicies: KubeObject[];
  rootNamespace: string;
}

/** Which proxy a pod runs, by its labels; null for pods without an admin config dump here. */
export function proxyKindOf(pod: KubeObject): 'ztunnel' | 'waypoint' | null {
  const labels = pod.metadata.labels ?? {};
  if (labels.app === 'ztunnel') return 'ztunnel';
  if (labels[MANAGED] === MESH_CONTROLLER) return 'waypoint';
  return null;
}

type Json = Record<string, unknown>;
const spec = (o: KubeObject) => (o.spec ?? {}) as Json;
const status = (o: KubeObject) => (o.status ?? {}) as Json;

function nsLabels(inputs: DumpInputs, ns: string): Record<string, string> {
  return inputs.namespaces.find((n) => n.metadata.name === ns)?.metadata.labels ?? {};
}

function hasSidecar(pod: KubeObject): boolean {
  const containers = (spec(pod).containers ?? []) as { name?: string }[];
  return containers.some((c) => c.name === 'istio-proxy');
}

/** Captured by ztunnel: the pod's or its namespace's `istio.io/dataplane-mode=ambient` (pod `none` opts out). */
function captured(inputs: DumpInputs, pod: KubeObject): boolean {
  const own = pod.metadata.labels?.[DATAPLANE];
  if (own === 'none' || hasSidecar(pod)) return false;
  return own === 'ambient' || nsLabels(inputs, pod.metadata.namespace ?? 'default')[DATAPLANE] === 'ambient';
}

/** ztunnel's GatewayAddress of a waypoint named by `istio.io/use-waypoint` (`none` and absent: null). */
function waypointAddress(name: string | undefined, ns: string): Json | null {
  if (!name || name === 'none') return null;
  return { destination: `${ns}/${name}.${ns}.${DOMAIN}`, hboneMtlsPort: HBONE_PORT };
}

function selects(selector: Record<string, string> | undefined, labels: Record<string, string>): boolean {
  return !!selector && Object.keys(selector).length > 0 && Object.entries(selector).every(([k, v]) => labels[k] === v);
}

const uidOf = (pod: KubeObject) => `Kubernetes//Pod/${pod.metadata.namespace}/${pod.metadata.name}`;

/** ztunnel's `workloads`: one per pod with an IP. */
function ztunnelWorkloads(inputs: DumpInputs): Json[] {
  return inputs.pods
    .filter((p) => typeof status(p).podIP === 'string')
    .map((p) => {
      const ns = p.metadata.namespace ?? 'default';
      const labels = p.metadata.labels ?? {};
      const ambient = captured(inputs, p);
      // a waypoint is not captured (its pods opt out) but speaks HBONE itself, so ztunnel lists it as HBONE
      const hbone = ambient || labels[MANAGED] === MESH_CONTROLLER;
      const waypoint = ambient ? waypointAddress(labels[USE_WAYPOINT] ?? nsLabels(inputs, ns)[USE_WAYPOINT], ns) : null;
      const owner = (p.metadata.ownerReferences ?? [])[0] as { kind?: string; name?: string } | undefined;
      const workloadName = labels['gateway.networking.k8s.io/gateway-name'] ?? labels.app ?? p.metadata.name;
      return {
        uid: uidOf(p),
        workloadIps: [status(p).podIP],
        ...(waypoint ? { waypoint } : {}),
        protocol: hbone ? 'HBONE' : 'TCP',
        name: p.metadata.name,
        namespace: ns,
        serviceAccount: String(spec(p).serviceAccountName ?? 'default'),
        workloadName:
          owner?.kind === 'DaemonSet' ? owner.name : (labels['service.istio.io/canonical-name'] ?? workloadName),
        workloadType: 'pod',
        canonicalName: labels['service.istio.io/canonical-name'] ?? labels.app ?? p.metadata.name,
        canonicalRevision: labels['service.istio.io/canonical-revision'] ?? labels.version ?? 'latest',
        clusterId: 'Kubernetes',
        trustDomain: 'cluster.local',
        node: String(spec(p).nodeName ?? ''),
        status: status(p).phase === 'Running' || status(p).phase === undefined ? 'Healthy' : 'Unhealthy',
      };
    })
    .sort((a, b) => `${a.namespace}/${a.name}`.localeCompare(`${b.namespace}/${b.name}`));
}

/** ztunnel's `services`: every Service with a cluster IP, its ports (port → targetPort), endpoints and waypoint. */
function ztunnelServices(inputs: DumpInputs): Json[] {
  return inputs.services
    .filter((s) => typeof spec(s).clusterIP === 'string' && spec(s).clusterIP !== 'None')
    .map((s) => {
      const ns = s.metadata.namespace ?? 'default';
      const ports = (spec(s).ports ?? []) as { port: number; targetPort?: number | string }[];
      const selector = spec(s).selector as Record<string, string> | undefined;
      const endpoints: Record<string, Json> = {};
      for (const p of inputs.pods) {
        if (p.metadata.namespace !== ns || !selects(selector, p.metadata.labels ?? {})) continue;
        endpoints[uidOf(p)] = {
          workloadUid: uidOf(p),
          service: '',
          port: Object.fromEntries(
            ports.map((sp) => [sp.port, typeof sp.targetPort === 'number' ? sp.targetPort : sp.port]),
          ),
        };
      }
      const waypoint = waypointAddress(s.metadata.labels?.[USE_WAYPOINT] ?? nsLabels(inputs, ns)[USE_WAYPOINT], ns);
      return {
        name: s.metadata.name,
        namespace: ns,
        hostname: `${s.metadata.name}.${ns}.${DOMAIN}`,
        vips: [`/${String(spec(s).clusterIP)}`],
        ports: Object.fromEntries(
          ports.map((sp) => [String(sp.port), typeof sp.targetPort === 'number' ? sp.targetPort : sp.port]),
        ),
        endpoints,
        ...(waypoint ? { waypoint } : {}),
        ipFamilies: 'IPv4',
      };
    })
    .sort((a, b) => a.hostname.localeCompare(b.hostname));
}

/** A string match as ztunnel prints it: `Exact`, `Prefix` (`x*`), `Suffix` (`*x`), `Presence` (`*`). */
function stringMatch(v: string): Json {
  if (v === '*') return { Presence: {} };
  if (v.endsWith('*')) return { Prefix: v.slice(0, -1) };
  if (v.startsWith('*')) return { Suffix: v.slice(1) };
  return { Exact: v };
}

/** One AuthorizationPolicy rule as ztunnel's clauses (each a list of matches that OR; clauses AND). */
function ruleClauses(rule: Json): Json[][] {
  const clauses: Json[][] = [];
  const from = ((rule.from ?? []) as { source?: Json }[]).map((f) => f.source ?? {});
  if (from.length)
    clauses.push(
      from.map((s) => ({
        ...(Array.isArray(s.namespaces) ? { namespaces: (s.namespaces as string[]).map(stringMatch) } : {}),
        ...(Array.isArray(s.principals) ? { principals: (s.principals as string[]).map(stringMatch) } : {}),
        ...(Array.isArray(s.notNamespaces) ? { notNamespaces: (s.notNamespaces as string[]).map(stringMatch) } : {}),
        ...(Array.isArray(s.ipBlocks) ? { sourceIps: s.ipBlocks } : {}),
      })),
    );
  const to = ((rule.to ?? []) as { operation?: Json }[]).map((t) => t.operation ?? {});
  if (to.length)
    clauses.push(
      to.map((o) => (Array.isArray(o.ports) ? { destinationPorts: (o.ports as string[]).map(Number) } : {})),
    );
  return clauses;
}

/** ztunnel's `policies`: the AuthorizationPolicies it enforces, as istiod converts them for it. */
function ztunnelPolicies(inputs: DumpInputs): Json[] {
  return inputs.authorizationPolicies
    .map((ap) => ztunnelPolicy(ap as unknown as Json) as (KubeObject & { spec?: Json }) | null)
    .filter((ap): ap is KubeObject => ap !== null)
    .map((ap) => {
      const ns = ap.metadata.namespace ?? 'default';
      const s = spec(ap);
      const selector = (s.selector as { matchLabels?: Json } | undefined)?.matchLabels;
      const scope = selector ? 'WorkloadSelector' : ns === inputs.rootNamespace ? 'Global' : 'Namespace';
      return {
        name: ap.metadata.name,
        namespace: ns,
        scope,
        action: String(s.action ?? 'ALLOW') === 'DENY' ? 'Deny' : 'Allow',
        rules: ((s.rules ?? []) as Json[]).map(ruleClauses),
      };
    })
    .sort((a, b) => `${a.namespace}/${a.name}`.localeCompare(`${b.namespace}/${b.name}`));
}

/** ztunnel's config dump on `node`: every workload, service and policy; a certificate per ambient identity there. */
export function ztunnelConfigDump(inputs: DumpInputs, node: string): Json {
  const workloads = ztunnelWorkloads(inputs);
  // ztunnel holds certificates for the pods it captures on its node (a waypoint holds its own)
  const identities = new Set(
    inputs.pods
      .filter((p) => captured(inputs, p) && String(spec(p).nodeName ?? '') === node)
      .map(
        (p) =>
          `spiffe://cluster.local/ns/${p.metadata.namespace}/sa/${String(spec(p).serviceAccountName ?? 'default')}`,
      ),
  );
  return {
    workloads,
    services: ztunnelServices(inputs),
    policies: ztunnelPolicies(inputs),
    certificates: [...identities]
      .sort()
      .map((identity) => ({ identity, state: 'Available', certChain: [], rootCerts: [] })),
  };
}

const ADMIN = 'type.googleapis.com/envoy.admin.v3';

/** A waypoint's Envoy config dump: its listeners, and a cluster and route per port of each attached Service. */
export function waypointConfigDump(inputs: DumpInputs, pod: KubeObject): Json {
  const ns = pod.metadata.namespace ?? 'default';
  const name = pod.metadata.labels?.['gateway.networking.k8s.io/gateway-name'] ?? pod.metadata.name;
  const attached = inputs.services.filter((s) => {
    const sns = s.metadata.namespace ?? 'default';
    return sns === ns && (s.metadata.labels?.[USE_WAYPOINT] ?? nsLabels(inputs, sns)[USE_WAYPOINT]) === name;
  });
  const vips = attached.flatMap((s) =>
    ((spec(s).ports ?? []) as { port: number; name?: string }[]).map((p) => ({
      host: `${s.metadata.name}.${ns}.${DOMAIN}`,
      port: p.port,
      protocol: (p.name ?? '').startsWith('tcp') ? 'tcp' : 'http',
    })),
  );
  const cluster = (v: (typeof vips)[number]) => `inbound-vip|${v.port}|${v.protocol}|${v.host}`;
  return {
    configs: [
      {
        '@type': `${ADMIN}.ListenersConfigDump`,
        dynamic_listeners: [
          { name: 'connect_terminate', address: `0.0.0.0:${HBONE_PORT}`, filter_chains: 1 },
          { name: 'main_internal', address: 'internal', filter_chains: vips.length },
          { name: 'connect_originate', address: 'internal', filter_chains: 1 },
        ].map((l) => ({
          name: l.name,
          active_state: {
            listener: {
              '@type': 'type.googleapis.com/envoy.config.listener.v3.Listener',
              name: l.name,
              address:
                l.address === 'internal'
                  ? { envoy_internal_address: { server_listener_name: l.name } }
                  : { socket_address: { address: '0.0.0.0', port_value: HBONE_PORT } },
              filter_chains: Array.from({ length: l.filter_chains }, (_, i) => ({
                name: l.name === 'main_internal' ? cluster(vips[i]!) : l.name,
              })),
            },
          },
        })),
      },
      {
        '@type': `${ADMIN}.ClustersConfigDump`,
        dynamic_active_clusters: [
          ...vips.map((v) => ({
            cluster: {
              '@type': 'type.googleapis.com/envoy.config.cluster.v3.Cluster',
              name: cluster(v),
              type: 'EDS',
              eds_cluster_config: { service_name: cluster(v) },
            },
          })),
          { cluster: { name: 'connect_originate', type: 'ORIGINAL_DST' } },
        ],
      },
      {
        '@type': `${ADMIN}.RoutesConfigDump`,
        dynamic_route_configs: vips
          .filter((v) => v.protocol === 'http')
          .map((v) => ({
            route_config: {
              '@type': 'type.googleapis.com/envoy.config.route.v3.RouteConfiguration',
              name: cluster(v),
              virtual_hosts: [
                {
                  name: `${v.host}:${v.port}`,
                  domains: ['*'],
                  routes: [{ name: 'default', route: { cluster: cluster(v) } }],
                },
              ],
            },
          })),
      },
    ],
  };
}
