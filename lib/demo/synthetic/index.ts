/** Synthetic demo meshes of N workloads for scale work. */
export { recommendedHistograms, seedSynthetic } from './seed';
