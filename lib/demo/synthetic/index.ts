/** Synthetic demo meshes of N workloads for scale work. */
export { seedSynthetic } from './seed';
export { recommendedHistograms } from '../traffic/telemetry';
