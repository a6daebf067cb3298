/**
 * Reading untyped Kubernetes JSON (objects as users write them, not yet checked against a schema) without a cast at
 * every step: a field of the wrong type reads as empty. Pure.
 */

/** A JSON object. */
export type Json = Record<string, unknown>;

/** `v` when it is a plain object (not null, not an array), else `{}`. */
export const rec = (v: unknown): Json => (typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Json) : {});

/** `v` when it is an array, else `[]`. */
export const arr = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);

/** An object's `metadata.namespace`, `default` when it has none (as `kubectl apply` reads it). */
export const nsOf = (o: Json): string => String(rec(o.metadata).namespace ?? 'default');
