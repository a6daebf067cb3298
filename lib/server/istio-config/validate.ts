/**
 * The server side of `POST /api/istio/validate` and of per-object validation: syntax (safe YAML), CRD schema
 * (IST0106) and the cross-object checks (`lib/istio/checks`, IST/KIA codes) of one object against the live cluster.
 * Unsaved text is validated in a worker thread (lib/server/istio-config/validate-pool.ts) within hard limits
 * (lib/istio/editor/text-limits.ts).
 */
import 'server-only';
import { z } from 'zod';
import { getConfig } from '@/lib/config';
import { MeshscopeError } from '@/lib/errors';
import { isDns1123Label } from '@/lib/istio/names';
import { analyze } from '@/lib/istio/checks';
import { configKey } from '@/lib/istio/kinds';
import { countBySeverity } from '@/lib/istio/editor/markers';
import type { YamlProblem } from '@/lib/istio/editor/safe-yaml';
import { validateIstioSchema } from '@/lib/istio/schema';
import type { ClusterSnapshot, Finding } from '@/lib/istio/types';
import { toWireFinding, validateUnsaved, type UnsavedValidation } from '@/lib/istio/validate-unsaved';
import { logger } from '@/lib/log';
import { bad } from './params';
import { readClusterSnapshot } from './snapshot';
import { validatePool, type ValidatePool } from './validate-pool';
import type { SharedSnapshot, ValidateTask } from './validate-worker';
import type {
  IstioConfigObject,
  ObjectValidation,
  ValidateRequest,
  ValidateResponse,
  WireFinding,
} from '@/lib/contracts/istio-config';

const label = z.string().refine(isDns1123Label, 'must be a DNS-1123 label');
const requestSchema = z
  .object({
    yaml: z.string().max(1024 * 1024),
    namespace: label.optional(),
    expect: z
      .object({
        kind: z.string().min(1).max(63),
        namespace: label,
        name: z.string().min(1).max(253),
        group: z.string().max(253).optional(),
      })
      .strict()
      .optional(),
    with: z
      .array(
        z.looseObject({
          apiVersion: z.string(),
          kind: z.string(),
          metadata: z.looseObject({ name: z.string(), namespace: z.string().optional() }),
        }),
      )
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

const keyOf = configKey;

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
  const findings = [...schemaFindings(obj), ...crossObject.map(toWireFinding)];
  const counts = countBySeverity(findings);
  return { valid: counts.error === 0, counts, findings };
}

/** Groups a full analysis by object (`configKey`: group, kind, namespace, name; look objects up with `configKeyOf`). */
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

/** What a validation job needs: the request, the live snapshot (null when unreadable) and the root namespace. */
export interface ValidationJob {
  request: ValidateRequest;
  snapshot: ClusterSnapshot | null;
  rootNamespace: string;
}

/** Runs a validation job somewhere: in the worker pool (the server), or in this thread (tests, tools). */
export type ValidationRunner = (job: ValidationJob, signal?: AbortSignal) => Promise<UnsavedValidation>;

/** In this thread, with the analysis cache above. */
export const runInThread: ValidationRunner = async ({ request, snapshot }) =>
  validateUnsaved(request, snapshot, analyzeSnapshot);

let snapshotIds = 0;
const sharedSnapshots = new WeakMap<ClusterSnapshot, SharedSnapshot>();

/** The snapshot as UTF-8 JSON in shared memory, made once per snapshot object (the inventory is shared for 5 s). */
function shareSnapshot(snapshot: ClusterSnapshot): SharedSnapshot {
  let shared = sharedSnapshots.get(snapshot);
  if (!shared) {
    const bytes = Buffer.from(JSON.stringify(snapshot), 'utf8');
    const json = new SharedArrayBuffer(bytes.length);
    new Uint8Array(json).set(bytes);
    shared = { id: ++snapshotIds, json };
    sharedSnapshots.set(snapshot, shared);
  }
  return shared;
}

/** In a worker pool (validate-pool.ts: time and memory limits; its errors are MeshscopeErrors). */
export function poolRunner(pool: () => ValidatePool): ValidationRunner {
  return ({ request, snapshot, rootNamespace }, signal) => {
    const task: Omit<ValidateTask, 'started'> = {
      request,
      snapshot: snapshot ? shareSnapshot(snapshot) : null,
      rootNamespace,
    };
    return pool().run<UnsavedValidation>(task, { signal });
  };
}

/** In the process's worker pool (the route's default). */
export const runInPool: ValidationRunner = poolRunner(validatePool);

/** 413 for an over-long text (the other limits are 422). */
class TextTooLargeError extends MeshscopeError {
  override readonly status: number = 413;
}

/**
 * The HTTP error of a text over a hard limit: 413 `bad_request:api` for its size, 422 `invalid:api` for depth, keys,
 * list items or aliases, with `{ parameter: 'body.yaml', reason: YAML_TOO_LARGE | YAML_TOO_DEEP | YAML_TOO_MANY_KEYS |
 * YAML_TOO_MANY_ITEMS | YAML_ALIAS_LIMIT, limit: size | depth | keys | items | aliases, max, line, column }` in the
 * error body.
 */
export function limitError(problem: YamlProblem): MeshscopeError {
  const details = {
    parameter: 'body.yaml',
    reason: problem.code,
    limit: problem.limit?.name,
    max: problem.limit?.max,
    line: problem.line,
    column: problem.column,
  };
  const message = `body.yaml: ${problem.message} (line ${problem.line}, column ${problem.column})`;
  return problem.limit?.name === 'size'
    ? new TextTooLargeError('bad_request:api', message, details)
    : new MeshscopeError('invalid:api', message, details);
}

/**
 * Validates editor text (lib/istio/validate-unsaved.ts): syntax and schema always; the cross-object checks against
 * the live cluster with the text (and the `with` objects saved together with it) applied, when the cluster can be
 * read (else `crossObjectChecked: false`). The cluster is read here; the validation runs through `run` (the worker
 * pool by default), and `signal` (the request's) cancels it.
 * @throws MeshscopeError 413/422 for a text over a hard limit (`limitError`), and the pool's 422/503.
 */
export async function validateYaml(
  request: ValidateRequest,
  readSnapshot: () => Promise<ClusterSnapshot> = readClusterSnapshot,
  run: ValidationRunner = runInPool,
  signal?: AbortSignal,
): Promise<ValidateResponse> {
  let snapshot: ClusterSnapshot | null = null;
  try {
    snapshot = await readSnapshot();
  } catch (err) {
    logger.warn({ err: (err as Error).message }, 'validate: cluster unreadable; cross-object checks skipped');
  }
  const outcome = await run({ request, snapshot, rootNamespace: getConfig().istioNamespace }, signal);
  if (!outcome.ok) throw limitError(outcome.limit);
  return outcome.response as ValidateResponse;
}
