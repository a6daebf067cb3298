/**
 * The page of one Istio object, `/istio/<namespace>/<plural>/<name>`, keeping the page's global `query` (the URL's
 * search without its `?`: namespaces, duration, refresh) when there is one.
 */
export function istioObjectPath(namespace: string, plural: string, name: string, query: string): string {
  return `/istio/${namespace}/${plural}/${name}${query ? `?${query}` : ''}`;
}

/** A row key for a reference to an Istio or Gateway API object: `kind/namespace/name` (unique within a list). */
export const objectRefKey = <R extends { kind: string; namespace: string; name: string }>(r: R): string =>
  `${r.kind}/${r.namespace}/${r.name}`;
