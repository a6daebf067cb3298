/**
 * Safe parsing of one Kubernetes object written as YAML (the editor's text, a pasted manifest). Pure and isomorphic.
 *
 * The threats are the ones of reference/perf-security.md S4 and S24: alias bombs ("billion laughs", CVE-2019-11253),
 * parser bombs (deep nesting, huge mappings; the limits of `text-limits.ts`, checked while the text is tokenised and
 * before the composer runs), duplicate keys (the API server's YAML decoder rejects them too: `mapping key "x" already
 * defined`), tab indentation, several documents where one object is expected, and `__proto__`/`constructor` keys
 * (Kiali's prototype-pollution fix). Each problem comes back with its position, so the editor can place a marker on it.
 */
import {
  Composer,
  isMap,
  isScalar,
  LineCounter,
  visit,
  type Document,
  type DocumentOptions,
  type ParseOptions,
  type SchemaOptions,
  type YAMLError,
} from 'yaml';
import {
  OBJECT_LIMITS,
  scanYaml,
  violation,
  type LimitName,
  type LimitViolation,
  type TextLimits,
} from './text-limits';
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
  | 'YAML_TOO_LARGE'
  | 'YAML_TOO_DEEP'
  | 'YAML_TOO_MANY_KEYS'
  | 'YAML_TOO_MANY_ITEMS';

export interface YamlProblem extends TextRange {
  code: YamlProblemCode;
  message: string;
  /** Set when a hard limit was exceeded (size, depth, keys, items, aliases): which one and its value. */
  limit?: { name: LimitName; max: number };
}

/** The problem code of each limit (`YAML_ALIAS_LIMIT` also covers alias expansion in `toJS`). */
export const LIMIT_CODES: Readonly<Record<LimitName, YamlProblemCode>> = {
  size: 'YAML_TOO_LARGE',
  depth: 'YAML_TOO_DEEP',
  keys: 'YAML_TOO_MANY_KEYS',
  items: 'YAML_TOO_MANY_ITEMS',
  aliases: 'YAML_ALIAS_LIMIT',
};

export type SafeYamlResult =
  | { ok: true; value: Record<string, unknown>; doc: Document.Parsed; lineCounter: LineCounter }
  | { ok: false; problems: YamlProblem[] };

export interface SafeYamlOptions {
  /** Hard limits (default `OBJECT_LIMITS`: 1 MiB, depth 100, 10,000 keys, 20,000 list items, 100 aliases). */
  limits?: TextLimits;
}

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
  return {
    code: CODE_OF[err.code] ?? 'YAML_SYNTAX',
    message: cleanMessage(err.message),
    ...rangeAt(text, lc, from, Math.max(to, from + 1)),
  };
}

/** A limit violation as a problem at the place counting stopped. */
export function limitProblem(v: LimitViolation, text: string, lc: LineCounter): YamlProblem {
  return {
    code: LIMIT_CODES[v.limit],
    message: v.message,
    limit: { name: v.limit, max: v.max },
    ...rangeAt(text, lc, v.offset, v.offset + 1),
  };
}

/** A document with nothing in it (`---` at the end of a file): no contents, or an implicit null scalar. */
export function isEmptyDocument(doc: Document.Parsed): boolean {
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
        out.push({
          code: 'YAML_FORBIDDEN_KEY',
          message: `The key "${key.value}" is not allowed`,
          ...rangeAt(text, lc, key.range[0], key.range[1]),
        });
      }
    },
  });
  return out;
}

/**
 * Keys given twice in one mapping, each reported at its second occurrence. One Set per mapping: linear, where
 * `yaml`'s own `uniqueKeys` compares each key with every earlier one (81 s for a 60,000-key mapping). Scalar keys are
 * compared by value, as `yaml` does; complex keys (a mapping as a key) are not compared.
 */
export function duplicateKeys(doc: Document.Parsed, text: string, lc: LineCounter): YamlProblem[] {
  const out: YamlProblem[] = [];
  visit(doc, {
    Map(_, map) {
      const seen = new Set<unknown>();
      for (const { key } of map.items) {
        if (!isScalar(key)) continue;
        if (!seen.has(key.value)) seen.add(key.value);
        else if (key.range) {
          const name = typeof key.value === 'string' ? key.value : String(key.value);
          out.push({
            code: 'YAML_DUPLICATE_KEY',
            message: `Map keys must be unique: "${name}" is already defined`,
            ...rangeAt(text, lc, key.range[0], key.range[1]),
          });
        }
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
 * `doc.toJS()` with alias expansion capped at `maxAliases` (yaml's `maxAliasCount`), or the alias problem (at the
 * first alias) when the cap is hit.
 */
export function toJsSafe(
  doc: Document.Parsed,
  text: string,
  lc: LineCounter,
  maxAliases: number,
): { ok: true; value: unknown } | { ok: false; problem: YamlProblem } {
  try {
    return { ok: true, value: doc.toJS({ maxAliasCount: maxAliases }) as unknown };
  } catch (err) {
    // yaml throws ReferenceError('Excessive alias count indicates a resource exhaustion attack').
    const at = firstAlias(doc) ?? doc.contents?.range ?? [0, 0];
    const problem: YamlProblem = {
      ...limitProblem(violation('aliases', maxAliases, at[0]), text, lc),
      message: `Too many alias expansions: more than the limit of ${maxAliases} (${(err as Error).message})`,
      ...rangeAt(text, lc, at[0], at[1]),
    };
    return { ok: false, problem };
  }
}

const COMPOSE_OPTIONS: ParseOptions & DocumentOptions & SchemaOptions = {
  strict: true,
  uniqueKeys: false,
  prettyErrors: false,
};

export type YamlStream =
  | { ok: true; docs: Document.Parsed[]; lineCounter: LineCounter }
  | { ok: false; problems: YamlProblem[]; lineCounter: LineCounter };

/**
 * Parses a stream of YAML documents within `limits`: the limits while tokenising (`scanYaml`), then yaml's composer
 * on the same tokens, then its syntax errors and duplicate keys (of every document). Never throws. The documents are
 * not converted to JavaScript (use `toJsSafe`, which caps alias expansion).
 */
export function parseYamlStream(text: string, limits: TextLimits = OBJECT_LIMITS): YamlStream {
  const lineCounter = new LineCounter();
  const scan = scanYaml(text, limits, lineCounter.addNewLine);
  if (!scan.ok) return { ok: false, problems: [limitProblem(scan.violation, text, lineCounter)], lineCounter };
  const docs = Array.from(new Composer(COMPOSE_OPTIONS).compose(scan.tokens)) as Document.Parsed[];
  const syntax = docs.flatMap((d) => d.errors.map((e) => fromYamlError(e, text, lineCounter)));
  if (syntax.length) return { ok: false, problems: syntax, lineCounter };
  const duplicates = docs.flatMap((d) => duplicateKeys(d, text, lineCounter));
  if (duplicates.length) return { ok: false, problems: duplicates, lineCounter };
  return { ok: true, docs, lineCounter };
}

/**
 * Parses exactly one YAML mapping, refusing what a hostile or careless text could do. Never throws.
 * Problems carry 1-based `line`/`column` and 0-based `from`/`to` offsets into `text` (CodeMirror's positions); a
 * problem with `limit` set means a hard limit was exceeded (the server answers those with 413/422).
 */
export function parseYamlSafe(text: string, options: SafeYamlOptions = {}): SafeYamlResult {
  const limits = options.limits ?? OBJECT_LIMITS;
  const stream = parseYamlStream(text, limits);
  if (!stream.ok) return { ok: false, problems: stream.problems };
  const { docs, lineCounter: lc } = stream;
  const nonEmpty = docs.filter((d) => !isEmptyDocument(d));
  if (nonEmpty.length > 1) {
    const second = nonEmpty[1]!;
    return {
      ok: false,
      problems: [
        {
          code: 'YAML_MULTI_DOCUMENT',
          message: `Expected one object, found ${nonEmpty.length} YAML documents`,
          ...rangeAt(text, lc, second.range[0], second.range[1]),
        },
      ],
    };
  }
  const doc = nonEmpty[0];
  if (!doc || !isMap(doc.contents)) {
    const at = doc?.contents?.range ?? [0, text.length];
    return {
      ok: false,
      problems: [
        {
          code: 'YAML_NOT_MAPPING',
          message: 'The text must be one object (a YAML mapping with apiVersion, kind, metadata, spec)',
          ...rangeAt(text, lc, at[0], at[1]),
        },
      ],
    };
  }
  const forbidden = forbiddenKeys(doc, text, lc);
  if (forbidden.length) return { ok: false, problems: forbidden };
  const js = toJsSafe(doc, text, lc, limits.maxAliases);
  if (!js.ok) return { ok: false, problems: [js.problem] };
  return { ok: true, value: js.value as Record<string, unknown>, doc, lineCounter: lc };
}
