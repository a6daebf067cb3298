/**
 * idleNode appender (Kiali `graph/telemetry/istio/appender/idle_node.go`): adds the namespace's workloads
 * (and, with service nodes, its services) that had no traffic in the window, flagged `isIdle`. Not applied to
 * node graphs, which focus on one node.
 */
import { nodeId, newNode, type TrafficMap } from '../traffic-map';
import type { Appender } from './appender';
import { appLabel, versionLabel, type AppenderContext } from './context';

/** Adds idle workloads/services of `ctx.namespace` that are not in the map. */
function apply(tm: TrafficMap, ctx: AppenderContext): void {
  const { graphType, injectServiceNodes, node } = ctx.options;
  if (node) return;
  const ns = ctx.namespace;
  const cluster = ctx.cluster;
  const idle: TrafficMap = new Map();
  if (graphType === 'service' || injectServiceNodes) {
    for (const s of ctx.index.servicesByNamespace.get(ns) ?? []) {
      const idt = nodeId(
        { cluster, serviceNamespace: ns, service: s.name, workloadNamespace: '', workload: '', app: '', version: '' },
        graphType,
      );
      if (!idt || tm.has(idt.id) || idle.has(idt.id)) continue;
      const n = newNode(
        idt.id,
        idt.nodeType,
        { cluster, namespace: ns, workload: '', app: '', version: '', service: s.name },
        graphType,
      );
      n.rates = { httpIn: 0, httpOut: 0 };
      n.meta.isIdle = true;
      idle.set(n.id, n);
    }
  }
  if (graphType !== 'service') {
    for (const w of ctx.index.workloadsByNamespace.get(ns) ?? []) {
      const app = appLabel(w.labels) ?? 'unknown';
      const version = versionLabel(w.labels) ?? 'unknown';
      const idt = nodeId(
        { cluster, serviceNamespace: '', service: '', workloadNamespace: ns, workload: w.name, app, version },
        graphType,
      );
      if (!idt || tm.has(idt.id) || idle.has(idt.id)) continue;
      const n = newNode(
        idt.id,
        idt.nodeType,
        { cluster, namespace: ns, workload: w.name, app, version, service: '' },
        graphType,
      );
      n.rates = { httpIn: 0, httpOut: 0 };
      n.meta.isIdle = true;
      idle.set(n.id, n);
    }
  }
  for (const [id, n] of idle) tm.set(id, n);
}

/** The idleNode appender: adds the namespace's workloads and services that had no traffic. */
export const idleNodeAppender: Appender = { name: 'idleNode', kind: 'namespace', apply };
