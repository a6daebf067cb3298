/**
 * Maps an appender query row to the traffic-map edge(s) it describes, with the same label handling as the
 * traffic rows (clusters, bad telemetry, egress fix-up, service-node injection). Shared by the responseTime,
 * throughput and securityPolicy appenders, which Kiali implements three times over.
 */
import {
  destIdentity,
  destServiceIdentity,
  handleDestination,
  isBadDestTelemetry,
  isBadSourceTelemetry,
  missingLabel,
  rowDestination,
  rowSource,
  sourceIdentity,
} from '../telemetry';
import { PASSTHROUGH_CLUSTER, isOK, nodeId } from '../traffic-map';
import type { GraphType } from '../params';

export interface SampleEdges {
  /** `[sourceId, destId]` of the source → destination edge, or of source → service and service → workload when injected. */
  direct?: [string, string];
  /** With service injection: the source → service edge. */
  toService?: [string, string];
  /** With service injection: the service → workload edge. */
  fromService?: [string, string];
}

export interface SampleEdgeOptions {
  graphType: GraphType;
  injectServiceNodes: boolean;
  istioNamespace: string;
  /** Labels that must be present (besides the source/destination identity labels). */
  required?: readonly string[];
  /** `destination_service` is not grouped by in the security query. */
  withoutDestinationService?: boolean;
}

const IDENTITY = [
  'source_workload_namespace',
  'source_workload',
  'source_canonical_service',
  'source_canonical_revision',
  'destination_service_namespace',
  'destination_service_name',
  'destination_workload_namespace',
  'destination_workload',
  'destination_canonical_service',
  'destination_canonical_revision',
];

/** Resolves the edges of a row, or null when the row is incomplete or known-bad. */
export function sampleEdges(m: Record<string, string>, o: SampleEdgeOptions): SampleEdges | null {
  if (missingLabel(m, IDENTITY)) return null;
  if (!o.withoutDestinationService && m.destination_service === undefined) return null;
  if (o.required && missingLabel(m, o.required)) return null;
  const src = rowSource(m);
  const destClusterOk = m.destination_cluster !== undefined;
  const destSvc = m.destination_service ?? '';
  if (!o.withoutDestinationService && isBadSourceTelemetry(src.cluster, src.clusterOk, src.ns, src.wl, src.app))
    return null;
  let d = rowDestination(m);
  if (!o.withoutDestinationService) {
    d = handleDestination(src.cluster, { ...d, svc: destSvc }, o.istioNamespace);
    if (isBadDestTelemetry(d.cluster, destClusterOk, d.svcNs, destSvc, d.svcName, d.wl)) return null;
  }
  const destIdt = nodeId(destIdentity(d), o.graphType);
  if (!destIdt) return null;
  const sourceIdt = nodeId(sourceIdentity(src), o.graphType);
  const inject =
    o.injectServiceNodes && isOK(d.svcName) && d.svcName !== PASSTHROUGH_CLUSTER && destIdt.nodeType !== 'service';
  if (!inject) return sourceIdt ? { direct: [sourceIdt.id, destIdt.id] } : null;
  const svcIdt = nodeId(destServiceIdentity(d), o.graphType);
  if (!svcIdt) return null;
  return { toService: sourceIdt ? [sourceIdt.id, svcIdt.id] : undefined, fromService: [svcIdt.id, destIdt.id] };
}
