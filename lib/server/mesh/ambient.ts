import 'server-only';
import {
  isWaypointLabels,
  isZtunnelLabels,
  listWaypoints,
  serviceWaypoint,
  workloadMesh,
  type WaypointInfo,
} from '@/lib/ambient';
import type { MeshMembership } from '@/lib/contracts/mesh';
import type { Inventory, ServiceInfo, WorkloadInfo } from '@/lib/k8s/inventory';
import { podsOfWorkload, servicesOfWorkload } from '@/lib/k8s/model';

const cache = new WeakMap<Inventory, WaypointInfo[]>();

/** The waypoints of an inventory (`lib/ambient` `listWaypoints`), computed once per inventory snapshot. */
export function waypointsOf(inv: Inventory): WaypointInfo[] {
  let hit = cache.get(inv);
  if (!hit) {
    hit = listWaypoints({
      namespaces: inv.namespaces,
      services: inv.services,
      workloads: inv.workloads,
      config: [...inv.istioConfig, ...inv.gatewayApi],
    });
    cache.set(inv, hit);
  }
  return hit;
}

/** The ztunnel DaemonSet (`app=ztunnel`), if the inventory has one. */
function ztunnelOf(inv: Inventory): MeshMembership['ztunnel'] {
  const z = inv.workloads.find((w) => isZtunnelLabels(w.labels));
  return z ? { namespace: z.namespace, name: z.name } : null;
}

function withExists(inv: Inventory, ref: { namespace: string; name: string } | null): MeshMembership['waypoint'] {
  if (!ref) return null;
  const exists = waypointsOf(inv).some((w) => w.namespace === ref.namespace && w.name === ref.name);
  return { namespace: ref.namespace, name: ref.name, exists };
}

/**
 * How a workload is in the mesh (the detail pages' "Mesh" line): sidecar, ambient L4 (ztunnel), ambient with a
 * waypoint (named by the workload, its services or its namespace: `lib/ambient` `workloadMesh`), a waypoint or
 * ztunnel itself, or outside; with its waypoint (and whether it exists) and the ztunnel that carries its L4.
 */
export function workloadMembership(inv: Inventory, w: WorkloadInfo): MeshMembership {
  if (isWaypointLabels(w.labels)) return { mode: 'waypoint', waypoint: null, ztunnel: ztunnelOf(inv) };
  if (isZtunnelLabels(w.labels)) return { mode: 'ztunnel', waypoint: null, ztunnel: null };
  const nsLabels = inv.namespaces.find((n) => n.name === w.namespace)?.labels;
  const m = workloadMesh({
    namespace: w.namespace,
    labels: w.labels,
    podAnnotations: podsOfWorkload(inv.pods, w).map((p) => p.annotations),
    hasSidecar: w.sidecarInjected,
    namespaceLabels: nsLabels,
    serviceLabels: servicesOfWorkload(inv.services, w).map((s) => s.labels),
  });
  const ambient = m.mode === 'ambient' || m.mode === 'ambient-waypoint';
  return { mode: m.mode, waypoint: withExists(inv, m.waypoint), ztunnel: ambient ? ztunnelOf(inv) : null };
}

/** The waypoint serving a service (its own or its namespace's `istio.io/use-waypoint`), or null. */
export function serviceWaypointOf(inv: Inventory, s: ServiceInfo): MeshMembership['waypoint'] {
  const nsLabels = inv.namespaces.find((n) => n.name === s.namespace)?.labels;
  return withExists(inv, serviceWaypoint(s.labels, s.namespace, nsLabels));
}
