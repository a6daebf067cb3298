/**
 * Route handlers of the mesh API: lists, details, batched health and the overview. Each parses its input, calls
 * lib/mesh and answers JSON. The Kubernetes inventory is required (its failure is the answer: 503/504/403); a failing
 * Prometheus or validation is reported in `errors` beside the data, so pages keep working (DESIGN.md).
 */
import 'server-only';
import type { NextRequest } from 'next/server';
import { handle, json } from '@/lib/server/http/respond';
import { loadMeshContext, type MeshContext, type MeshContextOptions } from '@/lib/server/mesh/context';
import { resolveCluster, runOnCluster } from '@/lib/server/clusters';
import { loadClusterContexts, requestedClusters } from './cluster-contexts';
import { buildAppDetail, buildServiceDetail, buildWorkloadDetail, podSelectors } from '@/lib/server/mesh/details';
import { appListItems, serviceListItems, workloadListItems } from '@/lib/server/mesh/lists';
import { readPods } from '@/lib/server/mesh/pods';
import type {
  ListItem,
  ListResponse,
  MeshKind,
  NamespacesHealth,
  PodDetail,
  WaypointsResponse,
} from '@/lib/contracts/mesh';
import { getInventory } from '@/lib/k8s/inventory';
import { namespacesToRead } from '@/lib/k8s/model';
import { waypointsOf } from './ambient';
import { logger } from '@/lib/log';
import { healthContextOptions, objectParams, parseFlag, parseHealthRateInterval, parseNamespaces } from './params';

type Ctx = { params: Promise<Record<string, string>> };

/**
 * `GET /api/{apps|workloads|services}?namespaces=a,b&health=true&istioResources=true&rateInterval=60s&clusterName=c`
 * — the list rows of the namespaces (all when none given): `{ items, rateIntervalSeconds, errors }`. Health (Kiali's
 * algorithm over the last `rateInterval`, default 60 s) comes from three PromQL queries for all namespaces together
 * (Kiali PR #7119). Several clusters (issue 18, Kiali's `/api/clusters/...`): the rows of every cluster (or of
 * `clusterName`), each with its `cluster`, and `clusters` listing them; a cluster that fails leaves its rows out and
 * says so in `errors.k8s`. Errors: 400 naming the parameter (`clusterName` naming no known cluster); 503/504/403
 * from Kubernetes (every cluster failing).
 */
export function listRoute(kind: MeshKind) {
  return handle(async (req: NextRequest) => {
    const search = req.nextUrl.searchParams;
    const opts: MeshContextOptions = {
      namespaces: parseNamespaces(search),
      health: parseFlag(search, 'health', true),
      validate: parseFlag(search, 'istioResources', true),
      rateIntervalSeconds: parseHealthRateInterval(search.get('rateInterval')),
    };
    const rows = (ctx: MeshContext): ListItem[] =>
      kind === 'apps' ? appListItems(ctx) : kind === 'workloads' ? workloadListItems(ctx) : serviceListItems(ctx);
    const multi = await requestedClusters(search.get('clusterName'));
    if (!multi) {
      const ctx = await loadMeshContext(opts);
      const body: ListResponse = { items: rows(ctx), rateIntervalSeconds: ctx.rateIntervalSeconds, errors: ctx.errors };
      return json(body);
    }
    const { contexts, errors } = await loadClusterContexts(multi.selected, opts, 'Rows are missing');
    const items = contexts.flatMap(rows);
    items.sort(
      (a, b) =>
        a.namespace.localeCompare(b.namespace) ||
        a.name.localeCompare(b.name) ||
        (a.cluster ?? '').localeCompare(b.cluster ?? ''),
    );
    const body: ListResponse = {
      items,
      rateIntervalSeconds: opts.rateIntervalSeconds,
      errors,
      clusters: multi.clusters.map((c) => c.name),
    };
    return json(body);
  });
}

/**
 * `GET /api/namespaces/{ns}/{apps|workloads|services}/{name}?rateInterval=60s&cluster=c` — the detail model (labels, workloads,
 * services, pods with proxy status, applicable Istio config with validation findings, health). Pods are read with
 * their container statuses; if that read fails the inventory's pods are not substituted: `errors.k8s` says so.
 * `cluster` (multi-cluster) reads the object from that cluster. Errors: 400 bad names or a `cluster` naming no known
 * cluster, 404 `not_found:k8s` when the object does not exist, 503/504/403 from Kubernetes.
 */
export function detailRoute(kind: MeshKind) {
  return handle(async (req: NextRequest, route: Ctx) => {
    const { namespace, name } = await objectParams(kind, route.params);
    const clusterParam = req.nextUrl.searchParams.get('cluster');
    // `?cluster=` (issue 18): the object of that cluster; absent: the home cluster, as with one cluster
    const cluster = clusterParam ? await resolveCluster(clusterParam, 'cluster') : undefined;
    const ctx = await loadMeshContext({
      namespaces: [namespace],
      health: parseFlag(req.nextUrl.searchParams, 'health', true),
      validate: true,
      rateIntervalSeconds: parseHealthRateInterval(req.nextUrl.searchParams.get('rateInterval')),
      ...(cluster ? { cluster } : {}),
    });
    const selectors = podSelectors(ctx, kind, namespace, name);
    let pods: PodDetail[] = [];
    try {
      const read = () => readPods(namespace, selectors);
      pods = await (cluster ? runOnCluster(cluster, read) : read());
    } catch (err) {
      logger.warn({ err: (err as Error).message }, 'mesh detail: pods unreadable');
      ctx.errors.k8s = { code: 'unavailable:k8s', message: `Pods could not be read: ${(err as Error).message}` };
    }
    const detail =
      kind === 'apps'
        ? buildAppDetail(ctx, namespace, name, pods)
        : kind === 'workloads'
          ? buildWorkloadDetail(ctx, namespace, name, pods)
          : buildServiceDetail(ctx, namespace, name, pods);
    return json(detail);
  });
}

/**
 * `GET /api/health/namespaces?namespaces=a,b&rateInterval=60s&clusterName=c` — health of every app, workload and
 * service of the namespaces in one answer (Kiali PR #7119's batching): `{ queryTime, rateIntervalSeconds, namespaces: {
 * [ns]: { apps, workloads, services } }, errors }`. With Prometheus down, request health is null and statuses are pod
 * health only (services NA), with `errors.prometheus` set. Several clusters (issue 18, Kiali's
 * `/api/clusters/namespaces/health?clusterName=`): each cluster's objects from its own Prometheus, scoped by
 * `destination_cluster`/`source_cluster`; `namespaces` is `clusterName`'s (the home cluster's when absent) and
 * `clusters` holds every cluster read; a cluster down is named in `errors.k8s`, its Prometheus down in
 * `errors.prometheus`. Errors: 400 (`clusterName` naming no known cluster); 503/504/403 from Kubernetes.
 */
export function healthRoute() {
  return handle(async (req: NextRequest) => {
    const search = req.nextUrl.searchParams;
    const opts = healthContextOptions(search, false);
    const multi = await requestedClusters(search.get('clusterName'));
    if (!multi) {
      const ctx = await loadMeshContext(opts);
      const body: NamespacesHealth = {
        queryTime: ctx.queryTime,
        rateIntervalSeconds: ctx.rateIntervalSeconds,
        namespaces: ctx.health ?? {},
        errors: ctx.errors,
      };
      return json(body);
    }
    const { contexts, errors } = await loadClusterContexts(multi.selected, opts, 'Health is missing');
    const clusters = Object.fromEntries(contexts.map((c) => [c.cluster!, c.health ?? {}]));
    const body: NamespacesHealth = {
      queryTime: contexts[0]!.queryTime,
      rateIntervalSeconds: opts.rateIntervalSeconds,
      namespaces: clusters[multi.selected[0]!.name] ?? {},
      errors,
      clusters,
    };
    return json(body);
  });
}

/**
 * `GET /api/waypoints?namespaces=a,b` — the ambient waypoints in the namespaces (all when none given): Gateways of
 * class `istio-waypoint` (and waypoint Deployments whose Gateway is not readable), each with `istio.io/waypoint-for`
 * and the services, workloads and namespaces labelled `istio.io/use-waypoint` to use it. Errors: 400 naming
 * `namespaces`; 503/504/403 from Kubernetes.
 */
export function waypointsRoute() {
  return handle(async (req: NextRequest) => {
    const inventory = await getInventory([]);
    const namespaces = new Set(namespacesToRead(inventory, parseNamespaces(req.nextUrl.searchParams)));
    const body: WaypointsResponse = { items: waypointsOf(inventory).filter((w) => namespaces.has(w.namespace)) };
    return json(body);
  });
}
