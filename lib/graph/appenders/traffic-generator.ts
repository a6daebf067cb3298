/**
 * trafficGenerator finalizer (Kiali `graph/telemetry/istio/appender/outsider.go`, `MarkTrafficGenerators`), always
 * run, last: flags traffic sources (`isRoot`), nodes with outgoing edges that no edge points to.
 */
import { markTrafficGenerators } from '../merge';
import type { Appender } from './appender';

/** The trafficGenerator finalizer (always runs, last): `isRoot` on traffic sources. */
export const trafficGeneratorAppender: Appender = {
  name: 'trafficGenerator',
  kind: 'finalizer',
  always: true,
  apply: markTrafficGenerators,
};
