/**
 * One typed error for the whole server (like ai-chatbot's `ChatSDKError("bad_request:api")` and Headlamp's
 * `ApiError`): a code `<type>:<backend>` and the HTTP status it maps to. Route handlers turn it into
 * `{ "error": { "code", "message" } }` with that status (see DESIGN.md "Our own API").
 */
export type ErrorType = 'bad_request' | 'unauthorized' | 'forbidden' | 'not_found' | 'conflict' | 'invalid' | 'unavailable' | 'timeout' | 'internal';
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
  unavailable: 503,
  timeout: 504,
  internal: 500,
};

export class MeshscopeError extends Error {
  readonly code: ErrorCode;
  readonly status: number;
  /** Extra JSON the client may use (the bad parameter, the API's field causes, the newer object...). */
  readonly details?: Record<string, unknown>;

  constructor(code: ErrorCode, message: string, details?: Record<string, unknown>) {
    super(message);
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

/** True for errors worth retrying (5xx and timeouts); never 401/403/404/409/422 (Headlamp `retry.ts`). */
export function isRetryable(err: unknown): boolean {
  return err instanceof MeshscopeError && (err.type === 'unavailable' || err.type === 'timeout' || err.type === 'internal');
}
