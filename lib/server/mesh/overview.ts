/**
 * The overview page's model (Kiali's namespace cards, kiali.md §1.2): per namespace, counts of apps, workloads and
 * services by health status, mTLS mode, Istio config validation counts; the mesh's own components (istiod and
 * gateways in the Istio namespace); and the PromQL of the request-rate sparklines (two range queries for all
 * namespaces). Pure.
 */
import 'server-only';
import { namespaceDataplaneMode } from '@/lib/ambient';
import { workloadStatusHealth } from '@/lib/health';
import type { Inventory } from '@/lib/k8s/inventory';
import { eq, labelList, literal, matchers, re, selector } from '@/lib/promql/index';
import { countStatuses, workloadStatusFromInventory } from '@/lib/server/health/health';
import { namespaceRegex, waypointOnly } from '@/lib/server/health/queries';
import { buildApps, imageTag } from '@/lib/k8s/model';
import type { ListContext } from './lists';
import { namespaceMtls } from './mtls';
import type {
  HealthStatus,
  MeshComponent,
  MeshKind,
  NamespacesHealth,
  ObjectHealth,
  OverviewNamespace,
  PodDetail,
} from '@/lib/contracts/mesh';
import { countValidations } from '@/lib/server/istio-config/validations';

/** The overview reads what the lists read: inventory, resolved namespaces, batched health, validations. */
export type OverviewInput = ListContext;

const RANK: Record<HealthStatus, number> = { Failure: 0, Degraded: 1, 'Not Ready': 2, Healthy: 3, NA: 4 };

function unhealthyOf(health: NamespacesHealth['namespaces'][string]): OverviewNamespace['unhealthy'] {
  const out: OverviewNamespace['unhealthy'] = [];
  for (const kind of ['apps', 'workloads', 'services'] as MeshKind[]) {
    for (const [name, h] of Object.entries(health[kind] as Record<string, ObjectHealth>)) {
      if (h.status === 'Failure' || h.status === 'Degraded' || h.status === 'Not Ready')
        out.push({ kind, name, status: h.status });
    }
  }
  return out
    .sort((a, b) => RANK[a.status] - RANK[b.status] || a.kind.localeCompare(b.kind) || a.name.localeCompare(b.name))
    .slice(0, 5);
}

/** One card per namespace, in the order given. */
export function overviewNamespaces(input: OverviewInput): OverviewNamespace[] {
  const { inventory } = input;
  const apps = buildApps(inventory);
  return input.namespaces.map((name) => {
    const ns = inventory.namespaces.find((n) => n.name === name);
    const labels = ns?.labels ?? {};
    const h = input.health?.[name];
    return {
      name,
      labels,
      istioInjection: labels['istio-injection'] === 'enabled' || 'istio.io/rev' in labels,
      dataplaneMode: namespaceDataplaneMode(labels),
      waypoint:
        labels['istio.io/use-waypoint'] && labels['istio.io/use-waypoint'] !== 'none'
          ? labels['istio.io/use-waypoint']
          : null,
      counts: {
        apps: apps.filter((a) => a.namespace === name).length,
        workloads: inventory.workloads.filter((w) => w.namespace === name).length,
        services: inventory.services.filter((s) => s.namespace === name).length,
      },
      health: h
        ? {
            apps: countStatuses(Object.values(h.apps)),
            workloads: countStatuses(Object.values(h.workloads)),
            services: countStatuses(Object.values(h.services)),
          }
        : null,
      unhealthy: h ? unhealthyOf(h) : [],
      mtls: namespaceMtls(inventory.istioConfig, name, input.rootNamespace),
      validations: input.validations ? countValidations(inventory, input.validations, name) : null,
    };
  });
}

function roleOf(labels: Record<string, string>, name: string): MeshComponent['role'] | null {
  const app = labels.app ?? labels['app.kubernetes.io/name'] ?? name;
  if (app === 'istiod' || labels.istio === 'pilot') return 'control-plane';
  if (labels.istio === 'ingressgateway' || app.includes('ingressgateway')) return 'ingress-gateway';
  if (labels.istio === 'egressgateway' || app.includes('egressgateway')) return 'egress-gateway';
  return null;
}

/**
 * istiod and the gateways found in the Istio namespace, with their replica health and version: the image tag of
 * their pods' first container when `pods` are given (`docker.io/istio/pilot:1.24.0` → `1.24.0`), else labels.
 */
export function meshComponents(
  inventory: Inventory,
  istioNamespace: string,
  pods: readonly PodDetail[] = [],
): MeshComponent[] {
  const out: MeshComponent[] = [];
  for (const w of inventory.workloads) {
    if (w.namespace !== istioNamespace) continue;
    const role = roleOf(w.labels, w.name);
    if (!role) continue;
    out.push({
      name: w.name,
      namespace: w.namespace,
      role,
      status: workloadStatusHealth(workloadStatusFromInventory(w)),
      desiredReplicas: w.desiredReplicas,
      availableReplicas: w.availableReplicas,
      version:
        imageTag(
          pods.find((p) => Object.entries(w.labels).every(([k, v]) => p.labels[k] === v))?.containers[0]?.image,
        ) ?? versionFromLabels(w.labels),
    });
  }
  return out.sort((a, b) => a.role.localeCompare(b.role) || a.name.localeCompare(b.name));
}

/** A component's version from its labels (`app.kubernetes.io/version`, a non-default `istio.io/rev`), else null. */
function versionFromLabels(labels: Record<string, string>): string | null {
  const rev = labels['istio.io/rev'];
  return labels['app.kubernetes.io/version'] ?? (rev && rev !== 'default' ? rev : null);
}

/**
 * The sparkline queries: requests and errors per second into each namespace's services, as their callers saw them
 * (source-reported, plus destination-reported from outside the mesh, plus waypoint-reported from ambient callers),
 * summed by namespace (and `destination_cluster` with `byCluster`), at `rateIntervalSeconds`.
 */
export function overviewMetricsQueries(
  namespaces: readonly string[],
  rateIntervalSeconds: number,
  byCluster = false,
): { requests: string; errors: string } {
  const nsRe = namespaceRegex(namespaces);
  const ri = `[${rateIntervalSeconds}s]`;
  // multi-cluster (issue 18): one series per namespace and cluster of the destination services
  const by = labelList(['destination_service_namespace', ...(byCluster ? ['destination_cluster'] : [])]);
  const build = (extra?: ReturnType<typeof re>) => {
    const fromMesh = selector(
      'istio_requests_total',
      eq('reporter', literal('source')),
      re('destination_service_namespace', nsRe),
      extra,
    );
    const fromOutside = selector(
      'istio_requests_total',
      eq('reporter', literal('destination')),
      eq('source_workload', literal('unknown')),
      re('destination_service_namespace', nsRe),
      extra,
    );
    const fromWaypoint = waypointOnly(
      matchers(re('destination_service_namespace', nsRe), extra),
      `${rateIntervalSeconds}s`,
    );
    return `sum by (${by}) (rate(${fromMesh}${ri}) or rate(${fromOutside}${ri}) or ${fromWaypoint})`;
  };
  return { requests: build(), errors: build(re('response_code', literal('^0$|^[4-5]\\d\\d$'))) };
}
