/**
 * `GET /api/istio`: Istio config across namespaces with per-object validation (Kiali's Istio Config list and
 * `/api/istio/validations`, kiali.md §1.3: an object is invalid only when it has an error).
 */
import 'server-only';
import { getInventory, type IstioObject } from '@/lib/k8s/inventory';
import { knownClusters, resolveCluster, runOnCluster } from '@/lib/server/clusters';
import type { ClusterConfig } from '@/lib/istio/checks/multi-cluster';
import { crossClusterFindings, readClustersConfig, withCrossClusterFindings } from './cross-cluster';
import { configKeyOf, ISTIO_KINDS, kindOfObject, pluralOf, unknownVersionNote } from '@/lib/istio/kinds';
import { reportedStatus } from '@/lib/istio/reported-status';
import { countBySeverity } from '@/lib/istio/editor/markers';
import type { ListQuery } from './params';
import { listNodes, snapshotFromInventory } from './snapshot';
import { listServiceAccounts } from '@/lib/k8s/istio-config';
import type { IstioConfigItem, IstioConfigList } from '@/lib/contracts/istio-config';
import { analyzeSnapshot, findingsByObject, objectValidation } from './validate';

/**
 * Lists the Istio and Gateway API objects of the query's namespaces and kinds (cluster-scoped kinds whatever the
 * namespaces), sorted by namespace, kind and name; Gateway API items carry the status the cluster reports, and
 * objects at an API version Meshscope does not know are listed read-only with a note. With `validate`,
 * the whole cluster is analysed once (cross-namespace references resolve) and each listed object gets its findings.
 * Several clusters (issue 18): every cluster's (or `clusterName`'s) objects, each validated against its own cluster's
 * objects and tagged with its `cluster`; a cluster that fails is named in `clusterErrors`. With `validate`, the
 * mesh-wide checks compare every readable cluster's objects too (MS1106, lib/istio/checks/multi-cluster.ts: a host
 * two primaries route differently), each finding on its object with `origin` naming the other cluster's.
 * @throws MeshscopeError unavailable/timeout/forbidden:k8s (every cluster failing); BadRequestError for an unknown
 *   `clusterName`
 */
export async function listIstioConfig(query: ListQuery): Promise<IstioConfigList> {
  const clusters = await knownClusters();
  if (!query.clusterName && clusters.length === 1) return (await listOneCluster(query)).list;
  const selected = query.clusterName ? [await resolveCluster(query.clusterName, 'clusterName')] : clusters;
  const settled = await Promise.allSettled(selected.map((c) => runOnCluster(c, () => listOneCluster(query, c.name))));
  if (settled.every((r) => r.status === 'rejected')) throw (settled[0] as PromiseRejectedResult).reason;
  let items: IstioConfigItem[] = [];
  const errors: NonNullable<IstioConfigList['clusterErrors']> = [];
  const configs: ClusterConfig[] = [];
  settled.forEach((r, i) => {
    if (r.status === 'fulfilled') {
      items.push(...r.value.list.items);
      configs.push({ cluster: selected[i]!.name, istioConfig: r.value.istioConfig });
    } else errors.push({ cluster: selected[i]!.name, message: (r.reason as Error).message ?? String(r.reason) });
  });
  if (query.validate && clusters.length > 1) {
    configs.push(...(await readClustersConfig(clusters.filter((c) => !selected.includes(c)))));
    items = withCrossClusterFindings(items, crossClusterFindings(configs));
  }
  items.sort((a, b) => byNsKindName(a, b) || (a.cluster ?? '').localeCompare(b.cluster ?? ''));
  const counts = countBySeverity(items.flatMap((i) => i.validation?.findings ?? []));
  return {
    items,
    counts,
    validated: query.validate,
    clusters: clusters.map((c) => c.name),
    ...(errors.length ? { clusterErrors: errors } : {}),
  };
}

const byNsKindName = (a: IstioConfigItem, b: IstioConfigItem) =>
  a.namespace.localeCompare(b.namespace) || a.kind.localeCompare(b.kind) || a.name.localeCompare(b.name);

/**
 * One cluster's list (the current scope's): its objects validated against its own objects; with the cluster's whole
 * Istio config (every namespace) for the mesh-wide checks.
 */
async function listOneCluster(
  query: ListQuery,
  cluster?: string,
): Promise<{ list: IstioConfigList; istioConfig: IstioObject[] }> {
  const inventory = await getInventory([]);
  const wantedNs = new Set(query.namespaces);
  const wantedKinds = new Set(query.kinds.length ? query.kinds : ISTIO_KINDS);
  const isWanted = (o: IstioObject) => {
    const kind = kindOfObject(o);
    return kind !== undefined && wantedKinds.has(kind);
  };
  const inNs = (o: IstioObject) =>
    !kindOfObject(o)?.namespaced || wantedNs.size === 0 || wantedNs.has(o.metadata.namespace || 'default');
  const listed = [...inventory.istioConfig, ...inventory.gatewayApi].filter((o) => isWanted(o) && inNs(o));
  let byObject: Map<string, ReturnType<typeof analyzeSnapshot>> | null = null;
  if (query.validate) {
    const [serviceAccounts, nodes] = await Promise.all([listServiceAccounts(), listNodes()]);
    const snapshot = snapshotFromInventory(inventory, serviceAccounts, nodes);
    byObject = findingsByObject(analyzeSnapshot(snapshot));
  }
  const items = listed.map((o): IstioConfigItem => {
    const item = { ...(cluster ? { cluster } : {}), ...toItem(o, byObject) };
    return query.objects ? { ...item, object: o } : item;
  });
  items.sort(byNsKindName);
  const counts = countBySeverity(items.flatMap((i) => i.validation?.findings ?? []));
  return { list: { items, counts, validated: query.validate }, istioConfig: inventory.istioConfig };
}

function toItem(o: IstioObject, byObject: Map<string, ReturnType<typeof analyzeSnapshot>> | null): IstioConfigItem {
  const kind = kindOfObject(o);
  const namespace = kind?.namespaced === false ? '' : o.metadata.namespace || 'default';
  const readOnly = unknownVersionNote(o);
  return {
    kind: o.kind,
    plural: pluralOf(o.apiVersion, o.kind),
    apiVersion: o.apiVersion,
    namespace,
    name: o.metadata.name,
    resourceVersion: o.metadata.resourceVersion ?? null,
    creationTimestamp: o.metadata.creationTimestamp ?? null,
    // An object at a version we do not know is not validated (its schema is not ours to judge).
    validation: byObject && !readOnly ? objectValidation(o, byObject.get(configKeyOf(o)) ?? []) : null,
    reportedStatus: kind && kind.api !== 'istio' ? reportedStatus(o) : null,
    ...(readOnly ? { readOnly } : {}),
  };
}
