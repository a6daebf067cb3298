/**
 * Kubernetes clients that act as a user: the server's cluster (address, CA, TLS settings from KUBECONFIG or the
 * in-cluster config) with the user's bearer token, optionally impersonating (`Impersonate-User`, `Impersonate-Group`)
 * as the header strategy's trusted proxy asks. Cached by identity key, never by token.
 */
import 'server-only';
import * as k8s from '@kubernetes/client-node';
import { LRUCache } from 'lru-cache';
import { MeshscopeError } from '@/lib/errors';
import { buildKubeClients, getServerKubeClients, SignalKubeConfig, type KubeClients } from './client';

export interface Impersonation {
  user: string;
  groups: string[];
}

/**
 * client-node sends `Impersonate-User` only; this adds `Impersonate-Group` (one header value per request). Exported
 * for the other clusters of a multi-cluster mesh (lib/server/clusters), which send the same identity.
 */
export class ImpersonatingKubeConfig extends SignalKubeConfig {
  constructor(readonly groups: string[]) {
    super();
  }

  override async applySecurityAuthentication(context: k8s.RequestContext): Promise<void> {
    await super.applySecurityAuthentication(context);
    // The client keeps one value per header name: the first group is sent. Fewer groups never grant more (RBAC only allows).
    if (this.groups[0]) context.setHeaderParam('Impersonate-Group', this.groups[0]);
  }
}

const cache = new LRUCache<string, KubeClients>({ max: 500, ttl: 10 * 60_000 });

/**
 * Clients for `token` (plus impersonation), keyed by `key` (an identity hash).
 * @throws MeshscopeError unavailable:k8s when the server has no cluster configuration, or its kubeconfig has no
 *   current cluster (no `current-context`).
 */
export function clientsForToken(key: string, token: string, impersonate?: Impersonation): KubeClients {
  const hit = cache.get(key);
  if (hit) return hit;
  const server = getServerKubeClients();
  const cluster = server.kubeConfig.getCurrentCluster();
  if (!cluster) {
    throw new MeshscopeError(
      'unavailable:k8s',
      "The server's Kubernetes configuration has no current cluster: set current-context in the KUBECONFIG file",
    );
  }
  const kc = new ImpersonatingKubeConfig(impersonate?.groups ?? []);
  kc.loadFromOptions({
    clusters: [cluster],
    users: [{ name: 'meshscope-user', token, ...(impersonate ? { impersonateUser: impersonate.user } : {}) }],
    contexts: [{ name: 'meshscope-user', cluster: cluster.name, user: 'meshscope-user' }],
    currentContext: 'meshscope-user',
  });
  const clients: KubeClients = { ...buildKubeClients(kc, server.timeoutMs), server: server.server };
  cache.set(key, clients);
  return clients;
}
