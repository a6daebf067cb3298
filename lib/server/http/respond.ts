import 'server-only';
import { NextResponse } from 'next/server';
import { sessionRenewalCookies, withRequestScope } from '@/lib/auth/request';
import { MeshscopeError } from '@/lib/errors';
import { logger } from '@/lib/log';

/** JSON response with `Cache-Control: no-store` (every API answer is live data). */
export function json(body: unknown, init: { status?: number; headers?: Record<string, string> } = {}): NextResponse {
  return NextResponse.json(body, { status: init.status ?? 200, headers: { 'Cache-Control': 'no-store', ...init.headers } });
}

/**
 * Turns any thrown value into the API's error JSON `{ error: { code, message } }` with the matching status.
 * MeshscopeErrors keep their code; anything else is logged with its stack and becomes `internal:api` (500)
 * without leaking the detail to the client.
 */
export function errorResponse(err: unknown): NextResponse {
  if (err instanceof MeshscopeError) {
    if (err.status >= 500) logger.warn({ code: err.code, msg: err.message }, 'backend error');
    return json(err.toJSON(), { status: err.status });
  }
  logger.error({ err }, 'unhandled error in route handler');
  return json(new MeshscopeError('internal:api', 'Internal error; the server log has the detail').toJSON(), { status: 500 });
}

/**
 * Wraps a route handler: it runs as the signed-in user (lib/auth/request.ts: 401 when not signed in, 403 for a named
 * namespace the user may not get; `getKubeClients()` inside acts as the user), and every failure becomes
 * `errorResponse`. An answer to a token-strategy session carries the renewed session cookie when its
 * `lastSeen` is a minute old (the idle timeout, lib/auth/session-state.ts). Routes that must answer without sign-in
 * (health, the auth endpoints) do not use it.
 */
export function handle<A extends unknown[]>(f: (...args: A) => Promise<NextResponse>): (...args: A) => Promise<NextResponse> {
  return async (...args: A) => {
    try {
      return await withRequestScope(args, async (identity) => {
        const res = await f(...args);
        for (const cookie of sessionRenewalCookies(args, identity)) res.headers.append('Set-Cookie', cookie);
        return res;
      });
    } catch (err) {
      return errorResponse(err);
    }
  };
}
