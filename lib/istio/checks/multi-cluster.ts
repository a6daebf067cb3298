/**
 * Mesh-wide checks that need the Istio config of several clusters at once (issue 18): the same host routed
 * differently by two primaries.
 *
 * The rule (MS1106, Meshscope's own code beside Kiali's KIA1106 "More than one Virtual Service for same host"):
 * in a multi-primary mesh each istiod programs the proxies of its own cluster from its own cluster's Istio config only
 * (Istio, "Deployment models" → Control plane models, and "Install Multi-Primary": configuration is not shared
 * between primaries, so the same VirtualService or DestinationRule must be applied to every primary). A
 * VirtualService bound to the mesh gateway (no `gateways`, or `mesh` among them) or a DestinationRule for the same
 * host in the same namespace, present in two clusters with different specs, routes the same call differently by the
 * caller's cluster (productpage in east sends reviews to v3, in west to v1): each object gets a warning naming the
 * other cluster's object (`origin`). The objects' specs are compared whole, keys in any order, metadata ignored, so
 * the normal multi-primary practice (the same object replicated in every primary, whatever its name) stays silent,
 * and so does a host that only one cluster configures (the other cluster's callers use Istio's defaults: often
 * on purpose, as when only the callers' cluster needs the VirtualService). Kiali validates each cluster alone
 * (kiali/kiali#6034), so it has no such check; Istio's analyzer has none either for Istio config (IST0170 compares
 * Services).
 *
 * Pure and isomorphic.
 */
import type { Finding, IstioObject } from '../types';
import { toFqdn } from './hosts';
import { messageText, MESSAGES } from './messages';
import { nameOf, namespaceOf } from './context';
import { indexPath } from '../path';

/** One cluster's Istio config, by the cluster's name. */
export interface ClusterConfig {
  cluster: string;
  istioConfig: readonly IstioObject[];
}

/** The object of another cluster a cross-cluster finding compares with. */
export interface FindingOrigin {
  cluster: string;
  kind: string;
  namespace: string;
  name: string;
}

/** A finding on an object of `cluster`, raised by comparing it with `origin`. */
export interface ClusterFinding extends Finding {
  cluster: string;
  origin: FindingOrigin;
}

/** JSON with object keys sorted at every level, so two specs compare equal whatever their key order. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value && typeof value === 'object')
    return `{${Object.keys(value)
      .sort()
      .filter((k) => (value as Record<string, unknown>)[k] !== undefined)
      .map((k) => `${JSON.stringify(k)}:${canonical((value as Record<string, unknown>)[k])}`)
      .join(',')}}`;
  return JSON.stringify(value ?? null);
}

interface Entry {
  obj: IstioObject;
  path: string;
}

/** `kind|namespace|fqdn` → cluster → the cluster's objects for that host. */
type HostIndex = Map<string, Map<string, Entry[]>>;

function add(index: HostIndex, key: string, cluster: string, entry: Entry): void {
  let byCluster = index.get(key);
  if (!byCluster) index.set(key, (byCluster = new Map()));
  const list = byCluster.get(cluster);
  if (list) list.push(entry);
  else byCluster.set(cluster, [entry]);
}

function indexHosts(clusters: readonly ClusterConfig[], clusterDomain: string): HostIndex {
  const index: HostIndex = new Map();
  for (const { cluster, istioConfig } of clusters) {
    for (const obj of istioConfig) {
      const ns = namespaceOf(obj);
      const spec = (obj.spec ?? {}) as { hosts?: unknown; gateways?: unknown; host?: unknown };
      if (obj.kind === 'VirtualService') {
        const gateways = Array.isArray(spec.gateways) ? (spec.gateways as string[]) : [];
        if (gateways.length > 0 && !gateways.includes('mesh')) continue;
        const hosts = Array.isArray(spec.hosts) ? (spec.hosts as unknown[]) : [];
        hosts.forEach((h, i) => {
          if (typeof h === 'string' && h)
            add(index, `VirtualService|${ns}|${toFqdn(h, ns, clusterDomain)}`, cluster, {
              obj,
              path: indexPath('spec.hosts', i),
            });
        });
      } else if (obj.kind === 'DestinationRule' && typeof spec.host === 'string' && spec.host) {
        add(index, `DestinationRule|${ns}|${toFqdn(spec.host, ns, clusterDomain)}`, cluster, {
          obj,
          path: 'spec.host',
        });
      }
    }
  }
  return index;
}

/**
 * MS1106 over the clusters' Istio config (see the module comment): a finding on each object whose host another
 * cluster configures differently, one per differing object of the other cluster, sorted by cluster, namespace, name.
 * Fewer than two clusters: none.
 */
export function checkAcrossPrimaries(
  clusters: readonly ClusterConfig[],
  clusterDomain = 'cluster.local',
): ClusterFinding[] {
  if (clusters.length < 2) return [];
  const out: ClusterFinding[] = [];
  const seen = new Set<string>();
  for (const [key, byCluster] of indexHosts(clusters, clusterDomain)) {
    if (byCluster.size < 2) continue;
    const host = key.split('|')[2]!;
    // a cluster's routing for the host: the set of its objects' specs (two objects in one cluster are IST0109's)
    const formOf = new Map(
      [...byCluster].map(([c, entries]) => [
        c,
        [...new Set(entries.map((e) => canonical(e.obj.spec ?? {})))].sort().join('\n'),
      ]),
    );
    if (new Set(formOf.values()).size < 2) continue;
    for (const [cluster, entries] of byCluster) {
      for (const [other, otherEntries] of byCluster) {
        if (other === cluster || formOf.get(other) === formOf.get(cluster)) continue;
        for (const { obj, path } of entries) {
          for (const { obj: theirs } of otherEntries) {
            const id = `${cluster}/${obj.kind}/${namespaceOf(obj)}/${nameOf(obj)}|${path}|${other}/${nameOf(theirs)}`;
            if (seen.has(id)) continue;
            seen.add(id);
            out.push({
              code: 'MS1106',
              severity: MESSAGES.MS1106.severity,
              kind: obj.kind,
              namespace: namespaceOf(obj),
              name: nameOf(obj),
              path,
              message: messageText('MS1106', [obj.kind, host, other, `${namespaceOf(theirs)}/${nameOf(theirs)}`]),
              cluster,
              origin: { cluster: other, kind: theirs.kind, namespace: namespaceOf(theirs), name: nameOf(theirs) },
            });
          }
        }
      }
    }
  }
  return out.sort(
    (a, b) =>
      a.cluster.localeCompare(b.cluster) ||
      a.namespace.localeCompare(b.namespace) ||
      a.kind.localeCompare(b.kind) ||
      a.name.localeCompare(b.name) ||
      a.origin.cluster.localeCompare(b.origin.cluster),
  );
}
