import { StoreError } from '../store/object-store';
import type { ResourceType } from '../store/resources';

/** One cause of a failure, as in `Status.details.causes` (e.g. a field that failed validation). */
export interface StatusCause {
  reason: string;
  message: string;
  field?: string;
}

export interface StatusDetails {
  name?: string;
  group?: string;
  kind?: string;
  uid?: string;
  causes?: StatusCause[];
}

/** The `meta.k8s.io/v1` Status object every Kubernetes API error (and some successes) is returned as. */
export interface Status {
  kind: 'Status';
  apiVersion: 'v1';
  metadata: Record<string, never>;
  status: 'Success' | 'Failure';
  message?: string;
  reason?: string;
  details?: StatusDetails;
  code: number;
}

/** An error the API answers with: an HTTP code, a Kubernetes `reason` and optional details. */
export class ApiError extends Error {
  constructor(
    readonly code: number,
    readonly reason: string,
    message: string,
    readonly details?: StatusDetails,
  ) {
    super(message);
  }

  /** This error as the Status body the API server sends. */
  toStatus(): Status {
    return {
      kind: 'Status',
      apiVersion: 'v1',
      metadata: {},
      status: 'Failure',
      message: this.message,
      reason: this.reason,
      ...(this.details ? { details: this.details } : {}),
      code: this.code,
    };
  }
}

/** `pods`, `virtualservices.networking.istio.io`: how the API server names a resource in messages. */
export function qualifiedResource(resource: ResourceType): string {
  return resource.group ? `${resource.plural}.${resource.group}` : resource.plural;
}

function groupOf(resource: ResourceType): { group?: string } {
  return resource.group ? { group: resource.group } : {};
}

/** 404: `pods "x" not found`. */
export function notFound(resource: ResourceType, name: string): ApiError {
  return new ApiError(404, 'NotFound', `${qualifiedResource(resource)} "${name}" not found`, {
    name,
    ...groupOf(resource),
    kind: resource.plural,
  });
}

/** 404 for a URL that names no resource at all. */
export function pathNotFound(path: string): ApiError {
  return new ApiError(404, 'NotFound', `the server could not find the requested resource (${path})`, {});
}

/** 409: `pods "x" already exists`. */
export function alreadyExists(resource: ResourceType, name: string): ApiError {
  return new ApiError(409, 'AlreadyExists', `${qualifiedResource(resource)} "${name}" already exists`, {
    name,
    ...groupOf(resource),
    kind: resource.plural,
  });
}

/** 409 Conflict (stale resourceVersion or a failed precondition). */
export function conflict(resource: ResourceType, name: string, message: string): ApiError {
  return new ApiError(409, 'Conflict', message, { name, ...groupOf(resource), kind: resource.plural });
}

/** 400 BadRequest. */
export function badRequest(message: string): ApiError {
  return new ApiError(400, 'BadRequest', message);
}

/** 405 for a verb a resource does not support. */
export function methodNotAllowed(method: string): ApiError {
  return new ApiError(
    405,
    'MethodNotAllowed',
    `the server does not allow this method on the requested resource (${method})`,
  );
}

/** 415 for a body type (e.g. a patch type) the server does not accept. */
export function unsupportedMediaType(contentType: string): ApiError {
  return new ApiError(
    415,
    'UnsupportedMediaType',
    `the body of the request was in an unknown format - accepted media types include: application/json-patch+json, application/merge-patch+json, application/strategic-merge-patch+json, application/apply-patch+yaml (got ${contentType || 'none'})`,
  );
}

/**
 * 422 Invalid, worded as the API server words CRD schema failures:
 * `VirtualService.networking.istio.io "reviews" is invalid: spec.http[0].route[0].weight: Invalid value: ...`.
 */
export function invalid(resource: ResourceType, name: string, causes: StatusCause[]): ApiError {
  const parts = causes.map((c) => (c.field ? `${c.field}: ${c.message}` : c.message));
  const summary = parts.length === 1 ? parts[0] : `[${parts.join(', ')}]`;
  const kind = resource.group ? `${resource.kind}.${resource.group}` : resource.kind;
  return new ApiError(422, 'Invalid', `${kind} "${name}" is invalid: ${summary}`, {
    name,
    ...groupOf(resource),
    kind: resource.kind,
    causes,
  });
}

/** 410 Gone, sent as a watch ERROR event when a client asks for history the server no longer has. */
export function gone(message: string): ApiError {
  return new ApiError(410, 'Expired', message);
}

/** Maps an ObjectStore error to the Status the API server would answer. */
export function fromStoreError(err: unknown, resource: ResourceType, name: string): unknown {
  if (!(err instanceof StoreError)) return err;
  switch (err.reason) {
    case 'NotFound':
      return notFound(resource, name);
    case 'AlreadyExists':
      return alreadyExists(resource, name);
    case 'Conflict':
      return conflict(resource, name, err.message);
    case 'Invalid':
      return invalid(resource, name, [{ reason: 'FieldValueInvalid', message: err.message }]);
    case 'BadRequest':
      return badRequest(err.message);
  }
}

/** A `Status` with `status: Success`, as DELETE returns. */
export function success(resource: ResourceType, name: string, uid?: string): Status {
  return {
    kind: 'Status',
    apiVersion: 'v1',
    metadata: {},
    status: 'Success',
    details: { name, ...groupOf(resource), kind: resource.plural, ...(uid ? { uid } : {}) },
    code: 200,
  };
}
