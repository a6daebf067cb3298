/**
 * The namespace view of the traffic graph (issue 17): each namespace one node, the edges between namespaces summed,
 * computed from a built graph (pure). The result is Kiali graph JSON again, so the canvas, Find/Hide and the side
 * panel take it as they take any graph: a namespace node is Kiali's namespace box (`nodeType: 'box'`,
 * `isBox: 'namespace'`) collapsed — no members on the canvas, its totals in `NamespaceSummary`.
 *
 * Rules (decided like Kiali's namespace boxes, where an edge inside a box stays inside it):
 * - nodes group by cluster and namespace; boxes of the input are dropped; the `unknown` source is the `unknown`
 *   namespace's node;
 * - edges between two namespaces become one edge per (source namespace, target namespace, protocol), with the rates
 *   summed (req/s, or bytes/s for TCP), `…PercentErr` recomputed from the summed errors, `…PercentReq` recomputed as
 *   the edge's share of its source namespace's outbound rate of that protocol, throughput summed, mTLS the
 *   rate-weighted share, response time the slowest member's, health the worst member's;
 * - edges inside one namespace are not drawn (no self-loops: the namespace node stands for its box, and at 1,000
 *   namespaces loops would double the edges to draw); their rates are the namespace's internal traffic;
 * - a namespace's health is the worst of its members' (Kiali's order: Failure, Degraded, Not Ready, Healthy, NA);
 *   it is outside / inaccessible / idle only when every member is.
 *
 * Where it runs: on the server (the graph API's `namespaceView` parameter, lib/server/graph/route.ts), so the page
 * receives the namespace view itself — at 10,000 workloads about 1,000 nodes instead of a 33 MB graph of 18,000 nodes
 * and 30,000 edges (`npm run bench:graph`: the transfer, the server's `JSON.stringify` and gzip and the page's parse of
 * the full graph took 3 s of the 8.7 s first render). The build it starts from is the full graph's, shared with the
 * requests for the full graph (one computation, one cache entry); switching views is a second request.
 */
import type {
  EdgeDataJson,
  GraphSummary,
  KialiGraphJson,
  NamespaceSummary,
  NodeDataJson,
  Protocol,
  ProtocolRate,
} from './types';
import type { HealthStatus } from '@/lib/health/types';
import { num, rateToString } from './format';
import { edgeErrorRate, graphSummary } from './summary';

export type { NamespaceSummary, Protocol, ProtocolRate } from './types';

/** Above this many nodes (boxes not counted) a graph of several namespaces opens in the namespace view. */
export const NAMESPACE_VIEW_THRESHOLD = 1000;

const PROTOCOLS: readonly Protocol[] = ['http', 'grpc', 'tcp'];

export interface NamespaceGraph {
  /** Kiali graph JSON: one collapsed namespace box per namespace, the summed edges between them. */
  json: KialiGraphJson;
  summaries: Map<string, NamespaceSummary>;
  /** The summary of the full graph the view stands for (the graph API's answer carries it). */
  graph?: GraphSummary;
}

/** Kiali's health order, worst first (`models/health_status.go`). */
const WORST_FIRST: readonly HealthStatus[] = ['Failure', 'Degraded', 'Not Ready', 'Healthy', 'NA'];

/** The worse of two Kiali statuses; `undefined` counts as no status. */
export function worseHealth(a: HealthStatus | undefined, b: HealthStatus | undefined): HealthStatus | undefined {
  if (a === undefined) return b;
  if (b === undefined) return a;
  return WORST_FIRST.indexOf(a) <= WORST_FIRST.indexOf(b) ? a : b;
}

/** The namespace node id of a node: cluster and namespace (Kiali's namespace box is per cluster too). */
export function namespaceNodeId(cluster: string, namespace: string): string {
  return `ns:${cluster}:${namespace}`;
}

function memberHealthClass(d: NodeDataJson): keyof NamespaceSummary['health'] {
  if (d.isIdle) return 'idle';
  const s = d.healthData?.status?.status;
  return s === 'Failure' ? 'failure' : s === 'Degraded' ? 'degraded' : s === 'Healthy' ? 'healthy' : 'na';
}

function add(into: Partial<Record<Protocol, ProtocolRate>>, protocol: Protocol, rate: number, errorRate: number): void {
  const t = (into[protocol] ??= { rate: 0, errorRate: 0 });
  t.rate += rate;
  t.errorRate += errorRate;
}

interface EdgeAcc {
  source: string;
  target: string;
  protocol: Protocol;
  rates: Map<string, number>;
  health: HealthStatus | undefined;
  /** Sum of rate × mTLS share, and of the rates that said (for the weighted share). */
  mtls: number;
  mtlsRate: number;
  responseTime: number | null;
  throughput: number | null;
  /** The source namespace's outbound rates (its summary's), for `…PercentReq`. */
  sourceOutbound: NamespaceSummary['outbound'];
}

const isProtocol = (p: string | undefined): p is Protocol => p === 'http' || p === 'grpc' || p === 'tcp';

/** One namespace while it is summed up: its summary, its worst member health and its all-members flags. */
interface NamespaceAcc {
  summary: NamespaceSummary;
  status: HealthStatus | undefined;
  flags: { outside: boolean; inaccessible: boolean; idle: boolean; root: boolean };
  /** Its edges to other namespaces, by target namespace node id and protocol. */
  edges: Map<string, Partial<Record<Protocol, EdgeAcc>>>;
}

/**
 * The namespace view of `json` (see the module comment for the rules). Pure; O(nodes + edges), with no string built
 * per node or edge (nested maps by cluster and namespace, by target and protocol: at 10,000 workloads the server
 * aggregates 18,000 nodes and 30,000 edges for the page).
 */
export function aggregateByNamespace(json: KialiGraphJson): NamespaceGraph {
  const byCluster = new Map<string, Map<string, NamespaceAcc>>();
  const namespaces: NamespaceAcc[] = [];
  const nsOf = new Map<string, NamespaceAcc>();
  for (const { data: d } of json.elements?.nodes ?? []) {
    if (d.nodeType === 'box') continue;
    let inCluster = byCluster.get(d.cluster);
    if (!inCluster) byCluster.set(d.cluster, (inCluster = new Map()));
    let ns = inCluster.get(d.namespace);
    if (!ns) {
      ns = {
        summary: {
          id: namespaceNodeId(d.cluster, d.namespace),
          cluster: d.cluster,
          namespace: d.namespace,
          counts: { apps: 0, services: 0, workloads: 0, other: 0, total: 0 },
          health: { healthy: 0, degraded: 0, failure: 0, na: 0, idle: 0 },
          internal: {},
          inbound: {},
          outbound: {},
        },
        status: undefined,
        flags: { outside: true, inaccessible: true, idle: true, root: true },
        edges: new Map(),
      };
      inCluster.set(d.namespace, ns);
      namespaces.push(ns);
    }
    nsOf.set(d.id, ns);
    const s = ns.summary;
    s.counts.total++;
    if (d.nodeType === 'app') s.counts.apps++;
    else if (d.nodeType === 'service') s.counts.services++;
    else if (d.nodeType === 'workload') s.counts.workloads++;
    else s.counts.other++;
    s.health[memberHealthClass(d)]++;
    if (!d.isIdle) ns.status = worseHealth(ns.status, d.healthData?.status?.status);
    const f = ns.flags;
    f.outside &&= !!d.isOutside;
    f.inaccessible &&= !!d.isInaccessible;
    f.idle &&= !!d.isIdle;
    f.root &&= !!d.isRoot;
  }

  // namespace edges in the order their first member edge comes
  const edgeList: EdgeAcc[] = [];
  for (const { data: e } of json.elements?.edges ?? []) {
    const source = nsOf.get(e.source);
    const target = nsOf.get(e.target);
    const protocol = e.traffic?.protocol;
    if (!source || !target || !isProtocol(protocol)) continue;
    const rate = num(e.traffic.rates?.[protocol]) ?? 0;
    const errors = edgeErrorRate(e);
    if (source === target) {
      add(source.summary.internal, protocol, rate, errors);
      continue;
    }
    add(source.summary.outbound, protocol, rate, errors);
    add(target.summary.inbound, protocol, rate, errors);
    let toTarget = source.edges.get(target.summary.id);
    if (!toTarget) source.edges.set(target.summary.id, (toTarget = {}));
    let a = toTarget[protocol];
    if (!a) {
      a = toTarget[protocol] = {
        source: source.summary.id,
        target: target.summary.id,
        protocol,
        rates: new Map(),
        health: undefined,
        mtls: 0,
        mtlsRate: 0,
        responseTime: null,
        throughput: null,
        sourceOutbound: source.summary.outbound,
      };
      edgeList.push(a);
    }
    sumRates(a, e);
  }

  const summaries = new Map(namespaces.map((ns) => [ns.summary.id, ns.summary]));
  const nodes = namespaces.map((ns) => ({ data: namespaceNode(ns.summary, ns.status, ns.flags) }));
  // `…PercentReq` against the source namespace's outbound rate of the protocol, complete once every edge is summed
  const edges = edgeList.map((a) => ({ data: namespaceEdge(a, a.sourceOutbound[a.protocol]?.rate ?? 0) }));
  return {
    json: { timestamp: json.timestamp, duration: json.duration, graphType: json.graphType, elements: { nodes, edges } },
    summaries,
  };
}

/** Adds one member edge's figures to its namespace edge. */
function sumRates(a: EdgeAcc, e: EdgeDataJson): void {
  const rates = e.traffic.rates ?? {};
  for (const k in rates) {
    if (k.includes('Percent')) continue;
    const n = num(rates[k]);
    if (n !== null) a.rates.set(k, (a.rates.get(k) ?? 0) + n);
  }
  a.rates.set(a.protocol, a.rates.get(a.protocol) ?? 0);
  a.rates.set('errors', (a.rates.get('errors') ?? 0) + edgeErrorRate(e));
  const rate = num(e.traffic.rates?.[a.protocol]) ?? 0;
  if (rate > 0) a.health = worseHealth(a.health, (e.healthStatus as HealthStatus | undefined) ?? undefined);
  const mtls = num(e.isMTLS);
  if (mtls !== null) {
    a.mtls += mtls * rate;
    a.mtlsRate += rate;
  }
  const rt = num(e.responseTime);
  if (rt !== null) a.responseTime = Math.max(a.responseTime ?? 0, rt);
  const tp = num(e.throughput);
  if (tp !== null) a.throughput = (a.throughput ?? 0) + tp;
}

function namespaceNode(
  s: NamespaceSummary,
  worst: HealthStatus | undefined,
  f: { outside: boolean; inaccessible: boolean; idle: boolean; root: boolean },
): NodeDataJson {
  const traffic = PROTOCOLS.flatMap((p) => {
    const inRate = s.inbound[p]?.rate ?? 0;
    const outRate = s.outbound[p]?.rate ?? 0;
    if (inRate === 0 && outRate === 0) return [];
    const rates: Record<string, string> = {};
    if (inRate > 0) rates[`${p}In`] = rateToString(2, inRate);
    if (outRate > 0) rates[`${p}Out`] = rateToString(2, outRate);
    return [{ protocol: p, rates }];
  });
  const requests = { inbound: {}, outbound: {}, healthAnnotations: {} };
  return {
    id: s.id,
    nodeType: 'box',
    isBox: 'namespace',
    cluster: s.cluster,
    namespace: s.namespace,
    ...(traffic.length ? { traffic } : {}),
    healthData: worst ? { requests, status: { status: worst, errorRatio: -1, totalRequestRate: 0 } } : null,
    ...(f.outside ? { isOutside: true } : {}),
    ...(f.inaccessible ? { isInaccessible: true } : {}),
    ...(f.idle ? { isIdle: true } : {}),
    ...(f.root ? { isRoot: true } : {}),
  };
}

function namespaceEdge(a: EdgeAcc, sourceOutbound: number): EdgeDataJson {
  const p = a.protocol;
  const rate = a.rates.get(p) ?? 0;
  const errors = a.rates.get('errors') ?? 0;
  const rates: Record<string, string> = {};
  for (const [k, v] of a.rates) if (k !== 'errors') rates[k] = rateToString(2, v);
  if (p !== 'tcp' && rate > 0) {
    rates[`${p}PercentErr`] = rateToString(1, (100 * errors) / rate);
    if (sourceOutbound > 0) rates[`${p}PercentReq`] = rateToString(1, (100 * rate) / sourceOutbound);
  }
  return {
    id: `${a.source}>${a.target}:${p}`,
    source: a.source,
    target: a.target,
    traffic: { protocol: p, rates },
    ...(a.health ? { healthStatus: a.health } : {}),
    ...(a.mtlsRate > 0 ? { isMTLS: rateToString(0, a.mtls / a.mtlsRate) } : {}),
    ...(a.responseTime !== null ? { responseTime: rateToString(0, a.responseTime) } : {}),
    ...(a.throughput !== null ? { throughput: rateToString(0, a.throughput) } : {}),
  };
}

/** Whether a node of a (possibly aggregated) graph is a namespace-view node: a namespace box without members. */
export function isNamespaceNode(d: NodeDataJson, summaries: ReadonlyMap<string, NamespaceSummary>): boolean {
  return d.nodeType === 'box' && summaries.has(d.id);
}

/** Node count of a graph as the threshold counts it (boxes left out). */
export function graphNodeCount(json: KialiGraphJson): number {
  let n = 0;
  for (const { data } of json.elements?.nodes ?? []) if (data.nodeType !== 'box') n++;
  return n;
}

/**
 * Whether the page shows the namespace view: the user's choice (`namespaceView` in the URL) when made, otherwise
 * automatic: more than NAMESPACE_VIEW_THRESHOLD nodes over more than one selected namespace. Never for a node graph.
 */
export function namespaceViewWanted(
  choice: boolean | null,
  json: KialiGraphJson | undefined,
  selectedNamespaces: number,
  nodeGraph: boolean,
): boolean {
  if (!json || nodeGraph) return false;
  if (choice !== null) return choice;
  return selectedNamespaces > 1 && graphNodeCount(json) > NAMESPACE_VIEW_THRESHOLD;
}

/**
 * The graph API's answer for a request's `namespaceView` parameter (lib/graph/params.ts): the namespace view of
 * `graph`, its summaries in `namespaceView.summaries`, when asked for (`true`) or when the automatic rule holds
 * (`'auto'`: `namespaceViewWanted`); otherwise `graph` itself, untouched (Kiali's JSON). Never for a node graph. Pure;
 * O(nodes + edges). `warnings` of `graph` are kept.
 */
export function graphAnswerView(
  graph: KialiGraphJson,
  namespaceView: boolean | 'auto',
  selectedNamespaces: number,
  nodeGraph: boolean,
): KialiGraphJson {
  const choice = namespaceView === 'auto' ? null : namespaceView;
  if (!namespaceViewWanted(choice, graph, selectedNamespaces, nodeGraph)) return graph;
  const view = aggregateByNamespace(graph);
  return {
    ...view.json,
    ...(graph.warnings ? { warnings: graph.warnings } : {}),
    namespaceView: { summaries: [...view.summaries.values()], graph: graphSummary(graph) },
  };
}

/** The namespace view an API answer carries (`graphAnswerView`), with its summaries by node id; null for a graph. */
export function namespaceViewOf(json: KialiGraphJson | undefined): NamespaceGraph | null {
  if (!json?.namespaceView) return null;
  const { summaries, graph } = json.namespaceView;
  return { json, summaries: new Map(summaries.map((s) => [s.id, s])), graph };
}
