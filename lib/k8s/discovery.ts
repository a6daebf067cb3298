/**
 * API discovery for the config kinds: which versions the cluster serves for a group (`GET /apis`), so an object
 * served only in a version the kinds table (lib/istio/kinds.ts) does not know is still found and shown read-only
 * instead of dropped, and whether a group is served at all (a cluster without the Gateway API CRDs then costs one
 * cached `/apis` read instead of a 404 per kind and version on every inventory read). Cached 30 s per API server.
 */
import 'server-only';
import * as k8s from '@kubernetes/client-node';
import { LRUCache } from 'lru-cache';
import { kubeCall, type KubeClients } from './client';
import type { IstioKind } from '@/lib/istio/kinds';

const cache = new LRUCache<string, Promise<Map<string, string[]> | null>>({ max: 16, ttl: 30_000 });

/** Served versions per group, preferred first, as `/apis` lists them; null when discovery could not be read. */
function groupVersions(clients: KubeClients): Promise<Map<string, string[]> | null> {
  let entry = cache.get(clients.server);
  if (!entry) {
    const apis = clients.kubeConfig.makeApiClient(k8s.ApisApi);
    entry = kubeCall(clients, () => apis.getAPIVersions()).then(
      (list) =>
        new Map(
          list.groups.map((g) => [
            g.name,
            [g.preferredVersion?.version, ...g.versions.map((v) => v.version)].filter(
              (v, i, all): v is string => !!v && all.indexOf(v) === i,
            ),
          ]),
        ),
      () => null,
    );
    cache.set(clients.server, entry);
  }
  return entry;
}

/** Versions the cluster serves for `kind`'s group that the kinds table does not list for `kind`, preferred first. */
export async function unknownServedVersions(clients: KubeClients, kind: IstioKind): Promise<string[]> {
  const served = (await groupVersions(clients))?.get(kind.group) ?? [];
  return served.filter((v) => !kind.versions.includes(v));
}

/**
 * Whether the cluster serves `group` at all: false when discovery answered without it (its CRDs are not installed),
 * true when it lists it or discovery could not be read (then the caller finds out by asking).
 */
export async function isGroupServed(clients: KubeClients, group: string): Promise<boolean> {
  const groups = await groupVersions(clients);
  return groups === null || groups.has(group);
}

/** Forgets discovery answers (tests). */
export function resetDiscoveryCache(): void {
  cache.clear();
}
