import 'server-only';
import { backendHeaders, type BackendConfig } from '@/lib/config';
import { isDeadline, requestSignal } from '@/lib/config/request-deadline';
import { MeshscopeError } from '@/lib/errors';
import { readTextCapped } from '@/lib/security/read-capped';

/** Default cap on a Jaeger answer's body (JAEGER_MAX_BYTES). */
const DEFAULT_MAX_BYTES = 32 * 1024 * 1024;

class TooLarge extends Error {}

/** A Jaeger answer: the status and the parsed JSON body (undefined when the body was not JSON). */
export interface JaegerResponse {
  status: number;
  body: unknown;
  /** The raw body (v3 streams from Jaeger 1.x's grpc-gateway are several JSON objects, one a line). */
  text: string;
  /** Endpoint without the query string, for messages. */
  endpoint: string;
}

export type QueryParams = Record<string, string | number | undefined>;

/** The error sentence Jaeger put in a body: v3 `{error:{message}}`, v1 `{errors:[{msg}]}`, or plain text. */
function jaegerMessage(body: unknown, text: string): string {
  const b = body as
    { error?: { message?: unknown }; errors?: { msg?: unknown }[] | null; message?: unknown } | undefined;
  const msg = b?.error?.message ?? b?.errors?.[0]?.msg ?? b?.message;
  if (typeof msg === 'string' && msg !== '') return msg;
  return text.trim().slice(0, 200) || 'no details';
}

function headersFor(cfg: BackendConfig): Record<string, string> {
  try {
    return { Accept: 'application/json', ...backendHeaders(cfg) };
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code ?? (e as Error).message;
    throw new MeshscopeError(
      'unavailable:jaeger',
      `Cannot read the Jaeger token file ${cfg.tokenFile} (${code}): check JAEGER_TOKEN_FILE`,
      { tokenFile: cfg.tokenFile },
    );
  }
}

function networkCause(err: unknown): string {
  const cause = (err as { cause?: { code?: string; message?: string } }).cause;
  return cause?.code ?? cause?.message ?? (err instanceof Error ? err.message : String(err));
}

/** HTTP status → MeshscopeError, with a sentence a person can act on. */
function statusError(cfg: BackendConfig, endpoint: string, status: number, message: string): MeshscopeError {
  const details = { url: endpoint, status };
  if (status === 401 || status === 403) {
    return new MeshscopeError(
      'forbidden:jaeger',
      `Jaeger at ${cfg.url} refused the request (HTTP ${status}): check JAEGER_TOKEN_FILE and JAEGER_HEADERS`,
      details,
    );
  }
  if (status === 404)
    return new MeshscopeError('not_found:jaeger', `Jaeger has no ${endpoint} (HTTP 404): ${message}`, details);
  if (status >= 400 && status < 500)
    return new MeshscopeError(
      'bad_request:jaeger',
      `Jaeger rejected the request (HTTP ${status}): ${message}`,
      details,
    );
  return new MeshscopeError('unavailable:jaeger', `Jaeger at ${cfg.url} answered HTTP ${status}: ${message}`, details);
}

/**
 * GET `{cfg.url}{path}?{params}` with `backendHeaders(cfg)` (extra headers, bearer token re-read from the token
 * file), a timeout of `cfg.timeoutMs` that also covers reading the body, and the current request's signal (its
 * deadline or its client gone: lib/config/request-deadline.ts). At most `cfg.maxBytes` of the body are read.
 * Undefined params are left out. 2xx answers (and 404 when `allowNotFound`) are returned, never thrown.
 * @throws MeshscopeError `timeout:jaeger` (no answer in time, or the request's deadline), `unavailable:jaeger`
 *   (network error, 5xx, unreadable token file), `forbidden:jaeger` (401/403), `not_found:jaeger` (404),
 *   `bad_request:jaeger` (other 4xx), `too_large:jaeger` (502: over JAEGER_MAX_BYTES).
 */
export async function jaegerGet(
  cfg: BackendConfig & { maxBytes?: number },
  fetchImpl: typeof fetch,
  path: string,
  params: QueryParams = {},
  opts: { allowNotFound?: boolean } = {},
): Promise<JaegerResponse> {
  const endpoint = `${cfg.url.replace(/\/+$/, '')}${path}`;
  const query = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined) query.set(k, String(v));
  const qs = query.toString();
  const url = qs ? `${endpoint}?${qs}` : endpoint;
  const headers = headersFor(cfg);

  const timeout = AbortSignal.timeout(cfg.timeoutMs);
  const request = requestSignal();
  const signal = request ? AbortSignal.any([request, timeout]) : timeout;
  const maxBytes = cfg.maxBytes ?? DEFAULT_MAX_BYTES;
  let status: number;
  let text: string;
  try {
    const res = await fetchImpl(url, { headers, signal, redirect: 'follow' });
    status = res.status;
    text = await readTextCapped(res, maxBytes, () => new TooLarge());
  } catch (err) {
    if (err instanceof TooLarge) {
      const msg = `Jaeger at ${endpoint} sent more than ${maxBytes} bytes (JAEGER_MAX_BYTES): ask for fewer traces`;
      throw new MeshscopeError('too_large:jaeger', msg, { url: endpoint, maxBytes });
    }
    if (signal.aborted) {
      const what = timeout.aborted
        ? `within ${cfg.timeoutMs / 1000} s`
        : isDeadline(request)
          ? "before the request's deadline (REQUEST_TIMEOUT_MS)"
          : '(cancelled: the client went away)';
      throw new MeshscopeError('timeout:jaeger', `Jaeger did not answer ${what} at ${endpoint}`, { url: endpoint });
    }
    throw new MeshscopeError(
      'unavailable:jaeger',
      `Jaeger unreachable at ${cfg.url} (${networkCause(err)}): check JAEGER_URL and that the Jaeger query service is running`,
      { url: endpoint },
    );
  }

  let body: unknown;
  try {
    body = text === '' ? undefined : JSON.parse(text);
  } catch {
    body = undefined;
  }
  if ((status >= 200 && status < 300) || (status === 404 && opts.allowNotFound))
    return { status, body, text, endpoint };
  throw statusError(cfg, endpoint, status, jaegerMessage(body, text));
}

/** A 2xx answer whose body is not the JSON object expected. */
export function unexpectedAnswer(res: JaegerResponse, expected: string): MeshscopeError {
  return new MeshscopeError(
    'unavailable:jaeger',
    `Jaeger at ${res.endpoint} sent an unexpected answer (expected ${expected}): is JAEGER_URL a Jaeger query service?`,
    {
      url: res.endpoint,
      status: res.status,
    },
  );
}
