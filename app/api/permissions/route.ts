import type { NextRequest } from 'next/server';
import { parseNamespaces } from '@/lib/server/mesh/params';
import { handle, json } from '@/lib/server/http/respond';
import { readPermissions } from '@/lib/k8s/permissions';

export const dynamic = 'force-dynamic';

/**
 * GET /api/permissions?namespaces=a,b — what the signed-in user may change (SelfSubjectAccessReview per namespace,
 * Istio kind and verb, as the user): `{ viewOnly, canWriteIstio, namespaces: { [ns]: { canWriteIstio, reason,
 * istio: { [plural]: { create, update, delete } } } } }`. All accessible namespaces when none is given.
 * Errors: 400 bad names; 401 not signed in; 403 a named namespace is not accessible; 503/504 Kubernetes.
 */
export const GET = handle(async (req: NextRequest) =>
  json(await readPermissions(parseNamespaces(req.nextUrl.searchParams))),
);
