/**
 * Single-object operations behind `/api/namespaces/{ns}/istio/{kind}[/{name}]`: read with validation and references,
 * and the safe write path — schema check, server dry run (`dryRun=All`), then the real write guarded by
 * `metadata.resourceVersion` (reference/perf-security.md S5, S6).
 */
import 'server-only';
import { getConfig } from '@/lib/config';
import { MeshscopeError } from '@/lib/errors';
import { findReferences } from '@/lib/istio/editor/references';
import { validateIstioSchema } from '@/lib/istio/schema';
import type { IstioObject } from '@/lib/k8s/inventory';
import { createIstioObject, deleteIstioObject, getIstioObject, replaceIstioObject } from '@/lib/k8s/istio-config';
import type { IstioKind } from '@/lib/istio/kinds';
import { canWriteIstio } from '@/lib/k8s/permissions';
import type { WriteBody } from './params';
import { readClusterSnapshot } from './snapshot';
import type { IstioConfigObject, IstioObjectDetails, IstioWriteResponse } from '@/lib/contracts/istio-config';
import { analyzeSnapshot, findingsByObject, objectValidation } from './validate';

/**
 * Reads an object with (optionally) its validation, its references, and whether the user may change it (view-only
 * mode off and RBAC allowing `update`, lib/k8s/permissions).
 * @throws MeshscopeError not_found:k8s, forbidden:k8s, unavailable/timeout:k8s
 */
export async function readObjectDetails(namespace: string, kind: IstioKind, name: string, validate: boolean): Promise<IstioObjectDetails> {
  const [object, snapshot, canWrite] = await Promise.all([
    getIstioObject(namespace, kind, name),
    readClusterSnapshot(),
    // the signed-in user's RBAC (and view-only mode) decide whether the editor offers saving
    canWriteIstio(namespace, kind, 'update').catch(() => false),
  ]);
  const findings = validate ? (findingsByObject(analyzeSnapshot(snapshot)).get(`${kind.kind}/${namespace}/${name}`) ?? []) : null;
  return {
    object: object as IstioConfigObject,
    plural: kind.plural,
    validation: findings ? objectValidation(object as IstioConfigObject, findings) : null,
    references: findReferences(object, snapshot, getConfig().istioNamespace),
    canWrite,
  };
}

/**
 * Refuses an object the CRD schema rejects, before the API sees it, with the API's 422 shape (`details.causes` with
 * `field` and `message`), so the UI shows both kinds of 422 the same way. @throws MeshscopeError invalid:api
 */
export function assertSchemaValid(obj: IstioObject): void {
  const findings = validateIstioSchema(obj);
  if (!findings.length) return;
  throw new MeshscopeError('invalid:api', `${obj.kind} ${obj.metadata.name} is invalid: ${findings.map((f) => `${f.path}: ${f.message}`).join('; ')}`, {
    causes: findings.map((f) => ({ field: f.path, message: f.message, reason: 'FieldValueInvalid' })),
  });
}

/**
 * Updates an object: schema check, server dry run, then (unless `dryRun`) the real `PUT` with the object's
 * resourceVersion. @throws MeshscopeError invalid:api|k8s (422 with causes), conflict:k8s (409 with
 * `details.current`), not_found:k8s, forbidden:k8s
 */
export async function updateObject(namespace: string, kind: IstioKind, body: WriteBody): Promise<IstioWriteResponse> {
  assertSchemaValid(body.object);
  const checked = await replaceIstioObject(namespace, kind, body.object, { dryRun: true });
  if (body.dryRun) return { object: checked as IstioConfigObject, dryRun: true };
  const saved = await replaceIstioObject(namespace, kind, body.object);
  return { object: saved as IstioConfigObject, dryRun: false };
}

/**
 * Creates an object: schema check, server dry run, then (unless `dryRun`) the real `POST`.
 * @throws MeshscopeError invalid:api|k8s, conflict:k8s (already exists), forbidden:k8s
 */
export async function createObject(namespace: string, kind: IstioKind, body: WriteBody): Promise<IstioWriteResponse> {
  assertSchemaValid(body.object);
  const checked = await createIstioObject(namespace, kind, body.object, { dryRun: true });
  if (body.dryRun) return { object: checked as IstioConfigObject, dryRun: true };
  const saved = await createIstioObject(namespace, kind, body.object);
  return { object: saved as IstioConfigObject, dryRun: false };
}

/** Deletes an object (only if still at `resourceVersion` when given). @throws MeshscopeError not_found/conflict:k8s */
export async function deleteObject(namespace: string, kind: IstioKind, name: string, resourceVersion?: string): Promise<{ deleted: true }> {
  await deleteIstioObject(namespace, kind, name, resourceVersion);
  return { deleted: true };
}
