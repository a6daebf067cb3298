import type { KubeObject } from '../store/object-store';
import { admit } from './admission';
import { getOrThrow, requireNamespace, toScale, type ApiContext, type ApiRequest, type ApiResult } from './context';
import { applyDefaults } from './defaults';
import { safeSuffix } from './hash';
import { decodeBody, dryRunParam, mediaType } from './http-io';
import { applyJsonPatch, applyMergePatch, applyStrategicMergePatch, PatchError } from './patch';
import { apiVersionOf, atStorageVersion, atVersion } from './represent';
import { subresourcesOf, type ResourceRoute } from './router';
import { matchesFields, matchesLabels, parseFieldSelector, parseLabelSelector } from './selectors';
import {
  ApiError,
  badRequest,
  conflict,
  fromStoreError,
  invalid,
  methodNotAllowed,
  notFound,
  success,
  unsupportedMediaType,
} from './status';

/** Decodes a body that must be one Kubernetes object. @throws ApiError 400. */
function decodeObject(req: ApiRequest): KubeObject {
  const body = decodeBody(req.body, req.headers['content-type']);
  if (typeof body !== 'object' || body === null || Array.isArray(body))
    throw badRequest('the request body must be a JSON object');
  const obj = body as KubeObject;
  if (typeof obj.metadata !== 'object' || obj.metadata === null || Array.isArray(obj.metadata))
    obj.metadata = { name: '' };
  return obj;
}

/**
 * Checks the body's kind, apiVersion, namespace and name against the URL (400 on a mismatch, as a real server
 * answers) and fills what the body leaves out.
 */
function checkIdentity(route: ResourceRoute, obj: KubeObject): void {
  const { resource } = route;
  if (obj.kind !== undefined && obj.kind !== resource.kind) {
    throw badRequest(`the kind of the provided object (${obj.kind}) does not match the resource (${resource.kind})`);
  }
  if (obj.apiVersion !== undefined) {
    const [group, version] = obj.apiVersion.includes('/') ? obj.apiVersion.split('/') : ['', obj.apiVersion];
    if (group !== resource.group || !resource.versions.includes(version ?? '')) {
      throw badRequest(
        `the API version in the data (${obj.apiVersion}) does not match the expected API version (${apiVersionOf(resource, route.version)})`,
      );
    }
  }
  if (resource.namespaced) {
    if (obj.metadata.namespace && obj.metadata.namespace !== route.namespace) {
      throw badRequest('the namespace of the provided object does not match the namespace sent on the request');
    }
    obj.metadata.namespace = route.namespace;
  } else {
    delete obj.metadata.namespace;
  }
  if (route.name !== undefined) {
    if (obj.metadata.name && obj.metadata.name !== route.name) {
      throw badRequest(
        `the name of the object (${obj.metadata.name}) does not match the name on the URL (${route.name})`,
      );
    }
    obj.metadata.name = route.name;
  }
}

function served(route: ResourceRoute, obj: KubeObject): KubeObject {
  return route.subresource === 'scale' ? toScale(obj) : atVersion(obj, route.resource, route.version);
}

/**
 * The last step of a create or update: admission (422 when `obj` is invalid at the URL's version), then `write` with
 * the object at its storage version; answers `code` with what was stored, as the URL's version (or `/scale`) serves
 * it. Store errors (409 AlreadyExists / Conflict, 404) become API errors naming `name`.
 */
function persist(
  route: ResourceRoute,
  obj: KubeObject,
  name: string,
  code: 200 | 201,
  write: (stored: KubeObject) => KubeObject,
): ApiResult {
  admit(route.resource, atVersion(obj, route.resource, route.version));
  try {
    return { code, body: served(route, write(atStorageVersion(obj, route.resource))) };
  } catch (err) {
    throw fromStoreError(err, route.resource, name);
  }
}

/** Creates an object: defaults, validation (422), then the store (409 AlreadyExists). */
function createObject(ctx: ApiContext, route: ResourceRoute, obj: KubeObject, dryRun: boolean): ApiResult {
  const { resource } = route;
  if (!obj.metadata.name && typeof obj.metadata.generateName === 'string' && obj.metadata.generateName) {
    obj.metadata.name = `${obj.metadata.generateName}${safeSuffix(`${obj.metadata.generateName}${ctx.store.resourceVersion}`)}`;
  }
  if (!obj.metadata.name) {
    throw invalid(resource, '', [
      {
        reason: 'FieldValueRequired',
        message: 'Required value: name or generateName is required',
        field: 'metadata.name',
      },
    ]);
  }
  if (resource.namespaced) requireNamespace(ctx, route.namespace);
  delete obj.metadata.resourceVersion;
  delete obj.metadata.uid;
  if (subresourcesOf(resource).includes('status') && resource.kind !== 'Namespace' && resource.kind !== 'Service')
    delete obj.status;
  applyDefaults(resource, obj, ctx.store);
  return persist(route, obj, obj.metadata.name, 201, (stored) => ctx.store.create(resource, stored, { dryRun }));
}

/**
 * Stores a new state of an existing object. On the main resource, changes to `status` are ignored (it has a
 * status subresource); on `/status` only `status` changes; on `/scale` only `spec.replicas`.
 */
function updateObject(
  ctx: ApiContext,
  route: ResourceRoute,
  incoming: KubeObject,
  current: KubeObject,
  dryRun: boolean,
): ApiResult {
  const { resource } = route;
  const resourceVersion = incoming.metadata.resourceVersion;
  let next: KubeObject;
  if (route.subresource === 'status') {
    next = { ...current, status: incoming.status, metadata: { ...current.metadata, resourceVersion } };
  } else if (route.subresource === 'scale') {
    next = {
      ...current,
      spec: { ...current.spec, replicas: incoming.spec?.replicas },
      metadata: { ...current.metadata, resourceVersion },
    };
  } else {
    next = incoming;
    if (subresourcesOf(resource).includes('status')) {
      if (current.status === undefined) delete next.status;
      else next.status = current.status;
    }
    if (resource.kind === 'Service' && current.spec?.clusterIP && next.spec && !next.spec.clusterIP) {
      next.spec.clusterIP = current.spec.clusterIP;
      next.spec.clusterIPs = current.spec.clusterIPs;
    }
    applyDefaults(resource, next, ctx.store);
  }
  return persist(route, next, current.metadata.name, 200, (stored) => ctx.store.update(resource, stored, { dryRun }));
}

/** `POST` on a collection: creates the object in the URL's namespace (201), or 409 AlreadyExists. */
export function handleCreate(ctx: ApiContext, req: ApiRequest): ApiResult {
  if (req.route.name !== undefined) throw methodNotAllowed('POST');
  const obj = decodeObject(req);
  checkIdentity(req.route, obj);
  return createObject(ctx, req.route, obj, dryRunParam(req.params));
}

/**
 * `PUT` on an object (or `/status`, `/scale`): replaces it. A stale `metadata.resourceVersion` is a 409 Conflict;
 * custom resources (Istio) must send one, as with a real server.
 */
export function handleUpdate(ctx: ApiContext, req: ApiRequest): ApiResult {
  const { route } = req;
  const dryRun = dryRunParam(req.params);
  const incoming = decodeObject(req);
  if (route.subresource !== 'scale') checkIdentity(route, incoming);
  const current = getOrThrow(ctx, route);
  if (route.resource.istio && !incoming.metadata.resourceVersion) {
    throw invalid(route.resource, current.metadata.name, [
      {
        reason: 'FieldValueInvalid',
        message: 'Invalid value: 0x0: must be specified for an update',
        field: 'metadata.resourceVersion',
      },
    ]);
  }
  return updateObject(ctx, route, incoming, current, dryRun);
}

function applyPatch(type: string, base: KubeObject, patch: unknown): unknown {
  try {
    switch (type) {
      case 'application/json-patch+json':
        return applyJsonPatch(base, patch);
      case 'application/merge-patch+json':
      case 'application/apply-patch+yaml':
        return applyMergePatch(base, patch);
      case 'application/strategic-merge-patch+json':
        return applyStrategicMergePatch(base, patch);
    }
  } catch (err) {
    if (!(err instanceof PatchError)) throw err;
    throw err.malformed
      ? badRequest(err.message)
      : new ApiError(422, 'Invalid', `the server rejected our request due to an error in our request: ${err.message}`);
  }
  throw unsupportedMediaType(type);
}

const PATCH_TYPES = [
  'application/json-patch+json',
  'application/merge-patch+json',
  'application/strategic-merge-patch+json',
  'application/apply-patch+yaml',
];

/**
 * `PATCH` on an object (or `/status`, `/scale`) with a JSON patch, merge patch or strategic merge patch.
 * `application/apply-patch+yaml` (server-side apply) is served as a merge patch that creates the object when it is
 * missing; field ownership and apply conflicts are not tracked.
 */
export function handlePatch(ctx: ApiContext, req: ApiRequest): ApiResult {
  const { route } = req;
  const type = mediaType(req.headers['content-type']);
  if (!PATCH_TYPES.includes(type)) throw unsupportedMediaType(type);
  const dryRun = dryRunParam(req.params);
  const patch = decodeBody(req.body, type);
  const current = ctx.store.get(route.resource, route.namespace, route.name!);
  if (type === 'application/apply-patch+yaml') {
    if (!req.params.get('fieldManager')) {
      throw new ApiError(
        422,
        'Invalid',
        'PatchOptions.meta.k8s.io "" is invalid: fieldManager: Required value: is required for apply patch',
      );
    }
    if (!current && !route.subresource) {
      const obj = patch as KubeObject;
      if (typeof obj !== 'object' || obj === null || Array.isArray(obj))
        throw badRequest('the apply patch must be an object');
      obj.metadata ??= { name: '' };
      checkIdentity(route, obj);
      return createObject(ctx, route, obj, dryRun);
    }
  }
  if (!current) throw notFound(route.resource, route.name!);
  const base = served(route, current);
  const patched = applyPatch(type, base, patch);
  if (typeof patched !== 'object' || patched === null || Array.isArray(patched)) {
    throw new ApiError(422, 'Invalid', 'the patched document is not an object');
  }
  const obj = patched as KubeObject;
  obj.metadata ??= { name: route.name! };
  if (route.subresource === 'scale') {
    obj.metadata.resourceVersion =
      (obj.metadata.resourceVersion as string | undefined) ?? current.metadata.resourceVersion;
  } else {
    checkIdentity(route, obj);
  }
  return updateObject(ctx, route, obj, current, dryRun);
}

interface DeleteOptions {
  dryRun?: string[];
  preconditions?: { uid?: string; resourceVersion?: string };
}

function deleteOptions(req: ApiRequest): DeleteOptions {
  if (req.body.toString('utf8').trim() === '') return {};
  const body = decodeBody(req.body, req.headers['content-type']);
  return typeof body === 'object' && body !== null ? (body as DeleteOptions) : {};
}

function deleteOne(ctx: ApiContext, route: ResourceRoute, current: KubeObject, dryRun: boolean): KubeObject {
  try {
    return ctx.store.delete(route.resource, route.namespace ?? current.metadata.namespace, current.metadata.name, {
      dryRun,
    });
  } catch (err) {
    throw fromStoreError(err, route.resource, current.metadata.name);
  }
}

/**
 * `DELETE` on an object. Honours `dryRun` (query or DeleteOptions) and `preconditions` (409 on a mismatch).
 * Pods come back as the object (with `deletionTimestamp`), everything else as a Status Success, as on a real server.
 */
export function handleDelete(ctx: ApiContext, req: ApiRequest): ApiResult {
  const { route } = req;
  if (route.subresource) throw methodNotAllowed('DELETE');
  const opts = deleteOptions(req);
  const dryRun = dryRunParam(req.params) || (opts.dryRun ?? []).includes('All');
  const current = getOrThrow(ctx, route);
  const pre = opts.preconditions ?? {};
  if (pre.uid && pre.uid !== current.metadata.uid) {
    throw conflict(
      route.resource,
      current.metadata.name,
      `Precondition failed: UID in precondition: ${pre.uid}, UID in object meta: ${current.metadata.uid}`,
    );
  }
  if (pre.resourceVersion && pre.resourceVersion !== current.metadata.resourceVersion) {
    throw conflict(
      route.resource,
      current.metadata.name,
      `Precondition failed: ResourceVersion in precondition: ${pre.resourceVersion}, ResourceVersion in object meta: ${current.metadata.resourceVersion}`,
    );
  }
  const deleted = deleteOne(ctx, route, current, dryRun);
  if (route.resource.kind === 'Pod') {
    const now = new Date().toISOString().replace(/\.\d+Z$/, 'Z');
    const body = atVersion(deleted, route.resource, route.version);
    return {
      code: 200,
      body: { ...body, metadata: { ...body.metadata, deletionTimestamp: now, deletionGracePeriodSeconds: 0 } },
    };
  }
  return { code: 200, body: success(route.resource, deleted.metadata.name, deleted.metadata.uid) };
}

/** `DELETE` on a collection: deletes what the selectors match and returns them as a `{Kind}List`. */
export function handleDeleteCollection(ctx: ApiContext, req: ApiRequest): ApiResult {
  const { route, params } = req;
  const dryRun = dryRunParam(params) || (deleteOptions(req).dryRun ?? []).includes('All');
  const labels = parseLabelSelector(params.get('labelSelector'));
  const fields = parseFieldSelector(params.get('fieldSelector'), route.resource);
  const items = ctx.store
    .list(route.resource, route.namespace)
    .filter((o) => matchesLabels(labels, o.metadata.labels) && matchesFields(fields, o))
    .map((o) => atVersion(deleteOne(ctx, route, o, dryRun), route.resource, route.version));
  return {
    code: 200,
    body: {
      kind: `${route.resource.kind}List`,
      apiVersion: apiVersionOf(route.resource, route.version),
      metadata: { resourceVersion: ctx.store.resourceVersion },
      items,
    },
  };
}
