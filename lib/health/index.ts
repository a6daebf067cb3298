export * from './types';
export { healthStatusPriority, mergeHealthStatus, workloadStatusHealth } from './status';
export {
  DEFAULT_RATES,
  DEFAULT_TOLERANCES,
  HEALTH_ANNOTATION,
  compileCodePattern,
  compilePattern,
  healthAnnotations,
  parseHealthAnnotation,
  tolerancesFor,
} from './tolerances';
export {
  applyThresholds,
  calculateAppHealth,
  calculateEdgeHealth,
  calculateServiceHealth,
  calculateWorkloadHealth,
  requestHealthStatus,
  totalRequestRate,
  type EdgeEnd,
  type HealthConfig,
} from './calculate';
export { emptyRequestHealth, workloadStatusOf, type PodReadiness, type WorkloadReplicas } from './workload-status';
