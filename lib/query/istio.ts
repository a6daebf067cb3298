'use client';
/**
 * react-query hooks and calls for the Istio config API (`/api/istio`, `/api/namespaces/{ns}/istio/...`). Writes send
 * the JSON body and the `X-Meshscope-Request: 1` header the mutation guard requires (lib/server/http/mutation-guard.ts).
 */
import { useQuery } from '@tanstack/react-query';
import type {
  IstioConfigList,
  IstioConfigObject,
  IstioObjectDetails,
  IstioWriteRequest,
  IstioWriteResponse,
  ValidateRequest,
  ValidateResponse,
} from '@/lib/contracts/istio-config';
import { apiFetch } from './fetch';
import { queryKeys } from './keys';

const WRITE_HEADERS = { 'Content-Type': 'application/json', 'X-Meshscope-Request': '1' };

/**
 * The cluster the current page works on (multi-cluster, issue 18): its URL's `cluster` parameter, which the lists put
 * on the links of each object. Every object read, validation and write below goes to that cluster (`?cluster=`), so
 * the editor and the wizards opened from a cluster's object write to that cluster. '' = the home cluster.
 */
export function pageCluster(): string {
  if (typeof window === 'undefined') return '';
  return new URLSearchParams(window.location.search).get('cluster') ?? '';
}

/** `url` with `?cluster=` (or `&cluster=`) for the page's cluster, when it names one. */
function onPageCluster(url: string): string {
  const cluster = pageCluster();
  if (!cluster) return url;
  return `${url}${url.includes('?') ? '&' : '?'}cluster=${encodeURIComponent(cluster)}`;
}

/** Istio config of the selected namespaces (all when none), validated. */
export function useIstioList(namespaces: string[], refreshMs: number) {
  const q = new URLSearchParams({ validate: 'true' });
  if (namespaces.length) q.set('namespaces', namespaces.join(','));
  return useQuery({
    queryKey: queryKeys.istio.list(namespaces),
    queryFn: () => apiFetch<IstioConfigList>(`/api/istio?${q.toString()}`),
    refetchInterval: refreshMs || false,
  });
}

/** One object with validation and references. Not refetched in the background: the editor owns the text. */
export function useIstioObject(namespace: string, plural: string, name: string) {
  const cluster = pageCluster();
  return useQuery({
    queryKey: [...queryKeys.istio.object(namespace, plural, name), cluster],
    queryFn: () =>
      apiFetch<IstioObjectDetails>(onPageCluster(`/api/namespaces/${namespace}/istio/${plural}/${name}?validate=true`)),
    refetchInterval: false,
    staleTime: Infinity,
  });
}

const objectUrl = (namespace: string, plural: string, name?: string) =>
  onPageCluster(
    `/api/namespaces/${encodeURIComponent(namespace)}/istio/${encodeURIComponent(plural)}${name ? `/${encodeURIComponent(name)}` : ''}`,
  );

/** Validates unsaved YAML (syntax, schema, cross-object against the live cluster). */
export function validateYaml(body: ValidateRequest, signal?: AbortSignal): Promise<ValidateResponse> {
  return apiFetch<ValidateResponse>(onPageCluster('/api/istio/validate'), {
    method: 'POST',
    headers: WRITE_HEADERS,
    body: JSON.stringify(body),
    signal,
  });
}

/** How a write request is sent: a server dry run, or a write (marked `reviewed` when a dry run accepted the object). */
export type WriteOptions = Pick<IstioWriteRequest, 'dryRun' | 'reviewed'>;

/** PUT: replace (or dry-run replace) guarded by the object's resourceVersion. lib/query/save.ts sends it. */
export function replaceObject(
  namespace: string,
  plural: string,
  object: IstioConfigObject,
  options: WriteOptions,
): Promise<IstioWriteResponse> {
  return apiFetch<IstioWriteResponse>(objectUrl(namespace, plural, object.metadata.name), {
    method: 'PUT',
    headers: WRITE_HEADERS,
    body: JSON.stringify({ object, ...options } satisfies IstioWriteRequest),
  });
}

/** POST: create (or dry-run create). lib/query/save.ts sends it. */
export function createObject(
  namespace: string,
  plural: string,
  object: IstioConfigObject,
  options: WriteOptions,
): Promise<IstioWriteResponse> {
  return apiFetch<IstioWriteResponse>(objectUrl(namespace, plural), {
    method: 'POST',
    headers: WRITE_HEADERS,
    body: JSON.stringify({ object, ...options } satisfies IstioWriteRequest),
  });
}

/** DELETE, only if the object is still at `resourceVersion` when given. */
export function deleteObject(
  namespace: string,
  plural: string,
  name: string,
  resourceVersion?: string,
): Promise<{ deleted: true }> {
  const url = objectUrl(namespace, plural, name);
  const q = resourceVersion
    ? `${url.includes('?') ? '&' : '?'}resourceVersion=${encodeURIComponent(resourceVersion)}`
    : '';
  return apiFetch<{ deleted: true }>(`${url}${q}`, {
    method: 'DELETE',
    headers: { 'X-Meshscope-Request': '1' },
  });
}

/** Reads one object, or null on 404 (wizards: does the VirtualService exist yet?). */
export async function findObject(namespace: string, plural: string, name: string): Promise<IstioConfigObject | null> {
  try {
    const url = objectUrl(namespace, plural, name);
    return (await apiFetch<IstioObjectDetails>(`${url}${url.includes('?') ? '&' : '?'}validate=false`)).object;
  } catch (err) {
    if ((err as { status?: number }).status === 404) return null;
    throw err;
  }
}
