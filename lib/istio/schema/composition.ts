/**
 * `oneOf` / `anyOf` / `allOf` / `not`. In structural schemas these are value validations only (they may not add
 * types or properties), so each branch is checked without unknown-field, list-type or CEL checks, as kube-openapi
 * does. Istio's generator encodes protobuf `oneof` as "at most one of these fields", which gets a readable message.
 */
import * as msg from './messages';
import { validateValue, type WalkContext } from './structural';
import type { SchemaFinding, StructuralSchema } from './types';

function branchFindings(value: unknown, schema: StructuralSchema, path: string): SchemaFinding[] {
  const ctx: WalkContext = { findings: [], full: false, blocking: 0 };
  validateValue(value, schema, path, ctx);
  return ctx.findings;
}

const matches = (value: unknown, schema: StructuralSchema, path: string): boolean =>
  branchFindings(value, schema, path).length === 0;

/** Field names of an Istio protobuf-oneof encoding: `[{not: {anyOf: [{required: [a]}, ...]}}, {required: [a]}, ...]`. */
function oneofFieldNames(branches: StructuralSchema[]): string[] | null {
  const names: string[] = [];
  for (const branch of branches) {
    if (branch.not) continue;
    if (branch.required?.length !== 1 || Object.keys(branch).length !== 1) return null;
    names.push(branch.required[0] as string);
  }
  return names.length > 0 ? names : null;
}

/** Apply `allOf`, `anyOf`, `oneOf` and `not` (kube-openapi composition validators) to a value. */
export function validateComposition(value: unknown, schema: StructuralSchema, path: string, ctx: WalkContext): void {
  for (const branch of schema.allOf ?? []) {
    ctx.findings.push(...branchFindings(value, branch, path));
  }
  if (schema.anyOf && !schema['x-kubernetes-int-or-string'] && !schema.anyOf.some((b) => matches(value, b, path))) {
    ctx.findings.push({
      path,
      message: msg.invalid(value, `${path} in body must validate at least one schema (anyOf)`),
    });
  }
  if (schema.oneOf) {
    const valid = schema.oneOf.filter((b) => matches(value, b, path)).length;
    if (valid !== 1) {
      let detail = `${path} in body must validate one and only one schema (oneOf)`;
      const names = oneofFieldNames(schema.oneOf);
      if (names && value && typeof value === 'object') {
        const present = names.filter((n) => n in value);
        detail += `: only one of [${names.join(', ')}] may be set, found [${present.join(', ')}]`;
      }
      ctx.findings.push({ path, message: msg.invalid(value, detail) });
    }
  }
  if (schema.not && matches(value, schema.not, path)) {
    ctx.findings.push({ path, message: msg.invalid(value, `${path} in body must not validate the schema (not)`) });
  }
}
