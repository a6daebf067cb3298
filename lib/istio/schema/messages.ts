/**
 * Error bodies worded as the Kubernetes API server words them (`k8s.io/apimachinery/pkg/util/validation/field`
 * `Error.ErrorBody()` wrapping kube-openapi's messages), so that `${path}: ${message}` reads exactly like the
 * `kubectl apply` error a user would get, e.g.
 * `spec.concurrency: Invalid value: -1: spec.concurrency in body should be greater than or equal to 0`.
 */

/** JSON type name of a decoded value, as kube-openapi prints it in "must be of type" errors. */
export function jsonTypeName(value: unknown): string {
  if (value === null || value === undefined) return 'null';
  if (Array.isArray(value)) return 'array';
  if (typeof value === 'number') return Number.isInteger(value) ? 'integer' : 'number';
  if (typeof value === 'bigint') return 'integer';
  return typeof value === 'object' ? 'object' : typeof value;
}

/** A bad value as `field.Error` prints it: strings quoted, scalars bare, objects and lists by type. */
export function formatValue(value: unknown): string {
  if (value === null || value === undefined) return '"null"';
  if (typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint') return String(value);
  return JSON.stringify(jsonTypeName(value));
}

/** `field.Required` */
export const required = (): string => 'Required value';

/** `field.Invalid` */
export const invalid = (value: unknown, detail: string): string => `Invalid value: ${formatValue(value)}: ${detail}`;

/** `field.NotSupported` (enum) */
export function notSupported(value: unknown, allowed: unknown[]): string {
  return `Unsupported value: ${formatValue(value)}: supported values: ${allowed.map((v) => JSON.stringify(v)).join(', ')}`;
}

/** `field.TooLong` */
export const tooLong = (max: number): string => `Too long: may not be more than ${max} bytes`;

/** `field.TooMany` */
export const tooMany = (actual: number, max: number): string => `Too many: ${actual}: must have at most ${max} items`;

/** `field.Duplicate` */
export const duplicate = (value: unknown): string =>
  `Duplicate value: ${typeof value === 'object' && value !== null ? JSON.stringify(value) : formatValue(value)}`;

/** Strict field validation; the API server would prune the field silently, Istio's webhook rejects it. */
export const unknownField = (name: string): string => `unknown field ${JSON.stringify(name)}`;
