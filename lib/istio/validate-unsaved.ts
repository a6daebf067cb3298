/**
 * Validation of one unsaved object text against a cluster snapshot: the work of `POST /api/istio/validate`, which the
 * server runs in a worker thread (lib/server/istio-config/validate-pool.ts). Syntax within the hard limits
 * (editor/text-limits.ts), the CRD schema with its CEL rules, then the cross-object checks of the object with the
 * text applied. Pure: the snapshot and the analysis function are passed in, so a worker, the server and tests share it.
 */
import { countBySeverity, type EditorMarker, type FindingLike, type MarkerSeverity } from './editor/markers';
import type { YamlProblem } from './editor/safe-yaml';
import { validateText } from './editor/validate-text';
import { validateIstioSchema } from './schema';
import { configKey, groupOf } from './kinds';
import { withObject } from './snapshot';
import type { ClusterSnapshot, Finding, IstioObject } from './types';

/** What to validate: the body of `POST /api/istio/validate` (`ValidateRequest` in lib/contracts/istio-config.ts). */
export interface UnsavedText {
  yaml: string;
  /** Namespace of an object that does not say (the page's namespace). */
  namespace?: string;
  /** When editing an existing object: it must keep this kind, namespace and name. */
  expect?: { kind: string; namespace: string; name: string; group?: string };
  /** Other unsaved objects written together with this one; the cross-object checks see them as applied. */
  with?: object[];
}

/** The shape of `ValidateResponse` (lib/contracts/istio-config.ts). */
export interface UnsavedResult {
  object: Record<string, unknown> | null;
  markers: EditorMarker[];
  counts: Record<MarkerSeverity, number>;
  related: FindingLike[];
  crossObjectChecked: boolean;
}

/** The answer, or the hard limit the text exceeded (the route turns that into 413 or 422, not into markers). */
export type UnsavedValidation = { ok: true; response: UnsavedResult } | { ok: false; limit: YamlProblem };

const keyOf = configKey;
const findingKey = (f: Finding) => `${keyOf(f)}|${f.code}|${f.path}|${f.message}`;

/** A finding as the API sends it (`WireFinding` in lib/contracts/istio-config.ts): no `group` for Istio's kinds. */
export function toWireFinding(f: Finding): FindingLike {
  return {
    code: f.code,
    severity: f.severity,
    path: f.path,
    message: f.message,
    kind: f.kind,
    ...(f.group ? { group: f.group } : {}),
    namespace: f.namespace,
    name: f.name,
  };
}

/**
 * Validates `request.yaml`: syntax and schema always; the cross-object checks when `base` (the live cluster's
 * snapshot) is given, with the `with` objects and the text applied (else `crossObjectChecked: false`). `related` lists
 * findings on *other* objects that appear only with this text (a subset removed while a VirtualService still routes
 * to it). `analyzeSnapshot` runs the checks (lib/istio/checks `analyze` with the root namespace; callers may cache it
 * per snapshot).
 */
export function validateUnsaved(
  request: UnsavedText,
  base: ClusterSnapshot | null,
  analyzeSnapshot: (snapshot: ClusterSnapshot) => Finding[],
): UnsavedValidation {
  let snapshot = base;
  // Objects saved together with this one (a wizard's DestinationRule next to its VirtualService) count as applied.
  if (snapshot)
    for (const other of request.with ?? []) snapshot = withObject(snapshot, other as unknown as IstioObject);
  let related: FindingLike[] = [];
  const crossObject = (value: Record<string, unknown>) => {
    if (!snapshot) return [];
    const obj = structuredClone(value) as unknown as IstioObject;
    if (
      typeof obj.metadata !== 'object' ||
      obj.metadata === null ||
      typeof obj.kind !== 'string' ||
      typeof obj.metadata.name !== 'string'
    )
      return [];
    obj.metadata.namespace ??= request.namespace ?? request.expect?.namespace ?? 'default';
    const self = {
      group: groupOf(typeof obj.apiVersion === 'string' ? obj.apiVersion : ''),
      kind: obj.kind,
      namespace: obj.metadata.namespace,
      name: obj.metadata.name,
    };
    const after = analyzeSnapshot(withObject(snapshot, obj, request.expect));
    const before = new Set(analyzeSnapshot(snapshot).map(findingKey));
    related = after.filter((f) => keyOf(f) !== keyOf(self) && !before.has(findingKey(f))).map(toWireFinding);
    return after.filter((f) => keyOf(f) === keyOf(self));
  };
  const { object, markers, limit } = validateText(
    request.yaml,
    { schema: validateIstioSchema, crossObject },
    request.expect,
  );
  if (limit) return { ok: false, limit };
  return {
    ok: true,
    response: { object, markers, counts: countBySeverity(markers), related, crossObjectChecked: snapshot !== null },
  };
}
