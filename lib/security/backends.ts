/**
 * SSRF guard for backend URLs (reference/perf-security.md S11; OWASP SSRF cheat sheet). Meshscope's API takes no URL
 * from a request: Prometheus and Jaeger addresses come only from server configuration, and start-up refuses cloud
 * metadata and link-local addresses there unless `BACKEND_ALLOW_LINK_LOCAL=true` (a mistyped or injected config
 * would otherwise let the server fetch instance credentials). Pure.
 */
import 'server-only';

const METADATA_HOSTS = new Set([
  'metadata.google.internal',
  'metadata',
  'instance-data',
  'instance-data.ec2.internal',
  'metadata.azure.com',
]);

/** True for link-local IPv4 (169.254/16, which holds 169.254.169.254), IPv6 fe80::/10, and known metadata names. */
export function isLinkLocalOrMetadataHost(hostname: string): boolean {
  const h = hostname
    .toLowerCase()
    .replace(/^\[|\]$/g, '')
    .replace(/\.$/, '');
  if (METADATA_HOSTS.has(h)) return true;
  if (/^169\.254\.\d{1,3}\.\d{1,3}$/.test(h)) return true;
  if (h === '100.100.100.200') return true; // Alibaba Cloud metadata
  if (/^fe[89ab][0-9a-f]?:/.test(h)) return true; // fe80::/10
  if (h === 'fd00:ec2::254') return true; // AWS IPv6 metadata
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/.exec(h);
  return mapped ? isLinkLocalOrMetadataHost(mapped[1]!) : false;
}

/** The problem with a backend URL, or null when it may be used. */
export function backendUrlProblem(url: string, allowLinkLocal: boolean): string | null {
  let host: string;
  try {
    host = new URL(url).hostname;
  } catch {
    return 'must be an http(s) URL';
  }
  if (!allowLinkLocal && isLinkLocalOrMetadataHost(host)) {
    return 'points at a link-local or cloud metadata address; set BACKEND_ALLOW_LINK_LOCAL=true if that is really the backend';
  }
  return null;
}
