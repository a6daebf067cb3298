/**
 * Traffic map → Kiali's graph JSON (`graph/config/common/common.go` `NewConfig`): hashed ids, rates as
 * strings, responses as percentages, compound box nodes, and Kiali's sort order. Keys of rate, response and
 * label maps are emitted sorted, as Go's encoding/json does, so the output is byte-stable.
 */
import { createHash } from 'node:crypto';
import { codeRecord } from './code-record';
import { formatFixed, rateToString } from './format';
import { PROTOCOLS, type ProtocolDef, type RateDef } from './protocols';
import { UNKNOWN, isOK, type GraphEdge, type GraphNode, type TrafficMap } from './traffic-map';
import type { BoxBy, GraphType } from './params';
import type { EdgeDataJson, KialiGraphJson, NodeDataJson, ProtocolTrafficJson, ResponseDetailJson } from './types';

/** Hashes of node ids and edge keys: a refresh, or another user's graph of the same mesh, asks for the same ones. */
const hashCache = new Map<string, string>();

/** SHA-256 of the UTF-8 string, lowercase hex (Kiali's `nodeHash`/`edgeHash` use Go's crypto/sha256 the same way), memoised. */
function sha256Hex(input: string): string {
  let h = hashCache.get(input);
  if (h === undefined) {
    h = createHash('sha256').update(input, 'utf8').digest('hex');
    if (hashCache.size >= 100_000) hashCache.clear();
    hashCache.set(input, h);
  }
  return h;
}

/** `sha256(internal id)` as hex (`nodeHash`). */
export function nodeHash(id: string): string {
  return sha256Hex(id);
}

/** `sha256(srcHash + "." + dstHash + "." + protocol)` (`edgeHash`). */
export function edgeHash(sourceHash: string, destHash: string, protocol: string): string {
  return sha256Hex(`${sourceHash}.${destHash}.${protocol}`);
}

function sorted<T>(obj: Record<string, T>): Record<string, T> {
  const out: Record<string, T> = {};
  for (const k of Object.keys(obj).sort()) out[k] = obj[k]!;
  return out;
}

/** A protocol's rate definitions looked up once: what every node and edge of the graph would otherwise search. */
interface ProtocolRates {
  def: ProtocolDef;
  /** Every node (edge) rate name of the protocol, sorted: the order `sorted` gives any subset of them. */
  nodeNames: readonly string[];
  edgeNames: readonly string[];
  percentErr?: RateDef;
  percentReq?: RateDef;
  out?: RateDef;
}

const PROTOCOL_RATES = new Map<string, ProtocolRates>(
  PROTOCOLS.map((p) => [
    p.name,
    {
      def: p,
      nodeNames: p.nodeRates.map((r) => r.name).sort(),
      edgeNames: p.edgeRates.map((r) => r.name).sort(),
      percentErr: p.edgeRates.find((r) => r.isPercentErr),
      percentReq: p.edgeRates.find((r) => r.isPercentReq),
      out: p.nodeRates.find((r) => r.isOut),
    },
  ]),
);

/** `sorted(rates)` for rates whose keys are all in `names` (sorted): no key list to make and sort. */
function inOrder(rates: Record<string, string>, names: readonly string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const k of names) {
    const v = rates[k];
    if (v !== undefined) out[k] = v;
  }
  return out;
}

/** Keys of a flags or hosts record, sorted (most have one). */
function sortedKeys(o: Record<string, number>): string[] {
  const keys = Object.keys(o);
  return keys.length > 1 ? keys.sort() : keys;
}

/** The record's values as a % of `total`, keys sorted (a response's flags or hosts). */
function percentages(o: Record<string, number>, keys: readonly string[], total: number): Record<string, string> {
  const out: Record<string, string> = {};
  for (const k of keys) out[k] = formatFixed((o[k]! / total) * 100, 1);
  return out;
}

function gatewayHosts(m: Map<string, string[]> | undefined): string[] | undefined {
  if (!m) return undefined;
  const hosts = [...m.keys()].sort().flatMap((k) => m.get(k) ?? []);
  return hosts.length > 0 ? hosts : undefined;
}

function nodeTraffic(n: GraphNode): ProtocolTrafficJson[] | undefined {
  let out: ProtocolTrafficJson[] | undefined;
  for (const pr of PROTOCOL_RATES.values()) {
    let rates: Record<string, string> | undefined;
    for (const r of pr.def.nodeRates) {
      const v = n.rates[r.name];
      if (v !== undefined && v > 0) (rates ??= {})[r.name] = rateToString(r.precision, v);
    }
    if (rates) (out ??= []).push({ protocol: pr.def.name, rates: inOrder(rates, pr.nodeNames) });
  }
  return out;
}

function nodeData(n: GraphNode): NodeDataJson {
  const m = n.meta;
  // built in Kiali's NodeData field order
  const ordered = {
    id: nodeHash(n.id),
    nodeType: n.nodeType,
    cluster: n.cluster,
    namespace: n.namespace,
  } as NodeDataJson;
  if (n.workload) ordered.workload = n.workload;
  if (n.app) ordered.app = n.app;
  if (n.version) ordered.version = n.version;
  if (n.service) ordered.service = n.service;
  if (m.destServices && m.destServices.size > 0) {
    ordered.destServices = [...m.destServices.values()].sort((a, b) =>
      a.cluster !== b.cluster
        ? cmp(a.cluster, b.cluster)
        : a.namespace !== b.namespace
          ? cmp(a.namespace, b.namespace)
          : cmp(a.name, b.name),
    );
  }
  // A node the user may not see (another namespace's, marked by the outsider finalizer) carries neither its health
  // nor its node rates: only the edges to and from the user's own nodes tell about it (issue 12).
  const hidden = !!m.isInaccessible;
  const traffic = hidden && m.isOutside ? undefined : nodeTraffic(n);
  if (traffic) ordered.traffic = traffic;
  ordered.healthData = hidden ? null : (m.healthData ?? null);
  if (m.hasCB) ordered.hasCB = true;
  if (m.hasFaultInjection) ordered.hasFaultInjection = true;
  if (!hidden && m.hasHealthConfig && Object.keys(m.hasHealthConfig).length > 0)
    ordered.hasHealthConfig = sorted(m.hasHealthConfig);
  if (m.hasK8sRoutes?.size)
    ordered.hasK8sRoutes = [...m.hasK8sRoutes.keys()].sort().map((k) => m.hasK8sRoutes!.get(k)!);
  if (m.hasMirroring) ordered.hasMirroring = true;
  if (m.hasRequestRouting) ordered.hasRequestRouting = true;
  if (m.hasRequestTimeout) ordered.hasRequestTimeout = true;
  if (m.hasTCPTrafficShifting) ordered.hasTCPTrafficShifting = true;
  if (m.hasTrafficShifting) ordered.hasTrafficShifting = true;
  if (m.hasVS) {
    const hostnames = gatewayHosts(m.hasVS);
    ordered.hasVS = hostnames ? { hostnames } : {};
  }
  if (m.virtualServices?.size)
    ordered.virtualServices = [...m.virtualServices.keys()].sort().map((k) => m.virtualServices!.get(k)!);
  if (m.isAmbient) ordered.isAmbient = true;
  if (m.isDead) ordered.isDead = true;
  if (m.isIngressGateway || m.isEgressGateway || m.isGatewayAPI) {
    // Go serialises the three (non-pointer) structs even when empty
    const info = (hosts: string[] | undefined) => (hosts ? { hostnames: hosts } : {});
    if (m.isIngressGateway)
      ordered.isGateway = { ingressInfo: info(gatewayHosts(m.isIngressGateway)), egressInfo: {}, gatewayAPIInfo: {} };
    else if (m.isEgressGateway)
      ordered.isGateway = { ingressInfo: {}, egressInfo: info(gatewayHosts(m.isEgressGateway)), gatewayAPIInfo: {} };
    else ordered.isGateway = { ingressInfo: {}, egressInfo: {}, gatewayAPIInfo: info(gatewayHosts(m.isGatewayAPI)) };
  }
  if (m.isIdle) ordered.isIdle = true;
  if (m.isInaccessible) ordered.isInaccessible = true;
  if (m.isInjected) ordered.isInjected = true;
  if (m.isGatewayAPI) ordered.isK8sGatewayAPI = true;
  if (m.isOutOfMesh) ordered.isOutOfMesh = true;
  if (m.isOutside) ordered.isOutside = true;
  if (m.isRoot) ordered.isRoot = true;
  if (m.isServiceEntry) ordered.isServiceEntry = m.isServiceEntry;
  if (m.isWaypoint) ordered.isWaypoint = true;
  return ordered;
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function edgeData(e: GraphEdge): EdgeDataJson {
  const source = nodeHash(e.source.id);
  const target = nodeHash(e.dest.id);
  // Kiali's struct order: id, source, target, destPrincipal, healthStatus, isMTLS, responseTime, sourcePrincipal, throughput, traffic,
  // waypoint
  const d = { id: edgeHash(source, target, e.protocol), source, target } as EdgeDataJson;
  if (e.destPrincipal) d.destPrincipal = e.destPrincipal;
  if (e.healthStatus) d.healthStatus = e.healthStatus;
  if (e.isMTLS !== undefined) d.isMTLS = formatFixed(e.isMTLS, 0);
  if (e.responseTime !== undefined) d.responseTime = formatFixed(e.responseTime, 0);
  if (e.sourcePrincipal) d.sourcePrincipal = e.sourcePrincipal;
  if (e.throughput !== undefined) d.throughput = formatFixed(e.throughput, 0);
  d.traffic = edgeTraffic(e) ?? { protocol: e.protocol };
  if (e.waypoint) {
    d.waypoint = { direction: e.waypoint.direction };
    if (e.waypoint.fromEdge) d.waypoint.fromEdge = edgeData(e.waypoint.fromEdge);
  }
  return d;
}

/** Edge rates, error and request percentages, and responses as % of the edge total (`addEdgeTelemetry`). */
function edgeTraffic(e: GraphEdge): ProtocolTrafficJson | undefined {
  const pr = PROTOCOL_RATES.get(e.protocol);
  if (!pr) return undefined;
  const p = pr.def;
  const rates: Record<string, string> = {};
  let any = false;
  let total = 0;
  let err = 0;
  for (const r of p.edgeRates) {
    const v = e.rates[r.name] ?? 0;
    if (r.isTotal) total = v;
    else if (r.isErr) err += v;
    if (v > 0) {
      rates[r.name] = rateToString(r.precision, v);
      any = true;
    }
  }
  if (!any) return undefined;
  const out: ProtocolTrafficJson = { protocol: p.name };
  if (total > 0) {
    const pErr = pr.percentErr;
    if (pErr && err / total > 0) rates[pErr.name] = formatFixed((err / total) * 100, pErr.precision);
    const pReq = pr.percentReq;
    const outRate = pr.out;
    if (pReq && outRate) {
      const pct = (total / (e.source.rates[outRate.name] ?? 0)) * 100;
      if (pct > 0 && Number.isFinite(pct)) rates[pReq.name] = formatFixed(pct, pReq.precision);
    }
    out.rates = inOrder(rates, pr.edgeNames);
    const responses = codeRecord<ResponseDetailJson>();
    const codes = [...e.responses.keys()];
    if (codes.length > 1) codes.sort();
    for (const code of codes) {
      const detail = e.responses.get(code)!;
      const rd: ResponseDetailJson = {};
      const flags = sortedKeys(detail.flags);
      const hosts = sortedKeys(detail.hosts);
      if (flags.length > 0) rd.flags = percentages(detail.flags, flags, total);
      if (hosts.length > 0) rd.hosts = percentages(detail.hosts, hosts, total);
      responses[code] = rd;
    }
    if (e.responses.size > 0) out.responses = responses;
    return out;
  }
  out.rates = inOrder(rates, pr.edgeNames);
  return out;
}

const BOX_RANK: Record<string, number> = { cluster: 0, namespace: 1, app: 2 };

function addBoxes(nodes: NodeDataJson[], boxBy: BoxBy, appHealth: Map<NodeDataJson, NodeDataJson['healthData']>): void {
  const groups = new Map<string, NodeDataJson[]>();
  for (const n of nodes) {
    let key: string | null = null;
    if (boxBy === 'app' && n.app && n.app !== UNKNOWN && n.nodeType !== 'box')
      key = `box_${n.cluster}_${n.namespace}_${n.app}`;
    if (boxBy === 'namespace' && !n.parent && n.namespace !== UNKNOWN) key = `box_${n.cluster}_${n.namespace}`;
    if (boxBy === 'cluster' && !n.parent && n.cluster !== UNKNOWN) key = `box_${n.cluster}`;
    if (key === null) continue;
    const g = groups.get(key);
    if (g) g.push(n);
    else groups.set(key, [n]);
  }
  if (boxBy !== 'app' && groups.size <= 1) return;
  for (const [key, members] of groups) {
    // A cluster gets its box even with one member (a lone node, or its only namespace box with boxBy=cluster,namespace):
    // with several clusters in the graph every node must show its cluster, as Kiali's cluster boxes do (issue 18).
    // App and namespace boxes keep Kiali's `generateBoxCompoundNodes` rule: only around two or more members.
    if (members.length <= 1 && boxBy !== 'cluster') continue;
    const first = members[0]!;
    const id = nodeHash(key);
    let healthData: NodeDataJson['healthData'] = null;
    let outOfMesh = false;
    let inaccessible = false;
    let outside = false;
    for (const m of members) {
      m.parent = id;
      if (boxBy === 'app') {
        if (healthData === null && m.nodeType === 'app' && !m.isInaccessible)
          healthData = appHealth.get(m) ?? m.healthData;
        outOfMesh ||= !!m.isOutOfMesh;
        inaccessible ||= !!m.isInaccessible;
        outside ||= !!m.isOutside;
      }
    }
    const box = {
      id,
      nodeType: 'box',
      cluster: first.cluster,
      namespace: boxBy === 'cluster' ? '' : first.namespace,
    } as NodeDataJson;
    if (boxBy === 'app') box.app = first.app;
    box.healthData = healthData;
    box.isBox = boxBy;
    if (inaccessible) box.isInaccessible = true;
    if (outOfMesh) box.isOutOfMesh = true;
    if (outside) box.isOutside = true;
    nodes.push(box);
  }
}

function nodeOrder(a: NodeDataJson, b: NodeDataJson): number {
  if (a.isBox !== b.isBox) return (BOX_RANK[a.isBox ?? ''] ?? 3) - (BOX_RANK[b.isBox ?? ''] ?? 3);
  if (a.cluster !== b.cluster) return cmp(a.cluster, b.cluster);
  if (a.namespace !== b.namespace) return cmp(a.namespace, b.namespace);
  if ((a.app ?? '') !== (b.app ?? '')) return cmp(a.app ?? '', b.app ?? '');
  if ((a.version ?? '') !== (b.version ?? '')) return cmp(a.version ?? '', b.version ?? '');
  if ((a.service ?? '') !== (b.service ?? '')) return cmp(a.service ?? '', b.service ?? '');
  return cmp(a.workload ?? '', b.workload ?? '');
}

export interface ToJsonOptions {
  graphType: GraphType;
  durationSeconds: number;
  queryTime: number;
  boxBy: BoxBy[];
}

/** The graph JSON for a traffic map (`common.NewConfig`). app and versionedApp graphs are always boxed by app. */
export function toKialiJson(tm: TrafficMap, o: ToJsonOptions): KialiGraphJson {
  const nodes: NodeDataJson[] = [];
  const edges: EdgeDataJson[] = [];
  const appHealth = new Map<NodeDataJson, NodeDataJson['healthData']>();
  for (const n of tm.values()) {
    const d = nodeData(n);
    if (n.nodeType === 'app' && isOK(n.workload) && n.meta.healthDataApp) appHealth.set(d, n.meta.healthDataApp);
    nodes.push(d);
    for (const e of n.edges) edges.push(edgeData(e));
  }
  if (o.boxBy.includes('app') || o.graphType === 'app' || o.graphType === 'versionedApp')
    addBoxes(nodes, 'app', appHealth);
  if (o.boxBy.includes('namespace')) addBoxes(nodes, 'namespace', appHealth);
  if (o.boxBy.includes('cluster')) addBoxes(nodes, 'cluster', appHealth);
  nodes.sort(nodeOrder);
  edges.sort((a, b) =>
    a.source !== b.source
      ? cmp(a.source, b.source)
      : a.target !== b.target
        ? cmp(a.target, b.target)
        : cmp(a.traffic.protocol ?? '', b.traffic.protocol ?? ''),
  );
  return {
    timestamp: o.queryTime,
    duration: o.durationSeconds,
    graphType: o.graphType,
    elements: {
      nodes: nodes.map((data) => ({ data: withParentSecond(data) })),
      edges: edges.map((data) => ({ data })),
    },
  };
}

/** Puts `parent` right after `id`, as in Kiali's NodeData struct. */
function withParentSecond(d: NodeDataJson): NodeDataJson {
  if (!d.parent) return d;
  // one copy: `id` and `parent` keep their places, every other field follows in its order
  return Object.assign({ id: d.id, parent: d.parent }, d);
}
