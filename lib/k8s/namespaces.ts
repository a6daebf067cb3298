import 'server-only';
import { accessibleNamespaces } from './access';

export interface NamespaceInfo {
  name: string;
  labels: Record<string, string>;
  /** True when the namespace has sidecar injection on (`istio-injection=enabled` or an `istio.io/rev` label). */
  istioInjection: boolean;
  creationTimestamp: string | null;
}

/**
 * Lists the namespaces the current identity may see (the signed-in user's, or the server's with anonymous; see
 * lib/k8s/access.ts), sorted by name.
 * @throws MeshscopeError unavailable/timeout/forbidden/unauthorized:k8s
 */
export async function listNamespaces(): Promise<NamespaceInfo[]> {
  const list = { items: await accessibleNamespaces() };
  return list.items
    .map((ns) => {
      const labels = ns.metadata?.labels ?? {};
      return {
        name: ns.metadata?.name ?? '',
        labels,
        istioInjection: labels['istio-injection'] === 'enabled' || 'istio.io/rev' in labels,
        creationTimestamp: ns.metadata?.creationTimestamp
          ? new Date(ns.metadata.creationTimestamp).toISOString()
          : null,
      };
    })
    .filter((ns) => ns.name)
    .sort((a, b) => a.name.localeCompare(b.name));
}
