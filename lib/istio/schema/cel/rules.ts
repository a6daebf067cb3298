/**
 * Evaluation of CRD `x-kubernetes-validations` rules the way the API server does it
 * (k8s.io/apiextensions-apiserver/pkg/apiserver/schema/cel/validation.go), for create: `oldSelf` is not bound and
 * transition rules are skipped. Compiled programs are cached per rule text.
 */
import { isCelError, parse, plan, type CelInput, type CelResult } from '@bufbuild/cel';
import { childPath } from '../../path';
import type { SchemaFinding, StructuralSchema, ValidationRule } from '../types';
import { kubernetesCelEnv } from './env';

type Program = (ctx: Record<string, CelInput>) => CelResult;

const programs = new Map<string, Program | Error>();

/** Compile (once) a rule or message expression; returns the compile error instead of throwing. */
export function compileRule(expression: string): Program | Error {
  let program = programs.get(expression);
  if (!program) {
    try {
      program = plan(kubernetesCelEnv(), parse(expression)) as Program;
    } catch (err) {
      program = err instanceof Error ? err : new Error(String(err));
    }
    programs.set(expression, program);
  }
  return program;
}

const CEL_RESERVED = new Set(
  'true false null in as break const continue else for function if import let loop package namespace return var void while'.split(
    ' ',
  ),
);

/** Kubernetes' property-name escaping for CEL (`foo-bar` is `self.foo__dash__bar`); null when not addressable. */
export function escapeCelName(name: string): string | null {
  if (CEL_RESERVED.has(name)) return `__${name}__`;
  const escaped = name
    .replace(/__/g, '__underscores__')
    .replace(/\./g, '__dot__')
    .replace(/-/g, '__dash__')
    .replace(/\//g, '__slash__');
  return /^[A-Za-z_][A-Za-z0-9_]*$/.test(escaped) ? escaped : null;
}

function genericToCel(value: unknown): CelInput {
  if (value === null || value === undefined) return null;
  if (typeof value === 'number') return Number.isInteger(value) ? BigInt(value) : value;
  if (Array.isArray(value)) return value.map(genericToCel);
  if (typeof value === 'object') {
    return new Map(Object.entries(value).map(([k, v]) => [k, genericToCel(v)] as const));
  }
  return value as CelInput;
}

/**
 * JSON value to CEL value, typed by the schema as Kubernetes types it: `integer` is int, `number` double, objects with
 * `properties` expose only their declared (escaped) fields, since the API server prunes unknown fields before CEL.
 */
export function toCelValue(value: unknown, schema: StructuralSchema): CelInput {
  if (value === null || value === undefined) return null;
  if (typeof value === 'number') {
    if (schema.type === 'number') return value;
    return Number.isInteger(value) ? BigInt(value) : value;
  }
  if (Array.isArray(value)) return value.map((item) => toCelValue(item, schema.items ?? {}));
  if (typeof value !== 'object') return value as CelInput;
  const entries = Object.entries(value as Record<string, unknown>);
  if (schema.properties) {
    const out = new Map<string, CelInput>();
    for (const [key, item] of entries) {
      const propSchema = schema.properties[key];
      const celName = escapeCelName(key);
      if (propSchema && celName) out.set(celName, toCelValue(item, propSchema));
      else if (!propSchema && schema['x-kubernetes-preserve-unknown-fields']) out.set(key, genericToCel(item));
    }
    return out;
  }
  const additional = schema.additionalProperties;
  if (additional && typeof additional === 'object') {
    return new Map(entries.map(([k, v]) => [k, toCelValue(v, additional)] as const));
  }
  return genericToCel(value);
}

function ruleErrorString(rule: ValidationRule): string {
  return rule.message?.trim() ? rule.message.trim() : `failed rule: ${rule.rule.trim()}`;
}

function messageFor(rule: ValidationRule, bindings: Record<string, CelInput>): string {
  if (rule.messageExpression) {
    const program = compileRule(rule.messageExpression);
    if (!(program instanceof Error)) {
      const result = program(bindings);
      if (typeof result === 'string' && result.trim() !== '' && !result.includes('\n')) return result.trim();
    }
  }
  return ruleErrorString(rule);
}

function errorBody(rule: ValidationRule, typeName: string, detail: string): string {
  switch (rule.reason) {
    case 'FieldValueRequired':
      return `Required value: ${detail}`;
    case 'FieldValueForbidden':
      return `Forbidden: ${detail}`;
    case 'FieldValueDuplicate':
      return `Duplicate value: ${JSON.stringify(typeName)}: ${detail}`;
    default:
      return `Invalid value: ${JSON.stringify(typeName)}: ${detail}`;
  }
}

/** Join a rule's `fieldPath` (`.spec.foo`, `['a.b']`, `[0]`) onto the node's path. */
function withFieldPath(path: string, fieldPath: string | undefined): string {
  if (!fieldPath) return path;
  let out = path;
  const token = /\.([A-Za-z_][\w-]*)|\['((?:[^'\\]|\\.)*)'\]|\[(\d+)\]/g;
  let match: RegExpExecArray | null;
  while ((match = token.exec(fieldPath)) !== null) {
    if (match[1] !== undefined) out = childPath(out, match[1]);
    else if (match[2] !== undefined) out = childPath(out, match[2]);
    else out = `${out}[${match[3]}]`;
  }
  return out;
}

/** Evaluate the node's rules (its subtree is already type-correct) and append one finding per failed rule. */
export function evaluateRules(value: unknown, schema: StructuralSchema, path: string, findings: SchemaFinding[]): void {
  const rules = schema['x-kubernetes-validations'];
  if (!rules?.length) return;
  const typeName = schema.type ?? (schema['x-kubernetes-int-or-string'] ? 'integer-or-string' : 'object');
  const bindings = { self: toCelValue(value, schema) };
  for (const rule of rules) {
    // Transition rules need the old object; on create the API server skips them.
    if (/\boldSelf\b/.test(rule.rule) && !rule.optionalOldSelf) continue;
    const program = compileRule(rule.rule);
    // A rule we cannot compile is a gap in this validator, not the user's mistake: schema.test.ts keeps the set empty.
    if (program instanceof Error) continue;
    const result = program(bindings);
    const at = withFieldPath(path, rule.fieldPath);
    if (isCelError(result)) {
      // Word the common runtime error as cel-go does, since that is what kubectl users see and search for.
      const error = result.message.replace(/^field not found: /, 'no such key: ');
      const reason = error.startsWith('no such overload')
        ? `'${error}': call arguments did not match a supported operator, function or macro signature for rule: ${ruleErrorString(rule)}`
        : `${error} evaluating rule: ${ruleErrorString(rule)}`;
      findings.push({ path, message: errorBody(rule, typeName, reason) });
    } else if (result !== true) {
      const detail = typeof result === 'boolean' ? messageFor(rule, bindings) : 'rule did not evaluate to a bool';
      findings.push({ path: at, message: errorBody(rule, typeName, detail) });
    }
  }
}
