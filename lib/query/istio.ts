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
  return useQuery({
    queryKey: queryKeys.istio.object(namespace, plural, name),
    queryFn: () => apiFetch<IstioObjectDetails>(`/api/namespaces/${namespace}/istio/${plural}/${name}?validate=true`),
    refetchInterval: false,
    staleTime: Infinity,
  });
}

const objectUrl = (namespace: string, plural: string, name?: string) =>
  `/api/namespaces/${encodeURIComponent(namespace)}/istio/${encodeURIComponent(plural)}${name ? `/${encodeURIComponent(name)}` : ''}`;

/** Validates unsaved YAML (syntax, schema, cross-object against the live cluster). */
export function validateYaml(body: ValidateRequest, signal?: AbortSignal): Promise<ValidateResponse> {
  return apiFetch<ValidateResponse>('/api/istio/validate', {
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
  const q = resourceVersion ? `?resourceVersion=${encodeURIComponent(resourceVersion)}` : '';
  return apiFetch<{ deleted: true }>(`${objectUrl(namespace, plural, name)}${q}`, {
    method: 'DELETE',
    headers: { 'X-Meshscope-Request': '1' },
  });
}

/** Reads one object, or null on 404 (wizards: does the VirtualService exist yet?). */
export async function findObject(namespace: string, plural: string, name: string): Promise<IstioConfigObject | null> {
  try {
    return (await apiFetch<IstioObjectDetails>(`${objectUrl(namespace, plural, name)}?validate=false`)).object;
  } catch (err) {
    if ((err as { status?: number }).status === 404) return null;
    throw err;
  }
}
