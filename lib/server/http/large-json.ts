import 'server-only';
import { promisify } from 'node:util';
import { gzip } from 'node:zlib';
import { NextResponse } from 'next/server';

const gzipAsync = promisify(gzip);

/** Answers from this size on (characters of JSON text) are gzipped by `largeJson` itself; smaller ones are left to Next. */
export const LARGE_JSON_MIN_BYTES = 1 << 20;

/** zlib level of `largeJson`'s gzip: the fastest (level 1), not zlib's default 6 that Next's compression uses. */
export const LARGE_JSON_GZIP_LEVEL = 1;

/**
 * Whether an `Accept-Encoding` header accepts gzip (RFC 9110 §12.5.3: `gzip` or `x-gzip`, or `*` when gzip is not
 * named, with a q-value above 0; a missing header accepts nothing but identity here).
 */
export function acceptsGzip(header: string | null): boolean {
  if (!header) return false;
  let star: boolean | null = null;
  for (const part of header.split(',')) {
    const [coding = '', ...params] = part.trim().toLowerCase().split(';');
    const q = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
    const accepted = q === undefined || Number(q.slice(2)) > 0;
    if (coding === 'gzip' || coding === 'x-gzip') return accepted;
    if (coding === '*') star = accepted;
  }
  return star === true;
}

/**
 * A JSON answer that may be tens of MB (the graph at 10,000 workloads: 33 MB, issue 17), `Cache-Control: no-store`
 * like `json` (respond.ts). From LARGE_JSON_MIN_BYTES on, when the client accepts gzip, the handler gzips the text
 * itself in one call at LARGE_JSON_GZIP_LEVEL on libuv's thread pool and answers it with `Content-Encoding: gzip`
 * (Next's compression then leaves it alone: it skips an answer that already has an encoding). Next would gzip it at
 * zlib's default level 6, chunk by chunk as the answer streams: for the 33 MB graph that took longer than the level-1
 * gzip, for a body about a third larger (lib/server/http/large-json.test.ts asserts the encoding and the round trip;
 * README "Benchmarks" has the times). The JSON text is the same either way. `Vary: Accept-Encoding` on both.
 */
export async function largeJson(
  req: Request,
  body: unknown,
  init: { status?: number; headers?: Record<string, string> } = {},
): Promise<NextResponse> {
  const text = JSON.stringify(body);
  const headers: Record<string, string> = {
    'Content-Type': 'application/json',
    'Cache-Control': 'no-store',
    Vary: 'Accept-Encoding',
    ...init.headers,
  };
  const status = init.status ?? 200;
  if (text.length < LARGE_JSON_MIN_BYTES || !acceptsGzip(req.headers.get('accept-encoding')))
    return new NextResponse(text, { status, headers });
  const gz = await gzipAsync(text, { level: LARGE_JSON_GZIP_LEVEL });
  return new NextResponse(new Uint8Array(gz.buffer, gz.byteOffset, gz.byteLength), {
    status,
    headers: { ...headers, 'Content-Encoding': 'gzip', 'Content-Length': String(gz.byteLength) },
  });
}
