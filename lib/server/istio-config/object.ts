/**
 * Single-object operations behind `/api/namespaces/{ns}/istio/{kind}[/{name}]`: read with validation and references,
 * and the safe write path (reference/perf-security.md S5, S6). The UI saves in two requests: a dry run (schema check,
 * then the server dry run `dryRun=All`) whose result the user reviews, then the write of that same object guarded by
 * `metadata.resourceVersion` and marked `reviewed`, which goes straight to Kubernetes (its own validation and
 * admission run on the real write too, so a second dry run would only repeat them). One save: one schema pass, one
 * dry run, one write.
 */
import 'server-only';
import { getConfig } from '@/lib/config';
import { MeshscopeError } from '@/lib/errors';
import { findReferences } from '@/lib/istio/editor/references';
import { validateIstioSchema } from '@/lib/istio/schema';
import type { IstioObject } from '@/lib/k8s/inventory';
import { createIstioObject, deleteIstioObject, getIstioObject, replaceIstioObject } from '@/lib/k8s/istio-config';
import { configKeyOf, unknownVersionNote, type IstioKind } from '@/lib/istio/kinds';
import { reportedStatus } from '@/lib/istio/reported-status';
import { canWriteIstio } from '@/lib/k8s/permissions';
import type { WriteBody } from './params';
import { readClusterSnapshot } from './snapshot';
import type { IstioObjectDetails, IstioWriteResponse } from '@/lib/contracts/istio-config';
import { analyzeSnapshot, findingsByObject, objectValidation } from './validate';

/**
 * Reads an object with (optionally) its validation, its references, and whether the user may change it (view-only
 * mode off and RBAC allowing `update`, lib/k8s/permissions).
 * @throws MeshscopeError not_found:k8s, forbidden:k8s, unavailable/timeout:k8s
 */
export async function readObjectDetails(
  namespace: string,
  kind: IstioKind,
  name: string,
  validate: boolean,
): Promise<IstioObjectDetails> {
  const [object, snapshot, canWrite] = await Promise.all([
    getIstioObject(namespace, kind, name),
    readClusterSnapshot(),
    // the signed-in user's RBAC (and view-only mode) decide whether the editor offers saving
    canWriteIstio(namespace, kind, 'update').catch(() => false),
  ]);
  const readOnly = unknownVersionNote(object);
  const findings =
    validate && !readOnly ? (findingsByObject(analyzeSnapshot(snapshot)).get(configKeyOf(object)) ?? []) : null;
  return {
    object,
    plural: kind.plural,
    validation: findings ? objectValidation(object, findings) : null,
    // The References panel reads Istio's kinds; Gateway API references (parents, backends) are not resolved here.
    references:
      kind.api === 'istio'
        ? findReferences(object, snapshot, getConfig().istioNamespace)
        : { services: [], workloads: [], config: [] },
    canWrite: canWrite && !readOnly,
    reportedStatus: kind.api === 'istio' ? null : reportedStatus(object),
    ...(readOnly ? { readOnly } : {}),
  };
}

/**
 * Refuses an object the CRD schema rejects, before the API sees it, with the API's 422 shape (`details.causes` with
 * `field` and `message`), so the UI shows both kinds of 422 the same way. @throws MeshscopeError invalid:api
 */
export function assertSchemaValid(obj: IstioObject): void {
  const findings = validateIstioSchema(obj);
  if (!findings.length) return;
  throw new MeshscopeError(
    'invalid:api',
    `${obj.kind} ${obj.metadata.name} is invalid: ${findings.map((f) => `${f.path}: ${f.message}`).join('; ')}`,
    {
      causes: findings.map((f) => ({ field: f.path, message: f.message, reason: 'FieldValueInvalid' })),
    },
  );
}

/**
 * Updates an object with one Kubernetes `PUT` carrying the object's resourceVersion: a server dry run when
 * `body.dryRun`, else the write. The schema check runs first unless `body.reviewed` (the object already passed it in
 * the dry run the user reviewed). @throws MeshscopeError invalid:api|k8s (422 with causes), conflict:k8s (409 with
 * `details.current`), not_found:k8s, forbidden:k8s
 */
export async function updateObject(namespace: string, kind: IstioKind, body: WriteBody): Promise<IstioWriteResponse> {
  if (!body.reviewed) assertSchemaValid(body.object);
  const object = await replaceIstioObject(namespace, kind, body.object, { dryRun: body.dryRun });
  return { object, dryRun: body.dryRun };
}

/**
 * Creates an object with one Kubernetes `POST`: a server dry run when `body.dryRun`, else the write; the schema check
 * first unless `body.reviewed`. @throws MeshscopeError invalid:api|k8s, conflict:k8s (already exists), forbidden:k8s
 */
export async function createObject(namespace: string, kind: IstioKind, body: WriteBody): Promise<IstioWriteResponse> {
  if (!body.reviewed) assertSchemaValid(body.object);
  const object = await createIstioObject(namespace, kind, body.object, { dryRun: body.dryRun });
  return { object, dryRun: body.dryRun };
}

/** Deletes an object (only if still at `resourceVersion` when given). @throws MeshscopeError not_found/conflict:k8s */
export async function deleteObject(
  namespace: string,
  kind: IstioKind,
  name: string,
  resourceVersion?: string,
): Promise<{ deleted: true }> {
  await deleteIstioObject(namespace, kind, name, resourceVersion);
  return { deleted: true };
}
