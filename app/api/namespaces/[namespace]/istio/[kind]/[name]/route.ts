import type { NextRequest } from 'next/server';
import { deleteObject, readObjectDetails, updateObject } from '@/lib/server/istio-config/object';
import { bad, parseKind, parseName, parseScope, parseWriteBody } from '@/lib/server/istio-config/params';
import { guardMutation } from '@/lib/server/http/mutation-guard';
import { handle, json } from '@/lib/server/http/respond';
import { onRequestedCluster } from '@/lib/server/clusters';

export const dynamic = 'force-dynamic';

type Ctx = { params: Promise<{ namespace: string; kind: string; name: string }> };

async function target(ctx: Ctx) {
  const params = await ctx.params;
  const kind = parseKind(params.kind);
  return { namespace: parseScope(params.namespace, kind), kind, name: parseName(params.name) };
}

/**
 * GET /api/namespaces/{ns}/istio/{kind}/{name}?validate=true — one object with its validation (schema + cross-object
 * findings) and references. Answers `IstioObjectDetails`: `{ object, plural, validation | null, references: {
 * services, workloads, config }, canWrite }`. `cluster` (every method, multi-cluster): the object of that cluster,
 * read and written as the user there. Errors: 400 naming the parameter (`cluster` naming no known cluster); 404
 * `not_found:k8s`; 403/503/504.
 */
export const GET = handle(async (req: NextRequest, ctx: Ctx) => {
  const { namespace, kind, name } = await target(ctx);
  const validate = req.nextUrl.searchParams.get('validate');
  if (validate !== null && validate !== 'true' && validate !== 'false') throw bad('validate', 'must be true or false');
  const search = req.nextUrl.searchParams;
  return json(await onRequestedCluster(search, () => readObjectDetails(namespace, kind, name, validate !== 'false')));
});

/**
 * PUT /api/namespaces/{ns}/istio/{kind}/{name} — replaces the object. Body `{ object, dryRun?, reviewed? }`; the
 * object must carry `metadata.resourceVersion` (the version the user edited). Schema check, then one Kubernetes `PUT`:
 * a server dry run (`dryRun=All`) with `dryRun`, else the write; `reviewed: true` (a write of the object a dry run
 * accepted) skips the schema check. Answers `{ object, dryRun }`. Same-origin JSON with `X-Meshscope-Request: 1` only.
 * Errors: 400 naming the field (`body.reviewed` with `dryRun`); 403; 404; 409 `conflict:k8s` with `error.current` =
 * the live object (null if deleted) for a three-way merge; 413; 422 `invalid:api|k8s` with
 * `error.causes: [{ field, message }]`.
 */
export const PUT = handle(async (req: Request, ctx: Ctx) => {
  const t = await target(ctx);
  const body = parseWriteBody(await guardMutation(req), t);
  return json(await onRequestedCluster(new URL(req.url).searchParams, () => updateObject(t.namespace, t.kind, body)));
});

/**
 * DELETE /api/namespaces/{ns}/istio/{kind}/{name}?resourceVersion=N — deletes the object (only if still at version N
 * when given). Answers `{ deleted: true }`. Same-origin with `X-Meshscope-Request: 1` only; no body.
 * Errors: 400; 403; 404 `not_found:k8s`; 409 `conflict:k8s` when the version changed.
 */
export const DELETE = handle(async (req: NextRequest, ctx: Ctx) => {
  const { namespace, kind, name } = await target(ctx);
  await guardMutation(req, { body: false });
  const rv = req.nextUrl.searchParams.get('resourceVersion') ?? undefined;
  if (rv !== undefined && !/^[0-9A-Za-z_.-]{1,64}$/.test(rv))
    throw bad('resourceVersion', 'must be a resourceVersion as the API returned it');
  return json(await onRequestedCluster(req.nextUrl.searchParams, () => deleteObject(namespace, kind, name, rv)));
});
