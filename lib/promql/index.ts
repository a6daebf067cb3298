/**
 * Validated PromQL building blocks, shared by every PromQL builder (graph, metrics, health).
 *
 * The rule: no user-supplied text reaches a query unless it went through one of the `assert*` checks below
 * first, and label values are always escaped. Kiali learned this the hard way: PromQL injection through
 * `labelsFilters` (`"} or up{`) bypassed namespace access control (kiali/kiali#9593, `prometheus/client.go`
 * now uses `regexp.QuoteMeta` and strict name checks). Values are checked against Kubernetes' own naming rules
 * (DNS-1123, label values) which admit no quote, brace, backslash, space or regex metacharacter except `.`.
 */
import { MeshscopeError } from '@/lib/errors';
import { isDns1123Label, isDns1123Subdomain, isLabelValue } from '@/lib/istio/names';

/** A 400 naming the offending parameter: `{ error: { code: 'bad_request:api', message, param } }`. */
export class BadRequestError extends MeshscopeError {
  readonly param: string;

  constructor(param: string, message: string) {
    super('bad_request:api', message, { param });
    this.name = 'BadRequestError';
    this.param = param;
  }
}

declare const validatedBrand: unique symbol;
/** A string that passed one of the checks in this module (or is a constant from our own code). */
export type Validated = string & { readonly [validatedBrand]: true };

const PROM_LABEL_NAME = /^[a-zA-Z_][a-zA-Z0-9_]*$/;
const PROM_METRIC_NAME = /^[a-zA-Z_:][a-zA-Z0-9_:]*$/;

/** A value for an error message: printable ASCII only (it may be hostile), at most 64 characters. */
export function printableValue(value: unknown): string {
  const s = typeof value === 'string' ? value : String(value);
  // Keep messages short and printable: the value may be hostile.
  const printable = s.replace(/[^\x20-\x7e]/g, '?');
  return printable.length > 64 ? `${printable.slice(0, 61)}...` : printable;
}

/** `value` as Validated when `valid`; else a 400 `Invalid <paramName> [<value>]: must be <rule>`. */
function validated(valid: boolean, value: unknown, paramName: string, rule: string): Validated {
  if (!valid) throw new BadRequestError(paramName, `Invalid ${paramName} [${printableValue(value)}]: must be ${rule}`);
  return value as Validated;
}

/**
 * Asserts a Kubernetes DNS-1123 label (`isDns1123Label`, lib/istio/names.ts).
 * @throws BadRequestError naming `paramName`
 */
export function assertDns1123Label(name: unknown, paramName: string): Validated {
  const rule = "a DNS-1123 label (lowercase letters, digits and '-', at most 63 characters)";
  return validated(isDns1123Label(name), name, paramName, rule);
}

/**
 * Asserts a Kubernetes DNS-1123 subdomain (workload names; `isDns1123Subdomain`, lib/istio/names.ts).
 * @throws BadRequestError naming `paramName`
 */
export function assertDns1123Subdomain(name: unknown, paramName: string): Validated {
  const rule = "a DNS-1123 subdomain (lowercase letters, digits, '-' and '.')";
  return validated(isDns1123Subdomain(name), name, paramName, rule);
}

/**
 * Asserts a non-empty Kubernetes label value (app and version labels, cluster names): `[A-Za-z0-9._-]`, at most 63
 * characters, starting and ending with an alphanumeric.
 * @throws BadRequestError naming `paramName`
 */
export function assertLabelValue(value: unknown, paramName: string): Validated {
  const rule = "a Kubernetes label value (letters, digits, '-', '_' and '.', at most 63 characters)";
  return validated(isLabelValue(value) && value.length > 0, value, paramName, rule);
}

/**
 * Asserts a Prometheus label name (`[a-zA-Z_][a-zA-Z0-9_]*`), e.g. for `byLabels[]` groupings.
 * @throws BadRequestError naming `paramName`
 */
export function assertLabelName(name: unknown, paramName: string): Validated {
  const valid = typeof name === 'string' && name.length <= 128 && PROM_LABEL_NAME.test(name);
  return validated(valid, name, paramName, 'a Prometheus label name');
}

/**
 * Escapes a string for use inside a double-quoted PromQL string literal: backslash, double quote and newlines.
 * (PromQL string literals follow Go's escaping rules.)
 */
export function escapeLabelValue(value: string): string {
  return value.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n').replace(/\r/g, '\\r');
}

/** Escapes RE2 metacharacters so `value` matches itself literally inside a `=~` matcher (Go's `regexp.QuoteMeta`). */
export function escapeRegex(value: string): string {
  return value.replace(/[\\.+*?()|[\]{}^$]/g, '\\$&');
}

/** Marks a constant from our own source (metric names, reporter values) as usable in a selector. */
export function literal(value: string): Validated {
  return value as Validated;
}

const DECIMAL_INTEGER = /^\d{1,16}$/;

/**
 * A query parameter that must be a non-negative integer in decimal digits only, at most `Number.MAX_SAFE_INTEGER`
 * (exact; unix microseconds fit). `0x10`, `0b11`, `1e3`, `16.0`, `+16`, ` 16` are refused, all of which `Number()`
 * accepts. Absent or empty → `undefined`; the caller applies its default and range.
 * @throws BadRequestError naming `name`
 */
export function decimalIntegerParam(search: URLSearchParams, name: string): number | undefined {
  const raw = search.get(name);
  if (raw === null || raw === '') return undefined;
  if (!DECIMAL_INTEGER.test(raw) || !Number.isSafeInteger(Number(raw))) {
    const shown = raw.slice(0, 30);
    throw new BadRequestError(name, `Invalid ${name} [${shown}]: expected a non-negative integer in decimal digits`);
  }
  return Number(raw);
}

const DURATION = /^(\d{1,10})(s|m|h|d|w)?$/;
/** Digits only, at most 15 (exact in a double). */
export const DECIMAL = /^\d{1,15}$/;

/**
 * Whether `value` is a plain decimal number (ASCII digits only, at most 15): the rule for every numeric URL parameter,
 * so `0x10`, `1e3`, `1.5`, ` 7` and fullwidth digits are not numbers (JavaScript's `Number()` would take most of them).
 */
export function isDecimal(value: string): boolean {
  return DECIMAL.test(value);
}
const UNIT_SECONDS: Record<string, number> = { s: 1, m: 60, h: 3600, d: 86400, w: 604800 };

/** What a duration looks like, for error messages. */
export const DURATION_SYNTAX = 'expected a number of seconds or <n>s|m|h|d|w such as 10m';

/**
 * A duration's whole seconds (`10m` → 600, `600` → 600), or null when it is not one decimal number with at most one
 * unit (s, m, h, d, w). The syntax only; parseDuration adds the bounds.
 */
export function durationSeconds(input: unknown): number | null {
  const m = typeof input === 'string' ? DURATION.exec(input) : null;
  return m ? Number(m[1]) * (UNIT_SECONDS[m[2] ?? 's'] ?? 1) : null;
}

export interface DurationBounds {
  /** Largest accepted duration in seconds (e.g. the TSDB retention). */
  maxSeconds: number;
  /** Smallest accepted duration in seconds (default 1). */
  minSeconds?: number;
}

/**
 * Parses a duration such as `10m`, `600s`, `1h`, `1d` or bare seconds `600` into whole seconds, within bounds.
 * Compound (`1h30m`), fractional, negative or unit-less-but-suffixed forms are rejected: the graph only needs
 * one unit and every accepted form must be trivially safe to print into `[<n>s]`.
 * (Kiali parses with Prometheus' `model.ParseDuration`, `graph/options.go`.)
 * @throws BadRequestError naming `paramName`
 */
export function parseDuration(input: unknown, bounds: DurationBounds, paramName = 'duration'): number {
  const seconds = durationSeconds(input);
  if (seconds === null) {
    throw new BadRequestError(paramName, `Invalid ${paramName} [${printableValue(input)}]: ${DURATION_SYNTAX}`);
  }
  const min = bounds.minSeconds ?? 1;
  if (seconds < min) {
    throw new BadRequestError(paramName, `Invalid ${paramName} [${printableValue(input)}]: must be at least ${min}s`);
  }
  if (seconds > bounds.maxSeconds) {
    const why = `must be at most ${bounds.maxSeconds}s (the metrics retention)`;
    throw new BadRequestError(paramName, `Invalid ${paramName} [${printableValue(input)}]: ${why}`);
  }
  return seconds;
}

export type MatchOp = '=' | '!=' | '=~' | '!~';

/** One label matcher such as `destination_workload_namespace="bookinfo"`. Values are escaped here. */
export function matcher(label: string, op: MatchOp, value: Validated): Validated {
  if (!PROM_LABEL_NAME.test(label)) {
    throw new Error(`internal: bad label name in matcher [${printableValue(label)}]`);
  }
  return `${label}${op}"${escapeLabelValue(value)}"` as Validated;
}

/** `label="value"` */
export function eq(label: string, value: Validated): Validated {
  return matcher(label, '=', value);
}

/** `label!="value"` */
export function neq(label: string, value: Validated): Validated {
  return matcher(label, '!=', value);
}

/** `label=~"regex"` where the regex is built only from validated parts (see `escapeRegex`). */
export function re(label: string, regex: Validated): Validated {
  return matcher(label, '=~', regex);
}

/** The inside of a selector, `a="x",b!="y"`, skipping empty parts. */
export function matchers(...parts: (Validated | undefined | false)[]): Validated {
  return parts.filter((p): p is Validated => typeof p === 'string' && p.length > 0).join(',') as Validated;
}

/** A full series selector `metric{a="x",b="y"}`. */
export function selector(metric: string, ...parts: (Validated | undefined | false)[]): Validated {
  if (!PROM_METRIC_NAME.test(metric)) {
    throw new Error(`internal: bad metric name [${printableValue(metric)}]`);
  }
  return `${metric}{${matchers(...parts)}}` as Validated;
}

/** A comma-separated `by (...)` label list; every name is checked. */
export function labelList(names: readonly string[]): Validated {
  for (const n of names) {
    if (!PROM_LABEL_NAME.test(n)) throw new Error(`internal: bad label name [${printableValue(n)}]`);
  }
  return names.join(',') as Validated;
}
