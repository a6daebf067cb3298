/**
 * outsider finalizer (Kiali `graph/telemetry/istio/appender/outsider.go`, `MarkOutsideOrInaccessible`), always run:
 * - `unknown` source nodes, the unknown service and egress clusters (PassthroughCluster/BlackHoleCluster) are
 *   `isInaccessible`;
 * - nodes outside the requested namespaces are `isOutside`, and `isInaccessible` when the user cannot see them.
 */
import { UNKNOWN, type GraphNode, type TrafficMap } from '../traffic-map';
import type { Appender } from './appender';
import type { AppenderContext } from './context';

function isOutside(n: GraphNode, requested: readonly string[]): boolean {
  return n.namespace !== UNKNOWN && !requested.includes(n.namespace);
}

/** Marks outsider and inaccessible nodes over the whole graph. */
function apply(tm: TrafficMap, ctx: AppenderContext): void {
  const requested = ctx.options.node ? [ctx.options.node.namespace] : ctx.options.namespaces;
  for (const n of tm.values()) {
    if (n.nodeType === 'unknown') n.meta.isInaccessible = true;
    else if (n.nodeType === 'service' && n.namespace === UNKNOWN && n.service === UNKNOWN) n.meta.isInaccessible = true;
    else if (n.nodeType === 'service' && n.meta.isEgressCluster) n.meta.isInaccessible = true;
    else if (isOutside(n, requested)) n.meta.isOutside = true;
    if (n.meta.isOutside && !n.meta.isInaccessible && !ctx.index.accessible.has(n.namespace))
      n.meta.isInaccessible = true;
  }
}

/** The outsider finalizer (always runs): `isOutside`/`isInaccessible` flags. */
export const outsiderAppender: Appender = { name: 'outsider', kind: 'finalizer', always: true, apply };
