/**
 * What a graph appender is: one module per appender (Kiali's one-appender-one-file, `graph/telemetry/istio/appender/`)
 * that declares its PromQL and its step together. Unlike Kiali's appenders, which query Prometheus inside
 * `AppendGraph`, ours only declare their queries: the build runs every namespace's queries up front (bounded, cached,
 * in parallel) and hands each appender the vectors of its own queries, so the step stays pure and synchronous and is
 * tested without Prometheus. Adding an appender: its file (exporting one `Appender`) and one line in the registry
 * (`./index.ts`, Kiali's order); the name must be an `AppenderName` (`IMPLEMENTED_APPENDERS`, the values the
 * `appenders` parameter accepts) unless it always runs.
 */
import type { QueryDescriptor, QueryScope } from '@/lib/graph/queries';
import type { TrafficMap } from '../traffic-map';
import type { AppenderName } from '../params';
import type { PromSample } from '../types';
import type { AppenderContext } from './context';

/** Kiali's finalizers that run whatever the `appenders` parameter says. */
export type AlwaysAppenderName = 'outsider' | 'trafficGenerator';

export interface Appender {
  /**
   * Kiali's appender name: the value of the `appenders` parameter that enables it, and the `<purpose>` part of its
   * query ids (`<namespace>/<purpose>/<metric>/<index>`).
   */
  readonly name: AppenderName | AlwaysAppenderName;
  /** `namespace`: runs on each namespace's traffic map; `finalizer`: runs once on the merged graph. */
  readonly kind: 'namespace' | 'finalizer';
  /** Runs even when the `appenders` parameter does not name it (`outsider`, `trafficGenerator`). */
  readonly always?: boolean;
  /**
   * The PromQL of one namespace for these options (namespace appenders only); may be empty when the requested
   * rates leave nothing to ask. Every value goes through `lib/promql` builders.
   * @throws BadRequestError naming `namespaces` for a bad namespace (re-validated, `checkScope`).
   */
  queries?(scope: QueryScope): QueryDescriptor[];
  /**
   * The step: decorates `tm` in place or returns a replacement map. `results` holds the vectors of this
   * appender's queries in query order; it is undefined when the appender has no queries, when the options left
   * none to run, or when one of them failed (the build then adds a warning and the step skips its decoration).
   */
  apply(tm: TrafficMap, ctx: AppenderContext, results?: readonly PromSample[][]): void | TrafficMap;
}
