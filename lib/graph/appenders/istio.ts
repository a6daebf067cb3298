/**
 * istio appender (Kiali `graph/telemetry/istio/appender/istio_details.go`): badges from Istio config.
 * - `hasCB`: a DestinationRule of the namespace with connectionPool/outlierDetection for the node's service
 *   (service nodes, versionless app nodes via their requested services, versioned nodes via the subset);
 * - `hasVS` (hostnames) and its features on service nodes a VirtualService routes to;
 * - the `app` label of service nodes from their Kubernetes Service (for app boxing);
 * - `isGateway` on ingress/egress gateway nodes with the hosts of the Gateways that select them, and on Gateway API
 *   gateway nodes (`isK8sGatewayAPI`) with their Gateway's listener hostnames;
 * - Gateway API route badges on the service nodes the routes govern (`./gateway-api.ts`).
 */
import { isOK, type GraphNode, type TrafficMap } from '../traffic-map';
import type { InventoryWorkload, IstioObject } from '../types';
import type { Appender } from './appender';
import { appLabel, findService, type AppenderContext } from './context';
import { applyGatewayApiRoutes, listenerHostnames } from './gateway-api';
import { arr, hasCircuitBreaker, obj, ofKind, selects, strings, vsFeatures, vsRoutesTo } from './istio-config';

function applyCircuitBreakers(tm: TrafficMap, namespace: string, drs: IstioObject[]): void {
  for (const n of tm.values()) {
    if (n.namespace !== namespace) continue;
    const versionOk = isOK(n.version);
    if (n.nodeType === 'service') {
      if (drs.some((dr) => hasCircuitBreaker(dr, namespace, n.service, ''))) n.meta.hasCB = true;
    } else if (n.nodeType === 'app' || versionOk) {
      // versionless app nodes: any subset; versioned (app or workload) nodes: the subset of their version
      const version = versionOk ? n.version : '';
      for (const ds of n.meta.destServices?.values() ?? []) {
        if (drs.some((dr) => hasCircuitBreaker(dr, ds.namespace, ds.name, version))) {
          n.meta.hasCB = true;
          break;
        }
      }
    }
  }
}

function applyVirtualServices(tm: TrafficMap, vss: IstioObject[]): void {
  for (const n of tm.values()) {
    if (n.nodeType !== 'service') continue;
    const routing = vss.filter((v) => vsRoutesTo(v, n.namespace, n.service));
    const vs = routing[0];
    if (!vs) continue;
    n.meta.virtualServices = new Map(
      routing.map((v) => {
        const namespace = v.metadata.namespace ?? n.namespace;
        return [`${namespace}/${v.metadata.name}`, { namespace, name: v.metadata.name }];
      }),
    );
    const hosts = strings(obj(vs.spec).hosts);
    n.meta.hasVS ??= new Map();
    if (hosts.length > 0) n.meta.hasVS.set(vs.metadata.name, hosts);
    const f = vsFeatures(vs);
    if (f.requestRouting) n.meta.hasRequestRouting = true;
    if (f.requestTimeout) n.meta.hasRequestTimeout = true;
    if (f.faultInjection) n.meta.hasFaultInjection = true;
    if (f.trafficShifting) n.meta.hasTrafficShifting = true;
    if (f.tcpTrafficShifting) n.meta.hasTCPTrafficShifting = true;
    if (f.mirroring) n.meta.hasMirroring = true;
  }
}

/** Service nodes get the app label of their Service (or of the Service named by a service entry host). */
function addLabels(tm: TrafficMap, ctx: AppenderContext): void {
  for (const n of tm.values()) {
    if (n.nodeType !== 'service' || n.namespace !== ctx.namespace || n.app !== '' || n.meta.isEgressCluster) continue;
    const names = n.meta.isServiceEntry
      ? n.meta.isServiceEntry.hosts.map((h) =>
          h.split('.').length === 3 && h.endsWith('.global') ? h : h.split('.')[0]!,
        )
      : [n.service];
    for (const name of names) {
      const svc = findService(ctx.index, n.namespace, name);
      const app = svc && appLabel(svc.labels);
      if (app) {
        n.app = app;
        break;
      }
    }
  }
}

type GatewayKind = 'isIngressGateway' | 'isEgressGateway' | 'isGatewayAPI';

function gatewayKind(w: InventoryWorkload): GatewayKind | null {
  const l = w.labels;
  if (l['operator.istio.io/component'] === 'IngressGateways' || l.istio === 'ingressgateway') return 'isIngressGateway';
  if (l['operator.istio.io/component'] === 'EgressGateways' || l.istio === 'egressgateway') return 'isEgressGateway';
  if (l['gateway.networking.k8s.io/gateway-name'] || l['istio.io/gateway-name']) return 'isGatewayAPI';
  return null;
}

type GatewayWorkload = { w: InventoryWorkload; kind: GatewayKind };

/**
 * The gateway workloads of an inventory's workload list with their kind, found once per list (so once per build)
 * rather than once per namespace: the appender runs for every namespace, and the inventory has every workload.
 */
const gatewaysOf = new WeakMap<readonly InventoryWorkload[], GatewayWorkload[]>();

function gatewayWorkloads(ctx: AppenderContext): GatewayWorkload[] {
  const workloads = ctx.inventory.workloads;
  let list = gatewaysOf.get(workloads);
  if (!list) {
    list = [];
    for (const w of workloads) {
      const kind = gatewayKind(w);
      if (kind) list.push({ w, kind });
    }
    gatewaysOf.set(workloads, list);
  }
  return list;
}

function decorateGateways(tm: TrafficMap, ctx: AppenderContext): void {
  const mapping: { gw: InventoryWorkload; kind: GatewayKind; nodes: GraphNode[] }[] = [];
  for (const { w, kind } of gatewayWorkloads(ctx)) {
    // Istio's Gateway API deployments carry no app label: telemetry names them by their canonical name.
    const app =
      appLabel(w.labels) ?? (kind === 'isGatewayAPI' ? w.labels['service.istio.io/canonical-name'] : undefined);
    const nodes = [...tm.values()].filter(
      (n) =>
        (n.nodeType === 'app' || n.nodeType === 'workload') &&
        n.namespace === w.namespace &&
        n.app !== '' &&
        n.app === app &&
        !n.meta[kind],
    );
    for (const n of nodes) n.meta[kind] = new Map();
    if (nodes.length > 0) mapping.push({ gw: w, kind, nodes });
  }
  if (mapping.length === 0) return;
  for (const gwCr of ofKind(ctx.inventory.istioConfig, 'Gateway', 'networking.istio.io')) {
    const spec = obj(gwCr.spec);
    const hosts = arr(spec.servers).flatMap((s) => strings(obj(s).hosts));
    for (const { gw, kind, nodes } of mapping) {
      if (kind !== 'isGatewayAPI' && selects(obj(spec.selector), gw.labels))
        for (const n of nodes) n.meta[kind]!.set(gwCr.metadata.name, hosts);
    }
  }
  const k8sGateways = [...ctx.inventory.istioConfig, ...(ctx.inventory.gatewayApi ?? [])];
  for (const gwCr of ofKind(k8sGateways, 'Gateway', 'gateway.networking.k8s.io')) {
    const hosts = listenerHostnames(gwCr);
    for (const { gw, kind, nodes } of mapping) {
      const name = gw.labels['gateway.networking.k8s.io/gateway-name'] ?? gw.labels['istio.io/gateway-name'];
      if (kind === 'isGatewayAPI' && name === gwCr.metadata.name && gw.namespace === gwCr.metadata.namespace) {
        for (const n of nodes) n.meta.isGatewayAPI!.set(gwCr.metadata.name, hosts);
      }
    }
  }
}

/** Adds the Istio config badges for `ctx.namespace`. */
function apply(tm: TrafficMap, ctx: AppenderContext): void {
  if (tm.size === 0) return;
  const config = ctx.inventory.istioConfig;
  const drs = ofKind(config, 'DestinationRule').filter((dr) => dr.metadata.namespace === ctx.namespace);
  applyCircuitBreakers(tm, ctx.namespace, drs);
  applyVirtualServices(tm, ofKind(config, 'VirtualService'));
  applyGatewayApiRoutes(tm, ctx.inventory.gatewayApi ?? []);
  addLabels(tm, ctx);
  decorateGateways(tm, ctx);
}

/** The istio appender: circuit breaker, VirtualService and gateway badges from Istio config. */
export const istioAppender: Appender = { name: 'istio', kind: 'namespace', apply };
