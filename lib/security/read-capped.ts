/**
 * Reading a body with a byte cap (the threat table's "unbounded body" row, shared/reference/perf-security.md): API
 * request bodies (lib/server/http/mutation-guard.ts, 413) and backend answers (lib/jaeger/http.ts) alike.
 */
import 'server-only';

/**
 * The body of `message` (a fetch Request or Response) as UTF-8 text, decoded as it streams, refused past `maxBytes`:
 * a declared `Content-Length` over the cap is refused before reading (the body is cancelled), a stream that passes
 * the cap is cancelled at that chunk. No body reads as ''.
 * @throws the error `tooLarge()` returns, in both cases
 */
export async function readTextCapped(
  message: Request | Response,
  maxBytes: number,
  tooLarge: () => Error,
): Promise<string> {
  const declared = Number(message.headers.get('content-length'));
  if (Number.isFinite(declared) && declared > maxBytes) {
    await message.body?.cancel();
    throw tooLarge();
  }
  if (!message.body) return '';
  const reader = message.body.getReader();
  const decoder = new TextDecoder();
  let total = 0;
  let text = '';
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > maxBytes) {
      await reader.cancel();
      throw tooLarge();
    }
    text += decoder.decode(value, { stream: true });
  }
  return text + decoder.decode();
}
