/**
 * Reads and writes of single Istio custom resources (VirtualService, AuthorizationPolicy, ...) through the Kubernetes
 * API, and the cluster-wide reads the validation snapshot needs beyond the inventory (service accounts).
 *
 * Writes follow the API's optimistic concurrency: `PUT` with the object's `metadata.resourceVersion` (never a blind
 * patch, unlike Kiali's merge-patch save, kiali.md §1.5), optionally as a server dry run (`dryRun=All`). A stale
 * version comes back as 409 `conflict:k8s` carrying the live object, so the UI can offer a three-way merge instead of
 * a silent overwrite (reference/perf-security.md S5).
 */
import 'server-only';
import { MeshscopeError } from '@/lib/errors';
import { getKubeClients, kubeCall, type KubeClients } from './client';
import { unknownServedVersions } from './discovery';
import type { IstioObject } from './inventory';
import type { IstioKind } from '@/lib/istio/kinds';
import { sharedPerIdentity } from './shared-read';

const FIELD_MANAGER = 'meshscope';

export interface WriteOptions {
  /** Server-side dry run (`dryRun=All`): admission and validation run, nothing is stored. */
  dryRun?: boolean;
}

/** Served version per plural once one answered (v1 first, then older ones; kiali.md: prefer v1). */
const resolved = new Map<string, string>();

/** The version to write an object with: the one it declares when the kind serves it, else the resolved/preferred one. */
export function versionFor(kind: IstioKind, apiVersion: unknown): string {
  if (typeof apiVersion === 'string') {
    const [group, version] = apiVersion.split('/');
    if (group === kind.group && version && kind.versions.includes(version)) return version;
  }
  return resolved.get(kind.plural) ?? kind.versions[0]!;
}

/** A 404 for the resource path itself (the version or CRD is not served), not for a missing object. */
const isMissingVersion = (err: unknown): boolean =>
  err instanceof MeshscopeError &&
  err.type === 'not_found' &&
  /could not find the requested resource|page not found|404/i.test(err.message);

/** Tries the kind's versions in order until the API serves one (a 404 on the version means "try the next"). */
async function withVersion<T>(kind: IstioKind, f: (version: string) => Promise<T>): Promise<T> {
  const known = resolved.get(kind.plural);
  const versions = known ? [known, ...kind.versions.filter((v) => v !== known)] : kind.versions;
  let last: unknown;
  for (const version of versions) {
    try {
      const result = await f(version);
      resolved.set(kind.plural, version);
      return result;
    } catch (err) {
      last = err;
      if (!isMissingVersion(err)) throw err;
    }
  }
  throw last;
}

function clients(): KubeClients {
  return getKubeClients();
}

type CustomObjects = KubeClients['custom'];
type Verb = 'get' | 'create' | 'replace' | 'delete';

/**
 * One custom-object call through `kubeCall` (errors as MeshscopeError *:k8s): `<verb>NamespacedCustomObject` with
 * `request` in `namespace` for a namespaced kind, else `<verb>ClusterCustomObject` with `request` as is (GatewayClass).
 */
function customCall<V extends Verb>(
  kind: IstioKind,
  namespace: string,
  verb: V,
  request: Parameters<CustomObjects[`${V}ClusterCustomObject`]>[0],
): Promise<unknown> {
  const c = clients();
  const api = c.custom as unknown as Record<string, (req: object) => Promise<unknown>>;
  return kubeCall(c, () =>
    kind.namespaced
      ? api[`${verb}NamespacedCustomObject`]!.call(c.custom, { ...request, namespace })
      : api[`${verb}ClusterCustomObject`]!.call(c.custom, request),
  );
}

/** The object's metadata for a write: in `namespace`, or without one for a cluster-scoped kind (GatewayClass). */
function scoped(kind: IstioKind, metadata: IstioObject['metadata'], namespace: string): IstioObject['metadata'] {
  if (kind.namespaced) return { ...metadata, namespace };
  const { namespace: _ignored, ...rest } = metadata;
  return rest as IstioObject['metadata'];
}

/**
 * The request fields of a create or replace of `obj` as `kind` in `namespace`: the served version of the object's
 * apiVersion, the body with that apiVersion and its metadata scoped to the namespace (a fresh object), the dry run and
 * our field manager.
 */
function writeRequest(kind: IstioKind, obj: IstioObject, namespace: string, options: WriteOptions) {
  const version = versionFor(kind, obj.apiVersion);
  return {
    group: kind.group,
    version,
    plural: kind.resource,
    body: { ...obj, apiVersion: `${kind.group}/${version}`, metadata: scoped(kind, obj.metadata, namespace) },
    dryRun: options.dryRun ? 'All' : undefined,
    fieldManager: FIELD_MANAGER,
  };
}

/**
 * Reads one object (`namespace` is ignored for cluster-scoped kinds). @throws MeshscopeError not_found:k8s when it
 * does not exist, forbidden/unavailable/timeout:k8s.
 */
export async function getIstioObject(namespace: string, kind: IstioKind, name: string): Promise<IstioObject> {
  const { group, resource: plural } = kind;
  const get = (version: string) =>
    customCall(kind, namespace, 'get', { group, version, plural, name }) as Promise<IstioObject>;
  try {
    return await withVersion(kind, get);
  } catch (err) {
    if (!isMissingVersion(err)) throw err;
    // No known version is served: read it at a version the cluster serves that we do not know (shown read-only).
    for (const version of await unknownServedVersions(clients(), kind)) {
      try {
        return await get(version);
      } catch (inner) {
        if (!isMissingVersion(inner)) throw inner;
      }
    }
    throw err;
  }
}

/** Reads one object, or null when it does not exist. */
export async function findIstioObject(namespace: string, kind: IstioKind, name: string): Promise<IstioObject | null> {
  try {
    return await getIstioObject(namespace, kind, name);
  } catch (err) {
    if (err instanceof MeshscopeError && err.type === 'not_found') return null;
    throw err;
  }
}

/**
 * Creates an object in `namespace`. @throws MeshscopeError conflict:k8s (AlreadyExists), invalid:k8s (422 with
 * `details.causes`), forbidden:k8s.
 */
export async function createIstioObject(
  namespace: string,
  kind: IstioKind,
  obj: IstioObject,
  options: WriteOptions = {},
): Promise<IstioObject> {
  const common = writeRequest(kind, obj, namespace, options);
  delete (common.body.metadata as { resourceVersion?: string }).resourceVersion;
  return (await customCall(kind, namespace, 'create', common)) as IstioObject;
}

/**
 * Replaces an object with `PUT`, guarded by `metadata.resourceVersion` (required: a write without it could overwrite
 * someone else's change). On 409 the error's details carry `current`, the live object (or null if it was deleted).
 * @throws MeshscopeError bad_request:api (no resourceVersion), conflict:k8s, invalid:k8s, not_found:k8s.
 */
export async function replaceIstioObject(
  namespace: string,
  kind: IstioKind,
  obj: IstioObject,
  options: WriteOptions = {},
): Promise<IstioObject> {
  const name = obj.metadata.name;
  if (!obj.metadata.resourceVersion) {
    throw new MeshscopeError(
      'bad_request:api',
      'object.metadata.resourceVersion is required to update an object (it guards against overwriting newer changes)',
      {
        parameter: 'object.metadata.resourceVersion',
      },
    );
  }
  const common = { ...writeRequest(kind, obj, namespace, options), name };
  try {
    return (await customCall(kind, namespace, 'replace', common)) as IstioObject;
  } catch (err) {
    if (err instanceof MeshscopeError && err.type === 'conflict') {
      const current = await findIstioObject(namespace, kind, name).catch(() => null);
      throw new MeshscopeError(
        'conflict:k8s',
        `${kind.kind} ${kind.namespaced ? `${namespace}/` : ''}${name} was changed by someone else since you loaded it (your version ${obj.metadata.resourceVersion}, now ${current?.metadata.resourceVersion ?? 'deleted'})`,
        { ...err.details, current },
      );
    }
    throw err;
  }
}

/**
 * Deletes an object; with `resourceVersion`, only if it is still that version (a precondition: 409 otherwise).
 * @throws MeshscopeError not_found:k8s, conflict:k8s, forbidden:k8s.
 */
export async function deleteIstioObject(
  namespace: string,
  kind: IstioKind,
  name: string,
  resourceVersion?: string,
): Promise<void> {
  const body = resourceVersion ? { preconditions: { resourceVersion } } : undefined;
  await withVersion(kind, (version) =>
    customCall(kind, namespace, 'delete', { group: kind.group, version, plural: kind.resource, name, body }),
  );
}

/** Finds a kind by its URL key (`virtualservices`, `k8shttproutes`) among the kinds Meshscope edits. */
export { kindByPlural } from '@/lib/istio/kinds';

export interface ServiceAccountName {
  namespace: string;
  name: string;
}

/**
 * Every service account in the cluster (the principals `AuthorizationPolicy` rules name, Kiali KIA0106), shared for 5 s
 * per identity like the inventory (never across users). A 403 yields an empty list: the checks then fall back to
 * workloads' service accounts. Errors: MeshscopeError unavailable/timeout:k8s, through the promise.
 */
export const listServiceAccounts: () => Promise<ServiceAccountName[]> = sharedPerIdentity(
  (c) => c.core.listServiceAccountForAllNamespaces(),
  (list) => list.items.map((sa) => ({ namespace: sa.metadata?.namespace ?? 'default', name: sa.metadata?.name ?? '' })),
  [],
);
