/**
 * Safe parsing of one Kubernetes object written as YAML (the editor's text, a pasted manifest). Pure and isomorphic.
 *
 * The threats are the ones of reference/perf-security.md S4: alias bombs ("billion laughs", CVE-2019-11253), duplicate
 * keys (the API server's YAML decoder rejects them too: `mapping key "x" already defined`), tab indentation,
 * several documents where one object is expected, and `__proto__`/`constructor` keys (Kiali's prototype-pollution
 * fix). Each problem comes back with its position, so the editor can place a marker on it.
 */
import { isMap, isScalar, LineCounter, parseAllDocuments, visit, type Document, type YAMLError } from 'yaml';
import { rangeAt, type TextRange } from './text-range';

/** Stable codes of the problems safe parsing reports (shown in the editor like IST/KIA codes). */
export type YamlProblemCode =
  | 'YAML_SYNTAX'
  | 'YAML_DUPLICATE_KEY'
  | 'YAML_TAB_INDENT'
  | 'YAML_ALIAS_LIMIT'
  | 'YAML_FORBIDDEN_KEY'
  | 'YAML_MULTI_DOCUMENT'
  | 'YAML_NOT_MAPPING'
  | 'YAML_TOO_LARGE';

export interface YamlProblem extends TextRange {
  code: YamlProblemCode;
  message: string;
}

export type SafeYamlResult =
  | { ok: true; value: Record<string, unknown>; doc: Document.Parsed; lineCounter: LineCounter }
  | { ok: false; problems: YamlProblem[] };

export interface SafeYamlOptions {
  /** Largest text accepted, in characters (default 1 MiB, the mutation guard's body cap). */
  maxLength?: number;
  /** Alias resolutions allowed while building the value (default 32; a 9-level bomb needs millions). */
  maxAliasCount?: number;
}

export const MAX_YAML_LENGTH = 1024 * 1024;
export const MAX_ALIAS_COUNT = 32;

/** Keys that would reach `Object.prototype` if a merge ever walked them (`__proto__`, `constructor`, `prototype`). */
export const FORBIDDEN_KEYS: ReadonlySet<string> = new Set(['__proto__', 'constructor', 'prototype']);

const CODE_OF: Partial<Record<string, YamlProblemCode>> = {
  DUPLICATE_KEY: 'YAML_DUPLICATE_KEY',
  TAB_AS_INDENT: 'YAML_TAB_INDENT',
};

/** `yaml`'s messages end with " at line L, column C:" and a code frame; we give the position separately. */
function cleanMessage(message: string): string {
  const first = message.split('\n')[0] ?? message;
  return first.replace(/ at line \d+, column \d+:?$/, '');
}

function fromYamlError(err: YAMLError, text: string, lc: LineCounter): YamlProblem {
  const [from, to] = err.pos;
  return { code: CODE_OF[err.code] ?? 'YAML_SYNTAX', message: cleanMessage(err.message), ...rangeAt(text, lc, from, Math.max(to, from + 1)) };
}

/** A document with nothing in it (`---` at the end of a file): no contents, or an implicit null scalar. */
function isEmptyDocument(doc: Document.Parsed): boolean {
  const c = doc.contents;
  return c === null || (isScalar(c) && c.value === null && c.source === '');
}

/** Walks the document's keys and reports each forbidden one at its position. */
function forbiddenKeys(doc: Document.Parsed, text: string, lc: LineCounter): YamlProblem[] {
  const out: YamlProblem[] = [];
  visit(doc, {
    Pair(_, pair) {
      const key = pair.key;
      if (isScalar(key) && typeof key.value === 'string' && FORBIDDEN_KEYS.has(key.value) && key.range) {
        out.push({ code: 'YAML_FORBIDDEN_KEY', message: `The key "${key.value}" is not allowed`, ...rangeAt(text, lc, key.range[0], key.range[1]) });
      }
    },
  });
  return out;
}

function firstAlias(doc: Document.Parsed): [number, number] | undefined {
  let found: [number, number] | undefined;
  visit(doc, {
    Alias(_, node) {
      if (node.range) found = [node.range[0], node.range[1]];
      return visit.BREAK;
    },
  });
  return found;
}

/**
 * Parses exactly one YAML mapping, refusing what a hostile or careless text could do. Never throws.
 * Problems carry 1-based `line`/`column` and 0-based `from`/`to` offsets into `text` (CodeMirror's positions).
 */
export function parseYamlSafe(text: string, options: SafeYamlOptions = {}): SafeYamlResult {
  const maxLength = options.maxLength ?? MAX_YAML_LENGTH;
  const lc = new LineCounter();
  if (text.length > maxLength) {
    return { ok: false, problems: [{ code: 'YAML_TOO_LARGE', message: `The text is longer than ${maxLength} characters`, ...rangeAt(text, lc, 0, 0) }] };
  }
  const docs = parseAllDocuments(text, { uniqueKeys: true, prettyErrors: true, lineCounter: lc, strict: true });
  // parseAllDocuments returns an EmptyStream (an array without documents) for blank text.
  const all = Array.isArray(docs) ? docs : [];
  const syntax = all.flatMap((d) => d.errors.map((e) => fromYamlError(e, text, lc)));
  if (syntax.length) return { ok: false, problems: syntax };
  const nonEmpty = all.filter((d) => !isEmptyDocument(d));
  if (nonEmpty.length > 1) {
    const second = nonEmpty[1]!;
    return {
      ok: false,
      problems: [{ code: 'YAML_MULTI_DOCUMENT', message: `Expected one object, found ${nonEmpty.length} YAML documents`, ...rangeAt(text, lc, second.range[0], second.range[1]) }],
    };
  }
  const doc = nonEmpty[0];
  if (!doc || !isMap(doc.contents)) {
    const at = doc?.contents?.range ?? [0, text.length];
    return { ok: false, problems: [{ code: 'YAML_NOT_MAPPING', message: 'The text must be one object (a YAML mapping with apiVersion, kind, metadata, spec)', ...rangeAt(text, lc, at[0], at[1]) }] };
  }
  const forbidden = forbiddenKeys(doc, text, lc);
  if (forbidden.length) return { ok: false, problems: forbidden };
  try {
    const value = doc.toJS({ maxAliasCount: options.maxAliasCount ?? MAX_ALIAS_COUNT }) as Record<string, unknown>;
    return { ok: true, value, doc, lineCounter: lc };
  } catch (err) {
    // yaml throws ReferenceError('Excessive alias count indicates a resource exhaustion attack').
    const at = firstAlias(doc) ?? doc.contents.range;
    return {
      ok: false,
      problems: [{ code: 'YAML_ALIAS_LIMIT', message: `Too many alias expansions (${(err as Error).message})`, ...rangeAt(text, lc, at[0], at[1]) }],
    };
  }
}
