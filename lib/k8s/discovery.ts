/**
 * API discovery for the config kinds: which versions the cluster serves for a group (`GET /apis`), so an object
 * served only in a version the kinds table (lib/istio/kinds.ts) does not know is still found and shown read-only
 * instead of dropped. Asked only when none of the known versions answers; cached 30 s per API server.
 */
import 'server-only';
import * as k8s from '@kubernetes/client-node';
import { LRUCache } from 'lru-cache';
import { kubeCall, type KubeClients } from './client';
import type { IstioKind } from '@/lib/istio/kinds';

const cache = new LRUCache<string, Promise<Map<string, string[]>>>({ max: 16, ttl: 30_000 });

/** Served versions per group, preferred first, as `/apis` lists them. Errors give an empty map (nothing more found). */
function groupVersions(clients: KubeClients): Promise<Map<string, string[]>> {
  let entry = cache.get(clients.server);
  if (!entry) {
    const apis = clients.kubeConfig.makeApiClient(k8s.ApisApi);
    entry = kubeCall(clients, () => apis.getAPIVersions()).then(
      (list) => new Map(list.groups.map((g) => [g.name, [g.preferredVersion?.version, ...g.versions.map((v) => v.version)].filter((v, i, all): v is string => !!v && all.indexOf(v) === i)])),
      () => new Map<string, string[]>(),
    );
    cache.set(clients.server, entry);
  }
  return entry;
}

/** Versions the cluster serves for `kind`'s group that the kinds table does not list for `kind`, preferred first. */
export async function unknownServedVersions(clients: KubeClients, kind: IstioKind): Promise<string[]> {
  const served = (await groupVersions(clients)).get(kind.group) ?? [];
  return served.filter((v) => !kind.versions.includes(v));
}

/** Forgets discovery answers (tests). */
export function resetDiscoveryCache(): void {
  cache.clear();
}
