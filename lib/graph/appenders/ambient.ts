/**
 * ambient finalizer (Kiali `graph/telemetry/istio/appender/ambient.go` `handleWaypoints`). Waypoint nodes are those
 * the telemetry step marked `isWaypoint` (ztunnel rows naming a known waypoint workload, `telemetry.ts`).
 * - `waypoints=false`: waypoint nodes leave the graph, with every edge to them; a node left with neither incoming nor
 *   outgoing edges by that removal (a node whose only edges were to or from a waypoint) leaves too.
 * - `waypoints=true` (default): waypoint nodes stay, never `isOutOfMesh`; each of their edges is marked
 *   `waypoint.direction="from"`; an edge to a waypoint is marked `direction="to"` and takes the waypoint's edge back to
 *   its source as `fromEdge`, which leaves the waypoint's edge list (one bi-directional edge on the page instead of two).
 */
import type { GraphNode, TrafficMap } from '../traffic-map';
import type { Appender } from './appender';
import type { AppenderContext } from './context';

function apply(tm: TrafficMap, ctx: AppenderContext): void {
  if (tm.size === 0) return;
  const show = ctx.options.showWaypoints ?? true;
  const waypoints = new Map<string, GraphNode>();
  const potentialOrphans = new Map<string, boolean>();
  for (const n of [...tm.values()]) {
    if (!n.meta.isWaypoint) continue;
    waypoints.set(n.id, n);
    if (!show) {
      for (const e of n.edges) potentialOrphans.set(e.dest.id, true);
      tm.delete(n.id);
    } else {
      delete n.meta.isOutOfMesh;
      for (const e of n.edges) e.waypoint = { direction: 'from' };
    }
  }
  if (waypoints.size === 0) return;

  for (const n of tm.values()) {
    if (!show) {
      n.edges = n.edges.filter((e) => !waypoints.has(e.dest.id));
      if (n.edges.length === 0) potentialOrphans.set(n.id, true);
      continue;
    }
    for (const toEdge of n.edges) {
      const wp = waypoints.get(toEdge.dest.id);
      if (!wp) continue;
      const info: NonNullable<typeof toEdge.waypoint> = { direction: 'to' };
      const i = wp.edges.findIndex((from) => from.dest.id === n.id);
      if (i >= 0) {
        info.fromEdge = wp.edges[i];
        wp.edges.splice(i, 1);
      }
      toEdge.waypoint = info;
    }
  }
  if (show) return;
  // a node something still points to stays; one with no edges in or out leaves
  for (const n of tm.values()) for (const e of n.edges) potentialOrphans.set(e.dest.id, false);
  for (const [id, noIncoming] of potentialOrphans) {
    const n = tm.get(id);
    if (noIncoming && n && n.edges.length === 0) tm.delete(id);
  }
}

/** The ambient finalizer: flags or removes waypoint nodes (`waypoints` parameter) and pairs waypoint edges. */
export const ambientAppender: Appender = { name: 'ambient', kind: 'finalizer', apply };

/** True when the options run the ambient finalizer (all appenders, or `ambient` named). */
export function ambientEnabled(o: Pick<AppenderContext['options'], 'appenders'>): boolean {
  return o.appenders.all || o.appenders.names.includes('ambient');
}
