/**
 * The self-review endpoints of the demo Kubernetes API (create-only, nothing stored):
 * - `POST /apis/authorization.k8s.io/v1/selfsubjectaccessreviews`: "may I do this?" (`kubectl auth can-i`), answered
 *   from RBAC with `status.allowed`;
 * - `POST /apis/authentication.k8s.io/v1/selfsubjectreviews`: "who am I?" (`kubectl auth whoami`), `status.userInfo`.
 */
import type { ObjectStore } from '../store/object-store';
import type { ResourceType } from '../store/resources';
import { isAllowed, type RequestAttributes } from './auth-rbac';
import type { UserInfo } from './auth-users';
import { decodeBody } from './http-io';
import { badRequest, methodNotAllowed } from './status';

/** True for the review resources, which only accept `POST` on the collection. */
export function isReviewResource(resource: ResourceType): boolean {
  return (
    (resource.group === 'authorization.k8s.io' && resource.plural === 'selfsubjectaccessreviews') ||
    (resource.group === 'authentication.k8s.io' && resource.plural === 'selfsubjectreviews')
  );
}

interface ReviewSpec {
  resourceAttributes?: {
    namespace?: string;
    verb?: string;
    group?: string;
    resource?: string;
    subresource?: string;
    name?: string;
  };
  nonResourceAttributes?: { path?: string; verb?: string };
}

function attributesOf(spec: ReviewSpec): RequestAttributes {
  if (spec.resourceAttributes) {
    const r = spec.resourceAttributes;
    if (!r.verb) throw badRequest('spec.resourceAttributes.verb: Required value');
    return {
      verb: r.verb,
      apiGroup: r.group ?? '',
      resource: r.resource ?? '',
      subresource: r.subresource || undefined,
      // as the API server files `get namespace x`: under namespace x
      namespace: r.namespace || (r.resource === 'namespaces' && r.name ? r.name : undefined),
      name: r.name || undefined,
    };
  }
  if (spec.nonResourceAttributes?.path && spec.nonResourceAttributes.verb) {
    return { verb: spec.nonResourceAttributes.verb, path: spec.nonResourceAttributes.path };
  }
  throw badRequest(
    'SelfSubjectAccessReview.authorization.k8s.io "" is invalid: spec: Invalid value: exactly one of nonResourceAttributes or resourceAttributes must be specified',
  );
}

/**
 * Answers a review request (the caller already checked the user may create reviews).
 * @throws ApiError 405 for anything but POST on the collection, 400 for a malformed body.
 */
export function handleReview(
  store: ObjectStore,
  user: UserInfo,
  resource: ResourceType,
  method: string,
  hasName: boolean,
  body: Buffer,
  contentType: string | undefined,
): { code: number; body: unknown } {
  if (method !== 'POST' || hasName) throw methodNotAllowed(method);
  const apiVersion = `${resource.group}/v1`;
  if (resource.plural === 'selfsubjectreviews') {
    return {
      code: 201,
      body: {
        kind: 'SelfSubjectReview',
        apiVersion,
        metadata: { creationTimestamp: null },
        status: { userInfo: { username: user.username, ...(user.uid ? { uid: user.uid } : {}), groups: user.groups } },
      },
    };
  }
  const review = decodeBody(body, contentType) as { spec?: ReviewSpec } | null;
  if (!review || typeof review !== 'object' || !review.spec)
    throw badRequest('SelfSubjectAccessReview: spec is required');
  const allowed = isAllowed(store, user, attributesOf(review.spec));
  return {
    code: 201,
    body: {
      kind: 'SelfSubjectAccessReview',
      apiVersion,
      metadata: { creationTimestamp: null },
      spec: review.spec,
      status: { allowed },
    },
  };
}
