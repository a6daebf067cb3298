/**
 * The patch formats the API server accepts: JSON merge patch (RFC 7386), JSON patch (RFC 6902) and a pragmatic
 * strategic merge patch (merge patch plus merge keys for the well-known lists, and kubectl's `$` directives).
 */

/** A patch that cannot be applied; the HTTP layer answers 422 (or 400 for a malformed document). */
export class PatchError extends Error {
  constructor(
    message: string,
    readonly malformed = false,
  ) {
    super(message);
  }
}

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type JsonObject = { [key: string]: Json };

function isObject(v: unknown): v is JsonObject {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** RFC 7386 JSON merge patch: objects merge recursively, `null` deletes, everything else replaces. */
export function applyMergePatch(target: unknown, patch: unknown): unknown {
  if (!isObject(patch)) return structuredClone(patch);
  const out: JsonObject = isObject(target) ? { ...target } : {};
  for (const [k, v] of Object.entries(patch)) {
    if (v === null) delete out[k];
    else out[k] = applyMergePatch(out[k], v) as Json;
  }
  return out;
}

interface Operation {
  op: string;
  path: string;
  from?: string;
  value?: unknown;
}

function parsePointer(pointer: string): string[] {
  if (pointer === '') return [];
  if (!pointer.startsWith('/')) throw new PatchError(`invalid JSON pointer "${pointer}"`, true);
  return pointer
    .slice(1)
    .split('/')
    .map((t) => t.replace(/~1/g, '/').replace(/~0/g, '~'));
}

function arrayIndex(arr: unknown[], token: string, forInsert: boolean): number {
  if (forInsert && token === '-') return arr.length;
  if (!/^(0|[1-9]\d*)$/.test(token)) throw new PatchError(`invalid array index "${token}"`);
  const i = Number(token);
  if (i > arr.length || (!forInsert && i === arr.length)) throw new PatchError(`array index ${i} out of bounds`);
  return i;
}

/** Resolves the container of the pointer's last token. */
function parentOf(doc: unknown, tokens: string[], path: string): unknown {
  let cur = doc;
  for (const t of tokens.slice(0, -1)) {
    if (Array.isArray(cur)) cur = cur[arrayIndex(cur, t, false)];
    else if (isObject(cur) && t in cur) cur = cur[t];
    else throw new PatchError(`doc is missing path: "${path}"`);
  }
  if (!Array.isArray(cur) && !isObject(cur)) throw new PatchError(`doc is missing path: "${path}"`);
  return cur;
}

function getAt(doc: unknown, path: string): unknown {
  const tokens = parsePointer(path);
  if (tokens.length === 0) return doc;
  const parent = parentOf(doc, tokens, path);
  const last = tokens[tokens.length - 1]!;
  if (Array.isArray(parent)) return parent[arrayIndex(parent, last, false)];
  const obj = parent as JsonObject;
  if (!(last in obj)) throw new PatchError(`doc is missing path: "${path}"`);
  return obj[last];
}

function addAt(doc: unknown, path: string, value: unknown): unknown {
  const tokens = parsePointer(path);
  if (tokens.length === 0) return structuredClone(value);
  const parent = parentOf(doc, tokens, path);
  const last = tokens[tokens.length - 1]!;
  if (Array.isArray(parent)) parent.splice(arrayIndex(parent, last, true), 0, structuredClone(value));
  else (parent as Record<string, unknown>)[last] = structuredClone(value);
  return doc;
}

function removeAt(doc: unknown, path: string): unknown {
  const tokens = parsePointer(path);
  if (tokens.length === 0) throw new PatchError('cannot remove the whole document');
  const parent = parentOf(doc, tokens, path);
  const last = tokens[tokens.length - 1]!;
  if (Array.isArray(parent)) parent.splice(arrayIndex(parent, last, false), 1);
  else {
    const obj = parent as JsonObject;
    if (!(last in obj)) throw new PatchError(`unable to remove nonexistent key: ${last}: missing value`);
    delete obj[last];
  }
  return doc;
}

function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((v, i) => deepEqual(v, b[i]));
  if (isObject(a) && isObject(b)) {
    const ka = Object.keys(a);
    return ka.length === Object.keys(b).length && ka.every((k) => k in b && deepEqual(a[k], b[k]));
  }
  return false;
}

/**
 * RFC 6902 JSON patch: add, remove, replace, move, copy and test, applied in order to a copy of the target.
 * @throws PatchError when an operation cannot apply (missing path, failed test) or the document is malformed.
 */
export function applyJsonPatch(target: unknown, patch: unknown): unknown {
  if (!Array.isArray(patch)) throw new PatchError('a JSON patch must be an array of operations', true);
  let doc = structuredClone(target);
  for (const raw of patch as Operation[]) {
    if (!isObject(raw) || typeof raw.op !== 'string' || typeof raw.path !== 'string') {
      throw new PatchError('each JSON patch operation needs "op" and "path"', true);
    }
    const needsValue = ['add', 'replace', 'test'].includes(raw.op);
    if (needsValue && !('value' in raw)) throw new PatchError(`missing value for operation "${raw.op}"`, true);
    switch (raw.op) {
      case 'add':
        doc = addAt(doc, raw.path, raw.value);
        break;
      case 'remove':
        doc = removeAt(doc, raw.path);
        break;
      case 'replace':
        getAt(doc, raw.path);
        doc = addAt(removeAt(doc, raw.path), raw.path, raw.value);
        break;
      case 'move': {
        if (typeof raw.from !== 'string') throw new PatchError('missing "from" for move', true);
        const value = getAt(doc, raw.from);
        doc = addAt(removeAt(doc, raw.from), raw.path, value);
        break;
      }
      case 'copy': {
        if (typeof raw.from !== 'string') throw new PatchError('missing "from" for copy', true);
        doc = addAt(doc, raw.path, getAt(doc, raw.from));
        break;
      }
      case 'test':
        if (!deepEqual(getAt(doc, raw.path), raw.value))
          throw new PatchError(`testing value ${raw.path} failed: test failed`);
        break;
      default:
        throw new PatchError(`Unexpected kind: ${raw.op}`, true);
    }
  }
  return doc;
}

/** Merge keys of the lists that core Kubernetes types merge by key (`patchMergeKey` in their Go types). */
const MERGE_KEYS: Record<string, string[]> = {
  containers: ['name'],
  initContainers: ['name'],
  ephemeralContainers: ['name'],
  volumes: ['name'],
  env: ['name'],
  imagePullSecrets: ['name'],
  volumeMounts: ['mountPath'],
  volumeDevices: ['devicePath'],
  ports: ['containerPort', 'port'],
  conditions: ['type'],
  hostAliases: ['ip'],
  topologySpreadConstraints: ['topologyKey'],
  ownerReferences: ['uid'],
};
/** Primitive lists whose patch strategy is merge (union) rather than replace. */
const MERGED_PRIMITIVE_LISTS = new Set(['finalizers']);

function mergeKeyFor(field: string, items: unknown[]): string | undefined {
  const candidates = MERGE_KEYS[field];
  if (!candidates || !items.every(isObject)) return undefined;
  return candidates.find((k) =>
    items.every((i) => (i as JsonObject)[k] !== undefined || (i as JsonObject).$patch !== undefined),
  );
}

function strategicList(field: string, target: unknown, patch: Json[]): Json[] {
  if (patch.some((i) => isObject(i) && i.$patch === 'replace')) {
    return patch.filter((i) => !(isObject(i) && i.$patch === 'replace')).map((i) => stripDirectives(i));
  }
  const current = Array.isArray(target) ? (target as Json[]) : [];
  if (MERGED_PRIMITIVE_LISTS.has(field) && patch.every((i) => !isObject(i))) {
    return [...current, ...patch.filter((i) => !current.some((c) => deepEqual(c, i)))];
  }
  const key = mergeKeyFor(field, patch);
  if (!key) return patch.map((i) => stripDirectives(i));
  const out = current.map((i) => structuredClone(i));
  for (const item of patch as JsonObject[]) {
    const idx = out.findIndex((c) => isObject(c) && deepEqual(c[key], item[key]));
    if (item.$patch === 'delete') {
      if (idx >= 0) out.splice(idx, 1);
    } else if (idx >= 0) {
      out[idx] = applyStrategicMergePatch(out[idx], item) as Json;
    } else {
      out.push(stripDirectives(item));
    }
  }
  return out;
}

function stripDirectives(value: Json): Json {
  if (Array.isArray(value)) return value.map(stripDirectives);
  if (!isObject(value)) return value;
  const out: JsonObject = {};
  for (const [k, v] of Object.entries(value)) if (!k.startsWith('$')) out[k] = stripDirectives(v);
  return out;
}

function reorder(list: Json[], order: Json[], field: string): Json[] {
  const key = mergeKeyFor(field, order);
  const position = (item: Json): number =>
    order.findIndex((o) => (key && isObject(o) && isObject(item) ? deepEqual(o[key], item[key]) : deepEqual(o, item)));
  const ranked = list.map((item, i) => ({ item, rank: position(item), i }));
  return ranked
    .sort((a, b) => (a.rank < 0 ? Infinity : a.rank) - (b.rank < 0 ? Infinity : b.rank) || a.i - b.i)
    .map((r) => r.item);
}

/**
 * A strategic merge patch as kubectl sends it for built-in kinds: a merge patch where the well-known lists
 * (containers, ports, env, volumes, ...) merge by key, plus the `$patch`, `$retainKeys`,
 * `$setElementOrder/<list>` and `$deleteFromPrimitiveList/<list>` directives. Lists without a known merge key
 * are replaced, as with a merge patch.
 */
export function applyStrategicMergePatch(target: unknown, patch: unknown): unknown {
  if (!isObject(patch)) return structuredClone(patch);
  if (patch.$patch === 'replace') return stripDirectives(patch);
  if (patch.$patch === 'delete') return undefined;
  const out: JsonObject = isObject(target) ? { ...target } : {};
  for (const [k, v] of Object.entries(patch)) {
    if (k.startsWith('$')) continue;
    if (v === null) delete out[k];
    else if (Array.isArray(v)) out[k] = strategicList(k, out[k], v);
    else {
      const merged = applyStrategicMergePatch(out[k], v);
      if (merged === undefined) delete out[k];
      else out[k] = merged as Json;
    }
  }
  for (const [k, v] of Object.entries(patch)) {
    if (k.startsWith('$deleteFromPrimitiveList/') && Array.isArray(v)) {
      const field = k.slice('$deleteFromPrimitiveList/'.length);
      const list = out[field];
      if (Array.isArray(list)) out[field] = list.filter((i) => !v.some((d) => deepEqual(d, i)));
    }
    if (k.startsWith('$setElementOrder/') && Array.isArray(v)) {
      const field = k.slice('$setElementOrder/'.length);
      const list = out[field];
      if (Array.isArray(list)) out[field] = reorder(list, v, field);
    }
  }
  if (Array.isArray(patch.$retainKeys)) {
    const keep = new Set(patch.$retainKeys as string[]);
    for (const k of Object.keys(out)) if (!keep.has(k)) delete out[k];
  }
  return out;
}
