/**
 * The traffic map: Kiali's internal graph (`graph/types.go`), nodes keyed by internal id, each holding its
 * outgoing edges. Appenders read and decorate it; `to-json.ts` turns it into Kiali's JSON.
 */
import type { HealthData } from '@/lib/health/types';
import type { GraphType } from './params';
import type { NodeType, SEInfo, ServiceName } from './types';

export const UNKNOWN = 'unknown';
export const PASSTHROUGH_CLUSTER = 'PassthroughCluster';
export const BLACKHOLE_CLUSTER = 'BlackHoleCluster';

/** Rates by name (`httpIn`, `httpOut`, `http5xx`, `tcp`, ...). Kiali keeps them in node/edge metadata. */
export type Rates = Record<string, number>;

/** Rates of one response code by response flags and by host. */
export interface ResponseDetail {
  flags: Record<string, number>;
  hosts: Record<string, number>;
}

/**
 * Per response code: rate by response flags and by host (`graph.Responses`). A Map, not a record: codes such as
 * "200" and "503" are integer-like keys, which V8 keeps in an array-like store sized by the largest code
 * (kilobytes per edge, slow to grow, scan and serialise); the JSON's `responses` object is made once in to-json.
 */
export type Responses = Map<string, ResponseDetail>;

/** A Gateway API route as graph nodes name it. */
export interface K8sRouteRef {
  kind: string;
  namespace: string;
  name: string;
}

export interface NodeMeta {
  destServices?: Map<string, ServiceName>;
  /** A service node injected between a source and its destination workload. */
  isInjected?: boolean;
  /** PassthroughCluster / BlackHoleCluster. */
  isEgressCluster?: boolean;
  isServiceEntry?: SEInfo;
  isDead?: boolean;
  isIdle?: boolean;
  isOutside?: boolean;
  isInaccessible?: boolean;
  isRoot?: boolean;
  isOutOfMesh?: boolean;
  isAmbient?: boolean;
  /** A waypoint proxy seen in ztunnel telemetry (Kiali `graph.IsWaypoint`). */
  isWaypoint?: boolean;
  hasCB?: boolean;
  /** VirtualService name → hosts. */
  hasVS?: Map<string, string[]>;
  /** Meshscope extension: every VirtualService routing to a service node, by `namespace/name` (find/hide `route =`). */
  virtualServices?: Map<string, { namespace: string; name: string }>;
  hasRequestRouting?: boolean;
  hasRequestTimeout?: boolean;
  hasFaultInjection?: boolean;
  hasTrafficShifting?: boolean;
  hasTCPTrafficShifting?: boolean;
  hasMirroring?: boolean;
  /** Gateway API routes (HTTPRoute, GRPCRoute, TCPRoute) governing a service node, by `Kind/namespace/name`. */
  hasK8sRoutes?: Map<string, K8sRouteRef>;
  /** Gateway name → hostnames. */
  isIngressGateway?: Map<string, string[]>;
  isEgressGateway?: Map<string, string[]>;
  isGatewayAPI?: Map<string, string[]>;
  healthData?: HealthData;
  /** App health of a versioned-app node, used for its app box (`HealthDataApp`). */
  healthDataApp?: HealthData;
  hasHealthConfig?: Record<string, string>;
  /** Time-series identity of the last addNode call (Kiali `tsHash`), used to drop duplicate series. */
  tsHash?: string;
}

export interface GraphNode {
  id: string;
  nodeType: NodeType;
  cluster: string;
  namespace: string;
  workload: string;
  app: string;
  version: string;
  service: string;
  edges: GraphEdge[];
  rates: Rates;
  meta: NodeMeta;
}

export interface GraphEdge {
  source: GraphNode;
  dest: GraphNode;
  protocol: string;
  rates: Rates;
  responses: Responses;
  /** Series already applied to this edge (Kiali `tsHashMap`). */
  seen: Set<string>;
  responseTime?: number;
  throughput?: number;
  isMTLS?: number;
  sourcePrincipal?: string;
  destPrincipal?: string;
  healthStatus?: string;
  /**
   * Set by the `ambient` finalizer on edges to and from a waypoint (Kiali `graph.Waypoint`): `to` edges carry the
   * waypoint's edge back to their source (`fromEdge`), which leaves the waypoint's own edge list.
   */
  waypoint?: { direction: 'to' | 'from'; fromEdge?: GraphEdge };
}

export type TrafficMap = Map<string, GraphNode>;

/** A telemetry label value that is set and not `unknown` (`graph.IsOK`). */
export function isOK(v: string | undefined): v is string {
  return v !== undefined && v !== '' && v !== UNKNOWN;
}

/** Like isOK, and not `latest`, which canonical revisions use for "unknown" (`graph.IsOKVersion`). */
export function isOKVersion(v: string | undefined): v is string {
  return isOK(v) && v !== 'latest';
}

export interface NodeIdentity {
  cluster: string;
  serviceNamespace: string;
  service: string;
  workloadNamespace: string;
  workload: string;
  app: string;
  version: string;
}

/**
 * Kiali's internal node id and node type (`graph.Id`): `wl_<cluster>_<ns>_<workload>`,
 * `app_<cluster>_<ns>_<app>`, `vapp_<cluster>_<ns>_<workload>` (or `_<app>_<version>`),
 * `svc_<cluster>_<ns>_<service>`, `<cluster>_unknown_source`, `svc_<cluster>_<ns>_unknown`.
 * Returns null where Kiali returns an error (nothing identifies the node).
 */
export function nodeId(n: NodeIdentity, graphType: GraphType): { id: string; nodeType: NodeType } | null {
  const { cluster, service, workload, app, version } = n;
  const namespace = isOK(n.workloadNamespace) ? n.workloadNamespace : n.serviceNamespace;

  if (namespace === UNKNOWN && workload === UNKNOWN && app === UNKNOWN && service === '') {
    return { id: `${cluster}_unknown_source`, nodeType: 'unknown' };
  }
  if (workload === UNKNOWN && app === UNKNOWN && service === UNKNOWN) {
    return { id: `svc_${cluster}_${namespace}_unknown`, nodeType: 'service' };
  }
  const workloadOk = isOK(workload);
  const appOk = isOK(app);
  const serviceOk = isOK(service);
  if (!workloadOk && !appOk && !serviceOk) return null;

  if (graphType === 'workload' || graphType === 'service') {
    if (!workloadOk && !serviceOk) return null;
    if (!workloadOk) return { id: `svc_${cluster}_${namespace}_${service}`, nodeType: 'service' };
    return { id: `wl_${cluster}_${namespace}_${workload}`, nodeType: 'workload' };
  }
  if (appOk) {
    if (graphType === 'versionedApp') {
      if (workloadOk) return { id: `vapp_${cluster}_${namespace}_${workload}`, nodeType: 'app' };
      if (isOKVersion(version)) return { id: `vapp_${cluster}_${namespace}_${app}_${version}`, nodeType: 'app' };
    }
    return { id: `app_${cluster}_${namespace}_${app}`, nodeType: 'app' };
  }
  if (workloadOk) return { id: `wl_${cluster}_${namespace}_${workload}`, nodeType: 'workload' };
  return { id: `svc_${cluster}_${namespace}_${service}`, nodeType: 'service' };
}

/** A node with the fields its type keeps (`graph.NewNodeExplicit`). */
export function newNode(
  id: string,
  nodeType: NodeType,
  f: { cluster: string; namespace: string; workload: string; app: string; version: string; service: string },
  graphType: GraphType,
): GraphNode {
  let { workload, app, version, service } = f;
  const meta: NodeMeta = {};
  switch (nodeType) {
    case 'app':
      // a versioned app node keeps its workload: app+version should be backed by a single workload
      if (graphType !== 'versionedApp') {
        workload = '';
        version = '';
      }
      service = '';
      break;
    case 'service':
      app = '';
      workload = '';
      version = '';
      if (service === PASSTHROUGH_CLUSTER || service === BLACKHOLE_CLUSTER) meta.isEgressCluster = true;
      break;
    case 'workload':
      if (app === UNKNOWN) app = '';
      if (version === UNKNOWN) version = '';
      service = '';
      break;
    default:
      break;
  }
  return {
    id,
    nodeType,
    cluster: f.cluster,
    namespace: f.namespace,
    workload,
    app,
    version,
    service,
    edges: [],
    rates: {},
    meta,
  };
}

/** Creates the node for an identity, or null if it cannot be identified (`graph.NewNode`). */
export function nodeFor(n: NodeIdentity, graphType: GraphType): GraphNode | null {
  const idt = nodeId(n, graphType);
  if (!idt) return null;
  const namespace = isOK(n.workloadNamespace) ? n.workloadNamespace : n.serviceNamespace;
  return newNode(
    idt.id,
    idt.nodeType,
    { cluster: n.cluster, namespace, workload: n.workload, app: n.app, version: n.version, service: n.service },
    graphType,
  );
}

/** Adds an edge from `source` to `dest` for `protocol`. */
export function addEdge(source: GraphNode, dest: GraphNode, protocol: string): GraphEdge {
  const e: GraphEdge = { source, dest, protocol, rates: {}, responses: new Map(), seen: new Set() };
  source.edges.push(e);
  return e;
}

/** The existing edge for (dest, protocol), or a new one. */
export function findOrAddEdge(source: GraphNode, dest: GraphNode, protocol: string): GraphEdge {
  for (const e of source.edges) if (e.dest.id === dest.id && e.protocol === protocol) return e;
  return addEdge(source, dest, protocol);
}

/** Records that `dest` was requested as service `name` (`addToDestServices`). */
export function addDestService(node: GraphNode, cluster: string, namespace: string, name: string): void {
  if (!isOK(name)) return;
  const ds = (node.meta.destServices ??= new Map());
  const key = `${cluster} ${namespace} ${name}`;
  // the same service again (a row per response code) changes nothing: no new record
  if (!ds.has(key)) ds.set(key, { cluster, namespace, name });
}

/** Every edge of the map. */
export function allEdges(tm: TrafficMap): GraphEdge[] {
  const out: GraphEdge[] = [];
  for (const n of tm.values()) out.push(...n.edges);
  return out;
}
