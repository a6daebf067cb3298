/**
 * OpenAPI `format` checks used by Istio's CRDs. Istio's CRD generator writes protobuf scalar types as formats
 * (`int32`, `int64`, `uint32`, `double`, ...); the API server ignores integer formats, but istiod's webhook decodes the
 * spec into protobuf and rejects out-of-range numbers, so we check the ranges too. `date-time` and `byte` are checked
 * as kube-openapi does.
 */
const INT_RANGES: Record<string, [number, number]> = {
  int32: [-2147483648, 2147483647],
  uint32: [0, 4294967295],
  int64: [Number.MIN_SAFE_INTEGER, Number.MAX_SAFE_INTEGER],
  uint64: [0, Number.MAX_SAFE_INTEGER],
};

const RFC3339 = /^\d{4}-\d{2}-\d{2}[Tt ]\d{2}:\d{2}:\d{2}(\.\d+)?([Zz]|[+-]\d{2}:\d{2})$/;
const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

/** Returns the detail text of a format violation, or null when the value conforms (unknown formats always do). */
export function checkFormat(value: unknown, format: string, path: string): string | null {
  const range = INT_RANGES[format];
  if (range && typeof value === 'number') {
    const [min, max] = range;
    if (value < min || value > max)
      return `${path || 'body'} in body should be a valid ${format} (between ${min} and ${max})`;
    return null;
  }
  if (typeof value !== 'string') return null;
  if (format === 'date-time' && !(RFC3339.test(value) && !Number.isNaN(Date.parse(value.replace(' ', 'T'))))) {
    return `${path} in body must be of type date-time: ${JSON.stringify(value)}`;
  }
  if (format === 'byte' && !BASE64.test(value.replace(/\s/g, ''))) {
    return `${path} in body must be of type byte: ${JSON.stringify(value)}`;
  }
  return null;
}

const regexCache = new Map<string, RegExp | null>();

/** Compile an OpenAPI `pattern` once (RE2 and ECMAScript agree on the patterns Istio uses); null if unsupported. */
export function patternRegExp(pattern: string): RegExp | null {
  if (!regexCache.has(pattern)) {
    let re: RegExp | null = null;
    try {
      re = new RegExp(pattern, 'u');
    } catch {
      try {
        re = new RegExp(pattern);
      } catch {
        re = null;
      }
    }
    regexCache.set(pattern, re);
  }
  return regexCache.get(pattern) ?? null;
}
