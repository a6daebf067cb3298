/**
 * One typed error for the whole server (like ai-chatbot's `ChatSDKError("bad_request:api")` and Headlamp's
 * `ApiError`): a code `<type>:<backend>` and the HTTP status it maps to. Route handlers turn it into
 * `{ "error": { "code", "message" } }` with that status (see DESIGN.md "Our own API").
 */
export type ErrorType =
  | 'bad_request'
  | 'unauthorized'
  | 'forbidden'
  | 'not_found'
  | 'conflict'
  | 'invalid'
  | 'overloaded'
  | 'unavailable'
  | 'timeout'
  | 'too_large'
  | 'internal';
export type ErrorBackend = 'api' | 'prometheus' | 'jaeger' | 'k8s' | 'config';
export type ErrorCode = `${ErrorType}:${ErrorBackend}`;

const STATUS: Record<ErrorType, number> = {
  bad_request: 400,
  /** Not signed in, or the session or token is no longer valid (lib/auth). */
  unauthorized: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  invalid: 422,
  /** Too many queries already wait for the backend: try again after `Retry-After` seconds. */
  overloaded: 429,
  unavailable: 503,
  timeout: 504,
  /**
   * The backend's answer is over a size cap (bytes or series). 502 Bad Gateway: the upstream answer is unusable for
   * this server, the client's request was valid (not 413, which is about the request body) and nothing about our own
   * storage failed (not 507, WebDAV's "cannot store the representation"). A narrower query may fit.
   */
  too_large: 502,
  internal: 500,
};

export class MeshscopeError extends Error {
  readonly code: ErrorCode;
  readonly status: number;
  /** Extra JSON the client may use (the bad parameter, the API's field causes, the newer object...). */
  readonly details?: Record<string, unknown>;

  /** Seconds the client should wait before asking again (`Retry-After`), for 429 and 503. */
  readonly retryAfterSeconds?: number;

  constructor(
    code: ErrorCode,
    message: string,
    details?: Record<string, unknown>,
    options: { retryAfterSeconds?: number; cause?: unknown } = {},
  ) {
    super(message, options.cause !== undefined ? { cause: options.cause } : undefined);
    this.retryAfterSeconds = options.retryAfterSeconds;
    this.name = 'MeshscopeError';
    this.code = code;
    this.status = STATUS[code.split(':')[0] as ErrorType] ?? 500;
    this.details = details;
  }

  get type(): ErrorType {
    return this.code.split(':')[0] as ErrorType;
  }

  /** The wire form: `{ error: { code, message, ...details } }`. */
  toJSON(): { error: { code: ErrorCode; message: string } & Record<string, unknown> } {
    return { error: { code: this.code, message: this.message, ...(this.details ?? {}) } };
  }
}

/**
 * True for errors worth retrying (5xx, timeouts, 429); never 401/403/404/409/422 or a too large answer (Headlamp
 * `retry.ts`).
 */
export function isRetryable(err: unknown): boolean {
  if (!(err instanceof MeshscopeError)) return false;
  return err.type === 'unavailable' || err.type === 'timeout' || err.type === 'internal' || err.type === 'overloaded';
}

/**
 * `promise`, or a rejection with `signal.reason` as soon as `signal` aborts; the promise itself goes on (shared work
 * that others still wait for) and its later rejection is handled. Without a signal, `promise` itself.
 */
export function untilAborted<T>(promise: Promise<T>, signal: AbortSignal | undefined): Promise<T> {
  if (!signal) return promise;
  if (signal.aborted) {
    promise.catch(() => undefined);
    return Promise.reject(signal.reason);
  }
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(signal.reason);
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(
      (v) => {
        signal.removeEventListener('abort', onAbort);
        resolve(v);
      },
      (e: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(e);
      },
    );
  });
}
