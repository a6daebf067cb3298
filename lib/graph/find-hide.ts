/**
 * The graph page's Find/Hide expressions (Kiali `GraphFind.tsx`, `GraphHelpFind.tsx`; reference/kiali.md §1.1),
 * compiled to predicates over a node's or an edge's `data`. Isomorphic (used by the graph page).
 *
 * Grammar: terms joined by AND / OR (any case); no parentheses. A term is `operand op value` with op one of
 * `= != > >= < <=`, `*=`|contains, `^=`|startswith, `$=`|endswith and their `!` forms (`!*=`, `!contains`,
 * `not contains`...), or a flag, optionally negated by `!` or `not` (and with an optional `is`/`has`:
 * `has cb`, `! is outside`). `name` expands to app, service, workload (and operation). Numeric operands compare
 * numbers; `X = NaN` means no activity. OR binds tighter than AND as the brief and kiali.md state (Kiali's
 * current GraphFind.tsx splits on OR first, i.e. AND tighter: pass `{ precedence: 'and' }` for that).
 */
import {
  FLAG_OPERANDS,
  VALUE_OPERANDS,
  type FindData,
  type FindNodeData,
  type FindTarget,
  type ValueOperand,
} from './find-hide-operands';
import type { EdgeDataJson } from './types';

export { FIND_OPERAND_NAMES, type FindNodeData, type FindTarget } from './find-hide-operands';

export interface FindHideError {
  message: string;
  /** 0-based offset in the input where the problem starts. */
  position: number;
}

export interface CompiledFindHide {
  /** Matches node data; absent when the expression has no node criteria. */
  node?: (data: FindNodeData) => boolean;
  /** Matches edge data; absent when the expression has no edge criteria. */
  edge?: (data: EdgeDataJson) => boolean;
}

export type FindHideResult = { ok: true; value: CompiledFindHide } | { ok: false; error: FindHideError };

export interface FindHideOptions {
  /** Which connective binds tighter, default 'or' (a AND b OR c = a AND (b OR c)). */
  precedence?: 'or' | 'and';
}

type Pred = (d: FindData) => boolean;
interface Term {
  target: FindTarget;
  pred: Pred;
  position: number;
}

class ParseError extends Error {
  constructor(
    message: string,
    readonly position: number,
  ) {
    super(message);
  }
}

const BINARY = /^([^\s!=<>*^$]+)\s*(!=|!\*=|!\^=|!\$=|>=|<=|\*=|\^=|\$=|=|>|<)\s*(.*)$/s;
const WORD_OP = /^(\S+)\s+(?:(not\s+|!\s*)?)(contains|startswith|endswith)(?:\s+(.*))?$/is;
const WORD_TO_OP: Record<string, string> = { contains: '*=', startswith: '^=', endswith: '$=' };

function unquote(v: string): string {
  return v.length >= 2 && ((v.startsWith('"') && v.endsWith('"')) || (v.startsWith("'") && v.endsWith("'")))
    ? v.slice(1, -1)
    : v;
}

function stringPred(get: (d: FindData) => string | number | undefined | string[], op: string, value: string): Pred {
  const negated = op.startsWith('!');
  const test = (s: string): boolean => {
    switch (op.replace('!', '')) {
      case '=':
        return s === value;
      case '*=':
        return s.includes(value);
      case '^=':
        return s.startsWith(value);
      default:
        return s.endsWith(value);
    }
  };
  return (d) => {
    const v = get(d);
    const hit = Array.isArray(v) ? v.some(test) : v !== undefined && test(String(v));
    return negated ? !hit : hit;
  };
}

function numberPred(operand: ValueOperand, op: string, raw: string, pos: number): Pred {
  const isNaNValue = raw.toLowerCase() === 'nan';
  if (!['=', '!=', '>', '>=', '<', '<='].includes(op))
    throw new ParseError(`Invalid operator [${op}] for a numeric operand`, pos);
  if (isNaNValue && op !== '=' && op !== '!=') throw new ParseError('NaN can only be compared with = or !=', pos);
  const value = Number(raw);
  if (!isNaNValue && (raw === '' || Number.isNaN(value)))
    throw new ParseError(`Invalid value [${raw}]. Expected a number (use . for decimals) or NaN`, pos);
  const get = (d: FindData) => operand.get(d) as number;
  if (isNaNValue) return op === '=' ? (d) => Number.isNaN(get(d)) : (d) => !Number.isNaN(get(d));
  switch (op) {
    case '=':
      return (d) => get(d) === value;
    case '!=':
      return (d) => get(d) !== value;
    case '>':
      return (d) => get(d) > value;
    case '>=':
      return (d) => get(d) >= value;
    case '<':
      return (d) => get(d) < value;
    default:
      return (d) => get(d) <= value;
  }
}

function valueTerm(field: string, op: string, rawValue: string, fieldPos: number, valuePos: number): Term {
  const name = field.toLowerCase();
  const value = unquote(rawValue.trim());
  if (value === '') throw new ParseError(`Missing value after [${field} ${op}]`, valuePos);
  if (name === 'name') {
    if (!['=', '!=', '*=', '!*=', '^=', '!^=', '$=', '!$='].includes(op))
      throw new ParseError(`Invalid operator [${op}] for a string operand`, fieldPos);
    const positive = op.replace('!', '');
    const fields = ['app', 'service', 'workload', 'operation'].map((f) =>
      stringPred(VALUE_OPERANDS[f]!.get, positive, value),
    );
    const any: Pred = (d) => fields.some((p) => p(d));
    return { target: 'node', pred: op.startsWith('!') ? (d) => !any(d) : any, position: fieldPos };
  }
  if (name.startsWith('label:') && name.length > 'label:'.length) {
    const key = field.slice('label:'.length);
    if (!['=', '!=', '*=', '!*=', '^=', '!^=', '$=', '!$='].includes(op))
      throw new ParseError(`Invalid operator [${op}] for a string operand`, fieldPos);
    return {
      target: 'node',
      pred: stringPred((d) => (d as FindNodeData).labels?.[key], op, value),
      position: fieldPos,
    };
  }
  const operand = VALUE_OPERANDS[name];
  if (!operand) throw new ParseError(`Invalid operand [${field}]`, fieldPos);
  if (operand.kind === 'number')
    return { target: operand.target, pred: numberPred(operand, op, value, valuePos), position: fieldPos };
  if (!['=', '!=', '*=', '!*=', '^=', '!^=', '$=', '!$='].includes(op))
    throw new ParseError(`Invalid operator [${op}] for a string operand`, fieldPos);
  let v = value;
  if (operand.normalize) {
    const n = operand.normalize(value);
    if (typeof n !== 'string') throw new ParseError(n.error, valuePos);
    v = n;
  }
  return { target: operand.target, pred: stringPred(operand.get, op, v), position: fieldPos };
}

function parseTerm(text: string, start: number): Term {
  const lead = text.length - text.trimStart().length;
  const t = text.trim();
  const pos = start + lead;
  if (t === '') throw new ParseError('Missing expression', pos);
  const neg = /^(!(?![=*^$])|not\s+)\s*/i.exec(t);
  const rest = neg ? t.slice(neg[0].length) : t;
  const restPos = pos + (neg ? neg[0].length : 0);
  const word = WORD_OP.exec(rest);
  const binary = word ? null : BINARY.exec(rest);
  if (word || binary) {
    if (neg) throw new ParseError("'!' and 'not' negate flags only; use != or !contains", pos);
    if (word) {
      const op = `${word[2] ? '!' : ''}${WORD_TO_OP[word[3]!.toLowerCase()]}`;
      const value = word[4] ?? '';
      return valueTerm(word[1]!, op, value, restPos, restPos + rest.length - value.length);
    }
    const value = binary![3]!;
    return valueTerm(binary![1]!, binary![2]!, value, restPos, restPos + rest.length - value.length);
  }
  const flagText = rest.replace(/^(is|has)\s+/i, '');
  const flagPos = restPos + rest.length - flagText.length;
  if (flagText === '') throw new ParseError('Missing flag after negation', flagPos);
  if (/\s/.test(flagText)) throw new ParseError('No valid operator found in expression', pos);
  const flag = FLAG_OPERANDS[flagText.toLowerCase()];
  if (!flag) throw new ParseError(`Invalid node or edge operand [${flagText}]`, flagPos);
  return { target: flag.target, pred: neg ? (d) => !flag.test(d) : flag.test, position: pos };
}

/** Splits on a whitespace-delimited keyword, keeping each part's offset. */
function split(text: string, start: number, keyword: 'AND' | 'OR'): { text: string; start: number }[] {
  const parts: { text: string; start: number }[] = [];
  const re = new RegExp(`(^|\\s)${keyword}(?=\\s|$)`, 'gi');
  let last = 0;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    const at = m.index + m[1]!.length;
    parts.push({ text: text.slice(last, at), start: start + last });
    last = at + keyword.length;
  }
  parts.push({ text: text.slice(last), start: start + last });
  return parts;
}

const anyOf =
  (ps: Pred[]): Pred =>
  (d) =>
    ps.some((p) => p(d));
const allOf =
  (ps: Pred[]): Pred =>
  (d) =>
    ps.every((p) => p(d));

/**
 * Compiles a Find/Hide expression. An empty expression selects nothing (`{}`).
 * Errors carry the offset of the offending term or value.
 */
export function parseFindHide(input: string, options: FindHideOptions = {}): FindHideResult {
  try {
    if (input.trim() === '') return { ok: true, value: {} };
    const [outerKw, innerKw] = options.precedence === 'and' ? (['OR', 'AND'] as const) : (['AND', 'OR'] as const);
    const groups = split(input, 0, outerKw).map((g) =>
      split(g.text, g.start, innerKw).map((t) => parseTerm(t.text, t.start)),
    );
    const result: CompiledFindHide = {};
    if (outerKw === 'AND') {
      // a conjunction must not mix node and edge criteria; a lone disjunction may
      if (groups.length > 1) {
        const target = groups[0]![0]!.target;
        const odd = groups.flat().find((t) => t.target !== target);
        if (odd) throw new ParseError('Invalid expression. Can not AND node and edge criteria.', odd.position);
        result[target] = allOf(groups.map((g) => anyOf(g.map((t) => t.pred))));
      } else {
        for (const target of ['node', 'edge'] as const) {
          const ps = groups[0]!.filter((t) => t.target === target).map((t) => t.pred);
          if (ps.length > 0) result[target] = anyOf(ps);
        }
      }
    } else {
      for (const g of groups) {
        const odd = g.find((t) => t.target !== g[0]!.target);
        if (odd) throw new ParseError('Invalid expression. Can not AND node and edge criteria.', odd.position);
      }
      for (const target of ['node', 'edge'] as const) {
        const ps = groups.filter((g) => g[0]!.target === target).map((g) => allOf(g.map((t) => t.pred)));
        if (ps.length > 0) result[target] = anyOf(ps);
      }
    }
    return { ok: true, value: result as CompiledFindHide };
  } catch (e) {
    if (e instanceof ParseError) return { ok: false, error: { message: e.message, position: e.position } };
    throw e;
  }
}

export interface FindHidePreset {
  description: string;
  expression: string;
}

/** Kiali's default Find presets (`ui_defaults.graph.find_options`). */
export const FIND_PRESETS: readonly FindHidePreset[] = [
  { description: 'Find: slow edges (> 1s)', expression: 'rt > 1000' },
  { description: 'Find: unhealthy nodes', expression: '! healthy' },
  { description: 'Find: unknown nodes', expression: 'name = unknown' },
  { description: 'Find: nodes with the 2 top rankings', expression: 'rank <= 2' },
];

/** Kiali's default Hide presets (`ui_defaults.graph.hide_options`). */
export const HIDE_PRESETS: readonly FindHidePreset[] = [
  { description: 'Hide: healthy nodes', expression: 'healthy' },
  { description: 'Hide: unknown nodes', expression: 'name = unknown' },
  { description: 'Hide: nodes ranked lower than the 2 top rankings', expression: 'rank > 2' },
];
