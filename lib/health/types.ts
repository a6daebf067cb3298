/**
 * Health model, shaped like Kiali's JSON (`models/health.go`, `models/health_status.go`) so the graph's
 * `healthData` and the health API match Kiali field for field. Isomorphic.
 */

/** Kiali's statuses, worst first: Failure > Degraded > Not Ready > Healthy > NA. */
export type HealthStatus = 'Failure' | 'Degraded' | 'Not Ready' | 'Healthy' | 'NA';

export type HealthKind = 'app' | 'service' | 'workload';
export type Direction = 'inbound' | 'outbound';

/** One tolerance of `health_config.rate[].tolerance[]`. Patterns are regexes anchored `^…$`; `X`/`x` in `code` is a digit. */
export interface Tolerance {
  code: string;
  protocol: string;
  direction: string;
  /** Error % at or above which the status is Degraded (0 = any error). */
  degraded: number;
  /** Error % at or above which the status is Failure (0 = never). */
  failure: number;
}

/** One entry of `health_config.rate[]`: which objects (regexes, default `.*`) get which tolerances. */
export interface RateConfig {
  namespace?: string;
  kind?: string;
  name?: string;
  tolerance: Tolerance[];
}

/** Request rates (req/s) by protocol and response code, e.g. `{ http: { "200": 1.5, "503": 0.1 } }`. */
export type RequestsByCode = Record<string, Record<string, number>>;

export interface RequestHealth {
  inbound: RequestsByCode;
  outbound: RequestsByCode;
  healthAnnotations: Record<string, string>;
}

/** Replica counts of one workload. `syncedProxies` is -1 when unknown or the workload has no sidecar. */
export interface WorkloadStatus {
  name: string;
  desiredReplicas: number;
  currentReplicas: number;
  availableReplicas: number;
  syncedProxies: number;
}

/** The requests an error ratio is a share of: one direction and protocol of the node's traffic (req/s). */
export interface RatioBase {
  direction: Direction;
  protocol: string;
  requestRate: number;
}

/**
 * Result of the calculation: `errorRatio` is a percentage (-1 when there is no request data). `totalRequestRate` is
 * Kiali's sum over both directions (a service node's requests count twice: in and out), so a text saying what the
 * ratio is of uses `ratioOf`, the direction and protocol the reported ratio was measured on (absent without
 * tolerances or traffic).
 */
export interface CalculatedHealth {
  status: HealthStatus;
  errorRatio: number;
  totalRequestRate: number;
  ratioOf?: RatioBase;
}

export interface AppHealth {
  workloadStatuses: WorkloadStatus[];
  requests: RequestHealth;
  status?: CalculatedHealth;
}

export interface WorkloadHealth {
  workloadStatus: WorkloadStatus | null;
  requests: RequestHealth;
  status?: CalculatedHealth;
}

export interface ServiceHealth {
  requests: RequestHealth;
  status?: CalculatedHealth;
}

export type HealthData = AppHealth | WorkloadHealth | ServiceHealth;
