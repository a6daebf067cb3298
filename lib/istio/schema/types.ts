/** A CEL rule as written in a CRD (`x-kubernetes-validations[]`). */
export interface ValidationRule {
  rule: string;
  message?: string;
  messageExpression?: string;
  fieldPath?: string;
  reason?: string;
  optionalOldSelf?: boolean;
}

/**
 * The subset of OpenAPI v3 that Kubernetes structural schemas allow (apiextensions `JSONSchemaProps`), which is all
 * Istio's CRDs use. Documentation keywords are stripped by `generate.ts`.
 */
export interface StructuralSchema {
  type?: 'object' | 'array' | 'string' | 'integer' | 'number' | 'boolean';
  format?: string;
  properties?: Record<string, StructuralSchema>;
  additionalProperties?: StructuralSchema | boolean;
  items?: StructuralSchema;
  required?: string[];
  enum?: unknown[];
  nullable?: boolean;
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: boolean;
  exclusiveMaximum?: boolean;
  multipleOf?: number;
  minLength?: number;
  maxLength?: number;
  pattern?: string;
  minItems?: number;
  maxItems?: number;
  uniqueItems?: boolean;
  minProperties?: number;
  maxProperties?: number;
  oneOf?: StructuralSchema[];
  anyOf?: StructuralSchema[];
  allOf?: StructuralSchema[];
  not?: StructuralSchema;
  default?: unknown;
  'x-kubernetes-preserve-unknown-fields'?: boolean;
  'x-kubernetes-int-or-string'?: boolean;
  'x-kubernetes-embedded-resource'?: boolean;
  'x-kubernetes-list-type'?: 'atomic' | 'set' | 'map';
  'x-kubernetes-list-map-keys'?: string[];
  'x-kubernetes-map-type'?: 'atomic' | 'granular';
  'x-kubernetes-validations'?: ValidationRule[];
}

/** One Istio kind and the schema index of each served version. */
export interface CrdKindEntry {
  group: string;
  kind: string;
  plural: string;
  scope: string;
  storageVersion: string;
  versions: Record<string, number>;
}

/** Shape of `crds.gen.json`: kinds keyed by `group/Kind`; identical version schemas are stored once. */
export interface CrdData {
  kinds: Record<string, CrdKindEntry>;
  schemas: StructuralSchema[];
}

/** A schema finding: `path` is dotted with indices (`spec.http[0].route[0].weight`). */
export interface SchemaFinding {
  path: string;
  message: string;
}
