/**
 * The Traffic tab and mini graph model (Kiali's `TrafficDetails`): from the node graph around an object (Kiali's
 * graph JSON), the object's own nodes and its inbound and outbound edges with protocol, rate, error ratio, response
 * time and edge health. Pure and isomorphic (the browser runs it on the graph API's answer).
 */
import type { EdgeDataJson, KialiGraphJson, NodeDataJson } from '@/lib/graph/types';
import type { HealthStatus, MeshKind } from '@/lib/contracts/mesh';

/** A node as the tab shows it: a label, what to link to, and its health. */
export interface TrafficNode {
  id: string;
  nodeType: NodeDataJson['nodeType'];
  namespace: string;
  /** `reviews v2`, `productpage-v1`, `ratings` (service), `unknown`. */
  label: string;
  /** The detail page the node opens, or null (unknown sources, outside services, service entries). */
  link: { kind: MeshKind; namespace: string; name: string } | null;
  health: HealthStatus | null;
  isRoot: boolean;
}

export interface TrafficRow {
  edgeId: string;
  /** The other end of the edge. */
  peer: TrafficNode;
  /** The object's own node on this edge (an app version, or the object itself). */
  self: TrafficNode;
  protocol: 'http' | 'grpc' | 'tcp' | string;
  /** Requests per second (http, grpc) or bytes per second (tcp); null without traffic. */
  rate: number | null;
  unit: 'rps' | 'Bps';
  /** Error ratio in [0, 1] (http/grpc); null for tcp or no traffic. */
  errorRatio: number | null;
  /** Response time in ms (the graph's default p95); null when absent. */
  responseTimeMs: number | null;
  health: HealthStatus | null;
}

export interface TrafficModel {
  nodes: TrafficNode[];
  focal: TrafficNode[];
  inbound: TrafficRow[];
  outbound: TrafficRow[];
}

const STATUSES: ReadonlySet<string> = new Set(['Failure', 'Degraded', 'Not Ready', 'Healthy', 'NA']);

function num(v: string | undefined): number | null {
  if (v === undefined || v === '') return null;
  const n = Number(v);
  return Number.isFinite(n) ? n : null;
}

function nodeOf(d: NodeDataJson): TrafficNode {
  const health = (d.healthData as { status?: { status?: string } } | null)?.status?.status;
  const version = d.version && d.version !== 'unknown' ? ` ${d.version}` : '';
  let label = d.workload ?? d.app ?? d.service ?? d.id;
  let link: TrafficNode['link'] = null;
  const known = d.namespace && d.namespace !== 'unknown' && !d.isServiceEntry && !d.isInaccessible;
  if (d.nodeType === 'app' && d.app) {
    label = `${d.app}${version}`;
    if (known && d.app !== 'unknown') link = { kind: 'apps', namespace: d.namespace, name: d.app };
  } else if (d.nodeType === 'workload' && d.workload) {
    label = d.workload;
    if (known && d.workload !== 'unknown') link = { kind: 'workloads', namespace: d.namespace, name: d.workload };
  } else if (d.nodeType === 'service' && d.service) {
    label = d.service;
    if (known) link = { kind: 'services', namespace: d.namespace, name: d.service };
  } else if (d.nodeType === 'unknown') {
    label = 'unknown';
  }
  return {
    id: d.id,
    nodeType: d.nodeType,
    namespace: d.namespace,
    label,
    link,
    health: health && STATUSES.has(health) ? (health as HealthStatus) : null,
    isRoot: !!d.isRoot,
  };
}

/** True when the node stands for the object (an app's versions, the workload, the service). */
export function isFocal(d: NodeDataJson, kind: MeshKind, namespace: string, name: string): boolean {
  if (d.namespace !== namespace || d.nodeType === 'box') return false;
  if (kind === 'apps') return d.nodeType === 'app' && d.app === name;
  if (kind === 'workloads') return d.nodeType === 'workload' && d.workload === name;
  return d.nodeType === 'service' && d.service === name;
}

function rowOf(e: EdgeDataJson, peer: TrafficNode, self: TrafficNode): TrafficRow {
  const t = e.traffic ?? {};
  const rates = t.rates ?? {};
  const protocol = t.protocol ?? 'http';
  const health = e.healthStatus && STATUSES.has(e.healthStatus) ? (e.healthStatus as HealthStatus) : null;
  if (protocol === 'tcp') {
    return {
      edgeId: e.id,
      peer,
      self,
      protocol,
      rate: num(rates.tcp),
      unit: 'Bps',
      errorRatio: null,
      responseTimeMs: null,
      health,
    };
  }
  const rate = num(rates[protocol]);
  const pctErr = num(rates[`${protocol}PercentErr`]);
  return {
    edgeId: e.id,
    peer,
    self,
    protocol,
    rate,
    unit: 'rps',
    errorRatio: rate === null || rate === 0 ? null : (pctErr ?? 0) / 100,
    responseTimeMs: num(e.responseTime),
    health,
  };
}

/** Splits the node graph into the object's nodes and its inbound and outbound edges, busiest first. */
export function trafficModel(graph: KialiGraphJson, kind: MeshKind, namespace: string, name: string): TrafficModel {
  const nodes = new Map<string, TrafficNode>();
  const focalIds = new Set<string>();
  for (const { data } of graph.elements.nodes) {
    if (data.nodeType === 'box') continue;
    nodes.set(data.id, nodeOf(data));
    if (isFocal(data, kind, namespace, name)) focalIds.add(data.id);
  }
  const inbound: TrafficRow[] = [];
  const outbound: TrafficRow[] = [];
  for (const { data: e } of graph.elements.edges) {
    const source = nodes.get(e.source);
    const target = nodes.get(e.target);
    if (!source || !target) continue;
    const fromSelf = focalIds.has(e.source);
    const toSelf = focalIds.has(e.target);
    if (toSelf && !fromSelf) inbound.push(rowOf(e, source, target));
    else if (fromSelf && !toSelf) outbound.push(rowOf(e, target, source));
  }
  // a node graph also carries the object's own node without edges (e.g. the unversioned app node): drop it when
  // another of the object's nodes has traffic
  const connected = new Set([...inbound, ...outbound].map((r) => r.self.id));
  const focal = [...focalIds].map((id) => nodes.get(id)!).filter((n) => connected.size === 0 || connected.has(n.id));
  const busiest = (a: TrafficRow, b: TrafficRow) =>
    (b.rate ?? -1) - (a.rate ?? -1) || a.peer.label.localeCompare(b.peer.label);
  return { nodes: [...nodes.values()], focal, inbound: inbound.sort(busiest), outbound: outbound.sort(busiest) };
}
