/**
 * The page of one Istio object, `/istio/<namespace>/<plural>/<name>`, keeping the page's global `query` (the URL's
 * search without its `?`: namespaces, duration, refresh) when there is one.
 */
export function istioObjectPath(namespace: string, plural: string, name: string, query: string): string {
  return `/istio/${namespace}/${plural}/${name}${query ? `?${query}` : ''}`;
}
