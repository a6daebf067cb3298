/**
 * The appender pipeline, in Kiali's order (`graph/telemetry/istio/appender/appender.go` `ParseAppenders`):
 * per namespace serviceEntry (pre-processes service nodes), deadNode (shrinks the graph early), responseTime,
 * securityPolicy, throughput, idleNode, istio, meshCheck; then over the merged graph the finalizers outsider
 * (always), health, trafficGenerator (always).
 */
import type { TrafficMap } from '../traffic-map';
import type { AppenderName } from '../params';
import type { GraphOptions } from '../types';
import type { Appender, AppenderContext } from './context';
import { deadNodeAppender } from './dead-node';
import { healthAppender } from './health';
import { idleNodeAppender } from './idle-node';
import { istioAppender } from './istio';
import { meshCheckAppender } from './mesh-check';
import { outsiderAppender, trafficGeneratorAppender } from './outsider';
import { responseTimeAppender } from './response-time';
import { securityPolicyAppender } from './security-policy';
import { serviceEntryAppender } from './service-entry';
import { throughputAppender } from './throughput';

export const NAMESPACE_APPENDERS: readonly (readonly [AppenderName, Appender])[] = [
  ['serviceEntry', serviceEntryAppender],
  ['deadNode', deadNodeAppender],
  ['responseTime', responseTimeAppender],
  ['securityPolicy', securityPolicyAppender],
  ['throughput', throughputAppender],
  ['idleNode', idleNodeAppender],
  ['istio', istioAppender],
  ['meshCheck', meshCheckAppender],
];

/** True if the appender runs for these options (all of them when the `appenders` param was absent). */
export function isEnabled(o: Pick<GraphOptions, 'appenders'>, name: AppenderName): boolean {
  return o.appenders.all || o.appenders.names.includes(name);
}

function run(tm: TrafficMap, ctx: AppenderContext, a: Appender): TrafficMap {
  const out = a(tm, ctx);
  return out instanceof Map ? out : tm;
}

/** Runs the enabled namespace appenders on one namespace's traffic map. */
export function runNamespaceAppenders(tm: TrafficMap, ctx: AppenderContext): TrafficMap {
  let map = tm;
  for (const [name, a] of NAMESPACE_APPENDERS) {
    if (isEnabled(ctx.options, name)) map = run(map, ctx, a);
  }
  return map;
}

/** Runs the finalizers on the merged graph: outsider, health (if enabled), trafficGenerator. */
export function runFinalizers(tm: TrafficMap, ctx: AppenderContext): TrafficMap {
  let map = run(tm, ctx, outsiderAppender);
  if (isEnabled(ctx.options, 'health')) map = run(map, ctx, healthAppender);
  return run(map, ctx, trafficGeneratorAppender);
}

export type { Appender, AppenderContext } from './context';
export { indexInventory } from './context';
