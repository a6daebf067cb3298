import 'server-only';
import { NextResponse } from 'next/server';
import { sessionRenewalCookies, withRequestScope } from '@/lib/auth/request';
import { getConfig } from '@/lib/config';
import { deadlineSignal, isDeadline, runWithSignal, untilAborted } from '@/lib/config/request-deadline';
import { MeshscopeError, type ErrorCode } from '@/lib/errors';
import { logger } from '@/lib/log';

/** JSON response with `Cache-Control: no-store` (every API answer is live data). */
export function json(body: unknown, init: { status?: number; headers?: Record<string, string> } = {}): NextResponse {
  return NextResponse.json(body, {
    status: init.status ?? 200,
    headers: { 'Cache-Control': 'no-store', ...init.headers },
  });
}

/**
 * Turns any thrown value into the API's error JSON `{ error: { code, message } }` with the matching status.
 * MeshscopeErrors keep their code; anything else is logged with its stack and becomes `internal:api` (500)
 * without leaking the detail to the client.
 */
export function errorResponse(err: unknown): NextResponse {
  if (err instanceof MeshscopeError) {
    if (err.status >= 500) logger.warn({ code: err.code, msg: err.message }, 'backend error');
    const headers: Record<string, string> = {};
    const retryAfter = err.retryAfterSeconds;
    if (retryAfter !== undefined) headers['Retry-After'] = String(Math.max(1, Math.ceil(retryAfter)));
    return json(err.toJSON(), { status: err.status, headers });
  }
  logger.error({ err }, 'unhandled error in route handler');
  return json(new MeshscopeError('internal:api', 'Internal error; the server log has the detail').toJSON(), {
    status: 500,
  });
}

/**
 * Wraps a route handler that answers without sign-in (the auth endpoints): what it returns is the answer, and
 * anything it throws becomes `errorResponse` (its code and status; 500 `internal:api` for the unexpected).
 */
export function handlePublic(f: (req: Request) => Promise<NextResponse>): (req: Request) => Promise<NextResponse> {
  return async (req: Request) => {
    try {
      return await f(req);
    } catch (err) {
      return errorResponse(err);
    }
  };
}

/**
 * Wraps a route handler: it runs as the signed-in user (lib/auth/request.ts: 401 when not signed in, 403 for a named
 * namespace the user may not get; `getKubeClients()` inside acts as the user), and every failure becomes
 * `errorResponse`. An answer to a token-strategy session carries the renewed session cookie when its
 * `lastSeen` is a minute old (the idle timeout, lib/auth/session-state.ts). Routes that must answer without sign-in
 * (health, the auth endpoints) do not use it.
 *
 * One deadline per request (issue 12 item 4): the handler runs with an `AbortSignal` that aborts after
 * `REQUEST_TIMEOUT_MS` or when the client closes the connection (lib/config/request-deadline.ts), which every
 * Prometheus, Kubernetes and Jaeger call inside obeys. At the deadline the answer is 504 with `timeoutCode` (default
 * `timeout:api`; the graph says `timeout:prometheus`), whatever the handler is still waiting for.
 */
export function handle<A extends unknown[]>(
  f: (...args: A) => Promise<NextResponse>,
  opts: { timeoutCode?: ErrorCode } = {},
): (...args: A) => Promise<NextResponse> {
  return async (...args: A) => {
    let signal: AbortSignal | undefined;
    try {
      const req = args[0] instanceof Request ? args[0] : null;
      const timeoutMs = getConfig().requestTimeoutMs;
      signal = deadlineSignal(timeoutMs, req?.signal);
      const s = signal;
      const scoped = () =>
        withRequestScope(args, async (identity) => {
          const res = await f(...args);
          for (const cookie of sessionRenewalCookies(args, identity)) res.headers.append('Set-Cookie', cookie);
          return res;
        });
      return await runWithSignal(s, () => untilAborted(scoped(), s));
    } catch (err) {
      if (signal?.aborted && (err === signal.reason || !(err instanceof MeshscopeError))) {
        if (!isDeadline(signal)) {
          logger.debug('client closed the request; its backend calls were cancelled');
          return json(new MeshscopeError('unavailable:api', 'The client closed the request').toJSON(), { status: 503 });
        }
        const seconds = getConfig().requestTimeoutMs / 1000;
        const message = `No answer within ${seconds} s (REQUEST_TIMEOUT_MS); the backend is slow or busy`;
        return errorResponse(new MeshscopeError(opts.timeoutCode ?? 'timeout:api', message));
      }
      return errorResponse(err);
    }
  };
}
