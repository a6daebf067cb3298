/**
 * Host names and the service registry as `istioctl analyze` resolves them (istio/istio
 * `pkg/config/analysis/analyzers/util/{hosts,service_lookup}.go`, `pkg/config/host/name.go`): short names are
 * qualified with the referring object's namespace, Kubernetes Services and ServiceEntries are indexed by
 * `scope/fqdn` where scope is `*` or the namespace they are exported to.
 */
import type { Labels } from '../types';

export const EXPORT_TO_ALL = '*';
export const EXPORT_TO_LOCAL = '.';

/** One host of the registry: a Kubernetes Service converted to a ServiceEntry, or a ServiceEntry host. */
export interface RegistryEntry {
  kind: 'Service' | 'ServiceEntry';
  namespace: string;
  name: string;
  fqdn: string;
  ports: { number: number; name: string; protocol: string }[];
  /** Service selector, or the ServiceEntry workloadSelector; null when endpoints are not selected by labels. */
  selector: Labels | null;
}

/** `ConvertHostToFQDN`: `reviews` in `bookinfo` is `reviews.bookinfo.svc.cluster.local`; dotted and `*` hosts stay. */
export function toFqdn(host: string, namespace: string, clusterDomain = 'cluster.local'): string {
  if (host.startsWith('*') || host.includes('.')) return host;
  return `${host}.${namespace}.svc.${clusterDomain}`;
}

/** `host.Name.Matches` (wildcards on either side). */
export function hostMatches(a: string, b: string): boolean {
  const aWild = a.startsWith('*');
  const bWild = b.startsWith('*');
  if (aWild && bWild) return a.length < b.length ? b.slice(1).endsWith(a.slice(1)) : a.slice(1).endsWith(b.slice(1));
  if (aWild) return b.endsWith(a.slice(1));
  if (bWild) return a.endsWith(b.slice(1));
  return a === b;
}

/** Namespaces an object is visible from: `['*']` or a list, from `exportTo` (`.` is its own namespace). */
export function exportScopes(exportTo: string[] | undefined, namespace: string): string[] {
  if (!exportTo?.length || exportTo.includes(EXPORT_TO_ALL)) return [EXPORT_TO_ALL];
  return [...new Set(exportTo.map((e) => (e === EXPORT_TO_LOCAL ? namespace : e)))];
}

/** `util.InitServiceEntryHostMap`: registry entries keyed by `scope/fqdn`. */
export class ServiceRegistry {
  private readonly byScopedFqdn = new Map<string, RegistryEntry>();

  constructor(readonly clusterDomain = 'cluster.local') {}

  add(scope: string, entry: RegistryEntry): void {
    this.byScopedFqdn.set(`${scope}/${entry.fqdn}`, entry);
  }

  /**
   * `util.GetDestinationHost`: the entry a host referenced from `sourceNamespace` resolves to, looked up in the
   * scopes the referring object's `exportTo` names, then through wildcard ServiceEntry hosts; null when none.
   */
  resolve(sourceNamespace: string, exportTo: string[] | undefined, host: string): RegistryEntry | null {
    const fqdn = toFqdn(host, sourceNamespace, this.clusterDomain);
    const all = this.byScopedFqdn.get(`${EXPORT_TO_ALL}/${fqdn}`);
    if (all) return all;
    const scopes = exportTo?.length
      ? exportTo.map((e) => (e === EXPORT_TO_LOCAL ? sourceNamespace : e))
      : [sourceNamespace];
    for (const scope of scopes) {
      const entry = this.byScopedFqdn.get(`${scope}/${fqdn}`);
      if (entry) return entry;
    }
    for (const [key, entry] of this.byScopedFqdn) {
      const slash = key.indexOf('/');
      const scope = key.slice(0, slash);
      const seHost = key.slice(slash + 1);
      if (!seHost.startsWith('*') || (scope !== EXPORT_TO_ALL && scope !== sourceNamespace)) continue;
      const hostWithoutWildcard = host.startsWith('*') ? host.slice(1) : host;
      if (hostWithoutWildcard.endsWith(seHost.slice(1))) return entry;
    }
    return null;
  }
}
