/**
 * The mesh context of several clusters at once (issue 18), for the lists, the overview and batched health: each
 * cluster read as the current user with its own inventory, its own Prometheus (its `prometheusUrl`, else the shared
 * one) and health scoped to its objects (context.ts `loadMeshContext` with `cluster`). A cluster that fails leaves its
 * part out and is named in `errors.k8s`; a cluster's partial errors (its Prometheus down...) are named by cluster.
 */
import 'server-only';
import type { PartialErrors } from '@/lib/contracts/mesh';
import { knownClusters, resolveCluster, type Cluster } from '@/lib/server/clusters';
import { loadMeshContext, type MeshContext, type MeshContextOptions } from './context';

export interface ClusterContexts {
  /** One context per cluster read, in the order asked (each with `cluster`). */
  contexts: MeshContext[];
  /** Every cluster's partial errors, each message prefixed `Cluster [name]: `; `k8s` also names the clusters down. */
  errors: PartialErrors;
}

/**
 * Loads the context of each of `selected` in parallel (see the module comment); `missing` opens the message of a
 * cluster that could not be read (`Rows are missing`, `Namespace cards are missing`).
 * @throws the first cluster's error when every cluster failed
 */
export async function loadClusterContexts(
  selected: readonly Cluster[],
  opts: MeshContextOptions,
  missing: string,
): Promise<ClusterContexts> {
  const settled = await Promise.allSettled(selected.map((c) => loadMeshContext({ ...opts, cluster: c })));
  if (settled.every((r) => r.status === 'rejected')) throw (settled[0] as PromiseRejectedResult).reason;
  const contexts: MeshContext[] = [];
  const errors: PartialErrors = {};
  const down: string[] = [];
  settled.forEach((r, i) => {
    const cluster = selected[i]!.name;
    if (r.status === 'rejected') {
      down.push(`Cluster [${cluster}]: ${r.reason instanceof Error ? r.reason.message : String(r.reason)}`);
      return;
    }
    contexts.push(r.value);
    for (const [k, e] of Object.entries(r.value.errors) as [keyof PartialErrors, { code: string; message: string }][])
      errors[k] = {
        code: errors[k]?.code ?? e.code,
        message: [errors[k]?.message, `Cluster [${cluster}]: ${e.message}`].filter(Boolean).join('; '),
      };
  });
  if (down.length > 0) errors.k8s = { code: 'unavailable:k8s', message: `${missing}: ${down.join('; ')}` };
  return { contexts, errors };
}

/**
 * The clusters a multi-cluster request covers: `clusterName`'s alone, else every known cluster; null when Meshscope
 * knows one cluster and none was named (the single-cluster path, unchanged).
 * @throws BadRequestError 400 naming `clusterName` for an unknown cluster
 */
export async function requestedClusters(
  clusterName: string | null,
): Promise<{ selected: Cluster[]; clusters: Cluster[] } | null> {
  const clusters = await knownClusters();
  if (!clusterName && clusters.length === 1) return null;
  const selected = clusterName ? [await resolveCluster(clusterName, 'clusterName')] : clusters;
  return { selected, clusters };
}
