/**
 * The object model behind the lists and detail pages, pure over the Kubernetes inventory: which workloads form an app
 * (Kiali: workloads sharing an `app` label), which services select which workloads, sidecar status, and the names
 * Istio's telemetry uses (canonical service). Isomorphic and unit-tested on plain data.
 */
import 'server-only';
import type { Inventory, PodInfo, ServiceInfo, WorkloadInfo } from '@/lib/k8s/inventory';
import type { SidecarStatus } from '@/lib/contracts/mesh';

/** The app a set of labels belongs to: `app`, else `app.kubernetes.io/name` (Kiali's default app label names). */
export function appOf(labels: Record<string, string>): string | null {
  return labels.app || labels['app.kubernetes.io/name'] || null;
}

/** The version label: `version`, else `app.kubernetes.io/version`. */
export function versionOf(labels: Record<string, string>): string | null {
  return labels.version || labels['app.kubernetes.io/version'] || null;
}

/**
 * Istio's canonical service of a workload, as its proxy reports it in `*_canonical_service`: the
 * `service.istio.io/canonical-name` label, else `app.kubernetes.io/name`, else `app`, else the workload name.
 */
export function canonicalServiceOf(w: Pick<WorkloadInfo, 'labels' | 'name'>): string {
  const l = w.labels;
  return l['service.istio.io/canonical-name'] || l['app.kubernetes.io/name'] || l.app || w.name;
}

/** True when a non-empty selector matches the labels (Kubernetes equality selectors). */
export function selects(selector: Record<string, string> | undefined | null, labels: Record<string, string>): boolean {
  const entries = Object.entries(selector ?? {});
  return entries.length > 0 && entries.every(([k, v]) => labels[k] === v);
}

/** The pods of a workload: same namespace, carrying every pod-template label. */
export function podsOfWorkload(pods: readonly PodInfo[], w: Pick<WorkloadInfo, 'namespace' | 'labels'>): PodInfo[] {
  const entries = Object.entries(w.labels);
  if (entries.length === 0) return [];
  return pods.filter((p) => p.namespace === w.namespace && entries.every(([k, v]) => p.labels[k] === v));
}

/** Workloads a service's selector selects (same namespace). */
export function workloadsOfService(
  workloads: readonly WorkloadInfo[],
  s: Pick<ServiceInfo, 'namespace' | 'selector'>,
): WorkloadInfo[] {
  return workloads.filter((w) => w.namespace === s.namespace && selects(s.selector, w.labels));
}

/** Services whose selector selects the workload. */
export function servicesOfWorkload(
  services: readonly ServiceInfo[],
  w: Pick<WorkloadInfo, 'namespace' | 'labels'>,
): ServiceInfo[] {
  return services.filter((s) => s.namespace === w.namespace && selects(s.selector, w.labels));
}

/** `present` when every workload has the sidecar, `missing` when none has, `partial` otherwise, `none` without workloads. */
export function sidecarStatus(workloads: readonly Pick<WorkloadInfo, 'sidecarInjected'>[]): SidecarStatus {
  if (workloads.length === 0) return 'none';
  const injected = workloads.filter((w) => w.sidecarInjected).length;
  return injected === workloads.length ? 'present' : injected === 0 ? 'missing' : 'partial';
}

/** An app: the workloads sharing its `app` label in one namespace, and the services in front of them. */
export interface AppModel {
  namespace: string;
  name: string;
  workloads: WorkloadInfo[];
  services: ServiceInfo[];
}

/**
 * Groups workloads into apps by namespace and app label; a service belongs to an app when it selects one of the
 * app's workloads or carries the app's label. Sorted by namespace, then name.
 */
export function buildApps(inv: Pick<Inventory, 'workloads' | 'services'>): AppModel[] {
  const apps = new Map<string, AppModel>();
  for (const w of inv.workloads) {
    const app = appOf(w.labels);
    if (!app) continue;
    const key = `${w.namespace}/${app}`;
    let entry = apps.get(key);
    if (!entry) apps.set(key, (entry = { namespace: w.namespace, name: app, workloads: [], services: [] }));
    entry.workloads.push(w);
  }
  for (const s of inv.services) {
    for (const app of apps.values()) {
      if (app.namespace !== s.namespace) continue;
      if (app.workloads.some((w) => selects(s.selector, w.labels)) || appOf(s.labels) === app.name)
        app.services.push(s);
    }
  }
  return [...apps.values()].sort((a, b) => a.namespace.localeCompare(b.namespace) || a.name.localeCompare(b.name));
}

/** Labels every workload of the app shares (what Kiali shows as the app's labels). */
export function commonLabels(workloads: readonly Pick<WorkloadInfo, 'labels'>[]): Record<string, string> {
  const [first, ...rest] = workloads;
  if (!first) return {};
  return Object.fromEntries(Object.entries(first.labels).filter(([k, v]) => rest.every((w) => w.labels[k] === v)));
}

/** Namespaces to read: the requested ones that exist, or every namespace of the inventory when none is requested. */
export function namespacesToRead(inv: Pick<Inventory, 'namespaces'>, requested: readonly string[]): string[] {
  const existing = inv.namespaces.map((n) => n.name);
  if (requested.length === 0) return existing.sort();
  const set = new Set(existing);
  return requested.filter((n) => set.has(n));
}

/** The tag of an image reference (`repo/name:tag@digest` → `tag`), or null. */
export function imageTag(image: string | null | undefined): string | null {
  if (!image) return null;
  const withoutDigest = image.split('@')[0] ?? '';
  const lastSlash = withoutDigest.lastIndexOf('/');
  const colon = withoutDigest.indexOf(':', lastSlash + 1);
  return colon >= 0 ? withoutDigest.slice(colon + 1) || null : null;
}
