/**
 * The mesh-wide checks over several clusters' Istio config (lib/istio/checks/multi-cluster.ts, MS1106) joined to what
 * the Istio config list and the overview show: each finding lands on its object of its cluster, with `origin`
 * naming the other cluster's object, and the object's counts and validity follow.
 */
import 'server-only';
import type { IstioConfigItem, WireFinding } from '@/lib/contracts/istio-config';
import type { ValidationSummary } from '@/lib/contracts/mesh';
import { checkAcrossPrimaries, type ClusterConfig, type ClusterFinding } from '@/lib/istio/checks/multi-cluster';
import { countBySeverity } from '@/lib/istio/editor/markers';
import { clusterInventory, type Cluster } from '@/lib/server/clusters';
import { objectKey } from './validations';

/** cluster → `Kind/namespace/name` (validations.ts `objectKey`) → the cross-cluster findings on that object. */
export type CrossClusterFindings = Map<string, Map<string, ClusterFinding[]>>;

/** Runs the cross-cluster checks over `configs` (one entry per readable cluster) and indexes them by object. */
export function crossClusterFindings(configs: readonly ClusterConfig[]): CrossClusterFindings {
  const out: CrossClusterFindings = new Map();
  for (const f of checkAcrossPrimaries(configs)) {
    let byObject = out.get(f.cluster);
    if (!byObject) out.set(f.cluster, (byObject = new Map()));
    const key = objectKey(f.kind, f.namespace, f.name);
    const list = byObject.get(key);
    if (list) list.push(f);
    else byObject.set(key, [f]);
  }
  return out;
}

function wire(f: ClusterFinding): WireFinding {
  return { code: f.code, severity: f.severity, path: f.path, message: f.message, origin: f.origin };
}

/**
 * The list items with their cross-cluster findings added to `validation` (counts and `valid` recomputed). Items
 * without a cluster or a validation (not validated, read-only) are returned as they are.
 */
export function withCrossClusterFindings(items: IstioConfigItem[], index: CrossClusterFindings): IstioConfigItem[] {
  if (index.size === 0) return items;
  return items.map((item) => {
    const extra = item.cluster ? index.get(item.cluster)?.get(objectKey(item.kind, item.namespace, item.name)) : null;
    if (!extra || !item.validation) return item;
    const findings = [...item.validation.findings, ...extra.map(wire)];
    const counts = countBySeverity(findings);
    return { ...item, validation: { valid: counts.error === 0, counts, findings } };
  });
}

/**
 * A copy of one cluster's validations (context.ts `validationsFor`) with the cross-cluster findings on its objects
 * added, for the overview's per-namespace counts. Unchanged (same map) when the cluster has none.
 */
export function validationsWithCrossCluster(
  validations: Map<string, ValidationSummary>,
  cluster: string,
  index: CrossClusterFindings,
): Map<string, ValidationSummary> {
  const mine = index.get(cluster);
  if (!mine) return validations;
  const out = new Map(validations);
  for (const [key, extra] of mine) {
    const v = out.get(key) ?? { valid: true, errors: 0, warnings: 0, findings: [] };
    const findings = [...v.findings, ...extra.map(wire)];
    const errors = v.errors + extra.filter((f) => f.severity === 'error').length;
    out.set(key, {
      valid: errors === 0,
      errors,
      warnings: v.warnings + extra.filter((f) => f.severity === 'warning').length,
      findings,
    });
  }
  return out;
}

/**
 * The Istio config of `clusters` for the mesh-wide checks only (those a request did not read itself, e.g. with
 * `clusterName`), each through its inventory cache as the current user; a cluster that cannot be read is left out
 * of the comparison (its own list or card names it).
 */
export async function readClustersConfig(clusters: readonly Cluster[]): Promise<ClusterConfig[]> {
  const settled = await Promise.allSettled(clusters.map((c) => clusterInventory(c)));
  return settled.flatMap((r, i) =>
    r.status === 'fulfilled' ? [{ cluster: clusters[i]!.name, istioConfig: r.value.istioConfig }] : [],
  );
}
