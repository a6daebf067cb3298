import type { KubeObject } from '../store/object-store';
import type { ResourceType } from '../store/resources';
import type { Representation } from './http-io';
import { toTable, type IncludeObject } from './table';

/** `v1` or `networking.istio.io/v1beta1`. */
export function apiVersionOf(resource: ResourceType, version: string): string {
  return resource.group ? `${resource.group}/${version}` : version;
}

/**
 * An object as served at a version: Istio's served versions share one schema, so conversion is relabelling
 * `apiVersion`, as the API server does for CRDs with `conversion: None`.
 */
export function atVersion(obj: KubeObject, resource: ResourceType, version: string): KubeObject {
  return { ...obj, apiVersion: apiVersionOf(resource, version), kind: resource.kind };
}

/** An object in its storage (preferred) version, the form kept in the store. */
export function atStorageVersion(obj: KubeObject, resource: ResourceType): KubeObject {
  return atVersion(obj, resource, resource.versions[0]!);
}

function partial(obj: KubeObject): object {
  return { kind: 'PartialObjectMetadata', apiVersion: 'meta.k8s.io/v1', metadata: obj.metadata };
}

function includeParam(params: URLSearchParams): IncludeObject {
  const v = params.get('includeObject');
  return v === 'None' || v === 'Object' ? v : 'Metadata';
}

/** The body for a list: `{Kind}List`, a Table or a PartialObjectMetadataList, as the client asked. */
export function listBody(
  resource: ResourceType,
  version: string,
  items: KubeObject[],
  meta: { resourceVersion: string; continue?: string; remainingItemCount?: number },
  representation: Representation,
  params: URLSearchParams,
): object {
  const served = items.map((o) => atVersion(o, resource, version));
  if (representation === 'table')
    return { ...toTable(resource, served, meta.resourceVersion, includeParam(params)), metadata: meta };
  if (representation === 'metadata') {
    return {
      kind: 'PartialObjectMetadataList',
      apiVersion: 'meta.k8s.io/v1',
      metadata: meta,
      items: served.map(partial),
    };
  }
  return { kind: `${resource.kind}List`, apiVersion: apiVersionOf(resource, version), metadata: meta, items: served };
}

/** The body for one object: the object, a one-row Table, or its PartialObjectMetadata. */
export function objectBody(
  resource: ResourceType,
  version: string,
  obj: KubeObject,
  representation: Representation,
  params: URLSearchParams,
): object {
  const served = atVersion(obj, resource, version);
  if (representation === 'table')
    return toTable(resource, [served], obj.metadata.resourceVersion ?? '', includeParam(params));
  if (representation === 'metadata') return partial(served);
  return served;
}
