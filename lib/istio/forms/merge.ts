/**
 * Helpers every form model shares. Forms only know some fields of an Istio object; to lose nothing, a form's values
 * are merged onto the object it was opened from: known fields are replaced (or removed when the form leaves them
 * empty), every other field — at every level, matched by position in lists — is kept as it was. Pure and isomorphic.
 */

export type Json = Record<string, unknown>;

export const isRecord = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);
export const asRecord = (v: unknown): Json => (isRecord(v) ? v : {});
export const asList = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);
/** A list field read into a form, each entry by `read`; undefined when the field is absent (or not a list). */
export function mapList<T>(v: unknown, read: (entry: unknown) => T): T[] | undefined {
  return Array.isArray(v) ? v.map((entry: unknown) => read(entry)) : undefined;
}

/** A list of strings, or undefined when the field is absent (absent and `[]` are different things to Istio). */
export function strings(v: unknown): string[] | undefined {
  return Array.isArray(v) ? v.map(String) : undefined;
}

/** `v` when it is one of `list` (an enum field's values), else undefined. */
export function oneOf<T extends string>(list: readonly T[], v: unknown): T | undefined {
  return list.includes(v as T) ? (v as T) : undefined;
}

/** An optional string field. */
export function optString(v: unknown): string | undefined {
  return typeof v === 'string' ? v : undefined;
}

/**
 * `original` with the `known` fields applied: a value replaces, `undefined` removes. The result is a fresh object;
 * `original` is not modified. Key order: original keys first (so an unchanged object serializes identically).
 */
export function mergeKnown(original: unknown, known: Record<string, unknown>): Json {
  const out: Json = { ...asRecord(original) };
  for (const [key, value] of Object.entries(known)) {
    if (value === undefined) delete out[key];
    else out[key] = value;
  }
  return out;
}

/**
 * An optional part of a form merged onto the original's field: undefined (the field is removed) when the form has no
 * such part, else `mergeKnown(original, known(part))`.
 */
export function mergePart<T>(
  part: T | undefined,
  original: unknown,
  known: (part: T) => Record<string, unknown>,
): Json | undefined {
  return part === undefined ? undefined : mergeKnown(original, known(part));
}

/** Like `mergeKnown`, but returns undefined when the result is empty and the original had no such object. */
export function mergeOptional(original: unknown, known: Record<string, unknown>): Json | undefined {
  const merged = mergeKnown(original, known);
  return Object.keys(merged).length === 0 && !isRecord(original) ? undefined : merged;
}

/** Maps form items onto the original list by position, so unknown fields of item i survive. */
export function mergeList<T>(
  original: unknown,
  items: T[] | undefined,
  build: (item: T, original: unknown) => unknown,
): unknown[] | undefined {
  if (items === undefined) return undefined;
  const orig = asList(original);
  return items.map((item, i) => build(item, orig[i]));
}

/** Label map (`matchLabels`) ⇄ ordered key/value rows for forms. */
export interface LabelRow {
  key: string;
  value: string;
}

export function labelRows(v: unknown): LabelRow[] | undefined {
  return isRecord(v) ? Object.entries(v).map(([key, value]) => ({ key, value: String(value) })) : undefined;
}

export function labelMap(rows: LabelRow[] | undefined): Record<string, string> | undefined {
  if (rows === undefined) return undefined;
  const out: Record<string, string> = {};
  for (const r of rows) if (r.key) out[r.key] = r.value;
  return out;
}

/** `list` with entry `i` replaced by `item` (the forms' immutable list edits). */
export const replaceAt = <T>(list: readonly T[], i: number, item: T): T[] => list.map((x, j) => (j === i ? item : x));
/** `list` without entry `i`. */
export const removeAt = <T>(list: readonly T[], i: number): T[] => list.filter((_, j) => j !== i);
/** `list` without entry `i`; undefined (the field is absent) when that was its last entry. */
export const removeOrAbsent = <T>(list: readonly T[], i: number): T[] | undefined =>
  list.length > 1 ? removeAt(list, i) : undefined;

/** Text field ⇄ list: comma- or newline-separated; an empty text means "absent". */
export function listFromText(text: string): string[] | undefined {
  const items = text
    .split(/[,\n]/)
    .map((s) => s.trim())
    .filter(Boolean);
  return items.length ? items : undefined;
}

export function textFromList(list: string[] | undefined): string {
  return (list ?? []).join(', ');
}

/** Object metadata the forms edit: name and namespace; labels, annotations and the rest come from the original. */
export interface MetadataForm {
  name: string;
  namespace: string;
}

export function metadataForm(obj: Json): MetadataForm {
  const meta = asRecord(obj.metadata);
  return { name: optString(meta.name) ?? '', namespace: optString(meta.namespace) ?? '' };
}

/** The name, namespace and apiVersion of a form read from an object (`defaultApiVersion` when it has none). */
export function objectFormBase(obj: Json, defaultApiVersion: string): MetadataForm & { apiVersion: string } {
  return { ...metadataForm(obj), apiVersion: optString(obj.apiVersion) ?? defaultApiVersion };
}

/** A form of an object that selects workloads: metadata, apiVersion and the selector's labels (undefined = none). */
export interface SelectorObjectForm extends MetadataForm {
  apiVersion: string;
  selector?: LabelRow[];
}

/**
 * `objectFormBase` plus the workload selector read from `labels`, a plain label map wherever the kind keeps it
 * (Gateway `spec.selector`, Sidecar `spec.workloadSelector.labels`, security kinds `spec.selector.matchLabels`).
 */
export function selectorFormBase(obj: Json, defaultApiVersion: string, labels: unknown): SelectorObjectForm {
  return { ...objectFormBase(obj, defaultApiVersion), selector: labelRows(labels) };
}

/** Istio's port protocols (`Port.protocol`, `ServicePort.protocol`): what a Gateway server or a ServiceEntry port names. */
export const PORT_PROTOCOLS = ['HTTP', 'HTTPS', 'GRPC', 'HTTP2', 'MONGO', 'TCP', 'TLS'] as const;
export type PortProtocol = (typeof PORT_PROTOCOLS)[number];

/** The form base of a `security.istio.io/v1` policy: its selector is `spec.selector.matchLabels`. */
export function policyFormBase(obj: Json): SelectorObjectForm {
  return selectorFormBase(obj, 'security.istio.io/v1', asRecord(asRecord(obj.spec).selector).matchLabels);
}

/** Applies name and namespace; a namespace left empty stays absent (objects without one live in `default`). */
export function applyMetadata(original: Json | undefined, form: MetadataForm): Json {
  return mergeKnown(asRecord(original?.metadata), { name: form.name, namespace: form.namespace || undefined });
}

/**
 * An Istio object of `kind` from its form: `apiVersion`, name and namespace (`applyMetadata`) and the `spec` fields the
 * form knows (undefined = absent), each merged onto `original` (null or absent for a new object), so what the form does
 * not know (labels, annotations, targetRef, status, future fields) is kept.
 */
export function objectFromForm(
  kind: string,
  form: MetadataForm & { apiVersion: string },
  original: Json | null | undefined,
  spec: Record<string, unknown>,
): Json {
  return mergeKnown(original, {
    apiVersion: form.apiVersion,
    kind,
    metadata: applyMetadata(original ?? undefined, form),
    spec: mergeKnown(original?.spec, spec),
  });
}

/** A workload selector (`matchLabels`) from the form's label rows, merged onto the original (undefined = none). */
export function selectorFromForm(rows: LabelRow[] | undefined, original: unknown): Json | undefined {
  return mergePart(rows, original, (r) => ({ matchLabels: labelMap(r) }));
}

/**
 * A `security.istio.io/v1` policy of `kind` from its form (`objectFromForm`), the inverse of `policyFormBase`: the
 * workload selector (`spec.selector.matchLabels`, `selectorFromForm`) first, then the kind's own `spec` fields.
 */
export function policyFromForm(
  kind: string,
  form: SelectorObjectForm,
  original: Json | null | undefined,
  spec: Record<string, unknown>,
): Json {
  return objectFromForm(kind, form, original, {
    selector: selectorFromForm(form.selector, asRecord(original?.spec).selector),
    ...spec,
  });
}
