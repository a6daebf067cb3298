/**
 * Hard limits on user text (YAML in the editor, the validate API and the CLI; JSON request bodies), checked before or
 * while parsing so that a hostile text is refused before it costs anything (reference/perf-security.md S4 and S24).
 *
 * Measured on 2026-12-05 without them: `a: [[[[…]]]]` nested 5,000 deep (10 KB) overflowed the YAML composer's stack
 * and, sent a few times, ended the server (V8 out of memory); a 60,000-key mapping took 81 s because `yaml`'s
 * duplicate-key check compares each key with all earlier ones. The limits here bound what reaches the parser:
 * - size: the text's length in characters (UTF-16 code units, JavaScript's `length`), checked first;
 * - depth: nested mappings and lists, block or flow, counted on the `yaml` library's own lexer and CST parser, which
 *   are iterative and linear (the recursive part is the composer that runs afterwards);
 * - keys: mapping keys (`:` and `?` indicators) in one document;
 * - items: list entries (`-` and `,` indicators) in one document: a 680 KB flow list of 340,000 scalars took 5 s and
 *   300 MiB to compose (about 900 bytes per node);
 * - aliases: alias nodes (`*name`) in one document; the same number caps alias expansion in `toJS` (`maxAliasCount`).
 * Pure and isomorphic: the browser's editor and the server share it.
 */
import { Lexer, Parser, type CST } from 'yaml';

/** Which limit a text exceeded. */
export type LimitName = 'size' | 'depth' | 'keys' | 'items' | 'aliases';

export interface TextLimits {
  /** Longest text, in characters. */
  maxLength: number;
  /** Deepest nesting of mappings and lists (block and flow together); a flat mapping is depth 1. */
  maxDepth: number;
  /** Most mapping keys in one YAML document (or one JSON text). */
  maxKeys: number;
  /** Most list entries in one YAML document (or one JSON text; counted as separators, so a little over). */
  maxItems: number;
  /** Most alias nodes in one YAML document, and the `maxAliasCount` of its conversion to JavaScript. */
  maxAliases: number;
}

/**
 * Limits for one Kubernetes object typed or pasted in the editor, sent to `POST /api/istio/validate` or in a write's
 * JSON body. 1 MiB is the mutation guard's body cap (etcd's own object limit is 1.5 MiB); 100 levels is more than
 * any Istio object needs (an EnvoyFilter patch carrying Envoy config is about 30) and far below where the composer's
 * recursion fails (about 1,000); 10,000 keys is a VirtualService with some 2,000 routes, and 20,000 list entries as
 * many again (a validation of that size takes about a second); 100 aliases is `yaml`'s default `maxAliasCount`.
 */
export const OBJECT_LIMITS: Readonly<TextLimits> = Object.freeze({
  maxLength: 1024 * 1024,
  maxDepth: 100,
  maxKeys: 10_000,
  maxItems: 20_000,
  maxAliases: 100,
});

/**
 * Limits for one file given to the CLI (`npm run validate`): whole-cluster dumps are large, and one `kind: List`
 * document can hold thousands of objects, so size, keys and items are wider (a million nodes is about 1 GiB of heap
 * once composed); depth and aliases are those of an object.
 */
export const FILE_LIMITS: Readonly<TextLimits> = Object.freeze({
  maxLength: 16 * 1024 * 1024,
  maxDepth: 100,
  maxKeys: 1_000_000,
  maxItems: 1_000_000,
  maxAliases: 100,
});

/** What a text exceeded, where (0-based offset where counting stopped; 0 for size) and a sentence naming the limit. */
export interface LimitViolation {
  limit: LimitName;
  max: number;
  offset: number;
  message: string;
}

const LIMIT_MESSAGE: Record<LimitName, (max: number) => string> = {
  size: (max) => `The text is longer than the limit of ${max} characters`,
  depth: (max) => `The text nests mappings and lists deeper than the limit of ${max} levels`,
  keys: (max) => `The document has more mapping keys than the limit of ${max}`,
  items: (max) => `The document has more list items than the limit of ${max}`,
  aliases: (max) => `The document has more aliases (*name) than the limit of ${max}`,
};

/** The violation of `limit` at `offset`, with its message. */
export function violation(limit: LimitName, max: number, offset: number): LimitViolation {
  return { limit, max, offset, message: LIMIT_MESSAGE[limit](max) };
}

/** The size check alone (cheap; run it before anything else). */
export function checkLength(text: string, limits: TextLimits): LimitViolation | null {
  return text.length > limits.maxLength ? violation('size', limits.maxLength, 0) : null;
}

export type YamlScan = { ok: true; tokens: CST.Token[] } | { ok: false; violation: LimitViolation };

const COLLECTIONS: ReadonlySet<string> = new Set(['block-map', 'block-seq', 'flow-collection']);
const SCALAR_NEXT = '\x1f'; // the lexer's marker before a plain or block scalar's text (yaml CST.SCALAR)

function collectionDepth(stack: CST.Token[]): number {
  let depth = 0;
  for (const token of stack) if (COLLECTIONS.has(token.type)) depth++;
  return depth;
}

/**
 * Lexes and parses `text` to yaml's CST, stopping at the first limit exceeded; the keys, items and aliases counts
 * start again with each document. Returns the CST's top-level tokens, for `new Composer(options).compose(tokens)`, so the
 * text is read once. Linear in the text's length (the depth is only counted when the parser's stack is deeper than the
 * limit, and it stops there). `onNewLine` is a `LineCounter`'s `addNewLine`, as `yaml`'s own `Parser` takes it.
 */
export function scanYaml(text: string, limits: TextLimits, onNewLine?: (offset: number) => void): YamlScan {
  const tooLong = checkLength(text, limits);
  if (tooLong) return { ok: false, violation: tooLong };
  const parser = new Parser(onNewLine);
  onNewLine?.(0);
  const tokens: CST.Token[] = [];
  let keys = 0;
  let items = 0;
  let aliases = 0;
  let scalarText = false;
  for (const lexeme of new Lexer().lex(text)) {
    const offset = parser.offset; // where this lexeme starts (the lexer's control markers have no width there)
    for (const token of parser.next(lexeme)) {
      tokens.push(token);
      if (token.type === 'document') keys = items = aliases = 0;
    }
    if (scalarText) {
      scalarText = false; // a scalar's own text (`:x`, `*not-an-alias` inside a block scalar) is not an indicator
    } else if (lexeme === SCALAR_NEXT) {
      scalarText = true;
    } else if (lexeme === ':' || lexeme === '?') {
      if (++keys > limits.maxKeys) return { ok: false, violation: violation('keys', limits.maxKeys, offset) };
    } else if (lexeme === '-' || lexeme === ',') {
      if (++items > limits.maxItems) return { ok: false, violation: violation('items', limits.maxItems, offset) };
    } else if (lexeme[0] === '*') {
      if (++aliases > limits.maxAliases)
        return { ok: false, violation: violation('aliases', limits.maxAliases, offset) };
    }
    if (parser.stack.length > limits.maxDepth && collectionDepth(parser.stack) > limits.maxDepth) {
      return { ok: false, violation: violation('depth', limits.maxDepth, offset) };
    }
  }
  for (const token of parser.end()) tokens.push(token);
  return { ok: true, tokens };
}

/**
 * The same limits for a JSON text (a request body), in one pass over its characters before `JSON.parse`: depth is
 * the nesting of `{`/`[`, keys the `:` and items the `,` outside strings (over the whole text). Invalid JSON is left
 * to `JSON.parse`.
 */
export function scanJson(
  text: string,
  limits: Pick<TextLimits, 'maxLength' | 'maxDepth' | 'maxKeys' | 'maxItems'>,
): LimitViolation | null {
  if (text.length > limits.maxLength) return violation('size', limits.maxLength, 0);
  let depth = 0;
  let keys = 0;
  let items = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c)
        i++; // backslash: skip the escaped character
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) {
      inString = true;
    } else if (c === 0x7b || c === 0x5b) {
      if (++depth > limits.maxDepth) return violation('depth', limits.maxDepth, i);
    } else if (c === 0x7d || c === 0x5d) {
      depth--;
    } else if (c === 0x3a) {
      if (++keys > limits.maxKeys) return violation('keys', limits.maxKeys, i);
    } else if (c === 0x2c) {
      if (++items > limits.maxItems) return violation('items', limits.maxItems, i);
    }
  }
  return null;
}
