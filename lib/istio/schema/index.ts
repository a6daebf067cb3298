/**
 * Schema validation of Istio and Gateway API objects against the CRDs' OpenAPI v3 schemas and CEL rules, as
 * `kubectl apply` against a cluster with those CRDs (and istiod's webhook for unknown fields) would report it: the
 * object is defaulted first (`defaults.ts`), as the API server defaults before it validates. Pure and isomorphic.
 */
import { defaultValue } from './defaults';
import { validateMetadata } from './metadata';
import { lookupSchema } from './registry';
import { validateValue, type WalkContext } from './structural';
import type { SchemaFinding, StructuralSchema } from './types';

export type { SchemaFinding } from './types';
export { defaultValue, withDefaults } from './defaults';

/** The root schema of a CRD kind at the version `apiVersion` names, or undefined (other groups, unknown versions). */
export function lookupCrdSchema(apiVersion: unknown, kind: unknown): StructuralSchema | undefined {
  const lookup = lookupSchema(apiVersion, kind);
  return lookup && 'schema' in lookup ? lookup.schema : undefined;
}
export { isCrdGroup, isGatewayApiGroup, isIstioGroup, istioKinds, splitApiVersion } from './registry';

/**
 * Validate any Istio or Gateway API object against the CRD schema of the `apiVersion`/`kind` it declares (after
 * defaulting a copy). Returns an empty array
 * when valid. Each finding has a dotted path (`spec.http[0].route[0].weight`) and a message worded as the API server
 * words it (`Invalid value: "abc": ... must be of type integer`), so `${path}: ${message}` reads like kubectl's error.
 * Objects of other API groups are not checked (empty array).
 */
export function validateIstioSchema(obj: unknown): SchemaFinding[] {
  if (typeof obj !== 'object' || obj === null || Array.isArray(obj)) {
    return [
      { path: '', message: 'Invalid value: the object must be a mapping with apiVersion, kind, metadata and spec' },
    ];
  }
  const object = obj as Record<string, unknown>;
  const lookup = lookupSchema(object.apiVersion, object.kind);
  if (lookup === null) return [];
  if ('findings' in lookup) return lookup.findings;
  const ctx: WalkContext = { findings: [], full: true, blocking: 0 };
  const defaulted = structuredClone(object);
  defaultValue(defaulted, lookup.schema);
  validateValue(defaulted, lookup.schema, '', ctx);
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
