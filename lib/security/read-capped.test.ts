import { describe, expect, it } from 'vitest';
import { readTextCapped } from './read-capped';

class Big extends Error {}
const big = () => new Big();

/** A body streamed in the given chunks; `cancelled` says whether the reader cancelled it. */
function streamed(chunks: Uint8Array[]) {
  const state = { cancelled: false, pulled: 0 };
  const body = new ReadableStream<Uint8Array>({
    pull(c) {
      const next = chunks[state.pulled++];
      if (next) c.enqueue(next);
      else c.close();
    },
    cancel() {
      state.cancelled = true;
    },
  });
  return { body, state };
}

describe('readTextCapped', () => {
  it('reads the text, a character split across chunks included', async () => {
    const bytes = new TextEncoder().encode('grüße');
    const { body } = streamed([bytes.slice(0, 3), bytes.slice(3)]);
    expect(await readTextCapped(new Response(body), bytes.length, big)).toBe('grüße');
    expect(await readTextCapped(new Response(null), 0, big)).toBe('');
  });

  it('refuses a declared Content-Length over the cap before reading', async () => {
    const req = new Request('http://x/', { method: 'POST', body: 'abcdef', headers: { 'content-length': '6' } });
    await expect(readTextCapped(req, 5, big)).rejects.toBeInstanceOf(Big);
  });

  it('cancels a stream at the chunk that passes the cap, without reading further', async () => {
    const { body, state } = streamed([new Uint8Array(4), new Uint8Array(4), new Uint8Array(4)]);
    await expect(readTextCapped(new Response(body), 6, big)).rejects.toBeInstanceOf(Big);
    expect(state.cancelled).toBe(true);
    expect(state.pulled).toBeLessThan(4);
  });
});
