/**
 * Three-way merge of a Kubernetes object for the 409 conflict view: `base` is what the user loaded, `ours` what they
 * edited, `theirs` the live object that replaced `base` meanwhile (reference/perf-security.md S5: a conflict is
 * surfaced as a merge, never a silent overwrite). Maps merge key by key; lists and scalars are atomic (a route list
 * changed on both sides is a conflict, as Kubernetes' own `atomic` list semantics would have it). Server-owned fields
 * (`metadata.resourceVersion`, `generation`, `managedFields`, `uid`, `creationTimestamp`, `status`) always come from
 * `theirs`, so the merged object can be saved against the live version. Pure and isomorphic.
 */
import { childPath } from '@/lib/istio/path';

export interface MergeResult {
  merged: Record<string, unknown>;
  /** Paths changed differently on both sides; the merged object keeps the user's value there. */
  conflicts: string[];
}

const SERVER_OWNED = new Set([
  'metadata.resourceVersion',
  'metadata.generation',
  'metadata.managedFields',
  'metadata.uid',
  'metadata.creationTimestamp',
  'status',
]);

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Structural equality of JSON values (key order ignored). */
export function jsonEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((x, i) => jsonEqual(x, b[i]));
  if (isObject(a) && isObject(b)) {
    const ka = Object.keys(a);
    return ka.length === Object.keys(b).length && ka.every((k) => Object.hasOwn(b, k) && jsonEqual(a[k], b[k]));
  }
  return false;
}

const ABSENT = Symbol('absent');
type Value = unknown | typeof ABSENT;

function mergeValue(base: Value, ours: Value, theirs: Value, path: string, conflicts: string[]): Value {
  if (SERVER_OWNED.has(path)) return theirs;
  if (jsonEqual(ours, theirs)) return ours;
  if (jsonEqual(ours, base)) return theirs;
  if (jsonEqual(theirs, base)) return ours;
  if (isObject(ours) && isObject(theirs)) {
    const b = isObject(base) ? base : {};
    const out: Record<string, unknown> = {};
    const keys = [...new Set([...Object.keys(ours), ...Object.keys(theirs)])];
    for (const key of keys) {
      const v = mergeValue(
        Object.hasOwn(b, key) ? b[key] : ABSENT,
        Object.hasOwn(ours, key) ? ours[key] : ABSENT,
        Object.hasOwn(theirs, key) ? theirs[key] : ABSENT,
        childPath(path, key),
        conflicts,
      );
      if (v !== ABSENT) out[key] = v;
    }
    return out;
  }
  conflicts.push(path);
  return ours;
}

/** Merges the user's edit (`ours`) and the concurrent change (`theirs`) relative to `base`. */
export function merge3(
  base: Record<string, unknown>,
  ours: Record<string, unknown>,
  theirs: Record<string, unknown>,
): MergeResult {
  const conflicts: string[] = [];
  const merged = mergeValue(base, ours, theirs, '', conflicts);
  return { merged: (merged === ABSENT ? {} : merged) as Record<string, unknown>, conflicts };
}
