/**
 * WorkloadStatus from inventory data (Kiali `Workload.CastWorkloadStatus`, `models/health.go`).
 */
import type { RequestHealth, WorkloadStatus } from './types';

export interface WorkloadReplicas {
  name: string;
  namespace: string;
  podCount: number;
  sidecarInjected: boolean;
  desiredReplicas?: number;
  currentReplicas?: number;
  availableReplicas?: number;
}

export interface PodReadiness {
  namespace: string;
  name: string;
  ready: boolean;
  phase: string;
}

/**
 * Replica counts of a workload. The controller's counts are used when given; otherwise desired = current =
 * `podCount` and available = the workload's Ready pods (pods named `<workload>-…` in its namespace) when
 * pods are known, else `podCount`. `syncedProxies` is -1: proxy sync status is not part of the inventory,
 * so the "proxies not synced" rule never fires (as in Kiali for workloads without a sidecar).
 */
export function workloadStatusOf(w: WorkloadReplicas, pods?: readonly PodReadiness[]): WorkloadStatus {
  let available = w.availableReplicas;
  if (available === undefined) {
    if (pods && pods.length > 0) {
      const own = pods.filter((p) => p.namespace === w.namespace && p.name.startsWith(`${w.name}-`));
      available = own.length > 0 ? own.filter((p) => p.ready && p.phase === 'Running').length : w.podCount;
    } else {
      available = w.podCount;
    }
  }
  return {
    name: w.name,
    desiredReplicas: w.desiredReplicas ?? w.podCount,
    currentReplicas: w.currentReplicas ?? w.podCount,
    availableReplicas: available,
    syncedProxies: -1,
  };
}

/** An empty request record, as Kiali's `NewEmptyRequestHealth`. */
export function emptyRequestHealth(annotations: Record<string, string> = {}): RequestHealth {
  return { inbound: {}, outbound: {}, healthAnnotations: annotations };
}
