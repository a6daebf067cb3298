/**
 * Host header allowlist (reference/perf-security.md S10; Linkerd #3083, `kubectl proxy --accept-hosts`).
 *
 * A browser that reaches Meshscope through `kubectl port-forward` on 127.0.0.1 can be tricked by DNS rebinding: a page
 * on `evil.example` re-points its name at 127.0.0.1 and then reads our answers as same-origin. Its requests still say
 * `Host: evil.example:20001`, so refusing every Host we do not know (421 Misdirected Request) defeats it.
 *
 * Pure and runtime-neutral: used by `proxy.ts` (Edge or Node) and by tests.
 */
import 'server-only';

/** Names always accepted, with any port: what `kubectl port-forward` and local runs use. */
export const LOOPBACK_HOSTS: readonly string[] = ['localhost', '127.0.0.1', '[::1]'];

/**
 * Splits a Host header value into a lower-case host name and an optional port. IPv6 literals keep their brackets
 * (`[::1]:20001` → `{ name: '[::1]', port: '20001' }`). Returns null for a value that is not a plausible host
 * (empty, spaces, userinfo `@`, paths, a non-numeric port).
 */
export function parseHostHeader(value: string | null | undefined): { name: string; port: string | null } | null {
  if (!value) return null;
  const v = value.trim().toLowerCase();
  if (!v || v.length > 255 || /[\s/@\\?#,]/.test(v)) return null;
  let name: string;
  let port: string | null = null;
  if (v.startsWith('[')) {
    const end = v.indexOf(']');
    if (end < 0) return null;
    name = v.slice(0, end + 1);
    const rest = v.slice(end + 1);
    if (rest) {
      if (!rest.startsWith(':')) return null;
      port = rest.slice(1);
    }
  } else {
    const parts = v.split(':');
    if (parts.length > 2) return null; // a bare IPv6 address without brackets is not a valid Host
    name = parts[0]!;
    port = parts[1] ?? null;
  }
  if (!name || (port !== null && !/^\d{1,5}$/.test(port))) return null;
  if (name.endsWith('.')) name = name.slice(0, -1); // `localhost.` is `localhost`
  return { name, port };
}

/**
 * Normalises one `ALLOWED_HOSTS` entry: `meshscope.example.com` (any port), `meshscope.example.com:443` (that port
 * only), `*.example.com` (any subdomain, any port). Returns null for an entry that cannot match anything.
 */
export function parseAllowedHost(entry: string): { name: string; port: string | null; wildcard: boolean } | null {
  const e = entry.trim().toLowerCase();
  if (e.startsWith('*.')) {
    const rest = parseHostHeader(e.slice(2));
    return rest && !rest.name.startsWith('[') ? { ...rest, wildcard: true } : null;
  }
  const parsed = parseHostHeader(e);
  return parsed ? { ...parsed, wildcard: false } : null;
}

/**
 * True when `hostHeader` names this server: a loopback name with any port, or an `ALLOWED_HOSTS` entry.
 * A missing or malformed Host is refused.
 */
export function isAllowedHost(hostHeader: string | null | undefined, allowedHosts: readonly string[]): boolean {
  const host = parseHostHeader(hostHeader);
  if (!host) return false;
  if (LOOPBACK_HOSTS.includes(host.name)) return true;
  for (const entry of allowedHosts) {
    const allowed = parseAllowedHost(entry);
    if (!allowed) continue;
    if (allowed.port !== null && allowed.port !== host.port) continue;
    if (allowed.wildcard ? host.name.endsWith(`.${allowed.name}`) : host.name === allowed.name) return true;
  }
  return false;
}
