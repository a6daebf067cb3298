/**
 * Pods for the detail pages, read with their container statuses (the inventory keeps only a pod-level `ready`):
 * each container's readiness and restarts, and the `istio-proxy` sidecar's readiness and version (from its image
 * tag, e.g. `docker.io/istio/proxyv2:1.24.0` → `1.24.0`).
 */
import 'server-only';
import type * as k8s from '@kubernetes/client-node';
import { getKubeClients, kubeCall } from '@/lib/k8s/client';
import { imageTag } from '@/lib/k8s/model';
import type { PodDetail } from '@/lib/contracts/mesh';

const PROXY = 'istio-proxy';

/** Maps a Kubernetes pod to the detail page's pod. Pure. */
export function toPodDetail(p: k8s.V1Pod): PodDetail {
  const statuses = new Map((p.status?.containerStatuses ?? []).map((s) => [s.name, s]));
  const initStatuses = new Map((p.status?.initContainerStatuses ?? []).map((s) => [s.name, s]));
  // native sidecars (Istio ≥ 1.19 on Kubernetes ≥ 1.29) run istio-proxy as an init container that keeps running
  const specs = [...(p.spec?.containers ?? []), ...(p.spec?.initContainers ?? []).filter((c) => c.name === PROXY)];
  const containers = specs.map((c) => {
    const s = statuses.get(c.name) ?? initStatuses.get(c.name);
    return {
      name: c.name,
      image: c.image ?? null,
      ready: s ? s.ready : null,
      restartCount: s?.restartCount ?? 0,
      isProxy: c.name === PROXY,
    };
  });
  const proxy = containers.find((c) => c.isProxy);
  const all = [...statuses.values()];
  return {
    name: p.metadata?.name ?? '',
    namespace: p.metadata?.namespace ?? '',
    phase: p.status?.phase ?? 'Unknown',
    ready: all.length > 0 && all.every((s) => s.ready),
    labels: p.metadata?.labels ?? {},
    createdAt: p.metadata?.creationTimestamp ? new Date(p.metadata.creationTimestamp).toISOString() : null,
    podIP: p.status?.podIP ?? null,
    nodeName: p.spec?.nodeName ?? null,
    containers,
    proxy: { present: !!proxy, ready: proxy?.ready ?? null, version: imageTag(proxy?.image) },
  };
}

/**
 * The pods of `namespace` matching one of the label selectors (a workload's template labels), sorted by name.
 * @throws MeshscopeError unavailable/timeout/forbidden:k8s
 */
export async function readPods(namespace: string, selectors: Record<string, string>[]): Promise<PodDetail[]> {
  const usable = selectors.filter((s) => Object.keys(s).length > 0);
  if (usable.length === 0) return [];
  const clients = getKubeClients();
  const list = await kubeCall(clients, () => clients.core.listNamespacedPod({ namespace }));
  return list.items
    .filter((p) => usable.some((sel) => Object.entries(sel).every(([k, v]) => p.metadata?.labels?.[k] === v)))
    .map(toPodDetail)
    .sort((a, b) => a.name.localeCompare(b.name));
}
