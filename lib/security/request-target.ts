/**
 * Absolute-form request lines (RFC 9112 §3.2.2, perf-security.md S29): `GET http://evil.example/graph HTTP/1.1`.
 *
 * A server must take the authority from such a request-target and ignore `Host`. Next does neither: its router sees a
 * path containing `//`, "normalises repeated slashes" and answers `308 Location: http:/evil.example/graph`, which a
 * browser resolves to `http://evil.example/graph` — before proxy.ts (and its Host allowlist) ever runs. So a hook on
 * Node's `http.Server`, installed at start-up next to the peer-address hook (lib/auth/startup.ts), turns the request
 * into the origin-form request it stands for before Next sees it:
 * - origin-form (`/graph`) and `*` pass untouched;
 * - `http(s)://authority/path?query` is decided by the same rule as a Host header (`decideEdge`, lib/security/edge.ts):
 *   a foreign authority gets 421 with the same JSON and headers as a foreign Host; an allowed one is rewritten to
 *   `url = /path?query`, `Host: authority`, so Next serves it like any other request;
 * - anything else (`ftp://x/`, `http:/x`, `evil.example/x`, userinfo `http://a@b/`) gets 400.
 * Requests that reach the server in the moments before instrumentation.ts ran are not checked (Next holds them until
 * it is ready, but they were emitted before the hook existed).
 */
import 'server-only';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { decideEdge, edgeSettings, type EdgeSettings } from './edge';
import { STATIC_SECURITY_HEADERS } from './headers';

export type RequestTargetDecision =
  | { action: 'pass' }
  | { action: 'rewrite'; url: string; host: string }
  | {
      action: 'reject';
      status: 400 | 421;
      body: { error: { code: 'bad_request:api'; message: string } };
      headers: Record<string, string>;
    };

const ABSOLUTE_FORM = /^https?:\/\/([^/?#]*)(.*)$/i;

function badTarget(message: string): RequestTargetDecision {
  const headers = { ...STATIC_SECURITY_HEADERS, 'Cache-Control': 'no-store' };
  return { action: 'reject', status: 400, body: { error: { code: 'bad_request:api', message } }, headers };
}

/**
 * Decides one request-target (Node's `req.url`, exactly as on the request line). Pure.
 * @returns `pass` (origin-form or `*`), `rewrite` to origin-form with the authority as Host, or `reject` 421 (the
 *   authority is not an allowed host) / 400 (neither origin-form nor an http(s) URL with a plain authority).
 */
export function decideRequestTarget(target: string, settings: EdgeSettings): RequestTargetDecision {
  if (target.startsWith('/') || target === '*') return { action: 'pass' };
  const m = ABSOLUTE_FORM.exec(target);
  if (!m) return badTarget('The request target must be a path, or an http(s) URL');
  const authority = m[1]!;
  if (!authority || authority.includes('@')) {
    return badTarget('The request target must name a host, without user information');
  }
  const rest = m[2]!;
  const url = rest === '' || rest.startsWith('?') ? `/${rest}` : rest;
  if (!url.startsWith('/')) return badTarget('The request target must be a path, or an http(s) URL');
  const edge = decideEdge({ pathname: url.split('?')[0]!, host: authority, forwardedHost: null }, settings, () => '');
  if (edge.action === 'reject') {
    return { action: 'reject', status: edge.status, body: edge.body, headers: edge.headers };
  }
  return { action: 'rewrite', url, host: authority };
}

/**
 * Applies the decision to a raw Node request. Returns true when it answered the request itself (then no listener
 * may see it), false when the request goes on (possibly rewritten).
 */
export function guardRequestTarget(req: IncomingMessage, res: ServerResponse, settings: EdgeSettings): boolean {
  const decision = decideRequestTarget(req.url ?? '/', settings);
  if (decision.action === 'pass') return false;
  if (decision.action === 'rewrite') {
    req.url = decision.url;
    req.headers.host = decision.host;
    return false;
  }
  res.writeHead(decision.status, { ...decision.headers, 'Content-Type': 'application/json' });
  res.end(JSON.stringify(decision.body));
  return true;
}

const INSTALLED = Symbol.for('meshscope.security.requestTargetHookInstalled');

/**
 * Patches `http.Server` so every request's target is checked before any listener (Next) sees it. Idempotent.
 * Node-only; called from lib/auth/startup.ts (instrumentation.ts). Reads ALLOWED_HOSTS from `env` once.
 */
export function installRequestTargetGuard(
  http: typeof import('node:http'),
  env: Record<string, string | undefined> = process.env,
): void {
  const g = globalThis as unknown as Record<symbol, boolean | undefined>;
  if (g[INSTALLED]) return;
  g[INSTALLED] = true;
  const settings = edgeSettings(env);
  const emit = http.Server.prototype.emit as (this: unknown, event: string | symbol, ...args: unknown[]) => boolean;
  http.Server.prototype.emit = function guardedEmit(this: unknown, event: string | symbol, ...args: unknown[]) {
    const [req, res] = args as [IncomingMessage | undefined, ServerResponse | undefined];
    if (event === 'request' && req && res && guardRequestTarget(req, res, settings)) return true;
    return emit.call(this, event, ...args);
  } as typeof http.Server.prototype.emit;
}
