/**
 * What every appender step gets besides the map and its own query results (`./appender.ts`): the options, the
 * inventory (indexed) and the namespace being processed. Kiali's appenders receive
 * `GlobalInfo`/`AppenderNamespaceInfo` instead (`graph/appender.go`).
 */
import type { HealthConfig } from '@/lib/health/calculate';
import type { GraphInventory, GraphOptions, InventoryPod, InventoryService, InventoryWorkload } from '../types';

export interface InventoryIndex {
  /** Namespaces the user may see (Kiali's `AccessibleNamespaces`). */
  accessible: Set<string>;
  workloads: Map<string, InventoryWorkload>;
  workloadsByNamespace: Map<string, InventoryWorkload[]>;
  services: Map<string, InventoryService>;
  servicesByNamespace: Map<string, InventoryService[]>;
  istioNamespace: string;
}

export interface AppenderContext {
  options: GraphOptions;
  inventory: GraphInventory;
  index: InventoryIndex;
  /** The namespace whose traffic map is being decorated; '' for finalizers (whole graph). */
  namespace: string;
  /** Cluster assumed for inventory objects (idle nodes). */
  cluster: string;
  health?: HealthConfig;
  /**
   * Multi-cluster finalizers: each cluster's own index and pods, so a node's health is read from its own cluster's
   * inventory (workloads of the same name in two clusters are two workloads). Absent with one cluster.
   */
  clusters?: ReadonlyMap<string, { index: InventoryIndex; pods?: InventoryPod[] }>;
}

const key = (namespace: string, name: string) => `${namespace}/${name}`;

/** Objects by `namespace/name` and by namespace (in inventory order). */
function byKeyAndNamespace<T extends { namespace: string; name: string }>(
  items: readonly T[],
): [Map<string, T>, Map<string, T[]>] {
  const byKey = new Map<string, T>();
  const byNamespace = new Map<string, T[]>();
  for (const o of items) {
    byKey.set(key(o.namespace, o.name), o);
    const list = byNamespace.get(o.namespace);
    if (list) list.push(o);
    else byNamespace.set(o.namespace, [o]);
  }
  return [byKey, byNamespace];
}

/** Builds the lookups appenders need from the inventory. */
export function indexInventory(inv: GraphInventory): InventoryIndex {
  const [workloads, workloadsByNamespace] = byKeyAndNamespace(inv.workloads);
  const [services, servicesByNamespace] = byKeyAndNamespace(inv.services);
  return {
    accessible: new Set(inv.namespaces.map((n) => n.name)),
    workloads,
    workloadsByNamespace,
    services,
    servicesByNamespace,
    istioNamespace: inv.istioNamespace ?? 'istio-system',
  };
}

/** The inventory workload `namespace/name` (Kiali `getWorkload`). */
export function findWorkload(ix: InventoryIndex, namespace: string, name: string): InventoryWorkload | undefined {
  return ix.workloads.get(key(namespace, name));
}

/** The inventory Service `namespace/name` (Kiali `getServiceDefinition`). */
export function findService(ix: InventoryIndex, namespace: string, name: string): InventoryService | undefined {
  return ix.services.get(key(namespace, name));
}

/** The app label of an object (`app`, then `app.kubernetes.io/name`), as Kiali's `GetAppLabelName`. */
export function appLabel(labels: Record<string, string> | undefined): string | undefined {
  return labels?.app ?? labels?.['app.kubernetes.io/name'];
}

/** The version label of an object (`version`, then `app.kubernetes.io/version`). */
export function versionLabel(labels: Record<string, string> | undefined): string | undefined {
  return labels?.version ?? labels?.['app.kubernetes.io/version'];
}

/** Workloads of an app (and version, when given), as Kiali's `getAppWorkloads`. */
export function appWorkloads(
  ix: InventoryIndex,
  namespace: string,
  app: string,
  version?: string,
): InventoryWorkload[] {
  const versionOk = version !== undefined && version !== '' && version !== 'unknown' && version !== 'latest';
  return (ix.workloadsByNamespace.get(namespace) ?? []).filter(
    (w) => appLabel(w.labels) === app && (!versionOk || versionLabel(w.labels) === version),
  );
}
