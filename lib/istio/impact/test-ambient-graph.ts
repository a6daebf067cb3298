/**
 * Test-only: the ambient graph the impact preview's tests read, built from recorded telemetry (the real Istio 1.24
 * ztunnel scrape of bookinfo and waypoint-reported requests, `lib/graph/testdata/ambient-fixtures.ts`): `reviews` is
 * served by the `waypoint` in `default`, the other services by ztunnel only.
 */
import { beforeAll } from 'vitest';
import { buildGraph } from '@/lib/graph/build';
import { ambientInventory, throughWaypoint, waypointRequests } from '@/lib/graph/testdata/ambient-fixtures';
import { graphOptions } from '@/lib/graph/testdata/fixtures';
import { seriesPrometheus } from '@/lib/graph/testdata/series-prometheus';
import type { AmbientContext } from './ambient';
import { edgesFromGraph, type GraphJsonLike, type TrafficEdge } from './edges';
import type { ImpactContext } from './index';

/** The waypoint of the recorded graph: `default/waypoint`, serving `default/reviews`. */
export const AMBIENT: AmbientContext = {
  waypoints: [
    {
      namespace: 'default',
      name: 'waypoint',
      waypointFor: 'service',
      workload: 'waypoint',
      services: ['default/reviews'],
    },
  ],
};

/** The edges of the recorded ambient graph, with the appenders the impact preview asks for (impact-data.ts). */
export async function ambientEdges(): Promise<TrafficEdge[]> {
  const options = graphOptions({
    namespaces: ['default'],
    appenders: { all: false, names: ['securityPolicy', 'meshCheck', 'ambient'] },
  });
  const series = [
    ...throughWaypoint(),
    waypointRequests('reviews-v1', 'v1', '200', 3),
    waypointRequests('reviews-v2', 'v2', '200', 2),
  ];
  const { graph } = await buildGraph(options, ambientInventory(), seriesPrometheus(series, []));
  return edgesFromGraph(graph as unknown as GraphJsonLike);
}

/**
 * Registers a `beforeAll` that builds the recorded ambient graph, and returns the impact context over its edges
 * (root namespace istio-system, the waypoint above), each call with `over` applied.
 */
export function ambientImpactContext(): (over?: Partial<ImpactContext>) => ImpactContext {
  let edges: TrafficEdge[] = [];
  beforeAll(async () => {
    edges = await ambientEdges();
  });
  return (over = {}) => ({ edges, config: [], rootNamespace: 'istio-system', ambient: AMBIENT, ...over });
}
