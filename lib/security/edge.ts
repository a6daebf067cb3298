/**
 * The decision `proxy.ts` takes for every request, as a pure function so it is unit-tested without a server:
 * refuse an unknown Host (421), otherwise compute the security headers (and a CSP nonce for pages).
 *
 * The proxy cannot import lib/config (node-only, and it throws on bad values at start-up, which instrumentation.ts
 * already reports); it reads the two variables it needs with `edgeSettings(process.env)`, dropping malformed entries.
 */
import 'server-only';
import { buildCsp, frameAncestorSources, makeNonce, STATIC_SECURITY_HEADERS } from './headers';
import { isAllowedHost } from './hosts';

/** Request header proxy.ts sets on page requests: the URL's query string (`?namespaces=a`), for server layouts. */
export const SEARCH_HEADER = 'x-meshscope-search';

export interface EdgeSettings {
  allowedHosts: string[];
  frameAncestors: string[];
  dev: boolean;
}

export interface EdgeRequest {
  /** Path without the base path, e.g. `/api/status` or `/graph`. */
  pathname: string;
  /** The `Host` header. */
  host: string | null;
  /** `X-Forwarded-Host`, when a proxy (or Next itself) set it; it must be allowed too. */
  forwardedHost: string | null;
}

export type EdgeDecision =
  | {
      action: 'reject';
      status: 421;
      body: { error: { code: 'bad_request:api'; message: string } };
      headers: Record<string, string>;
    }
  | { action: 'continue'; nonce: string | null; headers: Record<string, string> };

const csv = (v: string | undefined) =>
  (v ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);

/** Reads `ALLOWED_HOSTS`, `FRAME_ANCESTORS` and `NODE_ENV`. Never throws: malformed entries are dropped. */
export function edgeSettings(env: Record<string, string | undefined>): EdgeSettings {
  return {
    allowedHosts: csv(env.ALLOWED_HOSTS).filter((h) => /^(\*\.)?[A-Za-z0-9.\-:[\]]+$/.test(h)),
    frameAncestors: frameAncestorSources(csv(env.FRAME_ANCESTORS)),
    dev: env.NODE_ENV === 'development',
  };
}

/** True for requests answered by route handlers (JSON), which get the nothing-allowed CSP. */
export function isApiPath(pathname: string): boolean {
  return pathname === '/api' || pathname.startsWith('/api/');
}

/**
 * Decides one request: 421 with a generic JSON error (the Host is not echoed) when `Host` or `X-Forwarded-Host` is not
 * allowed; else the headers to add (CSP, nosniff, no-referrer) and, for pages, the nonce Next must stamp on its scripts.
 */
export function decideEdge(req: EdgeRequest, settings: EdgeSettings, nonce: () => string = makeNonce): EdgeDecision {
  const hostOk = isAllowedHost(req.host, settings.allowedHosts);
  const forwardedOk =
    req.forwardedHost === null || req.forwardedHost.split(',').every((h) => isAllowedHost(h, settings.allowedHosts));
  if (!hostOk || !forwardedOk) {
    return {
      action: 'reject',
      status: 421,
      body: {
        error: {
          code: 'bad_request:api',
          message:
            'This host name is not served here. Use localhost or 127.0.0.1 (kubectl port-forward), or add the name to ALLOWED_HOSTS.',
        },
      },
      headers: {
        ...STATIC_SECURITY_HEADERS,
        'Content-Security-Policy': buildCsp({ frameAncestors: ["'none'"] }),
        'Cache-Control': 'no-store',
      },
    };
  }
  const pageNonce = isApiPath(req.pathname) ? null : nonce();
  const csp = buildCsp({ frameAncestors: settings.frameAncestors, nonce: pageNonce ?? undefined, dev: settings.dev });
  return {
    action: 'continue',
    nonce: pageNonce,
    headers: { ...STATIC_SECURITY_HEADERS, 'Content-Security-Policy': csp },
  };
}
