/**
 * Schema validation of Istio objects against the CRDs' OpenAPI v3 schemas and CEL rules, as `kubectl apply` against
 * a cluster with Istio's CRDs (and istiod's webhook for unknown fields) would report it. Pure and isomorphic.
 */
import { validateMetadata } from './metadata';
import { lookupSchema } from './registry';
import { validateValue, type WalkContext } from './structural';
import type { SchemaFinding } from './types';

export type { SchemaFinding } from './types';
export { isIstioGroup, istioKinds, splitApiVersion } from './registry';

/**
 * Validate any Istio object against the CRD schema of the `apiVersion`/`kind` it declares. Returns an empty array
 * when valid. Each finding has a dotted path (`spec.http[0].route[0].weight`) and a message worded as the API server
 * words it (`Invalid value: "abc": ... must be of type integer`), so `${path}: ${message}` reads like kubectl's error.
 * Objects of non-Istio API groups are not checked (empty array).
 */
export function validateIstioSchema(obj: unknown): SchemaFinding[] {
  if (typeof obj !== 'object' || obj === null || Array.isArray(obj)) {
    return [{ path: '', message: 'Invalid value: the object must be a mapping with apiVersion, kind, metadata and spec' }];
  }
  const object = obj as Record<string, unknown>;
  const lookup = lookupSchema(object.apiVersion, object.kind);
  if (lookup === null) return [];
  if ('findings' in lookup) return lookup.findings;
  const ctx: WalkContext = { findings: [], full: true, blocking: 0 };
  validateValue(object, lookup.schema, '', ctx);
  return [...validateMetadata(object.metadata), ...ctx.findings];
}

/**
 * True when every field of an Istio object has the JSON type its CRD schema declares (other schema errors aside), so
 * code typed with `lib/istio/types` can read it without tripping over, say, a string where a list belongs. Objects of
 * unknown kinds or non-Istio groups count as well-typed.
 */
export function hasSchemaTypes(obj: unknown): boolean {
  if (typeof obj !== 'object' || obj === null || Array.isArray(obj)) return false;
  const object = obj as Record<string, unknown>;
  const lookup = lookupSchema(object.apiVersion, object.kind);
  if (lookup === null || 'findings' in lookup) return true;
  const ctx: WalkContext = { findings: [], full: false, blocking: 0, typeErrors: 0 };
  validateValue(object, lookup.schema, '', ctx);
  return ctx.typeErrors === 0;
}
