/**
 * serviceEntry appender (Kiali `graph/telemetry/istio/appender/service_entry.go`). Service nodes that stand for
 * a host of a ServiceEntry ("se-service" nodes) are replaced by one node per ServiceEntry, named after it and
 * flagged `isServiceEntry: { hosts, location, namespace }`; their traffic, requested services and edges are
 * merged into it. A MESH_EXTERNAL host matches the requested host exactly (the wildcard host itself for
 * wildcard entries); a MESH_INTERNAL host also matches by its first label (`svc.ns.svc.cluster.local`).
 */
import { aggregateEdgeTraffic, aggregateNodeTraffic } from '../protocols';
import { addEdge, findOrAddEdge, isOK, nodeFor, type GraphNode, type TrafficMap } from '../traffic-map';
import type { IstioObject } from '../types';
import type { Appender } from './appender';
import type { AppenderContext } from './context';
import { isExportedTo, obj, ofKind, str, strings } from './istio-config';

interface SeDef {
  cluster: string;
  name: string;
  namespace: string;
  location: 'MESH_EXTERNAL' | 'MESH_INTERNAL';
  hosts: string[];
  exportTo: string[];
}

function serviceEntriesFor(config: readonly IstioObject[], cluster: string, namespace: string): SeDef[] {
  const out: SeDef[] = [];
  for (const se of ofKind(config, 'ServiceEntry')) {
    const spec = obj(se.spec);
    const hosts = strings(spec.hosts);
    if (hosts.length === 0 || !isExportedTo(se, namespace)) continue;
    out.push({
      cluster,
      name: se.metadata.name,
      namespace: se.metadata.namespace ?? namespace,
      location: str(spec.location) === 'MESH_INTERNAL' ? 'MESH_INTERNAL' : 'MESH_EXTERNAL',
      hosts,
      exportTo: strings(spec.exportTo),
    });
  }
  // prefer entries exported to specific namespaces over `*` / default ones (Kiali `addHost`)
  const specific = (s: SeDef) => (s.exportTo.length === 0 || s.exportTo[0] === '*' ? 1 : 0);
  return out.sort((a, b) => specific(a) - specific(b));
}

function matchEntry(entries: SeDef[], service: string): SeDef | undefined {
  return entries.find((se) =>
    se.hosts.some((host) => {
      if (host === service) return true;
      if (se.location !== 'MESH_INTERNAL') return false;
      const parts = host.split('.');
      // svc.ns.global hosts (multi-cluster) match exactly only
      if (parts.length === 3 && parts[2] === 'global') return false;
      return parts[0] === service;
    }),
  );
}

/** Merges multiple edges from `node` to `seNode` into one per protocol (`aggregateEdges`). */
function aggregateEdges(node: GraphNode, seNode: GraphNode): void {
  const toSe = node.edges.filter((e) => e.dest === seNode);
  if (toSe.length <= 1) return;
  node.edges = node.edges.filter((e) => e.dest !== seNode);
  const byProtocol = new Map<string, typeof toSe>();
  for (const e of toSe) byProtocol.set(e.protocol, [...(byProtocol.get(e.protocol) ?? []), e]);
  for (const [protocol, edges] of byProtocol) {
    const merged = addEdge(node, seNode, protocol);
    for (const e of edges) aggregateEdgeTraffic(e, merged);
  }
}

/** Replaces service-entry hosts by service entry nodes for `ctx.namespace`. */
function apply(tm: TrafficMap, ctx: AppenderContext): void {
  if (tm.size === 0) return;
  const cache = new Map<string, SeDef[]>();
  const entriesFor = (cluster: string, namespace: string): SeDef[] => {
    if (!ctx.index.accessible.has(namespace)) return [];
    const key = `${cluster}:${namespace}`;
    let list = cache.get(key);
    if (!list) cache.set(key, (list = serviceEntriesFor(ctx.inventory.istioConfig, cluster, namespace)));
    return list;
  };
  const matches = new Map<SeDef, GraphNode[]>();
  const record = (se: SeDef | undefined, n: GraphNode) => {
    if (!se) return;
    const list = matches.get(se) ?? [];
    if (!list.includes(n)) list.push(n);
    matches.set(se, list);
  };
  for (const n of tm.values()) {
    if (n.nodeType === 'service') {
      // a non-injected service node may be a MESH_INTERNAL entry, if it has a cluster and namespace
      if (!n.meta.isInjected && isOK(n.cluster) && isOK(n.namespace) && !n.meta.isEgressCluster)
        record(matchEntry(entriesFor(n.cluster, n.namespace), n.service), n);
      continue;
    }
    // edges to non-injected service nodes may be MESH_EXTERNAL entries available to the source
    for (const e of n.edges) {
      if (e.dest.nodeType === 'service' && !e.dest.meta.isInjected && !e.dest.meta.isEgressCluster)
        record(matchEntry(entriesFor(n.cluster, n.namespace), e.dest.service), e.dest);
    }
  }
  for (const [se, doomed] of matches) {
    const fresh = nodeFor(
      {
        cluster: se.cluster,
        serviceNamespace: ctx.namespace,
        service: se.name,
        workloadNamespace: '',
        workload: '',
        app: '',
        version: '',
      },
      ctx.options.graphType,
    );
    if (!fresh) continue;
    const seNode = tm.get(fresh.id) ?? fresh;
    seNode.meta.isServiceEntry = { hosts: se.hosts, location: se.location, namespace: se.namespace };
    seNode.meta.destServices ??= new Map();
    for (const d of doomed) {
      if (!tm.has(d.id) || d === seNode) continue;
      aggregateNodeTraffic(d, seNode);
      for (const [k, v] of d.meta.destServices ?? []) seNode.meta.destServices.set(k, v);
      let deleteDoomed = true;
      for (const n of tm.values()) {
        for (const e of n.edges) {
          if (e.dest.id !== d.id) continue;
          // each cluster has its own service entries (kiali#7589)
          if (n.cluster !== seNode.cluster) deleteDoomed = false;
          else e.dest = seNode;
        }
        aggregateEdges(n, seNode);
      }
      for (const de of d.edges) aggregateEdgeTraffic(de, findOrAddEdge(seNode, de.dest, de.protocol));
      if (deleteDoomed) tm.delete(d.id);
      if (!tm.has(seNode.id)) tm.set(seNode.id, seNode);
    }
  }
}

/** The serviceEntry appender: replaces service-entry hosts by one node per ServiceEntry. */
export const serviceEntryAppender: Appender = { name: 'serviceEntry', kind: 'namespace', apply };
