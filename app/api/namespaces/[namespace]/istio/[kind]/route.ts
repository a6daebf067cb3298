import { createObject } from '@/lib/server/istio-config/object';
import { parseKind, parseScope, parseWriteBody } from '@/lib/server/istio-config/params';
import { guardMutation } from '@/lib/server/http/mutation-guard';
import { handle, json } from '@/lib/server/http/respond';
import { onRequestedCluster } from '@/lib/server/clusters';

export const dynamic = 'force-dynamic';

type Ctx = { params: Promise<{ namespace: string; kind: string }> };

/**
 * POST /api/namespaces/{ns}/istio/{kind} — creates an Istio object (`kind` as the plural, e.g. `virtualservices`).
 * Body `{ object, dryRun?, reviewed? }`; the object is schema-checked (unless `reviewed`: a write of the object a dry
 * run accepted), then sent as one Kubernetes `POST`: a server dry run (`dryRun=All`) with `dryRun`, else the create.
 * Answers 201 `{ object, dryRun }` (200 for a dry run). `?cluster=` (multi-cluster) creates it in that cluster.
 * Needs a same-origin JSON request with `X-Meshscope-Request: 1` (lib/server/http/mutation-guard.ts).
 * Errors: 400 naming the parameter or field (`body.reviewed` with `dryRun`, `cluster` naming no known cluster); 403 `forbidden:api` (view-only,
 * cross-origin, missing header) or `forbidden:k8s`; 409 `conflict:k8s` when it already exists; 413 over 1 MiB;
 * 422 `invalid:api|k8s` with `error.causes: [{ field, message }]`.
 */
export const POST = handle(async (req: Request, ctx: Ctx) => {
  const params = await ctx.params;
  const kind = parseKind(params.kind);
  const namespace = parseScope(params.namespace, kind);
  const body = parseWriteBody(await guardMutation(req), { namespace, kind });
  const result = await onRequestedCluster(new URL(req.url).searchParams, () => createObject(namespace, kind, body));
  return json(result, { status: result.dryRun ? 200 : 201 });
});
