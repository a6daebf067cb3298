import { getKubeClients, kubeCall } from './client';

export interface NamespaceInfo {
  name: string;
  labels: Record<string, string>;
  /** True when the namespace has sidecar injection on (`istio-injection=enabled` or an `istio.io/rev` label). */
  istioInjection: boolean;
  creationTimestamp: string | null;
}

/**
 * Lists the namespaces the server's identity can see, sorted by name.
 * @throws MeshscopeError unavailable/timeout/forbidden:k8s
 */
export async function listNamespaces(): Promise<NamespaceInfo[]> {
  const clients = getKubeClients();
  const list = await kubeCall(clients, () => clients.core.listNamespace());
  return list.items
    .map((ns) => {
      const labels = ns.metadata?.labels ?? {};
      return {
        name: ns.metadata?.name ?? '',
        labels,
        istioInjection: labels['istio-injection'] === 'enabled' || 'istio.io/rev' in labels,
        creationTimestamp: ns.metadata?.creationTimestamp ? new Date(ns.metadata.creationTimestamp).toISOString() : null,
      };
    })
    .filter((ns) => ns.name)
    .sort((a, b) => a.name.localeCompare(b.name));
}
