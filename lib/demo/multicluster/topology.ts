/**
 * The multi-cluster demo's mesh: Istio multi-primary on different networks (Istio's "Install Multi-Primary on
 * different networks"): every cluster runs istiod and an east-west gateway, its istio-system namespace is labelled
 * `topology.istio.io/network=network<N>`, and cross-network traffic goes through the other cluster's east-west
 * gateway on 15443 (`AUTO_PASSTHROUGH`). Bookinfo is spread over the clusters; every cluster has the `bookinfo`
 * namespace and all of bookinfo's Services (multi-primary needs the Service in each cluster whose istiod serves it),
 * with endpoints only where the pods run.
 */

import path from 'node:path';

/** The folder of the run directory holding one kubeconfig per cluster (the Meshscope server's CLUSTERS_DIR). */
export function clustersDir(runDir: string): string {
  return path.join(runDir, 'clusters');
}

/** The file of a cluster's own kubeconfig: `<runDir>/clusters/<name>.kubeconfig`. */
export function clusterKubeconfigPath(runDir: string, cluster: string): string {
  return path.join(clustersDir(runDir), `${cluster}.kubeconfig`);
}

/** The namespace label (on istio-system) naming a cluster's network, and the gateway's pod label. */
export const NETWORK_LABEL = 'topology.istio.io/network';

/** The mesh id every cluster's istiod is installed with (`values.global.meshID`). */
export const MESH_ID = 'mesh1';

/** The bookinfo namespace of the multi-cluster demo. */
export const BOOKINFO_NAMESPACE = 'bookinfo';

/** Bookinfo's Deployments on the first cluster: the page, details and the reviews without ratings calls... */
export const FIRST_CLUSTER_DEPLOYMENTS = ['productpage-v1', 'details-v1', 'reviews-v1', 'reviews-v2'];
/** ...and on every other cluster: reviews-v3 and ratings (so reviews-v2 in the first calls ratings across). */
export const OTHER_CLUSTER_DEPLOYMENTS = ['reviews-v3', 'ratings-v1'];

/** The bookinfo Deployments a cluster runs, by its position in the cluster list. */
export function bookinfoPlacement(index: number): readonly string[] {
  return index === 0 ? FIRST_CLUSTER_DEPLOYMENTS : OTHER_CLUSTER_DEPLOYMENTS;
}

/** The network of the cluster at `index` (`network1`, `network2`...), as Istio's multi-network guide names them. */
export function networkName(index: number): string {
  return `network${index + 1}`;
}

/** A cluster name must be a DNS-1123 label: it names files, kubeconfig contexts and Istio's `clusterName`. */
const CLUSTER_NAME = /^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/;

/**
 * Parses `--clusters east,west`: 2 to 4 distinct DNS-1123 labels.
 * @throws Error naming `--clusters` and what is wrong.
 */
export function parseClusterNames(raw: string): string[] {
  const names = raw.split(',').map((s) => s.trim());
  const bad = names.find((n) => !CLUSTER_NAME.test(n));
  if (bad !== undefined) throw new Error(`--clusters: "${bad}" is not a DNS-1123 label (a-z, 0-9, -; up to 63)`);
  if (names.length < 2 || names.length > 4) throw new Error('--clusters takes 2 to 4 names, e.g. east,west');
  if (new Set(names).size !== names.length) throw new Error('--clusters: names must be distinct');
  return names;
}
