/** Test support for appender tests: small traffic maps and contexts over the bookinfo inventory. */
import type { QueryScope } from '@/lib/graph/queries';
import { addToMetadata } from '../protocols';
import { bookinfoInventory, graphOptions } from '../testdata/fixtures';
import { findOrAddEdge, nodeFor, type GraphEdge, type GraphNode, type TrafficMap } from '../traffic-map';
import type { GraphType } from '../params';
import type { GraphInventory, GraphOptions, PromSample } from '../types';
import { indexInventory, type AppenderContext } from './context';

export const CLUSTER = 'Kubernetes';

/** A workload (or app, per graph type) node. */
export function workload(
  tm: TrafficMap,
  ns: string,
  name: string,
  app: string,
  version: string,
  graphType: GraphType = 'workload',
): GraphNode {
  const n = nodeFor(
    { cluster: CLUSTER, serviceNamespace: ns, service: '', workloadNamespace: ns, workload: name, app, version },
    graphType,
  )!;
  return tm.get(n.id) ?? (tm.set(n.id, n), n);
}

export function service(tm: TrafficMap, ns: string, name: string, cluster = CLUSTER): GraphNode {
  const n = nodeFor(
    { cluster, serviceNamespace: ns, service: name, workloadNamespace: '', workload: '', app: '', version: '' },
    'workload',
  )!;
  return tm.get(n.id) ?? (tm.set(n.id, n), n);
}

/** Adds `rate` of `code` traffic from `a` to `b`. */
export function traffic(
  a: GraphNode,
  b: GraphNode,
  rate: number,
  code = '200',
  protocol = 'http',
  host = '',
): GraphEdge {
  const e = findOrAddEdge(a, b, protocol);
  addToMetadata(protocol, rate, code, '-', host, a, b, e);
  return e;
}

/** The `unknown` source node (requests whose source telemetry could not name), added to `tm`. */
export function unknownNode(tm: TrafficMap): GraphNode {
  const n = nodeFor(
    {
      cluster: 'unknown',
      serviceNamespace: 'unknown',
      service: '',
      workloadNamespace: 'unknown',
      workload: 'unknown',
      app: 'unknown',
      version: 'unknown',
    },
    'workload',
  )!;
  return tm.get(n.id) ?? (tm.set(n.id, n), n);
}

/** Adds `rate` of traffic from bookinfo's productpage-v1 to details-v1 (workload nodes) to `tm`: the edge. */
export function ppToDetails(tm: TrafficMap, rate: number, code = '200', protocol = 'http'): GraphEdge {
  return traffic(
    workload(tm, 'bookinfo', 'productpage-v1', 'productpage', 'v1'),
    workload(tm, 'bookinfo', 'details-v1', 'details', 'v1'),
    rate,
    code,
    protocol,
  );
}

/**
 * Adds `rate` of traffic from bookinfo's productpage-v1 through the injected `details` service node to details-v1 to
 * `tm`: the edges `[productpage-v1 → details, details → details-v1]`.
 */
export function ppToDetailsViaService(tm: TrafficMap, rate: number): [GraphEdge, GraphEdge] {
  const svc = service(tm, 'bookinfo', 'details');
  return [
    traffic(workload(tm, 'bookinfo', 'productpage-v1', 'productpage', 'v1'), svc, rate),
    traffic(svc, workload(tm, 'bookinfo', 'details-v1', 'details', 'v1'), rate),
  ];
}

export function ctx(
  over: Partial<GraphOptions> = {},
  inventory: GraphInventory = bookinfoInventory(),
  namespace = 'bookinfo',
): AppenderContext {
  return { options: graphOptions(over), inventory, index: indexInventory(inventory), namespace, cluster: CLUSTER };
}

/** A query row with the identity labels of an edge between two workloads. */
export function row(
  from: { ns: string; wl: string; app: string; ver: string },
  to: { ns: string; wl: string; app: string; ver: string; svc: string },
  extra: Record<string, string>,
  value: number,
): PromSample {
  return {
    metric: {
      source_cluster: CLUSTER,
      source_workload_namespace: from.ns,
      source_workload: from.wl,
      source_canonical_service: from.app,
      source_canonical_revision: from.ver,
      destination_cluster: CLUSTER,
      destination_service_namespace: to.ns,
      destination_service: `${to.svc}.${to.ns}.svc.cluster.local`,
      destination_service_name: to.svc,
      destination_workload_namespace: to.ns,
      destination_workload: to.wl,
      destination_canonical_service: to.app,
      destination_canonical_revision: to.ver,
      ...extra,
    },
    value,
  };
}

export const PP = { ns: 'bookinfo', wl: 'productpage-v1', app: 'productpage', ver: 'v1' };
export const DETAILS = { ns: 'bookinfo', wl: 'details-v1', app: 'details', ver: 'v1', svc: 'details' };

/** The query scope of one namespace (default `bookinfo`, 600 s) with the fixture options, overridable. */
export function scope(over: Partial<GraphOptions> = {}, namespace = 'bookinfo', durationSeconds = 600): QueryScope {
  return { options: graphOptions(over), namespace, durationSeconds };
}
