/**
 * Kubernetes object names and label values, checked once for the whole product (browser and server): the API
 * parameters (`lib/promql`, `lib/server/*`), the page URLs (`lib/query`), the Istio schema and forms, the demo's
 * admission, the configuration. Rules and error texts are apimachinery's `pkg/util/validation` (`IsDNS1123Label`,
 * `IsDNS1123Subdomain`, `IsValidLabelValue`, `RegexError`). Pure and isomorphic.
 *
 * A zod schema uses `.refine(isDns1123Label, message)`; a composite pattern (a wildcard namespace, a label key's
 * prefix) is built from `DNS1123_LABEL_FMT` / `DNS1123_SUBDOMAIN_FMT`.
 */

/** A DNS-1123 label's pattern, unanchored (apimachinery `dns1123LabelFmt`). */
export const DNS1123_LABEL_FMT = '[a-z0-9]([-a-z0-9]*[a-z0-9])?';
/** A DNS-1123 subdomain's pattern, unanchored (apimachinery `dns1123SubdomainFmt`): labels joined by `.`. */
export const DNS1123_SUBDOMAIN_FMT = `${DNS1123_LABEL_FMT}(\\.${DNS1123_LABEL_FMT})*`;
/** A label value's pattern, unanchored, empty included (apimachinery `labelValueFmt`). */
export const LABEL_VALUE_FMT = '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?';

/** Longest DNS-1123 label (namespaces, services, containers): 63 characters. */
export const DNS1123_LABEL_MAX_LENGTH = 63;
/** Longest DNS-1123 subdomain (most object names: workloads, pods, Istio objects): 253 characters. */
export const DNS1123_SUBDOMAIN_MAX_LENGTH = 253;
/** Longest label value: 63 characters. */
export const LABEL_VALUE_MAX_LENGTH = 63;

/** The whole-string form of a DNS-1123 label; the length is not in it (see isDns1123Label). */
export const DNS1123_LABEL = new RegExp(`^${DNS1123_LABEL_FMT}$`);
/** The whole-string form of a DNS-1123 subdomain; the length is not in it (see isDns1123Subdomain). */
export const DNS1123_SUBDOMAIN = new RegExp(`^${DNS1123_SUBDOMAIN_FMT}$`);
const LABEL_VALUE = new RegExp(`^${LABEL_VALUE_FMT}$`);

/** Whether `name` is a DNS-1123 label: lowercase alphanumerics and `-`, alphanumeric at both ends, 1–63 chars. */
export function isDns1123Label(name: unknown): name is string {
  return (
    typeof name === 'string' && name.length > 0 && name.length <= DNS1123_LABEL_MAX_LENGTH && DNS1123_LABEL.test(name)
  );
}

/** Whether `name` is a DNS-1123 subdomain: DNS-1123 labels joined by `.`, 1–253 chars. */
export function isDns1123Subdomain(name: unknown): name is string {
  return (
    typeof name === 'string' &&
    name.length > 0 &&
    name.length <= DNS1123_SUBDOMAIN_MAX_LENGTH &&
    DNS1123_SUBDOMAIN.test(name)
  );
}

/**
 * Whether `value` is a Kubernetes label value: empty, or alphanumerics, `-`, `_` and `.` with an alphanumeric at both
 * ends, at most 63 chars. Callers that need a value (an app name in a URL) also check it is not empty.
 */
export function isLabelValue(value: unknown): value is string {
  return typeof value === 'string' && value.length <= LABEL_VALUE_MAX_LENGTH && LABEL_VALUE.test(value);
}

/**
 * apimachinery's errors for a value: `MaxLenError` over `max`, then `RegexError`: `must` (what the value must consist
 * of) and "and must start and end with an alphanumeric character", the examples quoted (two spaces before "or") and
 * the regex `fmt`.
 */
function errorsOf(
  value: string,
  max: number,
  pattern: RegExp,
  must: string,
  fmt: string,
  examples: string[],
): string[] {
  const errors: string[] = [];
  if (value.length > max) errors.push(`must be no more than ${max} characters`);
  if (!pattern.test(value))
    errors.push(
      `${must}, and must start and end with an alphanumeric character (e.g. ${examples.map((x) => `'${x}', `).join(' or ')}regex used for validation is '${fmt}')`,
    );
  return errors;
}

/** The API server's error strings for a name that is not a DNS-1123 label (`IsDNS1123Label`); empty when valid. */
export function dns1123LabelErrors(value: string): string[] {
  const must = "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-'";
  return errorsOf(value, DNS1123_LABEL_MAX_LENGTH, DNS1123_LABEL, must, DNS1123_LABEL_FMT, ['my-name', '123-abc']);
}

/** The API server's error strings for a name that is no DNS-1123 subdomain (`IsDNS1123Subdomain`); empty if valid. */
export function dns1123SubdomainErrors(value: string): string[] {
  const must = "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.'";
  return errorsOf(value, DNS1123_SUBDOMAIN_MAX_LENGTH, DNS1123_SUBDOMAIN, must, DNS1123_SUBDOMAIN_FMT, ['example.com']);
}

/** The API server's error strings for a label value (`IsValidLabelValue`); empty when valid. */
export function labelValueErrors(value: string): string[] {
  const must = "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.'";
  return errorsOf(value, LABEL_VALUE_MAX_LENGTH, LABEL_VALUE, must, LABEL_VALUE_FMT, ['MyValue', 'my_value', '12345']);
}
