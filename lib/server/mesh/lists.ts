/**
 * Rows of the Applications, Workloads and Services lists (Kiali's `/api/clusters/{apps|workloads|services}`), pure
 * over the inventory, the batched health and the validations.
 */
import 'server-only';
import { workloadMembership } from '@/lib/server/mesh/ambient';
import { workloadValidation } from '@/lib/server/istio-config/validations';
import type { Inventory } from '@/lib/k8s/inventory';
import {
  appReferences,
  serviceReferences,
  toReferences,
  withoutFindings,
  workloadReferences,
} from '@/lib/server/istio-config/refs';
import { appOf, buildApps, commonLabels, sidecarStatus, versionOf, workloadsOfService } from '@/lib/k8s/model';
import type {
  AppListItem,
  NamespacesHealth,
  ServiceListItem,
  ValidationSummary,
  WorkloadListItem,
} from '@/lib/contracts/mesh';

export interface ListContext {
  inventory: Inventory;
  /** The namespaces to list (already resolved against the inventory). */
  namespaces: readonly string[];
  /** Batched health, or null when not asked for. */
  health: NamespacesHealth['namespaces'] | null;
  /** Validation by `Kind/ns/name`, or null when validation could not run. */
  validations: Map<string, ValidationSummary> | null;
  rootNamespace: string;
  /** Multi-cluster: the cluster the inventory is of; every row then carries it (`cluster`). */
  cluster?: string;
}

const byNsName = <T extends { namespace: string; name: string }>(a: T, b: T) =>
  a.namespace.localeCompare(b.namespace) || a.name.localeCompare(b.name);

/** `{ cluster }` on a row when the context is one cluster's of several (so one cluster's lists are unchanged). */
const clusterOf = (ctx: ListContext): { cluster?: string } => (ctx.cluster ? { cluster: ctx.cluster } : {});

/** Application rows: one per `app` label value and namespace. */
export function appListItems(ctx: ListContext): AppListItem[] {
  const wanted = new Set(ctx.namespaces);
  return buildApps(ctx.inventory)
    .filter((a) => wanted.has(a.namespace))
    .map((a) => ({
      ...clusterOf(ctx),
      namespace: a.namespace,
      name: a.name,
      labels: commonLabels(a.workloads),
      sidecar: sidecarStatus(a.workloads),
      istioReferences: withoutFindings(
        toReferences(appReferences(ctx.inventory, a, ctx.rootNamespace), ctx.validations),
      ),
      health: ctx.health?.[a.namespace]?.apps[a.name] ?? null,
      workloads: a.workloads.map((w) => w.name).sort(),
      services: a.services.map((s) => s.name).sort(),
      versions: [...new Set(a.workloads.map((w) => versionOf(w.labels)).filter((v): v is string => !!v))].sort(),
    }))
    .sort(byNsName);
}

/** Workload rows. */
export function workloadListItems(ctx: ListContext): WorkloadListItem[] {
  const wanted = new Set(ctx.namespaces);
  return ctx.inventory.workloads
    .filter((w) => wanted.has(w.namespace))
    .map((w) => ({
      ...clusterOf(ctx),
      namespace: w.namespace,
      name: w.name,
      labels: w.labels,
      sidecar: sidecarStatus([w]),
      istioReferences: withoutFindings(
        toReferences(workloadReferences(ctx.inventory.istioConfig, w, ctx.rootNamespace), ctx.validations),
      ),
      health: ctx.health?.[w.namespace]?.workloads[w.name] ?? null,
      kind: w.kind,
      validation: workloadValidation(ctx.validations, w),
      mesh: workloadMembership(ctx.inventory, w).mode,
      app: appOf(w.labels),
      version: versionOf(w.labels),
      desiredReplicas: w.desiredReplicas,
      availableReplicas: w.availableReplicas,
      serviceAccount: w.serviceAccount,
    }))
    .sort(byNsName);
}

/** Service rows; the sidecar status is that of the workloads behind the service. */
export function serviceListItems(ctx: ListContext): ServiceListItem[] {
  const wanted = new Set(ctx.namespaces);
  return ctx.inventory.services
    .filter((s) => wanted.has(s.namespace))
    .map((s) => {
      const workloads = workloadsOfService(ctx.inventory.workloads, s);
      return {
        ...clusterOf(ctx),
        namespace: s.namespace,
        name: s.name,
        labels: s.labels,
        sidecar: sidecarStatus(workloads),
        istioReferences: withoutFindings(
          toReferences(serviceReferences(ctx.inventory.istioConfig, s), ctx.validations),
        ),
        health: ctx.health?.[s.namespace]?.services[s.name] ?? null,
        type: s.type,
        ports: s.ports.map((p) => ({ name: p.name, port: p.port, protocol: p.protocol, appProtocol: p.appProtocol })),
        selector: s.selector,
        workloads: workloads.map((w) => w.name).sort(),
      };
    })
    .sort(byNsName);
}
