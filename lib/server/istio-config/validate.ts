/**
 * The server side of `POST /api/istio/validate` and of per-object validation: syntax (safe YAML), CRD schema
 * (IST0106) and the cross-object checks (`lib/istio/checks`, IST/KIA codes) of one object against the live cluster.
 */
import 'server-only';
import { z } from 'zod';
import { getConfig } from '@/lib/config';
import { analyze } from '@/lib/istio/checks';
import { countBySeverity } from '@/lib/istio/editor/markers';
import { isDns1123Label } from '@/lib/istio/names';
import { validateText } from '@/lib/istio/editor/validate-text';
import { validateIstioSchema } from '@/lib/istio/schema';
import type { ClusterSnapshot, Finding, IstioObject } from '@/lib/istio/types';
import { logger } from '@/lib/log';
import { bad } from './params';
import { readClusterSnapshot, withObject } from './snapshot';
import type { IstioConfigObject, ObjectValidation, ValidateRequest, ValidateResponse, WireFinding } from '@/lib/contracts/istio-config';

const label = z.string().refine(isDns1123Label, 'must be a DNS-1123 label');
const requestSchema = z
  .object({
    yaml: z.string().max(1024 * 1024),
    namespace: label.optional(),
    expect: z.object({ kind: z.string().min(1).max(63), namespace: label, name: z.string().min(1).max(253) }).strict().optional(),
    with: z
      .array(z.looseObject({ apiVersion: z.string(), kind: z.string(), metadata: z.looseObject({ name: z.string(), namespace: z.string().optional() }) }))
      .max(20)
      .optional(),
  })
  .strict();

/** Parses the validate body. @throws 400 naming the field. */
export function parseValidateRequest(body: unknown): ValidateRequest {
  const parsed = requestSchema.safeParse(body);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw bad(['body', ...(issue?.path ?? [])].join('.'), issue?.message ?? 'expected { yaml, namespace?, expect? }');
  }
  return parsed.data as ValidateRequest;
}

const keyOf = (f: { kind: string; namespace: string; name: string }) => `${f.kind}/${f.namespace}/${f.name}`;
const findingKey = (f: Finding) => `${keyOf(f)}|${f.code}|${f.path}|${f.message}`;

function toWire(f: Finding): WireFinding {
  return { code: f.code, severity: f.severity, path: f.path, message: f.message, kind: f.kind, namespace: f.namespace, name: f.name };
}

function schemaFindings(obj: unknown): WireFinding[] {
  return validateIstioSchema(obj).map((f) => ({
    code: 'IST0106',
    severity: 'error' as const,
    path: f.path,
    message: `Schema validation error: ${f.path ? `${f.path}: ` : ''}${f.message}`,
  }));
}

/** Validation of a stored object: its schema findings and its cross-object findings from a full analysis. */
export function objectValidation(obj: IstioConfigObject, crossObject: Finding[]): ObjectValidation {
  const findings = [...schemaFindings(obj), ...crossObject.map(toWire)];
  const counts = countBySeverity(findings);
  return { valid: counts.error === 0, counts, findings };
}

/** Groups a full analysis by object (`Kind/namespace/name`). */
export function findingsByObject(findings: Finding[]): Map<string, Finding[]> {
  const map = new Map<string, Finding[]>();
  for (const f of findings) {
    const k = keyOf(f);
    const list = map.get(k);
    if (list) list.push(f);
    else map.set(k, [f]);
  }
  return map;
}

const analyses = new WeakMap<ClusterSnapshot, Finding[]>();

/** Runs the checks with the configured root namespace; a snapshot already analysed is not analysed again. */
export function analyzeSnapshot(snapshot: ClusterSnapshot): Finding[] {
  let findings = analyses.get(snapshot);
  if (!findings) {
    findings = analyze(snapshot, { rootNamespace: getConfig().istioNamespace });
    analyses.set(snapshot, findings);
  }
  return findings;
}

/**
 * Validates editor text: syntax and schema always; the cross-object checks against the live cluster with the text
 * (and the `with` objects saved together with it) applied, when the cluster can be read (else
 * `crossObjectChecked: false`). `related` lists findings on *other*
 * objects that appear only with this text (a subset removed while a VirtualService still routes to it).
 */
export async function validateYaml(request: ValidateRequest, readSnapshot: () => Promise<ClusterSnapshot> = readClusterSnapshot): Promise<ValidateResponse> {
  let snapshot: ClusterSnapshot | null = null;
  try {
    snapshot = await readSnapshot();
    // Objects saved together with this one (a wizard's DestinationRule next to its VirtualService) count as applied.
    for (const other of request.with ?? []) snapshot = withObject(snapshot, other as unknown as IstioObject);
  } catch (err) {
    logger.warn({ err: (err as Error).message }, 'validate: cluster unreadable; cross-object checks skipped');
  }
  let related: WireFinding[] = [];
  const crossObject = (value: Record<string, unknown>) => {
    if (!snapshot) return [];
    const obj = structuredClone(value) as unknown as IstioObject;
    if (typeof obj.metadata !== 'object' || obj.metadata === null || typeof obj.kind !== 'string' || typeof obj.metadata.name !== 'string') return [];
    obj.metadata.namespace ??= request.namespace ?? request.expect?.namespace ?? 'default';
    const self = { kind: obj.kind, namespace: obj.metadata.namespace, name: obj.metadata.name };
    const after = analyzeSnapshot(withObject(snapshot, obj, request.expect));
    const before = new Set(analyzeSnapshot(snapshot).map(findingKey));
    related = after.filter((f) => keyOf(f) !== keyOf(self) && !before.has(findingKey(f))).map(toWire);
    return after.filter((f) => keyOf(f) === keyOf(self));
  };
  const { object, markers } = validateText(request.yaml, { schema: validateIstioSchema, crossObject }, request.expect);
  return {
    object: object as IstioConfigObject | null,
    markers,
    counts: countBySeverity(markers),
    related,
    crossObjectChecked: snapshot !== null,
  };
}
