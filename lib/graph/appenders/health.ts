/**
 * health finalizer (Kiali `graph/telemetry/istio/appender/health.go`): node `healthData` (requests from the
 * graph's own edges, so health matches the graph window; workload statuses from the inventory;
 * `health.kiali.io/*` annotations) with the calculated `status`, and edge `healthStatus`.
 *
 * Difference from Kiali: a versioned-app node backed by a workload also carries that workload's status, so its
 * pod health counts (Kiali leaves `workloadStatuses` empty there).
 */
import {
  calculateAppHealth,
  calculateServiceHealth,
  calculateWorkloadHealth,
  edgeEndTolerances,
  edgeHealthWith,
} from '@/lib/health/calculate';
import { healthAnnotations } from '@/lib/health/tolerances';
import type { AppHealth, RequestsByCode, ServiceHealth, Tolerance, WorkloadHealth } from '@/lib/health/types';
import { emptyRequestHealth, workloadStatusOf } from '@/lib/health/workload-status';
import { codeRecordOf } from '../code-record';
import { isOK, type GraphEdge, type GraphNode, type TrafficMap } from '../traffic-map';
import type { Appender } from './appender';
import { appWorkloads, findService, findWorkload, type AppenderContext } from './context';

function initHealth(n: GraphNode): void {
  if (n.meta.healthData) return;
  switch (n.nodeType) {
    case 'service':
      n.meta.healthData = { requests: emptyRequestHealth() } satisfies ServiceHealth;
      break;
    case 'workload':
      n.meta.healthData = { workloadStatus: null, requests: emptyRequestHealth() } satisfies WorkloadHealth;
      break;
    case 'app':
      n.meta.healthData = { workloadStatuses: [], requests: emptyRequestHealth() } satisfies AppHealth;
      n.meta.healthDataApp = { workloadStatuses: [], requests: emptyRequestHealth() } satisfies AppHealth;
      break;
    default:
      break;
  }
}

/** Rates by protocol, then response code, as Maps (see `RequestRates` in lib/health/calculate.ts for why). */
type RateMap = Map<string, Map<string, number>>;

/** A node's request rates summed from the graph's edges: what it sent (outbound) and received (inbound). */
interface NodeRates {
  inbound: RateMap;
  outbound: RateMap;
}

function addRate(by: RateMap, protocol: string, code: string, v: number): void {
  let codes = by.get(protocol);
  if (!codes) by.set(protocol, (codes = new Map()));
  codes.set(code, (codes.get(code) ?? 0) + v);
}

/** The JSON shape of the rates (`{ http: { "200": 1.5 } }`), made once per node. */
function toRecords(by: RateMap): RequestsByCode {
  const out: RequestsByCode = {};
  for (const [protocol, codes] of by) out[protocol] = codeRecordOf(codes);
  return out;
}

/** Rates of an edge by response code (summed over response flags, as Kiali does). */
function edgeCodes(e: GraphEdge): Map<string, number> {
  const codes = new Map<string, number>();
  for (const [code, d] of e.responses) {
    let sum: number | undefined;
    for (const flags in d.flags) sum = (sum ?? 0) + d.flags[flags]!;
    if (sum !== undefined) codes.set(code, sum);
  }
  return codes;
}

function nodeName(n: GraphNode): string {
  return n.nodeType === 'service'
    ? n.service
    : n.nodeType === 'workload'
      ? n.workload
      : n.nodeType === 'app'
        ? n.app
        : '';
}

/** Adds health data and statuses to every node and edge of the graph. */
function apply(tm: TrafficMap, ctx: AppenderContext): void {
  for (const n of tm.values()) {
    initHealth(n);
    if (n.meta.isInaccessible) continue;
    // multi-cluster: the node's own cluster's inventory
    const view = ctx.clusters?.get(n.cluster);
    const ix = view?.index ?? ctx.index;
    const pods = view ? view.pods : ctx.inventory.pods;
    if (n.nodeType === 'service') {
      const svc = findService(ix, n.namespace, n.service);
      if (svc) n.meta.hasHealthConfig = healthAnnotations(svc.annotations);
    } else if (n.nodeType === 'workload') {
      const w = findWorkload(ix, n.namespace, n.workload);
      if (w) {
        n.meta.hasHealthConfig = healthAnnotations(w.annotations);
        (n.meta.healthData as WorkloadHealth).workloadStatus = workloadStatusOf(w, pods);
      }
    } else if (n.nodeType === 'app') {
      const statuses = appWorkloads(ix, n.namespace, n.app).map((w) => workloadStatusOf(w, pods));
      const app = (isOK(n.workload) ? n.meta.healthDataApp : n.meta.healthData) as AppHealth;
      app.workloadStatuses = statuses;
      if (isOK(n.workload)) {
        const own = findWorkload(ix, n.namespace, n.workload);
        (n.meta.healthData as AppHealth).workloadStatuses = own ? [workloadStatusOf(own, pods)] : [];
      }
    }
    const annotations = n.meta.hasHealthConfig ?? {};
    if (n.meta.healthData) n.meta.healthData.requests.healthAnnotations = { ...annotations };
    if (n.meta.healthDataApp) n.meta.healthDataApp.requests.healthAnnotations = { ...annotations };
  }

  const rates = new Map<GraphNode, NodeRates>();
  const ratesOf = (n: GraphNode) => {
    let r = rates.get(n);
    if (!r) rates.set(n, (r = { inbound: new Map(), outbound: new Map() }));
    return r;
  };
  // an edge end's tolerances are its node's, the same for each of its edges: resolved once per node and direction
  const outboundTolerances = new Map<GraphNode, Tolerance[]>();
  const inboundTolerances = new Map<GraphNode, Tolerance[]>();
  const tolerancesOf = (n: GraphNode, direction: 'inbound' | 'outbound') => {
    const memo = direction === 'outbound' ? outboundTolerances : inboundTolerances;
    let t = memo.get(n);
    if (!t) {
      const end = { namespace: n.namespace, name: nodeName(n), kind: n.nodeType, annotations: n.meta.hasHealthConfig };
      memo.set(n, (t = edgeEndTolerances(end, direction, ctx.health)));
    }
    return t;
  };
  for (const n of tm.values()) {
    for (const e of n.edges) {
      const codes = edgeCodes(e);
      const out = ratesOf(e.source).outbound;
      const into = ratesOf(e.dest).inbound;
      for (const [code, v] of codes) {
        addRate(out, e.protocol, code, v);
        addRate(into, e.protocol, code, v);
      }
      const status = edgeHealthWith(
        e.protocol,
        codes,
        tolerancesOf(e.source, 'outbound'),
        tolerancesOf(e.dest, 'inbound'),
      );
      if (status !== 'NA') e.healthStatus = status;
    }
  }

  const none: NodeRates = { inbound: new Map(), outbound: new Map() };
  for (const n of tm.values()) {
    const r = rates.get(n) ?? none;
    if (r !== none) {
      // the healthData and the app box's healthDataApp of a node carry the same sums (shared, never mutated after)
      const inbound = toRecords(r.inbound);
      const outbound = toRecords(r.outbound);
      for (const h of [n.meta.healthData, n.meta.healthDataApp]) {
        if (!h) continue;
        h.requests.inbound = inbound;
        h.requests.outbound = outbound;
      }
    }
    if (n.meta.isInaccessible) continue;
    const ann = n.meta.hasHealthConfig;
    const h = n.meta.healthData;
    if (!h) continue;
    if (n.nodeType === 'workload')
      h.status = calculateWorkloadHealth(
        n.namespace,
        n.workload,
        { workloadStatus: (h as WorkloadHealth).workloadStatus, requests: r },
        ann,
        ctx.health,
      );
    if (n.nodeType === 'service')
      h.status = calculateServiceHealth(n.namespace, n.service, { requests: r }, ann, ctx.health);
    if (n.nodeType === 'app') {
      // the app node and its box (versioned app graph) carry the same app's health, with their own workloads
      const appStatus = (a: AppHealth) =>
        calculateAppHealth(n.namespace, n.app, { workloadStatuses: a.workloadStatuses, requests: r }, ann, ctx.health);
      h.status = appStatus(h as AppHealth);
      const box = n.meta.healthDataApp;
      if (box) box.status = appStatus(box as AppHealth);
    }
  }
}

/** The health finalizer: node `healthData` with status, edge `healthStatus`. */
export const healthAppender: Appender = { name: 'health', kind: 'finalizer', apply };
