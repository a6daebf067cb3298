/**
 * Status priority, merging and workload (pod) health, as in Kiali's `models/health_status.go`.
 */
import type { HealthStatus, WorkloadStatus } from './types';

const PRIORITY: Record<HealthStatus, number> = { Failure: 4, Degraded: 3, 'Not Ready': 2, Healthy: 1, NA: 0 };

/** Priority of a status, higher is worse: Failure 4 > Degraded 3 > Not Ready 2 > Healthy 1 > NA 0. */
export function healthStatusPriority(status: HealthStatus): number {
  return PRIORITY[status] ?? 0;
}

/** The worse of the given statuses (`MergeHealthStatus`); NA when none is given. */
export function mergeHealthStatus(...statuses: HealthStatus[]): HealthStatus {
  let worst: HealthStatus = 'NA';
  for (const s of statuses) {
    if (healthStatusPriority(s) > healthStatusPriority(worst)) worst = s;
  }
  return worst;
}

/**
 * Health of a workload from its replica counts (`WorkloadStatusHealth`, mirroring the frontend's `ratioCheck`):
 * - no status → NA
 * - desired = 0 (scaled down) → Not Ready
 * - some pods available but current or available < desired → Degraded
 * - desired > 0 and none available → Failure
 * - available = desired but ≠ current (pods pending) → Failure
 * - proxies known (≥ 0) and fewer synced than desired → Degraded
 * - desired = current = available → Healthy; anything else → Degraded
 */
export function workloadStatusHealth(ws: WorkloadStatus | null | undefined): HealthStatus {
  if (!ws) return 'NA';
  const {
    desiredReplicas: desired,
    currentReplicas: current,
    availableReplicas: available,
    syncedProxies: synced,
  } = ws;
  if (desired === 0) return 'Not Ready';
  if (desired > 0 && current > 0 && available > 0 && (current < desired || available < desired)) return 'Degraded';
  if (desired > 0 && available === 0) return 'Failure';
  if (desired === available && available !== current) return 'Failure';
  if (synced >= 0 && synced < desired) return 'Degraded';
  if (desired === current && current === available) return 'Healthy';
  return 'Degraded';
}
