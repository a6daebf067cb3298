/**
 * Validation of a decoded JSON value against a Kubernetes structural schema, in the order the API server applies it
 * (apiextensions-apiserver `customResourceStrategy.Validate`): OpenAPI value validation (kube-openapi), list-type
 * invariants (`x-kubernetes-list-type: set|map`), then CEL rules. Unknown fields, which the API server would prune,
 * are reported (Istio's webhook rejects them). As in the API server, type and enum errors block CEL evaluation,
 * but only for the subtree that holds them, so the rest of the object is still checked.
 */
import { childPath, indexPath } from '../path';
import { evaluateRules } from './cel/rules';
import { validateComposition } from './composition';
import { checkFormat, patternRegExp } from './formats';
import * as msg from './messages';
import type { SchemaFinding, StructuralSchema } from './types';

export interface WalkContext {
  findings: SchemaFinding[];
  /** Full validation adds unknown fields, list-type invariants and CEL; false inside oneOf/anyOf/allOf/not branches. */
  full: boolean;
  /** Count of type/enum errors, which stop CEL evaluation of the enclosing nodes. */
  blocking: number;
  /** Count of type errors only: a value of the wrong JSON type somewhere. */
  typeErrors?: number;
}

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

function typeMatches(value: unknown, type: StructuralSchema['type']): boolean {
  switch (type) {
    case 'object':
      return isObject(value);
    case 'array':
      return Array.isArray(value);
    case 'string':
      return typeof value === 'string';
    case 'integer':
      return typeof value === 'number' && Number.isInteger(value);
    case 'number':
      return typeof value === 'number';
    case 'boolean':
      return typeof value === 'boolean';
    default:
      return true;
  }
}

function fail(ctx: WalkContext, path: string, message: string, blocking = false): void {
  ctx.findings.push({ path, message });
  if (blocking) ctx.blocking++;
}

function typeError(ctx: WalkContext, path: string, message: string): void {
  fail(ctx, path, message, true);
  ctx.typeErrors = (ctx.typeErrors ?? 0) + 1;
}

/** Type check (with null and int-or-string); returns false when the node must not be validated further. */
function checkType(value: unknown, schema: StructuralSchema, path: string, ctx: WalkContext): boolean {
  if (value === null || value === undefined) {
    if (!schema.nullable && schema.type) {
      typeError(ctx, path, msg.invalid(null, `${path} in body must be of type ${schema.type}: "null"`));
    }
    return false;
  }
  if (schema['x-kubernetes-int-or-string']) {
    if (typeof value === 'string' || (typeof value === 'number' && Number.isInteger(value))) return true;
    const detail = `${path} in body must be of type integer or string: ${JSON.stringify(msg.jsonTypeName(value))}`;
    typeError(ctx, path, msg.invalid(value, detail));
    return false;
  }
  if (!typeMatches(value, schema.type)) {
    const detail = `${path} in body must be of type ${schema.type}: ${JSON.stringify(msg.jsonTypeName(value))}`;
    typeError(ctx, path, msg.invalid(value, detail));
    return false;
  }
  return true;
}

function checkScalar(value: unknown, schema: StructuralSchema, path: string, ctx: WalkContext): void {
  if (schema.enum && !schema.enum.some((allowed) => allowed === value)) {
    fail(ctx, path, msg.notSupported(value, schema.enum), true);
  }
  if (schema.format) {
    const detail = checkFormat(value, schema.format, path);
    if (detail) fail(ctx, path, msg.invalid(value, detail));
  }
  if (typeof value === 'string') {
    const length = [...value].length;
    if (schema.maxLength !== undefined && length > schema.maxLength) fail(ctx, path, msg.tooLong(schema.maxLength));
    if (schema.minLength !== undefined && length < schema.minLength) {
      fail(ctx, path, msg.invalid(value, `${path} in body should be at least ${schema.minLength} chars long`));
    }
    const re = schema.pattern ? patternRegExp(schema.pattern) : null;
    if (re && !re.test(value)) fail(ctx, path, msg.invalid(value, `${path} in body should match '${schema.pattern}'`));
  }
  if (typeof value === 'number') {
    const { minimum, maximum, exclusiveMinimum, exclusiveMaximum, multipleOf } = schema;
    if (minimum !== undefined && (exclusiveMinimum ? value <= minimum : value < minimum)) {
      const op = exclusiveMinimum ? 'greater than' : 'greater than or equal to';
      fail(ctx, path, msg.invalid(value, `${path} in body should be ${op} ${minimum}`));
    }
    if (maximum !== undefined && (exclusiveMaximum ? value >= maximum : value > maximum)) {
      const op = exclusiveMaximum ? 'less than' : 'less than or equal to';
      fail(ctx, path, msg.invalid(value, `${path} in body should be ${op} ${maximum}`));
    }
    if (multipleOf && !Number.isInteger(value / multipleOf)) {
      fail(ctx, path, msg.invalid(value, `${path} in body should be a multiple of ${multipleOf}`));
    }
  }
}

/** `x-kubernetes-list-type: set` items and `map` keys must be unique (structurallisttype.ValidateListSetsAndMaps). */
function checkListType(items: unknown[], schema: StructuralSchema, path: string, ctx: WalkContext): void {
  const listType = schema['x-kubernetes-list-type'];
  if (listType !== 'set' && listType !== 'map' && !schema.uniqueItems) return;
  const keys = schema['x-kubernetes-list-map-keys'] ?? [];
  const seen = new Set<string>();
  items.forEach((item, i) => {
    const identity =
      listType === 'map' && isObject(item) ? Object.fromEntries(keys.map((k) => [k, item[k] ?? null])) : item;
    const key = JSON.stringify(identity);
    if (seen.has(key)) fail(ctx, indexPath(path, i), msg.duplicate(identity));
    seen.add(key);
  });
}

function validateArray(items: unknown[], schema: StructuralSchema, path: string, ctx: WalkContext): void {
  if (schema.maxItems !== undefined && items.length > schema.maxItems) {
    fail(ctx, path, msg.tooMany(items.length, schema.maxItems));
  }
  if (schema.minItems !== undefined && items.length < schema.minItems) {
    fail(ctx, path, msg.invalid(items, `${path} in body should have at least ${schema.minItems} items`));
  }
  if (ctx.full || schema.uniqueItems) checkListType(items, schema, path, ctx);
  const itemSchema = schema.items;
  if (itemSchema) items.forEach((item, i) => validateValue(item, itemSchema, indexPath(path, i), ctx));
}

function validateObject(obj: Record<string, unknown>, schema: StructuralSchema, path: string, ctx: WalkContext): void {
  const keys = Object.keys(obj);
  if (schema.maxProperties !== undefined && keys.length > schema.maxProperties) {
    fail(ctx, path, msg.tooMany(keys.length, schema.maxProperties));
  }
  if (schema.minProperties !== undefined && keys.length < schema.minProperties) {
    fail(ctx, path, msg.invalid(obj, `${path} in body should have at least ${schema.minProperties} properties`));
  }
  for (const name of schema.required ?? []) {
    if (!(name in obj)) fail(ctx, childPath(path, name), msg.required());
  }
  const additional = schema.additionalProperties;
  for (const key of keys) {
    const propSchema = schema.properties?.[key] ?? (typeof additional === 'object' ? additional : undefined);
    if (propSchema) {
      validateValue(obj[key], propSchema, childPath(path, key), ctx);
    } else if (ctx.full && additional !== true && !schema['x-kubernetes-preserve-unknown-fields']) {
      fail(ctx, childPath(path, key), msg.unknownField(key));
    }
  }
}

/** Validate `value` against `schema` at `path`, appending findings to `ctx`. */
export function validateValue(value: unknown, schema: StructuralSchema, path: string, ctx: WalkContext): void {
  const blockingBefore = ctx.blocking;
  if (!checkType(value, schema, path, ctx)) return;
  checkScalar(value, schema, path, ctx);
  if (Array.isArray(value)) validateArray(value, schema, path, ctx);
  else if (isObject(value)) validateObject(value, schema, path, ctx);
  validateComposition(value, schema, path, ctx);
  if (ctx.full && ctx.blocking === blockingBefore) evaluateRules(value, schema, path, ctx.findings);
}
