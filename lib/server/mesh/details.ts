/**
 * Detail models of one app, workload or service (Kiali's details Overview pane: labels, workloads, services, pods
 * with proxy status, the Istio config that applies with its validation, health). The builders are pure over the
 * mesh context and the pods; `get*Detail` read them.
 */
import 'server-only';
import { MeshscopeError } from '@/lib/errors';
import type { ServiceInfo, WorkloadInfo } from '@/lib/k8s/inventory';
import type { MeshContext } from '@/lib/server/mesh/context';
import { serviceWaypointOf, workloadMembership } from '@/lib/server/mesh/ambient';
import { workloadValidation } from '@/lib/server/istio-config/validations';
import { routeReferences } from '@/lib/server/mesh/gateway-routes';
import { appReferences, serviceReferences, toReferences, workloadReferences } from '@/lib/server/istio-config/refs';
import {
  appOf,
  buildApps,
  canonicalServiceOf,
  commonLabels,
  servicesOfWorkload,
  sidecarStatus,
  versionOf,
  workloadsOfService,
} from '@/lib/k8s/model';
import type {
  AppDetail,
  PodDetail,
  ServiceDetail,
  ServiceSummary,
  WorkloadDetail,
  WorkloadSummary,
} from '@/lib/contracts/mesh';

type Ctx = Pick<
  MeshContext,
  'inventory' | 'health' | 'validations' | 'errors' | 'rootNamespace' | 'rateIntervalSeconds'
>;

function notFound(what: string, name: string, namespace: string): MeshscopeError {
  return new MeshscopeError('not_found:k8s', `${what} ${name} not found in namespace ${namespace}`, {
    namespace,
    name,
  });
}

function workloadSummary(ctx: Ctx, w: WorkloadInfo): WorkloadSummary {
  return {
    name: w.name,
    kind: w.kind,
    labels: w.labels,
    version: versionOf(w.labels),
    sidecar: sidecarStatus([w]),
    desiredReplicas: w.desiredReplicas,
    currentReplicas: w.currentReplicas,
    availableReplicas: w.availableReplicas,
    health: ctx.health?.[w.namespace]?.workloads[w.name] ?? null,
  };
}

function serviceSummary(ctx: Ctx, s: ServiceInfo): ServiceSummary {
  return {
    name: s.name,
    type: s.type,
    ports: s.ports.map((p) => ({ name: p.name, port: p.port, protocol: p.protocol, appProtocol: p.appProtocol })),
    health: ctx.health?.[s.namespace]?.services[s.name] ?? null,
  };
}

const common = (ctx: Ctx) => ({ errors: ctx.errors, rateIntervalSeconds: ctx.rateIntervalSeconds });

/** The app detail. @throws MeshscopeError not_found:k8s when no workload in the namespace has the app label. */
export function buildAppDetail(ctx: Ctx, namespace: string, name: string, pods: PodDetail[]): AppDetail {
  const app = buildApps(ctx.inventory).find((a) => a.namespace === namespace && a.name === name);
  if (!app) throw notFound('App', name, namespace);
  const canonical = app.workloads.map(canonicalServiceOf)[0] ?? name;
  return {
    kind: 'app',
    namespace,
    name,
    labels: commonLabels(app.workloads),
    pods,
    istioConfig: toReferences(appReferences(ctx.inventory, app, ctx.rootNamespace), ctx.validations),
    health: ctx.health?.[namespace]?.apps[name] ?? null,
    tracingService: `${canonical}.${namespace}`,
    workloads: app.workloads.map((w) => workloadSummary(ctx, w)).sort((a, b) => a.name.localeCompare(b.name)),
    services: app.services.map((s) => serviceSummary(ctx, s)).sort((a, b) => a.name.localeCompare(b.name)),
    sidecar: sidecarStatus(app.workloads),
    ...common(ctx),
  };
}

/** Looks up a workload. @throws MeshscopeError not_found:k8s */
export function findWorkload(ctx: Pick<Ctx, 'inventory'>, namespace: string, name: string): WorkloadInfo {
  const w = ctx.inventory.workloads.find((x) => x.namespace === namespace && x.name === name);
  if (!w) throw notFound('Workload', name, namespace);
  return w;
}

/** Looks up a service. @throws MeshscopeError not_found:k8s */
export function findService(ctx: Pick<Ctx, 'inventory'>, namespace: string, name: string): ServiceInfo {
  const s = ctx.inventory.services.find((x) => x.namespace === namespace && x.name === name);
  if (!s) throw notFound('Service', name, namespace);
  return s;
}

/** The workload detail. @throws MeshscopeError not_found:k8s */
export function buildWorkloadDetail(ctx: Ctx, namespace: string, name: string, pods: PodDetail[]): WorkloadDetail {
  const w = findWorkload(ctx, namespace, name);
  const services = servicesOfWorkload(ctx.inventory.services, w);
  return {
    kind: 'workload',
    namespace,
    name,
    labels: w.labels,
    annotations: w.annotations,
    pods,
    istioConfig: toReferences(workloadReferences(ctx.inventory.istioConfig, w, ctx.rootNamespace), ctx.validations),
    health: ctx.health?.[namespace]?.workloads[name] ?? null,
    tracingService: `${canonicalServiceOf(w)}.${namespace}`,
    workloadKind: w.kind,
    validation: workloadValidation(ctx.validations, w),
    serviceAccount: w.serviceAccount,
    app: appOf(w.labels),
    version: versionOf(w.labels),
    sidecar: sidecarStatus([w]),
    desiredReplicas: w.desiredReplicas,
    currentReplicas: w.currentReplicas,
    availableReplicas: w.availableReplicas,
    createdAt: w.createdAt,
    services: services.map((s) => serviceSummary(ctx, s)),
    mesh: workloadMembership(ctx.inventory, w),
    routes: routeReferences(ctx.inventory, services),
    ...common(ctx),
  };
}

/** The service detail. @throws MeshscopeError not_found:k8s */
export function buildServiceDetail(ctx: Ctx, namespace: string, name: string, pods: PodDetail[]): ServiceDetail {
  const s = findService(ctx, namespace, name);
  const workloads = workloadsOfService(ctx.inventory.workloads, s);
  const first = workloads[0];
  return {
    kind: 'service',
    namespace,
    name,
    labels: s.labels,
    annotations: s.annotations,
    pods,
    istioConfig: toReferences(serviceReferences(ctx.inventory.istioConfig, s), ctx.validations),
    health: ctx.health?.[namespace]?.services[name] ?? null,
    tracingService: first ? `${canonicalServiceOf(first)}.${namespace}` : null,
    type: s.type,
    ports: s.ports.map((p) => ({ name: p.name, port: p.port, protocol: p.protocol, appProtocol: p.appProtocol })),
    selector: s.selector,
    createdAt: s.createdAt,
    workloads: workloads.map((w) => workloadSummary(ctx, w)),
    sidecar: sidecarStatus(workloads),
    waypoint: serviceWaypointOf(ctx.inventory, s),
    routes: routeReferences(ctx.inventory, [s]),
    ...common(ctx),
  };
}

/** Pod selectors of an object: its workloads' template labels (a service: its own selector). */
export function podSelectors(
  ctx: Pick<Ctx, 'inventory'>,
  kind: 'apps' | 'workloads' | 'services',
  namespace: string,
  name: string,
): Record<string, string>[] {
  switch (kind) {
    case 'apps':
      return (buildApps(ctx.inventory).find((a) => a.namespace === namespace && a.name === name)?.workloads ?? []).map(
        (w) => w.labels,
      );
    case 'workloads':
      return [findWorkload(ctx, namespace, name).labels];
    case 'services':
      return [findService(ctx, namespace, name).selector];
  }
}
