import { fullRegex } from '@/lib/gateway-api/full-regex';
import { DOMAIN_SUFFIX } from './mesh-index';

/** Istio's `StringMatch`: exactly one of exact, prefix, regex (RE2, matched against the whole value). */
export interface StringMatch {
  exact?: string;
  prefix?: string;
  regex?: string;
}

/** Evaluates a StringMatch; a missing value never matches, an empty match object matches anything present. */
export function stringMatches(m: StringMatch | undefined, value: string | undefined, ignoreCase = false): boolean {
  if (!m) return true;
  if (value === undefined) return false;
  const v = ignoreCase ? value.toLowerCase() : value;
  if (m.exact !== undefined) return v === (ignoreCase ? m.exact.toLowerCase() : m.exact);
  if (m.prefix !== undefined) return v.startsWith(ignoreCase ? m.prefix.toLowerCase() : m.prefix);
  if (m.regex !== undefined) return fullRegex(m.regex)?.test(value) ?? false;
  return true;
}

/**
 * Qualifies a host written in an Istio resource of namespace `ns`: a short name (no dot) becomes
 * `<name>.<ns>.svc.cluster.local`; anything else (FQDN, wildcard, external host) is kept.
 */
export function qualifyConfigHost(host: string, ns: string): string {
  if (host === '*' || host.includes('.')) return host;
  return `${host}.${ns}.${DOMAIN_SUFFIX}`;
}

/**
 * The names a pod's DNS search list tries for `host` from namespace `ns`, in order: `reviews` →
 * `reviews.<ns>.svc.cluster.local`; `reviews.bookinfo` → `reviews.bookinfo.svc.cluster.local`; then the host as is.
 */
export function dnsCandidates(host: string, ns: string): string[] {
  const parts = host.split('.');
  if (parts.length === 1) return [`${host}.${ns}.${DOMAIN_SUFFIX}`];
  if (parts.length === 2) return [`${host}.${DOMAIN_SUFFIX}`, host];
  if (parts.length === 3 && parts[2] === 'svc') return [`${host}.cluster.local`, host];
  return [host];
}

/** True when a (qualified) config host such as `*.bookinfo.svc.cluster.local` or `*` covers `fqdn`. */
export function hostMatches(configHost: string, fqdn: string): boolean {
  if (configHost === '*') return true;
  if (configHost.startsWith('*')) return fqdn.endsWith(configHost.slice(1));
  return configHost === fqdn;
}

/** Specificity of a host match, for choosing between several resources: exact beats longer wildcard beats `*`. */
export function hostSpecificity(configHost: string): number {
  if (configHost === '*') return 0;
  if (configHost.startsWith('*')) return configHost.length;
  return 10_000;
}

/** Istio authorization string matching: exact, `prefix*`, `*suffix`, or `*`. */
export function authzValueMatches(pattern: string, value: string): boolean {
  if (pattern === '*') return value !== '';
  if (pattern.endsWith('*')) return value.startsWith(pattern.slice(0, -1));
  if (pattern.startsWith('*')) return value.endsWith(pattern.slice(1));
  return pattern === value;
}

/** Reads an Istio `Percent` (`{value}`) or the legacy integer `percent`; absent means 100. */
export function percentOf(p: { value?: number } | undefined, legacy?: number): number {
  if (p && typeof p.value === 'number') return p.value;
  if (typeof legacy === 'number') return legacy;
  return 100;
}

/** Parses a protobuf Duration string (`1.5s`, `500ms` is tolerated) into milliseconds; undefined if unreadable. */
export function durationMs(d: unknown): number | undefined {
  if (typeof d !== 'string') return undefined;
  const m = /^(\d+(?:\.\d+)?)(ms|s|m|h)$/.exec(d.trim());
  if (!m) return undefined;
  const n = Number(m[1]);
  return m[2] === 'ms' ? n : m[2] === 's' ? n * 1000 : m[2] === 'm' ? n * 60_000 : n * 3_600_000;
}
