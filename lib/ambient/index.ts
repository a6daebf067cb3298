/**
 * Istio ambient mode, as pure rules over Kubernetes labels and annotations (both sides; no I/O): how a workload is in
 * the mesh (sidecar, ambient L4 through ztunnel, ambient with a waypoint), which waypoint serves it, which objects are
 * waypoints, and the waypoints of an inventory with what they serve.
 *
 * Sources: Istio's ambient documentation and `istio.io/api` (labels `istio.io/dataplane-mode`, `istio.io/use-waypoint`,
 * `istio.io/use-waypoint-namespace`, `istio.io/waypoint-for`, annotation `ambient.istio.io/redirection`), Istio's
 * analyzer utilities (`pkg/config/analysis/analyzers/util`: `PodInAmbientMode` reads the redirection annotation,
 * `NamespaceInAmbientMode` the namespace label unless sidecar injection is also asked for), Kiali's waypoint test
 * (`config.IsWaypoint`: label `gateway.istio.io/managed=istio.io-mesh-controller`) and its ztunnel test
 * (`config.Ztunnel`: `app=ztunnel`).
 */

export const DATAPLANE_MODE = 'istio.io/dataplane-mode';
export const USE_WAYPOINT = 'istio.io/use-waypoint';
export const USE_WAYPOINT_NAMESPACE = 'istio.io/use-waypoint-namespace';
export const WAYPOINT_FOR = 'istio.io/waypoint-for';
export const REDIRECTION = 'ambient.istio.io/redirection';
/** Label istiod puts on the Deployment/pods it deploys for a waypoint Gateway (Kiali `config.WaypointLabel`). */
export const WAYPOINT_MANAGED = 'gateway.istio.io/managed';
export const WAYPOINT_MANAGED_VALUE = 'istio.io-mesh-controller';
/** Label naming the Gateway a gateway Deployment serves (Gateway API automated deployment). */
export const GATEWAY_NAME = 'gateway.networking.k8s.io/gateway-name';
/** The GatewayClass of waypoints. */
export const WAYPOINT_CLASS = 'istio-waypoint';

type Labels = Readonly<Record<string, string>> | undefined | null;

/** How a workload is in the mesh. */
export type MeshMode = 'sidecar' | 'ambient' | 'ambient-waypoint' | 'none';
/** What a waypoint serves (`istio.io/waypoint-for`; default `service`). */
export type WaypointFor = 'service' | 'workload' | 'all' | 'none';

/**
 * The namespace's data-plane mode: `ambient` when labelled `istio.io/dataplane-mode=ambient` and not also asking
 * for sidecar injection (`istio-injection=enabled` or `istio.io/rev`, which win: Istio's `NamespaceInAmbientMode`);
 * `sidecar` when it asks for injection; `none` otherwise.
 */
export function namespaceDataplaneMode(labels: Labels): 'ambient' | 'sidecar' | 'none' {
  const l = labels ?? {};
  if (l['istio-injection'] === 'enabled' || (l['istio.io/rev'] ?? '') !== '') return 'sidecar';
  return l[DATAPLANE_MODE] === 'ambient' ? 'ambient' : 'none';
}

/** True for a waypoint proxy's workload or pod labels (Kiali `config.IsWaypoint`). */
export function isWaypointLabels(labels: Labels): boolean {
  return labels?.[WAYPOINT_MANAGED] === WAYPOINT_MANAGED_VALUE;
}

/** True for ztunnel's labels (`app=ztunnel`, Kiali `config.Ztunnel`). */
export function isZtunnelLabels(labels: Labels): boolean {
  return labels?.app === 'ztunnel';
}

/** A waypoint reference `namespace/name` from `istio.io/use-waypoint[-namespace]` labels; `none` opts out. */
export interface WaypointRef {
  namespace: string;
  name: string;
}

/**
 * The waypoint named by an object's labels: `istio.io/use-waypoint` (in `istio.io/use-waypoint-namespace`, default
 * the object's namespace). `null` when unlabelled; `'none'` when it opts out (`istio.io/use-waypoint: none`).
 */
export function waypointLabelOf(labels: Labels, namespace: string): WaypointRef | 'none' | null {
  const name = labels?.[USE_WAYPOINT];
  if (name === undefined || name === '') return null;
  if (name === 'none') return 'none';
  return { namespace: labels?.[USE_WAYPOINT_NAMESPACE] || namespace, name };
}

/** Facts about one workload, enough to say how it is in the mesh. */
export interface WorkloadMeshFacts {
  namespace: string;
  /** Pod template (or pod) labels. */
  labels: Labels;
  /** Annotations of its pods (the CNI writes `ambient.istio.io/redirection: enabled` on captured pods). */
  podAnnotations?: readonly Labels[];
  /** True when its pods carry the `istio-proxy` sidecar. */
  hasSidecar: boolean;
  /** Labels of the namespace. */
  namespaceLabels: Labels;
  /** Labels of the services that select the workload. */
  serviceLabels?: readonly Labels[];
}

/** How a workload is in the mesh, and through which waypoint (`null`: none). */
export interface WorkloadMesh {
  mode: MeshMode;
  waypoint: WaypointRef | null;
  /** Where the waypoint was named: the workload, one of its services, or the namespace. */
  waypointFrom?: 'workload' | 'service' | 'namespace';
}

/**
 * True when the workload's traffic is captured by ztunnel: its pods carry `ambient.istio.io/redirection: enabled`
 * (Istio's `PodInAmbientMode`), or, before any pod says so, its namespace (or its own template) asks for ambient and
 * it neither has a sidecar nor opts out with `istio.io/dataplane-mode: none`.
 */
export function isAmbientWorkload(f: WorkloadMeshFacts): boolean {
  if (f.hasSidecar) return false;
  const annotations = f.podAnnotations ?? [];
  if (annotations.some((a) => a?.[REDIRECTION] === 'enabled')) return true;
  if (annotations.length > 0 && annotations.every((a) => a?.[REDIRECTION] === 'disabled')) return false;
  const own = f.labels?.[DATAPLANE_MODE];
  if (own === 'none') return false;
  if (own === 'ambient') return true;
  return namespaceDataplaneMode(f.namespaceLabels) === 'ambient';
}

/**
 * How a workload is in the mesh (what its detail page says): `sidecar` when its pods have the proxy; `ambient` when
 * ztunnel captures it; `ambient-waypoint` when, in addition, a waypoint serves it: named by the workload's own
 * `istio.io/use-waypoint` label, else by a service that selects it, else by its namespace (`none` at any level stops
 * the search). Waypoint workloads themselves are `ambient` (they are the L7 proxy).
 */
export function workloadMesh(f: WorkloadMeshFacts): WorkloadMesh {
  if (f.hasSidecar) return { mode: 'sidecar', waypoint: null };
  if (!isAmbientWorkload(f)) return { mode: 'none', waypoint: null };
  if (isWaypointLabels(f.labels)) return { mode: 'ambient', waypoint: null };
  const own = waypointLabelOf(f.labels, f.namespace);
  if (own === 'none') return { mode: 'ambient', waypoint: null };
  if (own) return { mode: 'ambient-waypoint', waypoint: own, waypointFrom: 'workload' };
  for (const s of f.serviceLabels ?? []) {
    const ref = waypointLabelOf(s, f.namespace);
    if (ref && ref !== 'none') return { mode: 'ambient-waypoint', waypoint: ref, waypointFrom: 'service' };
  }
  const ns = waypointLabelOf(f.namespaceLabels, f.namespace);
  if (ns && ns !== 'none') return { mode: 'ambient-waypoint', waypoint: ns, waypointFrom: 'namespace' };
  return { mode: 'ambient', waypoint: null };
}

/** The waypoint serving a service: its own `istio.io/use-waypoint` label, else its namespace's (`none` stops it). */
export function serviceWaypoint(serviceLabels: Labels, namespace: string, namespaceLabels: Labels): WaypointRef | null {
  const own = waypointLabelOf(serviceLabels, namespace);
  if (own === 'none') return null;
  if (own) return own;
  const ns = waypointLabelOf(namespaceLabels, namespace);
  return ns && ns !== 'none' ? ns : null;
}

// ---------------------------------------------------------------------------------------------------------------
// Waypoints of an inventory
// ---------------------------------------------------------------------------------------------------------------

/** The parts of a Kubernetes object the waypoint list reads. */
export interface MetaLike {
  kind?: string;
  apiVersion?: string;
  metadata?: { name?: string; namespace?: string; labels?: Record<string, string> };
  spec?: unknown;
}

export interface WaypointInputs {
  namespaces: readonly { name: string; labels: Labels }[];
  services: readonly { namespace: string; name: string; labels: Labels }[];
  workloads: readonly { namespace: string; name: string; labels: Labels }[];
  /** Istio and Gateway API objects; the Gateways of class `istio-waypoint` among them are waypoints. */
  config: readonly MetaLike[];
}

/** One waypoint and what it serves. */
export interface WaypointInfo {
  namespace: string;
  name: string;
  /** `istio.io/waypoint-for` of the Gateway (default `service`). */
  waypointFor: WaypointFor;
  /** True when the Gateway object is in the inventory (else only its Deployment was seen). */
  hasGateway: boolean;
  /** The waypoint's own Deployment (`gateway.networking.k8s.io/gateway-name` = the Gateway), when seen. */
  workload: string | null;
  /** `namespace/name` of the services whose traffic it serves (own label, or their namespace's label). */
  services: string[];
  /** `namespace/name` of the workloads labelled to use it. */
  workloads: string[];
  /** Namespaces labelled to use it. */
  namespaces: string[];
}

/** True for a Gateway API Gateway of class `istio-waypoint`. */
export function isWaypointGateway(o: MetaLike): boolean {
  if (o.kind !== 'Gateway' || !(o.apiVersion ?? 'gateway.networking.k8s.io/').startsWith('gateway.networking.k8s.io/'))
    return false;
  return (o.spec as { gatewayClassName?: string } | undefined)?.gatewayClassName === WAYPOINT_CLASS;
}

function waypointForOf(labels: Labels): WaypointFor {
  const v = labels?.[WAYPOINT_FOR];
  return v === 'workload' || v === 'all' || v === 'none' ? v : 'service';
}

const key = (ns: string, name: string) => `${ns}/${name}`;

/**
 * Every waypoint of the inventory: the Gateways of class `istio-waypoint`, plus waypoint Deployments whose Gateway is
 * not in the inventory (the Gateway API kinds may not be readable); with the namespaces, services and workloads
 * labelled to use each. Sorted by namespace, then name.
 */
export function listWaypoints(inv: WaypointInputs): WaypointInfo[] {
  const out = new Map<string, WaypointInfo>();
  for (const gw of inv.config.filter(isWaypointGateway)) {
    const ns = gw.metadata?.namespace || 'default';
    const name = gw.metadata?.name ?? '';
    out.set(key(ns, name), {
      namespace: ns,
      name,
      waypointFor: waypointForOf(gw.metadata?.labels),
      hasGateway: true,
      workload: null,
      services: [],
      workloads: [],
      namespaces: [],
    });
  }
  for (const w of inv.workloads) {
    if (!isWaypointLabels(w.labels)) continue;
    const name = w.labels?.[GATEWAY_NAME] || w.name;
    const entry = out.get(key(w.namespace, name));
    if (entry) entry.workload = w.name;
    else {
      out.set(key(w.namespace, name), {
        namespace: w.namespace,
        name,
        waypointFor: waypointForOf(w.labels),
        hasGateway: false,
        workload: w.name,
        services: [],
        workloads: [],
        namespaces: [],
      });
    }
  }
  const nsLabels = new Map(inv.namespaces.map((n) => [n.name, n.labels]));
  for (const n of inv.namespaces) {
    const ref = waypointLabelOf(n.labels, n.name);
    if (ref && ref !== 'none') out.get(key(ref.namespace, ref.name))?.namespaces.push(n.name);
  }
  for (const s of inv.services) {
    if (isWaypointLabels(s.labels) || s.labels?.[GATEWAY_NAME]) continue; // the waypoint's own Service
    const ref = serviceWaypoint(s.labels, s.namespace, nsLabels.get(s.namespace));
    if (ref) out.get(key(ref.namespace, ref.name))?.services.push(key(s.namespace, s.name));
  }
  for (const w of inv.workloads) {
    if (isWaypointLabels(w.labels)) continue;
    const ref = waypointLabelOf(w.labels, w.namespace);
    if (ref && ref !== 'none') out.get(key(ref.namespace, ref.name))?.workloads.push(key(w.namespace, w.name));
  }
  for (const wp of out.values()) {
    wp.services.sort();
    wp.workloads.sort();
    wp.namespaces.sort();
  }
  return [...out.values()].sort((a, b) => a.namespace.localeCompare(b.namespace) || a.name.localeCompare(b.name));
}

/** True when `ref` names a waypoint of the list. */
export function waypointExists(waypoints: readonly WaypointInfo[], ref: WaypointRef): boolean {
  return waypoints.some((w) => w.namespace === ref.namespace && w.name === ref.name);
}
