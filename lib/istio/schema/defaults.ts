/**
 * Structural defaulting as the API server applies it to custom resources before validation and storage
 * (k8s.io/apiextensions-apiserver/pkg/apiserver/schema/defaulting `Default`): a property that is absent, or null where
 * the schema is not nullable, gets a deep copy of its schema `default`; then every present property, map value and
 * list item is defaulted by its own schema, so defaults nest. Gateway API CRDs rely on it (a `backendRef` without
 * `group`/`kind` is a core Service; an HTTPRoute rule without `matches` matches `PathPrefix /`), and their CEL rules
 * read the defaulted fields. Istio's CRDs declare no defaults. Pure.
 */
import { lookupSchema } from './registry';
import type { StructuralSchema } from './types';

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** Defaults `value` in place by `schema` (see the module comment). */
export function defaultValue(value: unknown, schema: StructuralSchema): void {
  if (Array.isArray(value)) {
    if (schema.items) for (const item of value) defaultValue(item, schema.items);
    return;
  }
  if (!isObject(value)) return;
  for (const [key, prop] of Object.entries(schema.properties ?? {})) {
    if (prop.default === undefined) continue;
    const current = value[key];
    if (current === undefined || (current === null && !prop.nullable)) value[key] = structuredClone(prop.default);
  }
  const additional = typeof schema.additionalProperties === 'object' ? schema.additionalProperties : undefined;
  for (const [key, item] of Object.entries(value)) {
    const prop = schema.properties?.[key] ?? additional;
    if (prop) defaultValue(item, prop);
  }
}

/**
 * A defaulted deep copy of a custom resource, by the CRD schema of the `apiVersion`/`kind` it declares; the object
 * itself (a copy) when there is no schema for it (other groups, unknown kinds or versions). Never throws.
 */
export function withDefaults<T>(obj: T): T {
  if (!isObject(obj)) return obj;
  const lookup = lookupSchema(obj.apiVersion, obj.kind);
  const copy = structuredClone(obj);
  if (lookup && 'schema' in lookup) defaultValue(copy, lookup.schema);
  return copy;
}
