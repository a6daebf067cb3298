/**
 * The appender registry: every appender, one line each, in Kiali's order (`graph/telemetry/istio/appender/
 * appender.go` `ParseAppenders`). Per namespace: serviceEntry (pre-processes service nodes), deadNode (shrinks the
 * graph early), responseTime, securityPolicy, throughput, idleNode, istio, meshCheck; then over the merged graph the
 * finalizers outsider (always), ambient (waypoint nodes and edges), health, trafficGenerator (always). The build asks the registry which queries to run
 * (`appenderQueries`) and runs the steps (`runNamespaceAppenders`, `runFinalizers`).
 */
import type { QueryDescriptor, RecordedMetrics } from '@/lib/graph/queries';
import type { TrafficMap } from '../traffic-map';
import type { GraphOptions, PromSample } from '../types';
import type { Appender } from './appender';
import type { AppenderContext } from './context';
import { ambientAppender } from './ambient';
import { deadNodeAppender } from './dead-node';
import { healthAppender } from './health';
import { idleNodeAppender } from './idle-node';
import { istioAppender } from './istio';
import { meshCheckAppender } from './mesh-check';
import { outsiderAppender } from './outsider';
import { responseTimeAppender } from './response-time';
import { securityPolicyAppender } from './security-policy';
import { serviceEntryAppender } from './service-entry';
import { throughputAppender } from './throughput';
import { trafficGeneratorAppender } from './traffic-generator';

/** Every appender in run order; within a kind, this order is the order of the steps. */
export const APPENDERS: readonly Appender[] = [
  serviceEntryAppender,
  deadNodeAppender,
  responseTimeAppender,
  securityPolicyAppender,
  throughputAppender,
  idleNodeAppender,
  istioAppender,
  meshCheckAppender,
  outsiderAppender,
  ambientAppender,
  healthAppender,
  trafficGeneratorAppender,
];

/** True if the appender runs for these options: always-run ones, else all of them when `appenders` was absent. */
export function isEnabled(o: Pick<GraphOptions, 'appenders'>, a: Appender): boolean {
  return !!a.always || o.appenders.all || (o.appenders.names as readonly string[]).includes(a.name);
}

/**
 * The queries of the enabled namespace appenders for one namespace, in registry order (ids
 * `<namespace>/<appender>/<metric>/<index>`); given several namespaces (the batched strategy,
 * lib/graph/batched-queries.ts), the same queries over all of them at once (ids of the first), whose rows each
 * descriptor's `split` hands back. `recorded`: metrics to read from their recorded series.
 * @throws BadRequestError naming `namespaces` for a bad namespace; Error `internal: bad range` for a bad range.
 */
export function appenderQueries(
  o: GraphOptions,
  namespaces: string | readonly string[],
  durationSeconds: number,
  recorded?: RecordedMetrics,
): QueryDescriptor[] {
  const scope =
    typeof namespaces === 'string'
      ? { options: o, namespace: namespaces, durationSeconds, recorded }
      : { options: o, namespace: namespaces[0] ?? '', batch: namespaces, durationSeconds, recorded };
  return APPENDERS.filter((a) => a.kind === 'namespace' && isEnabled(o, a)).flatMap((a) => a.queries?.(scope) ?? []);
}

function run(tm: TrafficMap, ctx: AppenderContext, a: Appender, results?: readonly PromSample[][]): TrafficMap {
  const out = a.apply(tm, ctx, results);
  return out instanceof Map ? out : tm;
}

/**
 * Runs the enabled namespace appenders on one namespace's traffic map. `results` maps an appender name to the
 * vectors of its queries (absent when it has none or one failed).
 */
export function runNamespaceAppenders(
  tm: TrafficMap,
  ctx: AppenderContext,
  results: ReadonlyMap<string, readonly PromSample[][]>,
): TrafficMap {
  let map = tm;
  for (const a of APPENDERS) {
    if (a.kind === 'namespace' && isEnabled(ctx.options, a)) map = run(map, ctx, a, results.get(a.name));
  }
  return map;
}

/** Runs the enabled finalizers on the merged graph (outsider, ambient and health if enabled, trafficGenerator). */
export function runFinalizers(tm: TrafficMap, ctx: AppenderContext): TrafficMap {
  let map = tm;
  for (const a of APPENDERS) {
    if (a.kind === 'finalizer' && isEnabled(ctx.options, a)) map = run(map, ctx, a);
  }
  return map;
}

export type { Appender } from './appender';
export type { AppenderContext } from './context';
export { indexInventory } from './context';
