/**
 * From Prometheus samples to the traffic map (`graph/telemetry/istio/istio.go` `populateTrafficMap`/`addTraffic`,
 * `graph/telemetry/istio/util/util.go`). Rows with missing labels or known-bad telemetry are skipped.
 */
import { addToMetadata } from './protocols';
import {
  PASSTHROUGH_CLUSTER,
  UNKNOWN,
  addDestService,
  findOrAddEdge,
  isOK,
  nodeFor,
  nodeId,
  type GraphNode,
  type NodeIdentity,
  type TrafficMap,
} from './traffic-map';
import type { GraphType } from './params';
import type { PromSample, RequestedRates } from './types';

export interface TelemetryOptions {
  graphType: GraphType;
  injectServiceNodes: boolean;
  rates: RequestedRates;
  /** Istio control plane namespace, for the egress-gateway fix-up (default istio-system). */
  istioNamespace?: string;
  /**
   * Known waypoint workloads as `waypointKey`s (Kiali `GetWaypointMap`, built only when the `ambient` finalizer runs):
   * ztunnel TCP rows (`app="ztunnel"`) whose source or destination workload is one of them mark that node
   * `isWaypoint`, keep it a workload node in every graph type, and inject no service node.
   */
  waypoints?: ReadonlySet<string>;
}

/**
 * The key of a workload in the waypoint set: `cluster/namespace/name`. Kiali also keys every waypoint under the
 * `unknown` cluster, so telemetry without cluster labels still finds it (`waypointKeys`).
 */
export function waypointKey(cluster: string, namespace: string, name: string): string {
  return `${cluster}/${namespace}/${name}`;
}

/** The waypoint set of some waypoint workloads (each under its cluster and under `unknown`, Kiali `GetWaypointMap`). */
export function waypointKeys(waypoints: Iterable<{ cluster: string; namespace: string; name: string }>): Set<string> {
  const out = new Set<string>();
  for (const w of waypoints) {
    out.add(waypointKey(w.cluster, w.namespace, w.name));
    out.add(waypointKey(UNKNOWN, w.namespace, w.name));
  }
  return out;
}

/** Labels every traffic row must carry (Kiali skips a row missing any of them). */
export const REQUIRED_LABELS = [
  'source_workload_namespace',
  'source_workload',
  'source_canonical_service',
  'source_canonical_revision',
  'destination_service_namespace',
  'destination_service',
  'destination_service_name',
  'destination_workload_namespace',
  'destination_workload',
  'destination_canonical_service',
  'destination_canonical_revision',
] as const;

const IP_SERVICE = /^\d+\.\d+\.\d+\.\d+(:\d+)?$/;

/**
 * Known-bad source telemetry (`IsBadSourceTelemetry`): namespace set but neither workload nor app, or
 * namespace set and the cluster label present but unknown.
 */
export function isBadSourceTelemetry(
  cluster: string,
  clusterOk: boolean,
  ns: string,
  wl: string,
  app: string,
): boolean {
  if (isOK(ns) && !isOK(wl) && !isOK(app)) return true;
  return isOK(ns) && clusterOk && !isOK(cluster);
}

/**
 * Known-bad destination telemetry (`IsBadDestTelemetry`): an IP-address service with no workload (pod
 * lifecycle noise), or a service namespace with a present-but-unknown cluster.
 */
export function isBadDestTelemetry(
  cluster: string,
  clusterOk: boolean,
  svcNs: string,
  svc: string,
  svcName: string,
  wl: string,
): boolean {
  if (!isOK(wl) && isOK(svc) && isOK(svcName) && svc === svcName && IP_SERVICE.test(svcName)) return true;
  return isOK(svcNs) && clusterOk && !isOK(cluster);
}

/**
 * The response code to record (`HandleResponseCode`): `0` means no response (`-`) for any protocol; gRPC uses
 * `grpc_response_status` unless the HTTP transport failed or the status is missing.
 */
export function handleResponseCode(protocol: string, responseCode: string, grpcStatus: string | undefined): string {
  if (responseCode === '0') return '-';
  if (
    protocol !== 'grpc' ||
    responseCode.startsWith('4') ||
    responseCode.startsWith('5') ||
    grpcStatus === undefined ||
    grpcStatus === ''
  )
    return responseCode;
  return grpcStatus;
}

interface Dest {
  cluster: string;
  svcNs: string;
  svcName: string;
  wlNs: string;
  wl: string;
  app: string;
  ver: string;
}

interface Source {
  cluster: string;
  /** Whether the row named the source cluster (`cluster` is `unknown` when not). */
  clusterOk: boolean;
  ns: string;
  wl: string;
  app: string;
  ver: string;
}

/** The source labels of a row (cluster `unknown` when absent; the others must have been checked present). */
export function rowSource(m: Record<string, string>): Source {
  return {
    cluster: m.source_cluster ?? UNKNOWN,
    clusterOk: m.source_cluster !== undefined,
    ns: m.source_workload_namespace!,
    wl: m.source_workload!,
    app: m.source_canonical_service!,
    ver: m.source_canonical_revision!,
  };
}

/** The node identity of a row's source: its workload (and app/version), in no service. */
export function sourceIdentity(s: Source): NodeIdentity {
  return {
    cluster: s.cluster,
    serviceNamespace: s.ns,
    service: '',
    workloadNamespace: s.ns,
    workload: s.wl,
    app: s.app,
    version: s.ver,
  };
}

/** The node identity of a row's destination: its service and workload (and app/version). */
export function destIdentity(d: Dest): NodeIdentity {
  return {
    cluster: d.cluster,
    serviceNamespace: d.svcNs,
    service: d.svcName,
    workloadNamespace: d.wlNs,
    workload: d.wl,
    app: d.app,
    version: d.ver,
  };
}

/** The node identity of a row's destination service alone (the injected service node). */
export function destServiceIdentity(d: Dest): NodeIdentity {
  return {
    cluster: d.cluster,
    serviceNamespace: d.svcNs,
    service: d.svcName,
    workloadNamespace: '',
    workload: '',
    app: '',
    version: '',
  };
}

/** The destination labels of a row (cluster `unknown` when absent; the others must have been checked present). */
export function rowDestination(m: Record<string, string>): Dest {
  return {
    cluster: m.destination_cluster ?? UNKNOWN,
    svcNs: m.destination_service_namespace!,
    svcName: m.destination_service_name!,
    wlNs: m.destination_workload_namespace!,
    wl: m.destination_workload!,
    app: m.destination_canonical_service!,
    ver: m.destination_canonical_revision!,
  };
}

/**
 * Destination fix-ups (`HandleDestination`): requests to the egress gateway service become the egress gateway
 * workload (kiali#2999); an unknown destination cluster takes the source's (istio#29373).
 */
export function handleDestination(sourceCluster: string, d: Dest & { svc: string }, istioNamespace: string): Dest {
  // the egress host is spelled out only for a row that could name it (this runs for every row)
  if (
    d.svc === d.svcName &&
    d.svc.startsWith('istio-egressgateway.') &&
    d.svc === `istio-egressgateway.${istioNamespace}.svc.cluster.local`
  ) {
    const gw = 'istio-egressgateway';
    return {
      cluster: sourceCluster,
      svcNs: istioNamespace,
      svcName: gw,
      wlNs: istioNamespace,
      wl: gw,
      app: gw,
      ver: 'latest',
    };
  }
  const cluster = !isOK(d.cluster) && isOK(sourceCluster) && isOK(d.svcNs) ? sourceCluster : d.cluster;
  return { cluster, svcNs: d.svcNs, svcName: d.svcName, wlNs: d.wlNs, wl: d.wl, app: d.app, ver: d.ver };
}

/** Protocol carried by a metric, or null for `istio_requests_total` (the protocol comes from `request_protocol`). */
export function metricProtocol(metric: string): 'grpc' | 'tcp' | null {
  if (/istio_.*_messages/.test(metric)) return 'grpc';
  if (metric.startsWith('istio_tcp')) return 'tcp';
  return null;
}

function tsKey(n: NodeIdentity): string {
  return [n.cluster, n.serviceNamespace, n.service, n.workloadNamespace, n.workload, n.app, n.version].join(':');
}

/** The node of identity `n` in `tm`, added if new (`idt`: its `nodeId`, when already known). */
function addNode(tm: TrafficMap, n: NodeIdentity, graphType: GraphType, idt = nodeId(n, graphType)): GraphNode | null {
  if (!idt) return null;
  let node = tm.get(idt.id);
  if (!node) {
    node = nodeFor(n, graphType)!;
    tm.set(node.id, node);
  }
  node.meta.tsHash = tsKey(n);
  return node;
}

/**
 * Adds one row to an edge unless the same series (metric, source, destination, code, flags, host) was already
 * applied: Istio reports most requests twice (source and destination proxies), Kiali keeps the first.
 */
function addEdgeTraffic(
  val: number,
  protocol: string,
  code: string,
  flags: string,
  host: string,
  source: GraphNode,
  dest: GraphNode,
  key: string,
): boolean {
  const edge = findOrAddEdge(source, dest, protocol);
  if (edge.seen.has(key)) return false;
  edge.seen.add(key);
  addToMetadata(protocol, val, code, flags, host, source, dest, edge);
  return true;
}

/** Statistics of one populate pass (rows applied and rows skipped, by reason). */
export interface PopulateStats {
  applied: number;
  skippedMissingLabels: number;
  skippedBadTelemetry: number;
  skippedNaN: number;
}

/** Whether a label of `labels` is absent from the row (a loop: this runs for every row). */
export function missingLabel(m: Record<string, string>, labels: readonly string[]): boolean {
  for (let i = 0; i < labels.length; i++) if (m[labels[i]!] === undefined) return true;
  return false;
}

/**
 * Populates `tm` from one vector of `metric` (`populateTrafficMap`). Apply vectors in Kiali's query order:
 * for duplicated series the first one wins.
 */
export function populateTrafficMap(
  tm: TrafficMap,
  samples: readonly PromSample[],
  metric: string,
  o: TelemetryOptions,
  stats?: PopulateStats,
): void {
  const fixedProtocol = metricProtocol(metric);
  const isRequests = fixedProtocol === null;
  const istioNs = o.istioNamespace ?? 'istio-system';
  const st = stats ?? { applied: 0, skippedMissingLabels: 0, skippedBadTelemetry: 0, skippedNaN: 0 };

  for (const s of samples) {
    const m = s.metric;
    if (missingLabel(m, REQUIRED_LABELS)) {
      st.skippedMissingLabels++;
      continue;
    }
    const val = s.value;
    if (Number.isNaN(val) || val < 0) {
      st.skippedNaN++;
      continue;
    }
    let flags = '';
    if (isRequests || fixedProtocol === 'tcp') {
      if (m.response_flags === undefined) {
        st.skippedMissingLabels++;
        continue;
      }
      flags = m.response_flags;
    }
    const src = rowSource(m);
    const destClusterOk = m.destination_cluster !== undefined;
    const destSvc = m.destination_service!;
    if (isBadSourceTelemetry(src.cluster, src.clusterOk, src.ns, src.wl, src.app)) {
      st.skippedBadTelemetry++;
      continue;
    }
    const d = handleDestination(src.cluster, { ...rowDestination(m), svc: destSvc }, istioNs);
    if (isBadDestTelemetry(d.cluster, destClusterOk, d.svcNs, destSvc, d.svcName, d.wl)) {
      st.skippedBadTelemetry++;
      continue;
    }
    let protocol: string = fixedProtocol ?? '';
    let code = '';
    if (isRequests) {
      if (m.request_protocol === undefined || m.response_code === undefined) {
        st.skippedMissingLabels++;
        continue;
      }
      protocol = m.request_protocol;
      if ((protocol === 'grpc' && o.rates.grpc !== 'requests') || (protocol === 'http' && o.rates.http !== 'requests'))
        continue;
      code = handleResponseCode(protocol, m.response_code, m.grpc_response_status);
    }
    const host = destSvc;
    // ztunnel rows name waypoints as plain workloads; Kiali recognises them by the known waypoint workloads
    const ztunnel = fixedProtocol === 'tcp' && m.app === 'ztunnel' && o.waypoints !== undefined;
    const sourceIsWaypoint = ztunnel && o.waypoints!.has(waypointKey(src.cluster, src.ns, src.wl));
    const destIsWaypoint = ztunnel && o.waypoints!.has(waypointKey(d.cluster, d.wlNs, d.wl));
    // waypoints are not apps: a waypoint is a workload node whatever the graph type
    const source = sourceIdentity(sourceIsWaypoint ? { ...src, app: '' } : src);
    const dest = destIdentity(destIsWaypoint ? { ...d, app: '' } : d);

    let inject = false;
    let destIdt: ReturnType<typeof nodeId> | undefined;
    if (o.injectServiceNodes && isOK(d.svcName) && d.svcName !== PASSTHROUGH_CLUSTER) {
      destIdt = nodeId(dest, o.graphType);
      if (!destIdt) {
        st.skippedBadTelemetry++;
        continue;
      }
      inject = destIdt.nodeType !== 'service' && !sourceIsWaypoint && !destIsWaypoint;
    }
    const sourceNode = addNode(tm, source, o.graphType);
    const destNode = sourceNode && addNode(tm, dest, o.graphType, destIdt);
    if (!sourceNode || !destNode) {
      st.skippedBadTelemetry++;
      continue;
    }
    if (sourceIsWaypoint) sourceNode.meta.isWaypoint = true;
    if (destIsWaypoint) destNode.meta.isWaypoint = true;
    const key = [metric, sourceNode.meta.tsHash, destNode.meta.tsHash, code, flags, host].join('\u0000');
    if (inject) {
      const svcNode = addNode(tm, destServiceIdentity(d), o.graphType);
      if (!svcNode) continue;
      svcNode.meta.isInjected = true;
      if (addEdgeTraffic(val, protocol, code, flags, host, sourceNode, svcNode, key)) {
        addDestService(svcNode, d.cluster, d.svcNs, d.svcName);
        addEdgeTraffic(val, protocol, code, flags, host, svcNode, destNode, key);
        addDestService(destNode, d.cluster, d.svcNs, d.svcName);
      }
    } else if (addEdgeTraffic(val, protocol, code, flags, host, sourceNode, destNode, key)) {
      addDestService(destNode, d.cluster, d.svcNs, d.svcName);
    }
    st.applied++;
  }
}
