import { gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { acceptsGzip, LARGE_JSON_MIN_BYTES, largeJson } from './large-json';

/** A JSON body above the size from which largeJson gzips (a graph-like list of nodes). */
function bigBody() {
  const nodes = Array.from({ length: Math.ceil(LARGE_JSON_MIN_BYTES / 60) }, (_, i) => ({
    data: { id: `n${i}`, namespace: `mesh-${i % 1000}`, app: `app-${i}` },
  }));
  return { elements: { nodes, edges: [] }, timestamp: 1 };
}

const request = (acceptEncoding?: string) =>
  new Request('http://localhost/api/namespaces/graph', {
    headers: acceptEncoding === undefined ? {} : { 'Accept-Encoding': acceptEncoding },
  });

describe('acceptsGzip', () => {
  it('reads gzip, x-gzip, q-values and the * wildcard (RFC 9110 §12.5.3)', () => {
    expect(acceptsGzip('gzip, deflate, br, zstd')).toBe(true);
    expect(acceptsGzip('x-gzip')).toBe(true);
    expect(acceptsGzip('br;q=1.0, gzip;q=0.5')).toBe(true);
    expect(acceptsGzip('gzip;q=0, *')).toBe(false);
    expect(acceptsGzip('*')).toBe(true);
    expect(acceptsGzip('*;q=0')).toBe(false);
    expect(acceptsGzip('identity')).toBe(false);
    expect(acceptsGzip('br')).toBe(false);
    expect(acceptsGzip(null)).toBe(false);
  });
});

describe('largeJson', () => {
  it('gzips a large answer itself when the client accepts gzip, and the JSON is unchanged', async () => {
    const body = bigBody();
    const res = await largeJson(request('gzip, deflate, br'), body, { headers: { 'Server-Timing': 'total;dur=1' } });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-encoding')).toBe('gzip');
    expect(res.headers.get('vary')).toBe('Accept-Encoding');
    expect(res.headers.get('cache-control')).toBe('no-store');
    expect(res.headers.get('server-timing')).toBe('total;dur=1');
    const gz = Buffer.from(await res.arrayBuffer());
    expect(res.headers.get('content-length')).toBe(String(gz.byteLength));
    const text = gunzipSync(gz).toString('utf8');
    expect(text).toBe(JSON.stringify(body));
    expect(gz.byteLength).toBeLessThan(text.length / 3);
  });

  it('answers the plain JSON text when the client does not accept gzip', async () => {
    const body = bigBody();
    for (const accept of [undefined, 'identity', 'gzip;q=0']) {
      const res = await largeJson(request(accept), body);
      expect(res.headers.get('content-encoding')).toBeNull();
      expect(res.headers.get('content-type')).toBe('application/json');
      expect(await res.text()).toBe(JSON.stringify(body));
    }
  });

  it('leaves a small answer to Next (no encoding of its own) and keeps the status', async () => {
    const res = await largeJson(request('gzip'), { elements: { nodes: [], edges: [] } }, { status: 207 });
    expect(res.status).toBe(207);
    expect(res.headers.get('content-encoding')).toBeNull();
    expect(await res.json()).toEqual({ elements: { nodes: [], edges: [] } });
  });
});
