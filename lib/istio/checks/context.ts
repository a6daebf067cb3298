/**
 * The indexes every check shares, built once per `analyze()` call from a `ClusterSnapshot`: namespaces, pod label
 * sets (pods, plus workload templates for workloads whose pods are not in the snapshot), the service registry, the
 * service accounts, and Istio objects by kind. Objects without `metadata.namespace` are in `default`.
 */
import { REDIRECTION, isWaypointLabels, namespaceDataplaneMode, workloadMesh, type WaypointRef } from '@/lib/ambient';
import type { ClusterSnapshot, Finding, IstioKindMap, IstioObject, Labels, V1Pod, V1Service } from '../types';
import { isKind } from '../types';
import { EXPORT_TO_ALL, EXPORT_TO_LOCAL, exportScopes, ServiceRegistry, toFqdn } from './hosts';
import { messageText, MESSAGES, type MessageCode } from './messages';
import { isEmptySelector, matchesSelector } from './selectors';

export interface AnalyzeOptions {
  /** Istio root namespace (mesh-wide policies), `meshConfig.rootNamespace`. Default `istio-system`. */
  rootNamespace?: string;
  /** `meshConfig.trustDomain`, used to read SPIFFE principals. Default `cluster.local`. */
  trustDomain?: string;
  /** Kubernetes cluster domain for FQDNs. Default `cluster.local`. */
  clusterDomain?: string;
  /** `meshConfig.enableAutoMtls`. Default true. */
  autoMtls?: boolean;
  /**
   * ServiceEntry addresses are allocated automatically: `meshConfig.defaultConfig.proxyMetadata` has
   * `ISTIO_META_DNS_CAPTURE: "true"` and `ISTIO_META_DNS_AUTO_ALLOCATE` or `PILOT_ENABLE_IP_AUTOALLOCATE` `"true"`
   * (IST0134 is then silent). Default false.
   */
  addressAutoAllocation?: boolean;
  /** `meshConfig.defaultProviders.accessLogging`: the access log providers used when a Telemetry names none. */
  defaultAccessLogProviders?: string[];
  /**
   * Also report alpha-phase annotations (IST0136, Istio's `maturity.AlphaAnalyzer`, which `istioctl x precheck` runs
   * and `istioctl analyze` does not). Default false.
   */
  alphaAnnotations?: boolean;
  /**
   * The mesh networks (`MeshNetworks`: `networks.<name>.endpoints[].fromRegistry|fromCidr`, `gateways`), from the mesh
   * config file; without it an `istio` ConfigMap of the snapshot is read (IST0126).
   */
  meshNetworks?: Record<string, unknown>;
}

/** A pod, or a workload standing for its pods. */
export interface PodLike {
  namespace: string;
  name: string;
  labels: Labels;
  serviceAccount: string;
  /**
   * Has (or will get) a sidecar (`util.PodInMesh`), or is captured by ambient: an ambient namespace or the
   * `ambient.istio.io/redirection: enabled` annotation (`util.PodInAmbientMode`).
   */
  inMesh: boolean;
  /** Captured by ambient (ztunnel) rather than a sidecar (`lib/ambient` `workloadMesh`). */
  ambient?: boolean;
  /** The waypoint serving it (its own, its services' or its namespace's `istio.io/use-waypoint`), when ambient. */
  waypoint?: WaypointRef | null;
  /** A waypoint proxy itself (`gateway.istio.io/managed=istio.io-mesh-controller`). */
  isWaypoint?: boolean;
  /**
   * The labels Istio adds to its endpoints' labels from the pod's Node (`label.AugmentLabels`): region, zone and
   * subzone, and `kubernetes.io/hostname`; subsets may select on them (IST0173). Absent when the Node is unknown.
   */
  topology?: Labels;
  /**
   * Scheduled on a Node the snapshot cannot tell about (it has no Nodes at all: a user who may not list them, or
   * `kubectl get pods` output without the Nodes): its topology labels are unknown, not absent.
   */
  topologyUnknown?: boolean;
}

/** Whether a label key is one of those `label.AugmentLabels` adds from the Node. */
export const isTopologyLabel = (key: string): boolean =>
  key === 'kubernetes.io/hostname' || LOCALITY_LABELS.includes(key);

/** Node labels of the locality Istio reads (`topology.kubernetes.io/region|zone`, `topology.istio.io/subzone`). */
const LOCALITY_LABELS = ['topology.kubernetes.io/region', 'topology.kubernetes.io/zone', 'topology.istio.io/subzone'];

/** The labels `label.AugmentLabels` adds to a pod's from its Node (only those with a value). */
export function topologyLabels(nodeName: string | undefined, nodeLabels: Labels | undefined): Labels | undefined {
  if (!nodeName) return undefined;
  const out: Labels = { 'kubernetes.io/hostname': nodeName };
  for (const key of LOCALITY_LABELS) if (nodeLabels?.[key]) out[key] = nodeLabels[key];
  return out;
}

export interface ObjectRef {
  apiVersion?: string;
  kind?: string;
  metadata?: { name?: string; namespace?: string };
}

export const namespaceOf = (obj: ObjectRef): string => obj.metadata?.namespace || 'default';
export const nameOf = (obj: ObjectRef): string => obj.metadata?.name ?? '';
/** `resource.FullName.String()`: `namespace/name`. */
export const fullName = (obj: ObjectRef): string => `${namespaceOf(obj)}/${nameOf(obj)}`;

const INJECT = 'sidecar.istio.io/inject';

function namespaceInjects(labels: Labels | undefined): boolean {
  return (
    labels?.['istio-injection'] === 'enabled' ||
    labels?.['istio.io/rev'] !== undefined ||
    labels?.['istio.io/dataplane-mode'] === 'ambient'
  );
}

/** Shared indexes and the findings sink of one `analyze()` run. */
export class AnalysisContext {
  readonly rootNamespace: string;
  readonly trustDomain: string;
  readonly autoMtls: boolean;
  readonly addressAutoAllocation: boolean;
  readonly defaultAccessLogProviders: string[];
  readonly alphaAnnotations: boolean;
  readonly meshNetworks: Record<string, unknown> | undefined;
  readonly registry: ServiceRegistry;
  readonly namespaces = new Map<string, Labels>();
  readonly pods: PodLike[] = [];
  readonly serviceAccounts = new Set<string>();
  readonly services: V1Service[];
  readonly findings: Finding[] = [];

  constructor(
    readonly snapshot: ClusterSnapshot,
    options: AnalyzeOptions = {},
  ) {
    this.rootNamespace = options.rootNamespace ?? 'istio-system';
    this.trustDomain = options.trustDomain ?? 'cluster.local';
    this.autoMtls = options.autoMtls ?? true;
    this.addressAutoAllocation = options.addressAutoAllocation ?? false;
    this.defaultAccessLogProviders = options.defaultAccessLogProviders ?? [];
    this.alphaAnnotations = options.alphaAnnotations ?? false;
    this.meshNetworks = options.meshNetworks;
    this.registry = new ServiceRegistry(options.clusterDomain ?? 'cluster.local');
    this.services = snapshot.services;
    // A namespace exists if declared or if anything lives in it: a snapshot read from files rarely lists Namespaces.
    for (const ns of snapshot.namespaces) this.namespaces.set(ns.name, ns.labels ?? {});
    const everything: ObjectRef[] = [
      ...snapshot.services,
      ...snapshot.pods.map((p) => ({ ...p, kind: 'Pod' })),
      ...snapshot.istioConfig,
    ];
    for (const obj of everything) if (!this.namespaces.has(namespaceOf(obj))) this.namespaces.set(namespaceOf(obj), {});
    for (const w of snapshot.workloads)
      if (!this.namespaces.has(w.namespace || 'default')) this.namespaces.set(w.namespace || 'default', {});
    for (const sa of snapshot.serviceAccounts) this.serviceAccounts.add(`${sa.namespace || 'default'}/${sa.name}`);
    this.indexPods(snapshot);
    this.indexRegistry(snapshot);
  }

  private indexPods(snapshot: ClusterSnapshot): void {
    const nodes = new Map((snapshot.nodes ?? []).map((n) => [n.name, n.labels] as const));
    for (const pod of snapshot.pods) {
      const namespace = namespaceOf({ kind: 'Pod', metadata: pod.metadata });
      const labels = pod.metadata?.labels ?? {};
      const annotations = pod.metadata?.annotations ?? {};
      const containers = [...(pod.spec?.containers ?? []), ...(pod.spec?.initContainers ?? [])];
      const sidecar = containers.some((c) => c.name === 'istio-proxy') || !!annotations['sidecar.istio.io/status'];
      const mesh = this.meshOf(namespace, labels, sidecar, [annotations]);
      // `util.inMesh`: an istio-proxy container, else the pod's `sidecar.istio.io/inject`, else the namespace's
      // injection label; or ambient (`util.PodInAmbientMode`, or an ambient namespace).
      const optIn = labels[INJECT] ?? annotations[INJECT];
      const injected = optIn === 'true' || (optIn !== 'false' && namespaceInjects(this.namespaces.get(namespace)));
      const inMesh = sidecar || injected || mesh.mode !== 'none' || annotations[REDIRECTION] === 'enabled';
      const topology = topologyLabels(pod.spec?.nodeName, nodes.get(pod.spec?.nodeName ?? ''));
      const topologyUnknown = !!pod.spec?.nodeName && snapshot.nodes === undefined;
      this.addPod({
        ...(topology && !topologyUnknown ? { topology } : {}),
        ...(topologyUnknown ? { topologyUnknown } : {}),
        namespace,
        name: pod.metadata?.name ?? '',
        labels,
        serviceAccount: podServiceAccount(pod),
        inMesh,
        ...this.ambientOf(mesh, labels),
      });
    }
    // WorkloadEntries (VMs) are selected by labels like pods.
    for (const we of snapshot.istioConfig.filter((o) => o.kind === 'WorkloadEntry')) {
      const spec = (we.spec ?? {}) as { labels?: Labels; serviceAccount?: string };
      const entry = {
        namespace: namespaceOf(we),
        name: nameOf(we),
        labels: spec.labels ?? {},
        serviceAccount: spec.serviceAccount || 'default',
      };
      this.addPod({ ...entry, inMesh: true });
    }
    const podCount = this.pods.length;
    for (const w of snapshot.workloads) {
      const namespace = w.namespace || 'default';
      const optIn = w.labels[INJECT] ?? w.annotations?.[INJECT];
      const inMesh = optIn === 'true' || (optIn !== 'false' && namespaceInjects(this.namespaces.get(namespace)));
      // a sidecar is injected when asked for, by the template or the namespace (which then wins over ambient)
      const sidecar =
        optIn === 'true' || (optIn !== 'false' && namespaceDataplaneMode(this.namespaces.get(namespace)) === 'sidecar');
      const mesh = this.meshOf(namespace, w.labels, sidecar, []);
      const entry = {
        namespace,
        name: w.name,
        labels: w.labels,
        serviceAccount: w.serviceAccount || 'default',
        inMesh: inMesh || mesh.mode !== 'none',
        ...this.ambientOf(mesh, w.labels),
      };
      // A workload stands for its pods only when none of them is in the snapshot (files often hold Deployments only).
      const hasPods = this.pods
        .slice(0, podCount)
        .some((p) => p.namespace === namespace && !isEmptySelector(w.labels) && matchesSelector(w.labels, p.labels));
      if (hasPods) this.serviceAccounts.add(`${namespace}/${entry.serviceAccount}`);
      else this.addPod(entry);
    }
  }

  /** How a pod (or workload template) is in the mesh, from its labels, services and namespace (`lib/ambient`). */
  private meshOf(
    namespace: string,
    labels: Labels,
    hasSidecar: boolean,
    podAnnotations: Labels[],
  ): ReturnType<typeof workloadMesh> {
    const serviceLabels = this.snapshot.services
      .filter(
        (s) =>
          (s.metadata?.namespace || 'default') === namespace &&
          s.spec?.selector &&
          matchesSelector(s.spec.selector, labels),
      )
      .map((s) => s.metadata?.labels ?? {});
    return workloadMesh({
      namespace,
      labels,
      hasSidecar,
      podAnnotations,
      namespaceLabels: this.namespaces.get(namespace),
      serviceLabels,
    });
  }

  private ambientOf(
    mesh: ReturnType<typeof workloadMesh>,
    labels: Labels,
  ): Pick<PodLike, 'ambient' | 'waypoint' | 'isWaypoint'> {
    const ambient = mesh.mode === 'ambient' || mesh.mode === 'ambient-waypoint';
    return ambient ? { ambient, waypoint: mesh.waypoint, isWaypoint: isWaypointLabels(labels) } : {};
  }

  private addPod(pod: PodLike): void {
    this.pods.push(pod);
    this.serviceAccounts.add(`${pod.namespace}/${pod.serviceAccount}`);
  }

  private indexRegistry(snapshot: ClusterSnapshot): void {
    for (const se of this.of('ServiceEntry')) {
      const namespace = namespaceOf(se);
      const ports = (se.spec?.ports ?? []).map((p) => ({
        number: p.number ?? 0,
        name: p.name ?? '',
        protocol: p.protocol ?? '',
      }));
      const selector = se.spec?.workloadSelector?.labels ?? null;
      for (const host of se.spec?.hosts ?? []) {
        const entry = {
          kind: 'ServiceEntry' as const,
          namespace,
          name: nameOf(se),
          fqdn: toFqdn(host, namespace, this.registry.clusterDomain),
          ports,
          selector,
        };
        for (const scope of exportScopes(se.spec?.exportTo, namespace)) this.registry.add(scope, entry);
      }
    }
    for (const svc of snapshot.services) {
      const namespace = namespaceOf({ kind: 'Service', metadata: svc.metadata });
      const name = svc.metadata?.name ?? '';
      const ports = (svc.spec?.ports ?? []).map((p) => ({
        number: p.port,
        name: p.name ?? '',
        protocol: p.protocol ?? 'TCP',
      }));
      const selector = svc.spec?.type === 'ExternalName' || !svc.spec?.selector ? null : svc.spec.selector;
      const entry = {
        kind: 'Service' as const,
        namespace,
        name,
        fqdn: toFqdn(name, namespace, this.registry.clusterDomain),
        ports,
        selector,
      };
      const annotation = svc.metadata?.annotations?.['networking.istio.io/exportTo'];
      const scopes = annotation
        ? annotation.split(',').map((s) => (s.trim() === EXPORT_TO_LOCAL ? namespace : s.trim()))
        : [EXPORT_TO_ALL];
      for (const scope of scopes) this.registry.add(scope, entry);
    }
  }

  /** Istio objects of one kind, in snapshot order. */
  of<K extends keyof IstioKindMap>(kind: K): IstioKindMap[K][] {
    return this.snapshot.istioConfig.filter((obj): obj is IstioKindMap[K] => isKind(obj as IstioObject, kind));
  }

  podsIn(namespace: string): PodLike[] {
    return this.pods.filter((p) => p.namespace === namespace);
  }

  /** Record a finding with the code's severity and message. */
  report(obj: ObjectRef, code: MessageCode, path: string, args: readonly unknown[] = []): void {
    this.findings.push({
      code,
      severity: MESSAGES[code].severity,
      kind: obj.kind ?? '',
      ...groupOfFinding(obj.apiVersion),
      namespace: namespaceOf(obj),
      name: nameOf(obj),
      path,
      message: messageText(code, args),
    });
  }
}

/** The `group` a finding carries: its object's API group unless Istio's or the core group (`apps` for a Deployment). */
function groupOfFinding(apiVersion: string | undefined): { group?: string } {
  const group = apiVersion?.includes('/') ? apiVersion.slice(0, apiVersion.indexOf('/')) : '';
  return group && group !== 'istio.io' && !group.endsWith('.istio.io') ? { group } : {};
}

function podServiceAccount(pod: V1Pod): string {
  return pod.spec?.serviceAccountName || pod.spec?.serviceAccount || 'default';
}
