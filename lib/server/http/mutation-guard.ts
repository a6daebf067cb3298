/**
 * Write safety for mutating route handlers (DESIGN.md "Security model"; reference/perf-security.md S4, S7 and N4:
 * Route Handlers get neither Next's body cap nor its Origin check, so we add both).
 *
 * A write must be:
 * - allowed at all: `VIEW_ONLY=true` refuses every write (Kiali `view_only_mode`, kiali.md §1.11) → 403 `forbidden:api`;
 * - same-origin: `Sec-Fetch-Site: same-origin`, or an `Origin` whose host equals the request's `Host` (or an origin
 *   listed in `FRAME_ANCESTORS`, the portals allowed to embed us). `Origin: null`, cross-site fetches and requests
 *   without either header → 403;
 * - sent by our own code: the custom header `X-Meshscope-Request: 1`, which a cross-site HTML form cannot set and a
 *   cross-site `fetch` cannot send without a CORS preflight we never answer → 403;
 * - JSON: `Content-Type: application/json` (a `text/plain` form post is refused) → 403;
 * - small: at most 1 MiB, checked on `Content-Length` and again while reading the stream → 413.
 */
import 'server-only';
import { getConfig, type MeshscopeConfig } from '@/lib/config';
import { MeshscopeError } from '@/lib/errors';
import { readTextCapped } from '@/lib/security/read-capped';
import { OBJECT_LIMITS, scanJson } from '@/lib/istio/editor/text-limits';

export const MUTATION_HEADER = 'x-meshscope-request';
export const MAX_BODY_BYTES = 1024 * 1024;

/** 413 Payload Too Large: the error types have no 413, so this one carries its own status. */
export class PayloadTooLargeError extends MeshscopeError {
  override readonly status: number = 413;
  constructor(limit: number) {
    super('bad_request:api', `The request body is larger than ${limit / 1024 / 1024} MiB`, { limitBytes: limit });
  }
}

type GuardConfig = Pick<MeshscopeConfig, 'viewOnly' | 'frameAncestors'>;

export interface GuardOptions {
  /** Whether the route takes a JSON body (DELETE does not). Default true. */
  body?: boolean;
  maxBytes?: number;
  /** For tests; defaults to the process config. */
  config?: GuardConfig;
}

const forbidden = (message: string) => new MeshscopeError('forbidden:api', message);

function hostOf(origin: string): string | null {
  try {
    return new URL(origin).host.toLowerCase();
  } catch {
    return null;
  }
}

/** True when the request comes from our own pages (or an allowed embedding portal). */
export function isSameOrigin(headers: Headers, allowedOrigins: string[]): boolean {
  const site = headers.get('sec-fetch-site');
  const origin = headers.get('origin');
  if (site === 'same-origin') return true;
  if (origin && origin !== 'null' && allowedOrigins.includes(origin.replace(/\/$/, ''))) return true;
  if (site !== null) return false; // cross-site, same-site or none (typed in the address bar): not our pages
  if (!origin || origin === 'null') return false;
  const host = headers.get('host')?.toLowerCase();
  return !!host && hostOf(origin) === host;
}

/** Refuses the request unless it may write; see the module comment. @throws MeshscopeError 403 */
export function assertWriteAllowed(req: Request, config: GuardConfig = getConfig()): void {
  if (config.viewOnly) throw forbidden('Meshscope runs in view-only mode (VIEW_ONLY=true): changes are disabled');
  if (req.headers.get(MUTATION_HEADER) !== '1') throw forbidden(`Writes need the header X-Meshscope-Request: 1`);
  const portals = config.frameAncestors.filter((o) => /^https?:\/\//.test(o));
  if (!isSameOrigin(req.headers, portals))
    throw forbidden('Writes must come from the Meshscope page itself (same origin)');
}

/** Reads at most `limit` bytes of the body; stops and throws 413 as soon as it passes the limit. */
export function readBodyCapped(req: Request, limit: number): Promise<string> {
  return readTextCapped(req, limit, () => new PayloadTooLargeError(limit));
}

const FORBIDDEN_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

/**
 * Hard limits of a JSON body (lib/istio/editor/text-limits.ts, issue 12): an object's limits plus room for the
 * envelope (`{ object: … }`, the validate route's `with` list of up to 20 objects).
 */
export const JSON_BODY_LIMITS = {
  maxLength: MAX_BODY_BYTES,
  maxDepth: OBJECT_LIMITS.maxDepth + 4,
  maxKeys: 2 * OBJECT_LIMITS.maxKeys,
  maxItems: 2 * OBJECT_LIMITS.maxItems,
};

/**
 * JSON.parse that refuses prototype keys anywhere in the document (same rule as the YAML editor), after a linear
 * scan for the hard limits (`JSON_BODY_LIMITS`).
 * @throws MeshscopeError 400 (malformed, prototype keys), 413 (longer than the limit), 422 `invalid:api` with
 *   `reason` JSON_TOO_DEEP, JSON_TOO_MANY_KEYS or JSON_TOO_MANY_ITEMS, `limit` and `max`.
 */
export function parseJsonSafe(text: string): unknown {
  const over = scanJson(text, JSON_BODY_LIMITS);
  if (over?.limit === 'size') throw new PayloadTooLargeError(MAX_BODY_BYTES);
  if (over) {
    const reason = { depth: 'JSON_TOO_DEEP', keys: 'JSON_TOO_MANY_KEYS', items: 'JSON_TOO_MANY_ITEMS' }[
      over.limit as 'depth' | 'keys' | 'items'
    ];
    throw new MeshscopeError('invalid:api', `The request body: ${over.message}`, {
      parameter: 'body',
      reason,
      limit: over.limit,
      max: over.max,
    });
  }
  let bad: string | undefined;
  let value: unknown;
  try {
    value = JSON.parse(text, (key, v: unknown) => {
      if (FORBIDDEN_KEYS.has(key)) bad = key;
      return v;
    });
  } catch (err) {
    throw new MeshscopeError('bad_request:api', `The request body is not valid JSON (${(err as Error).message})`, {
      parameter: 'body',
    });
  }
  if (bad)
    throw new MeshscopeError('bad_request:api', `The key "${bad}" is not allowed in the request body`, {
      parameter: 'body',
    });
  return value;
}

/**
 * Reads a JSON request body: `Content-Type: application/json`, at most `maxBytes`, no prototype keys. For POSTs
 * that do not change anything (validation), which view-only mode allows.
 * @throws MeshscopeError 403 (not JSON), 413, 400 (malformed)
 */
export async function readJsonBody(req: Request, maxBytes = MAX_BODY_BYTES): Promise<unknown> {
  const type = (req.headers.get('content-type') ?? '').split(';')[0]!.trim().toLowerCase();
  if (type !== 'application/json') throw forbidden('Requests must send Content-Type: application/json');
  return parseJsonSafe(await readBodyCapped(req, maxBytes));
}

/**
 * Checks a mutating request and returns its JSON body (`undefined` when `body: false`).
 * @throws MeshscopeError 403 `forbidden:api` (view-only, cross-origin, missing header, not JSON),
 *   413 PayloadTooLargeError, 400 `bad_request:api` (malformed JSON or prototype keys).
 */
export async function guardMutation(req: Request, options: GuardOptions = {}): Promise<unknown> {
  assertWriteAllowed(req, options.config);
  if (options.body === false) return undefined;
  return readJsonBody(req, options.maxBytes ?? MAX_BODY_BYTES);
}
