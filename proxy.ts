/**
 * Next 16 proxy (formerly middleware): runs before every route, pages, route handlers and static files alike.
 * - Host allowlist: `localhost`, `127.0.0.1`, `[::1]` (any port) and `ALLOWED_HOSTS`; anything else → 421, which
 *   blocks DNS rebinding through `kubectl port-forward` (reference/perf-security.md S10).
 * - Security headers: CSP with `frame-ancestors` from `FRAME_ANCESTORS` (default `'self'`, no X-Frame-Options),
 *   a per-request script nonce for pages, `nosniff`, `Referrer-Policy: no-referrer` (S8, S13, S21).
 * Authentication is not decided here: every route handler re-checks it (S17, CVE-2025-29927), see lib/auth.
 * Logic lives in lib/security/edge.ts; this file only adapts it to NextRequest/NextResponse.
 */
import { NextResponse, type NextRequest } from 'next/server';
import { decideEdge, edgeSettings, SEARCH_HEADER, type EdgeSettings } from '@/lib/security/edge';

let settings: EdgeSettings | undefined;

export function proxy(request: NextRequest): NextResponse {
  settings ??= edgeSettings(process.env);
  const decision = decideEdge(
    {
      pathname: request.nextUrl.pathname,
      host: request.headers.get('host'),
      forwardedHost: request.headers.get('x-forwarded-host'),
    },
    settings,
  );
  if (decision.action === 'reject') {
    return NextResponse.json(decision.body, { status: decision.status, headers: decision.headers });
  }
  let response: NextResponse;
  if (decision.nonce) {
    // Next reads the nonce from the request's CSP header while rendering and stamps it on its own scripts.
    const requestHeaders = new Headers(request.headers);
    requestHeaders.set('Content-Security-Policy', decision.headers['Content-Security-Policy']!);
    requestHeaders.set('x-nonce', decision.nonce);
    // the page's query string, for layouts (which get no searchParams): the graph's not-found check. Always set here,
    // so a client cannot supply its own.
    requestHeaders.set(SEARCH_HEADER, request.nextUrl.search);
    response = NextResponse.next({ request: { headers: requestHeaders } });
  } else {
    response = NextResponse.next();
  }
  for (const [name, value] of Object.entries(decision.headers)) response.headers.set(name, value);
  return response;
}

export const config = {
  // Every path: static files too, so a rebinding page cannot read anything.
  matcher: '/:path*',
};
